"""Excel files for the import tests: the portal's own template, filled in as a user would."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from awards import imports

BK_TINH = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
REGULAR = "Khen thường xuyên"


def good_rows():
    return [
        [BK_TINH, REGULAR, "Cá nhân", "Nông Thị Hoa", "Trưởng phòng", "Sở Nội vụ", "Không"],
        [BK_TINH, REGULAR, "Tập thể", "Phòng Tổ chức cán bộ", "", "Sở Nội vụ", "Có"],
    ]


def nominee_rows():
    return [
        [BK_TINH, "Cá nhân", "Lương Văn Toàn", "Chuyên viên", "Hoàn thành xuất sắc nhiệm vụ năm 2017"],
        [BK_TINH, "Tập thể", "Phòng Kế toán", "", "Tập thể lao động tiêu biểu"],
    ]


def filled(template: bytes, rows, *, edit=None, name="danh-sach.xlsx") -> SimpleUploadedFile:
    """The template with `rows` from row 2; `edit(workbook)` may spoil it."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[imports.DATA_SHEET]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value)
    if edit:
        edit(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=imports.XLSX_CONTENT_TYPE)
