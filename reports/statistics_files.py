"""A statistical form as files in its official layout: XLSX (header block, merged column headers, column letters
A, B, C, 1, 2…, numeric cells, A4 landscape for a wide form, print titles, the signers) and PDF (WeasyPrint, with
the formatting profile of the period's last day). Both take the plain StatisticsTable only."""

import textwrap
from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from kernel.lib.pdf import render_pdf
from reports.document import profile_for
from reports.pdf import AppendixPage
from reports.statistics import StatisticsTable
from reports.xlsx import BOX, CENTER, FONT, LEFT, MM_PER_INCH
from reports.xlsx import _cell as xlsx_cell

COUNT_FORMAT = "#,##0"
# The fixed columns before the figures: indicator (A), code (B), unit (C).
LEAD_COLUMNS = ("", "Mã số", "Đơn vị tính")
LEAD_LETTERS = ("A", "B", "C")
BULLETS = {0: "", 1: "- ", 2: "+ "}


@dataclass(frozen=True)
class HeaderCell:
    """One cell of the merged column header: its level (0 = top), first data column and spans."""

    level: int
    column: int
    rowspan: int
    colspan: int
    text: str


def header_depth(table: StatisticsTable) -> int:
    return max(len(column.heading) for column in table.columns)


def header_cells(table: StatisticsTable) -> list[HeaderCell]:
    """The merged header: a column's heading parts sit one per level, its last part spans down to the last
    level; neighbours sharing the same parts up to a level share that level's cell."""
    depth = header_depth(table)
    cells = []
    for level in range(depth):
        index = 0
        while index < len(table.columns):
            heading = table.columns[index].heading
            if level >= len(heading):
                index += 1
                continue
            leaf = level == len(heading) - 1
            end = index + 1
            while end < len(table.columns):
                other = table.columns[end].heading
                if len(other) <= level or other[: level + 1] != heading[: level + 1]:
                    break
                if (level == len(other) - 1) != leaf:
                    break
                end += 1
            rowspan = depth - level if leaf else 1
            cells.append(HeaderCell(level, index, rowspan, end - index, heading[level]))
            index = end
    return cells


def header_rows(table: StatisticsTable) -> list[list[HeaderCell]]:
    """header_cells by level, for an HTML table's <tr>s."""
    rows: list[list[HeaderCell]] = [[] for _ in range(header_depth(table))]
    for cell in header_cells(table):
        rows[cell.level].append(cell)
    return rows


def number_cells(table: StatisticsTable) -> list[tuple[int, int, str]]:
    """The numbering row under the header: (first data column, span, number), equal neighbours merged."""
    cells: list[tuple[int, int, str]] = []
    for index, column in enumerate(table.columns):
        if cells and column.number and cells[-1][2] == column.number:
            first, span, number = cells[-1]
            cells[-1] = (first, span + 1, number)
        else:
            cells.append((index, 1, column.number))
    return cells


def row_label(row) -> str:
    return BULLETS.get(row.indent, "+ ") + row.label if row.role != "section" else row.label


def _cell(ws, row, column, value, *, bold=False, italic=False, align=CENTER, border=True, size=11):
    """reports.xlsx's cell writer at the forms' 11 pt (their tables are wider than the appendices')."""
    return xlsx_cell(ws, row, column, value, bold=bold, italic=italic, align=align, border=border, size=size)


def _merge(ws, row, column, *, rows=1, columns=1):
    if rows > 1 or columns > 1:
        ws.merge_cells(start_row=row, start_column=column, end_row=row + rows - 1, end_column=column + columns - 1)


LINE_PT = 14  # one line of 11 pt bold Times New Roman in a header cell


def _header_heights(table: StatisticsTable, data_width: float) -> list[float]:
    """Each header level's height, tall enough for its wrapped cells (Excel does not size merged cells): a cell
    spanning several levels shares its lines among them."""
    heights = [2 * LINE_PT] * header_depth(table)
    for cell in header_cells(table):
        per_line = max(1, int(data_width * cell.colspan * 0.9))
        lines = len(textwrap.wrap(cell.text, per_line)) or 1
        need = (lines * LINE_PT + 4) / cell.rowspan
        for level in range(cell.level, cell.level + cell.rowspan):
            heights[level] = max(heights[level], need)
    return heights


def statistics_xlsx(table: StatisticsTable) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = table.form_code
    lead = len(LEAD_COLUMNS)
    width = lead + len(table.columns)
    ws.column_dimensions["A"].width = 46
    ws.column_dimensions["B"].width = 7
    ws.column_dimensions["C"].width = 13
    data_width = 10 if table.landscape else 13
    for index in range(len(table.columns)):
        ws.column_dimensions[get_column_letter(lead + 1 + index)].width = data_width

    # Header block: the form's number, circular and deadline at left; the reporting and receiving units at right.
    split = max(2, width // 2)
    left = [table.form_number and f"Biểu số: {table.form_number}", table.issued_by_line, table.deadline_line]
    right = [f"Đơn vị báo cáo: {table.reporting_unit}", f"Đơn vị nhận báo cáo: {table.receiving_unit}", ""]
    for offset, (text_left, text_right) in enumerate(zip(left, right, strict=True)):
        row = 1 + offset
        _merge(ws, row, 1, columns=1 if split == 1 else 2)
        _cell(ws, row, 1, text_left, bold=offset == 0, align=LEFT, border=False)
        _merge(ws, row, split + 1, columns=width - split)
        _cell(ws, row, split + 1, text_right, align=LEFT, border=False)
    ws.row_dimensions[3].height = 30
    _merge(ws, 5, 1, columns=width)
    _cell(ws, 5, 1, table.title, bold=True, border=False, size=14)
    _merge(ws, 6, 1, columns=width)
    _cell(ws, 6, 1, f"Năm {table.year} {table.period_line}", italic=True, border=False)

    top = 8
    depth = header_depth(table)
    for column, text in enumerate(LEAD_COLUMNS, start=1):
        _merge(ws, top, column, rows=depth)
        _cell(ws, top, column, text, bold=True)
    for cell in header_cells(table):
        _merge(ws, top + cell.level, lead + 1 + cell.column, rows=cell.rowspan, columns=cell.colspan)
        _cell(ws, top + cell.level, lead + 1 + cell.column, cell.text, bold=True)
    letters = top + depth
    for column, letter in enumerate(LEAD_LETTERS, start=1):
        _cell(ws, letters, column, letter, bold=True)
    for first, span, number in number_cells(table):
        _merge(ws, letters, lead + 1 + first, columns=span)
        _cell(ws, letters, lead + 1 + first, number, bold=True)
    for row in range(top, letters + 1):  # borders on the merged cells' hidden parts too
        for column in range(1, width + 1):
            ws.cell(row=row, column=column).border = BOX
    for level, height in enumerate(_header_heights(table, data_width)):
        ws.row_dimensions[top + level].height = height

    row_no = letters
    for line in table.rows:
        row_no += 1
        bold = line.role in ("total", "section")
        italic = line.role == "of_which"
        _cell(ws, row_no, 1, row_label(line), bold=bold, italic=italic, align=LEFT)
        _cell(ws, row_no, 2, line.code, bold=bold)
        _cell(ws, row_no, 3, line.unit, italic=italic)
        for index, value in enumerate(line.values):
            _cell(ws, row_no, lead + 1 + index, value, bold=bold, italic=italic).number_format = COUNT_FORMAT
        if len(row_label(line)) > 46 or len(line.unit) > 12:
            ws.row_dimensions[row_no].height = 30
    last_table_row = row_no

    # Footer: the preparer at left, place, date and the head at right.
    row_no += 2
    _merge(ws, row_no, split + 1, columns=width - split)
    _cell(ws, row_no, split + 1, f"{table.place}, ngày … tháng … năm …", italic=True, border=False)
    row_no += 1
    _merge(ws, row_no, 1, columns=2)
    _cell(ws, row_no, 1, table.preparer_title.upper(), bold=True, border=False)
    _merge(ws, row_no, split + 1, columns=width - split)
    _cell(ws, row_no, split + 1, table.head_title, bold=True, border=False)
    row_no += 1
    _merge(ws, row_no, 1, columns=2)
    _cell(ws, row_no, 1, "(Ký, họ tên)", italic=True, border=False)
    _merge(ws, row_no, split + 1, columns=width - split)
    _cell(ws, row_no, split + 1, "(Ký, họ tên, đóng dấu)", italic=True, border=False)
    row_no += 4
    for warning in table.warnings:
        row_no += 1
        _merge(ws, row_no, 1, columns=width)
        cell = _cell(ws, row_no, 1, f"Lưu ý: {warning}", align=LEFT, border=False, size=10)
        cell.font = Font(name=FONT, size=10, italic=True, color="C00000")
        ws.row_dimensions[row_no].height = 28

    ws.freeze_panes = ws.cell(row=letters + 1, column=lead + 1)
    ws.print_title_rows = f"{top}:{letters}"
    ws.print_area = f"A1:{get_column_letter(width)}{max(row_no, last_table_row)}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if table.landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    margin = 15 / MM_PER_INCH
    ws.page_margins = PageMargins(left=margin, right=margin, top=margin, bottom=margin)
    ws.print_options.horizontalCentered = True
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def table_context(table: StatisticsTable) -> dict:
    """What the page and the PDF templates read of a form's table."""
    return {
        "table": table,
        "header_rows": header_rows(table),
        "header_depth": header_depth(table),
        "number_cells": number_cells(table),
        "rows": [(row, row_label(row)) for row in table.rows],
    }


def statistics_pdf(table: StatisticsTable) -> bytes:
    context = {**table_context(table), "doc": AppendixPage(profile_for(table.end))}
    return render_pdf("reports/statistics_pdf.html", context)
