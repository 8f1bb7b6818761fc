"""A decision's register of certificates as an Excel workbook (sổ vàng: number, recipient, position, unit, award),
every typed text written through kernel.lib.xlsx, never as a formula; and the file names of certificate exports."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from awards.decisions.register_selectors import RegisterRow
from awards.models import Decision
from kernel.lib.formatting import vn_date
from kernel.lib.xlsx import put
from reports.decision_files import decision_file_stem
from reports.decision_print import authority_name

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADERS = (
    "TT",
    "Số sổ vàng",
    "Tập thể, cá nhân, gia đình",
    "Loại",
    "Chức vụ",
    "Đơn vị, địa chỉ",
    "Hình thức",
    "Số lần in",
)
WIDTHS = (6, 14, 34, 11, 30, 36, 30, 9)


def register_title(decision: Decision) -> str:
    """ "… của Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn": the grantor named with its province, as on the decision."""
    grantor = authority_name(decision.authority)
    return f"Sổ vàng: Quyết định số {decision.number_and_symbol} ngày {vn_date(decision.date)} của {grantor}"


def register_xlsx(*, decision: Decision, rows: list[RegisterRow]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sổ vàng"
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + index)].width = width
    ws.merge_cells(start_row=1, end_row=1, start_column=1, end_column=len(HEADERS))
    title = put(ws, 1, 1, register_title(decision))
    title.font = Font(name=FONT, size=13, bold=True)
    title.alignment = Alignment(horizontal="center", wrap_text=True)
    ws.row_dimensions[1].height = 36
    for column, text in enumerate(HEADERS, start=1):
        cell = put(ws, 3, column, text)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    for offset, row in enumerate(rows):
        values = (
            row.line_no,
            row.register,
            row.recipient,
            row.recipient_kind_label,
            row.position,
            row.workplace,
            row.award_type,
            row.prints,
        )
        for column, value in enumerate(values, start=1):
            cell = put(ws, 4 + offset, column, value)
            cell.font = Font(name=FONT, size=12)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = BOX
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    output = BytesIO()
    wb.save(output)
    return output.getvalue()


def certificates_filename(decision: Decision, extension: str, *, line_no: int | None = None) -> str:
    """giay-chung-nhan-603-QĐ-UBND.pdf; one recipient's: giay-chung-nhan-603-QĐ-UBND-dong-12.pdf."""
    stem = f"giay-chung-nhan-{decision_file_stem(decision)}"
    if line_no is not None:
        stem += f"-dong-{line_no}"
    return f"{stem}.{extension}"


def register_filename(decision: Decision) -> str:
    return f"so-vang-{decision_file_stem(decision)}.xlsx"
