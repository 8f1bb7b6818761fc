"""Opening an uploaded file and refusing it as a whole: its type sniffed from the content (never its name), its
size, an old .xls or a password-protected workbook, a damaged archive, then `measure` (unpacked size, parts, rows,
columns and cells, read from the zip directory and a streaming read before openpyxl loads anything), a missing or
hidden data sheet, data on other hidden sheets.

openpyxl opens the workbook read-only (streaming): its catalogue (sheet names and states, shared strings, styles)
without any sheet's cells. `sheet_read` then reads a sheet's XML once, through openpyxl's own sheet parser (the
same values, types, dates and formulas as a full load), keeping what the checks need of it: its cells, its hidden
rows and columns, and the cells a merged range covers emptied, as a full load empties them. A full load built a
Python object per cell and per style (a third of a 10,000-row import) before the rows were read once more."""

import io
import zipfile
import zlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from awards.imports.columns import DATA_SHEET, LISTS_SHEET, max_bytes
from awards.imports.measure import measure_xlsx
from awards.imports.results import Refused, file_problem
from campaigns.files import OLE_MAGIC, ZIP_MAGIC

# A workbook saved with a password is an OLE container holding this stream (its name in UTF-16).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

__all__ = [
    "Cell",
    "Refused",
    "SheetContent",
    "data_sheet",
    "data_sheet_read",
    "has_value",
    "is_formula",
    "open_workbook",
    "sheet_read",
]


def open_workbook(upload):
    size = getattr(upload, "size", None)
    upload.seek(0)
    content = upload.read(max_bytes() + 1)
    if size is None:
        size = len(content)
    if size > max_bytes() or len(content) > max_bytes():
        raise file_problem(
            _("The file is too large (%(size)s MB).") % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")},
            _("An Excel file of at most %(limit)s MB.") % {"limit": max_bytes() // (1024 * 1024)},
        )
    expected = _("An Excel workbook (.xlsx) made from the downloaded template.")
    if content.startswith(OLE_MAGIC) and ENCRYPTED_PACKAGE in content:
        raise file_problem(_("The file is protected by a password."), _("The workbook saved again without a password."))
    if content.startswith(OLE_MAGIC):
        raise file_problem(_("The file is in the old Excel 97-2003 format (.xls)."), expected)
    if not content.startswith(ZIP_MAGIC):
        raise file_problem(_("The file is not an Excel workbook, whatever its name."), expected)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise file_problem(_("The file is not an Excel workbook, whatever its name."), expected)
            measure_xlsx(archive)  # raises Refused at the first limit passed, before openpyxl reads anything
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError):
        raise file_problem(_("The file is damaged: it cannot be opened."), expected) from None
    try:
        return load_workbook(content)
    except Exception:  # noqa: BLE001 - openpyxl raises anything (KeyError, XML, TypeError…) on a damaged file
        raise file_problem(_("The file is damaged: it cannot be opened."), expected) from None


_SI, _T, _R = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("si", "t", "r"))


def shared_strings_read(source) -> list[str]:
    """The shared strings as openpyxl's read_string_table reads them (each item's text, then its runs' texts; the
    phonetic runs left out; a repeated element's last one kept, as its descriptors keep it), without building an
    object per string and per run: five times quicker, a tenth of a 10,000-row import."""
    strings = []
    for _event, node in iterparse(source):
        if node.tag == _SI:
            plain, runs = None, []
            for child in node:
                if child.tag == _T:
                    plain = child.text
                elif child.tag == _R:
                    text = None
                    for part in child:
                        if part.tag == _T:
                            text = part.text
                    if text is not None:
                        runs.append(text)
            strings.append("".join(([] if plain is None else [plain]) + runs).replace("x005F_", ""))
            node.clear()
    return strings


class _Reader(ExcelReader):
    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = shared_strings_read(source)


def load_workbook(content: bytes):
    """openpyxl's load_workbook(read_only=True, data_only=False), its shared strings read by shared_strings_read."""
    reader = _Reader(io.BytesIO(content), read_only=True, data_only=False)
    reader.read()
    return reader.wb


def has_value(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def data_sheet(workbook):
    sheets = workbook.worksheets
    if DATA_SHEET in workbook.sheetnames:
        sheet = workbook[DATA_SHEET]
    elif len(sheets) == 1:
        sheet = sheets[0]
    else:
        raise file_problem(
            _("The workbook has no sheet named “%(name)s” (its sheets: %(sheets)s).")
            % {"name": DATA_SHEET, "sheets": ", ".join(workbook.sheetnames)},
            _("The sheet “%(name)s” of the downloaded template.") % {"name": DATA_SHEET},
        )
    if sheet.sheet_state != "visible":
        raise file_problem(
            _("The sheet “%(name)s” holding the list is hidden.") % {"name": sheet.title},
            _("Unhide the sheet and check its rows before importing."),
        )
    for other in workbook.worksheets:
        if other is sheet or other.title == LISTS_SHEET or other.sheet_state == "visible":
            continue
        if sheet_read(other).holds_data():
            raise file_problem(
                _("The hidden sheet “%(name)s” holds data the import would not read.") % {"name": other.title},
                _("Put every row on the sheet “%(data)s” and delete or unhide the sheet “%(name)s”.")
                % {"data": DATA_SHEET, "name": other.title},
            )
    return sheet


def is_formula(cell) -> bool:
    return cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))


class Cell:
    """A cell's value and type as openpyxl reads them ("f": a formula, its text as the value)."""

    __slots__ = ("data_type", "value")

    def __init__(self, value: object = None, data_type: str = "n"):
        self.value, self.data_type = value, data_type


EMPTY = Cell()


@dataclass
class SheetContent:
    """A sheet as its checks read it: `rows` maps an Excel row number to its cells by column number (1-based),
    only those the file holds."""

    title: str
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)
    max_column: int = 0  # the widest column holding a cell, with a value or not
    hidden_rows: list[int] = field(default_factory=list)  # in the file's order
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)  # (first, last), 1-based

    def cell(self, row: int, column: int) -> Cell:
        return self.rows.get(row, {}).get(column, EMPTY)

    def row_holds_data(self, row: int) -> bool:
        return any(has_value(c.value) for c in self.rows.get(row, {}).values())

    def holds_data(self) -> bool:
        return bool(self.columns_holding_data())

    def columns_holding_data(self, *, from_row: int = 1) -> set[int]:
        return {
            column
            for number, cells in self.rows.items()
            if number >= from_row
            for column, cell in cells.items()
            if has_value(cell.value)
        }


def _hidden(value: object) -> bool:
    """An attribute read as openpyxl's Bool descriptor reads it (so that a full load and this agree)."""
    return bool(value) and value not in ("false", "f", "0")


def sheet_read(sheet) -> SheetContent:
    """The cells of a read-only sheet, read once from its XML (a malformed one raises: the caller refuses the file).
    A cell is placed where its reference says, a later one replacing an earlier one, as a full load places it."""
    content = SheetContent(sheet.title)
    workbook = sheet.parent
    with sheet._get_source() as source:  # the sheet's part in the archive: openpyxl's read-only sheets read it so
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=False,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        rows, widest = content.rows, 0
        for _number, cells in parser.parse():
            for cell in cells:
                column = cell["column"]
                rows.setdefault(cell["row"], {})[column] = Cell(cell["value"], cell["data_type"])
                if column > widest:
                    widest = column
    content.max_column = widest
    # Each is bounded by the measure's cell count (merged ranges included), like the loops below.
    for number, attributes in parser.row_dimensions.items():
        if _hidden(attributes.get("hidden")):
            content.hidden_rows.append(int(number))
    for attributes in parser.column_dimensions.values():
        if _hidden(attributes.get("hidden")):
            # As a full load's ColumnDimension gives them to `dimension.min or 1, dimension.max or 1`.
            first, last = int(attributes.get("min") or 0) or 1, int(attributes.get("max") or 0) or 1
            content.hidden_columns.append((first, last))
    for merged in parser.merged_cells.mergeCell if parser.merged_cells else ():
        first_column, first_row, last_column, last_row = range_boundaries(merged.ref)
        for number in range(first_row, last_row + 1):
            cells = rows.get(number)
            for column in range(first_column, last_column + 1) if cells else ():
                if (number, column) != (first_row, first_column):
                    cells.pop(column, None)  # type: ignore[union-attr]  # cells is set here
    return content


def data_sheet_read(upload) -> SheetContent:
    """The data sheet of an upload, read once (Refused when the file as a whole cannot be imported)."""
    workbook = open_workbook(upload)
    try:
        sheet = data_sheet(workbook)
        return sheet_read(sheet)
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - openpyxl's parser raises anything (KeyError, XML, ValueError…) on a damaged file
        raise file_problem(
            _("The file is damaged: it cannot be opened."),
            _("An Excel workbook (.xlsx) made from the downloaded template."),
        ) from None
    finally:
        workbook.close()
