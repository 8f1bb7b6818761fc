"""Writing Excel cells that hold what a person typed (openpyxl): always as text, never as a formula.

openpyxl stores a string beginning with "=" as a formula, so a catalog name or a recipient typed as
`=HYPERLINK("http://…")` would become a live formula in an exported file. `put` writes every string with the
string data type; a string Excel would read as a formula, a number or a command when retyped (= + - @, a tab or
a carriage return first) also gets the quote prefix, so that editing the cell keeps it text. The value is unchanged.
"""

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(cell: Cell, value: Any) -> Cell:
    """Sets the cell's value (None leaves it alone, as ws.cell does: merged cells stay empty); a string is stored
    as text (data type "s"), never as a formula."""
    if value is None:
        return cell
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """ws.cell(row, column, value) with the value written through text_cell."""
    return text_cell(ws.cell(row=row, column=column), value)
