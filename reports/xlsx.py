"""Phụ lục 2 as an Excel workbook laid out like the seed's table, set up to print on A4; Phụ lục 1 in the same
look (title, bordered table, A4); the reward money summary as a plain table."""

import textwrap
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from awards.decisions.money import MoneySummary
from campaigns.selectors import Appendix1
from kernel.lib.formatting import vn_date
from kernel.lib.xlsx import put
from reports.selectors import GRAND_TOTAL_DEPTH, Appendix2, appendix1_note, appendix1_title

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
# Numeric cells show nothing for zero, as the seed prints blanks, while keeping the value 0.
COUNT_FORMAT = '#,##0;-#,##0;""'
MM_PER_INCH = 25.4


def _cell(ws, row, column, value, *, bold=False, italic=False, align=CENTER, border=True, size=12):
    cell = put(ws, row, column, value)  # every string as text, never a formula (catalog names, typed summaries)
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
            lines = _lines(line.label, widths["B"] * (0.9 if bold else 1))  # bold letters are wider
            if lines > 1:  # a long label (the 2024 table's) wraps: its row grows, as Excel would not on opening
                ws.row_dimensions[row_no].height = LINE_HEIGHT_PT * lines + 4
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
    _a4_portrait(ws, columns=8, last_row=note_row, title_rows=f"{header_top}:{header_sub}")

    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _a4_portrait(ws, *, columns: int, last_row: int, title_rows: str) -> None:
    """Print setup shared by the appendices: A4 portrait, one page wide, the header repeated on every page, the
    margins of administrative documents (left 30 mm, right 15 mm, top and bottom 20 mm)."""
    ws.print_title_rows = title_rows
    ws.print_area = f"A1:{get_column_letter(columns)}{last_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(
        left=30 / MM_PER_INCH, right=15 / MM_PER_INCH, top=20 / MM_PER_INCH, bottom=20 / MM_PER_INCH
    )
    ws.print_options.horizontalCentered = True


def _text(cell):
    """What people typed stays text (_cell stores it as a string), shown with the text number format too."""
    cell.number_format = "@"
    return cell


APPENDIX1_HEADERS = ("TT", "Số, ký hiệu", "Ngày ban hành", "Tên loại, cơ quan ban hành và trích yếu nội dung")
APPENDIX1_WIDTHS = {"A": 6, "B": 17, "C": 13, "D": 64}
LINE_HEIGHT_PT = 15.75  # one line of 12 pt Times New Roman


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell takes, so that its row is tall enough: Excel does not size a row to its wrapped text
    when it opens a file. 12 pt Times New Roman fits about 0.97 characters of Vietnamese text per unit of width
    (measured with Liberation Serif, its metric twin, on the demo's Phụ lục 1)."""
    per_line = max(1, int(width * 0.97))
    return max(1, sum(len(textwrap.wrap(part, per_line)) or 1 for part in str(text).split("\n")))


def appendix1_xlsx(table: Appendix1) -> bytes:
    """One row per document issued in the period, numbered as Phụ lục 1 prints them."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục 1"
    for letter, width in APPENDIX1_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    columns = len(APPENDIX1_HEADERS)

    ws.merge_cells(start_row=1, end_row=1, start_column=1, end_column=columns)
    title = appendix1_title(table.start, table.end)
    _cell(ws, 1, 1, title, bold=True, border=False, size=14)
    ws.row_dimensions[1].height = 20 * _lines(title, sum(APPENDIX1_WIDTHS.values()) * 0.85) + 6

    header = 3
    for column, text in enumerate(APPENDIX1_HEADERS, start=1):
        _cell(ws, header, column, text, bold=True)
    ws.row_dimensions[header].height = 34

    row_no = header
    for row in table.rows:
        row_no += 1
        _cell(ws, row_no, 1, row.no)
        _text(_cell(ws, row_no, 2, row.symbol))
        _cell(ws, row_no, 3, row.date).number_format = "DD/MM/YYYY"
        _text(_cell(ws, row_no, 4, row.text, align=LEFT))
        lines = max(_lines(row.text, APPENDIX1_WIDTHS["D"]), _lines(row.symbol, APPENDIX1_WIDTHS["B"]))
        ws.row_dimensions[row_no].height = LINE_HEIGHT_PT * lines + 4
    if not table.rows:
        row_no += 1
        ws.merge_cells(start_row=row_no, end_row=row_no, start_column=1, end_column=columns)
        _cell(ws, row_no, 1, table.empty_text, italic=True)
        for column in range(2, columns + 1):
            _cell(ws, row_no, column, None)

    note_row = row_no + 2
    ws.merge_cells(start_row=note_row, end_row=note_row, start_column=1, end_column=columns)
    _cell(ws, note_row, 1, appendix1_note(table.start, table.end), italic=True, border=False, align=LEFT)

    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    _a4_portrait(ws, columns=columns, last_row=note_row, title_rows=f"{header}:{header}")
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
