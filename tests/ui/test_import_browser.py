"""End to end in headless Chromium: staff download a draft decision's Excel template, fill it with one bad row,
upload it and see the error naming that row (nothing imported), fix the row, upload again and see the recipients."""

import io

import pytest
from openpyxl import load_workbook

from awards import imports
from awards.models import Award
from tests.awards.import_helpers import good_rows
from tests.factories import make_decision, recipient

pytestmark = pytest.mark.django_db(transaction=True)


def _workbook_bytes(path, rows) -> bytes:
    with open(path, "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    sheet = workbook[imports.DATA_SHEET]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(page, content: bytes):
    page.set_input_files(
        "#import-form input[type=file]",
        {"name": "danh-sach.xlsx", "mimeType": imports.XLSX_CONTENT_TYPE, "buffer": content},
    )
    page.click("#import-form button[type=submit]")
    page.wait_for_load_state()


def test_download_the_template_import_a_bad_row_fix_it_and_import(logged_in_page, live_server):
    draft = make_decision(issued=False, recipients=[recipient(name="Hoàng Văn Phong")])
    page = logged_in_page
    page.goto(f"{live_server.url}/quyet-dinh/{draft.pk}/")
    with page.expect_download() as download:
        page.click("#import-template-link")
    template = download.value.path()
    assert download.value.suggested_filename == f"mau-nhap-quyet-dinh-{draft.pk}.xlsx"

    rows = good_rows()
    rows[1][3] = ""  # row 3 of the sheet: the collective has no name
    _upload(page, _workbook_bytes(template, rows))
    errors = page.locator("#import-errors tbody tr")
    assert errors.count() == 1
    cells = errors.first.locator("td").all_inner_texts()
    assert cells[0] == "3" and cells[1] == "D – Tên tập thể / Họ và tên"
    assert Award.objects.filter(decision=draft).count() == 1  # nothing imported

    rows[1][3] = "Phòng Tổ chức cán bộ"
    _upload(page, _workbook_bytes(template, rows))  # from the import page's own form
    page.wait_for_url(f"**/quyet-dinh/{draft.pk}/")
    assert "2" in page.inner_text(".alert-success")
    table = page.inner_text("table.table-striped")
    assert "Nông Thị Hoa" in table and "Phòng Tổ chức cán bộ" in table and "Hoàng Văn Phong" in table
