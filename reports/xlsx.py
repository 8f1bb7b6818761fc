"""Phụ lục 2 as an Excel workbook laid out like the seed's table, set up to print on A4; the reward money
summary as a plain table."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from awards.decisions.money import MoneySummary
from kernel.lib.formatting import vn_date
from reports.selectors import GRAND_TOTAL_DEPTH, Appendix2

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
# Numeric cells show nothing for zero, as the seed prints blanks, while keeping the value 0.
COUNT_FORMAT = '#,##0;-#,##0;""'
MM_PER_INCH = 25.4


def _cell(ws, row, column, value, *, bold=False, italic=False, align=CENTER, border=True, size=12):
    cell = ws.cell(row=row, column=column, value=value)
    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
    cell.alignment = align
    if border:
        cell.border = BOX
    return cell


def appendix2_xlsx(table: Appendix2) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục 2"
    widths = {"A": 6, "B": 46, "C": 9, "D": 9, "E": 9, "F": 9, "G": 9, "H": 9}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width

    ws.merge_cells("A1:H1")
    _cell(ws, 1, 1, table.title, bold=True, border=False, size=14)
    ws.row_dimensions[1].height = 36

    header_top, header_sub = 3, 4
    for column, text in ((1, "TT"), (2, "Danh hiệu thi đua và hình thức khen thưởng")):
        ws.merge_cells(start_row=header_top, end_row=header_sub, start_column=column, end_column=column)
        _cell(ws, header_top, column, text, bold=True)
        _cell(ws, header_sub, column, None)
    ws.merge_cells(start_row=header_top, end_row=header_top, start_column=3, end_column=5)
    _cell(ws, header_top, 3, "Số lượng", bold=True)
    ws.merge_cells(start_row=header_top, end_row=header_top, start_column=6, end_column=8)
    _cell(ws, header_top, 6, "Trong đó đối tượng ở cơ sở, lao động trực tiếp", bold=True)
    for offset, text in enumerate(("Tập thể", "Cá nhân", "Gia đình") * 2):
        _cell(ws, header_sub, 3 + offset, text, bold=True)
        if offset not in (0, 3):
            _cell(ws, header_top, 3 + offset, None)
    ws.row_dimensions[header_top].height = 34
    ws.row_dimensions[header_sub].height = 20

    row_no = header_sub + 1
    for line in [*table.rows, table.total]:
        bold = line.depth in (0, GRAND_TOTAL_DEPTH)
        italic = line.depth == 2
        if line.depth == GRAND_TOTAL_DEPTH:
            ws.merge_cells(start_row=row_no, end_row=row_no, start_column=1, end_column=2)
            _cell(ws, row_no, 1, line.label, bold=True)
            _cell(ws, row_no, 2, None)
        else:
            _cell(ws, row_no, 1, line.number, bold=bold)
            _cell(ws, row_no, 2, line.label, bold=bold, italic=italic, align=LEFT)
        for offset, value in enumerate(line.counts):
            _cell(ws, row_no, 3 + offset, value, bold=bold, italic=italic).number_format = COUNT_FORMAT
        row_no += 1

    # The seed's last line: the three columns of each group summed, under their group header.
    ws.merge_cells(start_row=row_no, end_row=row_no, start_column=1, end_column=2)
    _cell(ws, row_no, 1, None)
    _cell(ws, row_no, 2, None)
    for first, value in ((3, table.total.all_kinds), (6, table.total.grassroots_all_kinds)):
        ws.merge_cells(start_row=row_no, end_row=row_no, start_column=first, end_column=first + 2)
        _cell(ws, row_no, first, value, bold=True).number_format = "#,##0"
        _cell(ws, row_no, first + 1, None)
        _cell(ws, row_no, first + 2, None)
    last_table_row = row_no

    note_row = last_table_row + 2
    ws.merge_cells(start_row=note_row, end_row=note_row, start_column=1, end_column=8)
    _cell(ws, note_row, 1, table.period_note, italic=True, border=False, align=LEFT)
    for warning in table.warnings:  # the layout misses or double-claims awards: say so on the sheet
        note_row += 1
        ws.merge_cells(start_row=note_row, end_row=note_row, start_column=1, end_column=8)
        cell = _cell(ws, note_row, 1, warning, border=False, align=LEFT)
        cell.font = Font(name=FONT, size=12, bold=True, color="C00000")

    ws.freeze_panes = ws.cell(row=header_sub + 1, column=3)
    ws.print_title_rows = f"{header_top}:{header_sub}"
    ws.print_area = f"A1:{get_column_letter(8)}{note_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(
        left=30 / MM_PER_INCH, right=15 / MM_PER_INCH, top=20 / MM_PER_INCH, bottom=20 / MM_PER_INCH
    )
    ws.print_options.horizontalCentered = True

    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


KIND_LABELS = {"collective": "Tập thể", "individual": "Cá nhân", "family": "Gia đình"}
MONEY_FORMAT = "#,##0"
MONEY_HEADERS = (
    "TT",
    "Danh hiệu thi đua, hình thức khen thưởng",
    "Đối tượng",
    "Số lượng",
    "Mức thưởng (đồng)",
    "Thành tiền (đồng)",
)


def money_summary_xlsx(summary: MoneySummary) -> bytes:
    """One line per award type and recipient kind, the grand total, then the awards no coefficient prices."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiền thưởng"
    for letter, width in {"A": 6, "B": 50, "C": 11, "D": 10, "E": 16, "F": 18}.items():
        ws.column_dimensions[letter].width = width
    ws.merge_cells("A1:F1")
    title = f"Tổng hợp tiền thưởng từ {vn_date(summary.start)} đến {vn_date(summary.end)}"
    _cell(ws, 1, 1, title, bold=True, border=False, size=14)
    for column, text in enumerate(MONEY_HEADERS, start=1):
        _cell(ws, 3, column, text, bold=True)
    row_no = 4
    for number, row in enumerate(summary.rows, start=1):
        values = (number, row.award_type, KIND_LABELS[row.recipient_kind], row.count, row.unit_amount, row.total)
        for column, value in enumerate(values, start=1):
            cell = _cell(ws, row_no, column, value, align=LEFT if column == 2 else CENTER)
            if column >= 4:
                cell.number_format = MONEY_FORMAT
        if row.unit_amount is None:
            _cell(ws, row_no, 5, "Nhiều mức")
        row_no += 1
    ws.merge_cells(start_row=row_no, end_row=row_no, start_column=1, end_column=3)
    _cell(ws, row_no, 1, "Tổng cộng", bold=True)
    for column, value in ((2, None), (3, None), (4, summary.count), (5, None), (6, summary.total)):
        _cell(ws, row_no, column, value, bold=True).number_format = MONEY_FORMAT
    if summary.unpriced:
        row_no += 2
        ws.merge_cells(start_row=row_no, end_row=row_no, start_column=1, end_column=6)
        _cell(
            ws,
            row_no,
            1,
            "Khen thưởng chưa có hệ số tiền thưởng (không tính vào tổng):",
            bold=True,
            border=False,
            align=LEFT,
        )
        for row in summary.unpriced:
            row_no += 1
            _cell(ws, row_no, 2, row.award_type, align=LEFT)
            _cell(ws, row_no, 3, KIND_LABELS[row.recipient_kind])
            _cell(ws, row_no, 4, row.count).number_format = MONEY_FORMAT
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
