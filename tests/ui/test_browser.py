"""End to end in headless Chromium: staff enter a decision with three recipients, issue it, see it counted
in Phụ lục 2 and download the Excel file."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from tests.ui.conftest import confirm_password

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_row(
    row,
    *,
    name,
    award="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    kind="Khen thường xuyên",
    recipient_kind=None,
    workplace="",
):
    row.locator("select[name$='-award_type']").select_option(label=award)
    row.locator("select[name$='-commendation_kind']").select_option(label=kind)
    if recipient_kind:
        row.locator("select[name$='-recipient_kind']").select_option(label=recipient_kind)
    row.locator("input[name$='-recipient_name']").fill(name)
    row.locator("input[name$='-workplace']").fill(workplace)


def test_enter_issue_count_and_download(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/quyet-dinh/moi/")
    page.fill("#id_number_and_symbol", "99/QĐ-UBND")
    page.fill("#id_date", "2018-03-15")
    page.select_option("#id_authority", label="Chủ tịch Ủy ban nhân dân tỉnh")
    page.fill("#id_signer_name", "Hồ Tiến Thiệu")
    page.fill("#id_signer_title", "Phó Chủ tịch")
    rows = page.locator("#recipient-rows tr.recipient-row:not(.recipient-removed)")
    _fill_row(rows.nth(0), name="Hoàng Văn Phong", workplace="Thôn Kéo Khuế, xã Đình Lập")
    page.click("#add-recipient")
    page.click("#add-recipient")
    _fill_row(rows.nth(1), name="Người nhập nhầm")
    page.locator("#recipient-rows tr.recipient-row").nth(1).locator(".remove-recipient").click()
    assert rows.count() == 2  # the removed row is gone, the others keep what was typed
    assert rows.nth(0).locator("input[name$='-recipient_name']").input_value() == "Hoàng Văn Phong"
    _fill_row(rows.nth(1), name="Ủy ban nhân dân xã Đình Lập", recipient_kind="tập thể")
    rows.nth(1).locator("input[name$='-is_grassroots']").check()
    page.click("#add-recipient")
    _fill_row(
        rows.nth(2),
        name="Gia đình ông Lý Văn En",
        recipient_kind="gia đình",
        workplace="Thôn Tác Chiến, xã Nam La, huyện Văn Lãng",
    )
    assert rows.nth(2).locator("input[name$='-is_grassroots']").is_checked()
    page.click("form#decision-form button[type=submit]")
    page.wait_for_url("**/quyet-dinh/*/")
    assert "99/QĐ-UBND" in page.inner_text("h1")
    assert page.locator("table.table-striped tbody tr").count() == 3

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("form[action$='/ban-hanh/'] button")
    confirm_password(page)
    page.wait_for_selector(".badge.status-issued")

    page.goto(f"{live_server.url}/bao-cao/phu-luc-2/?date_from=2017-12-20&date_to=2018-06-20")
    bk_regular = page.locator("table.appendix2 tbody tr").nth(27)
    assert bk_regular.locator("td.label").inner_text() == "- Khen thường xuyên"
    assert [c.inner_text() for c in bk_regular.locator("td.count").all()] == ["1", "1", "1", "1", "", "1"]

    with page.expect_download() as download_info:
        page.click("a[href*='phu-luc-2.xlsx']")
    download = download_info.value
    assert download.suggested_filename == "phu-luc-2_2017-12-20_2018-06-20.xlsx"
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    total = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "TỔNG CỘNG")
    assert total[2:] == (1, 1, 1, 1, 0, 1)


def test_a_list_pasted_from_excel_becomes_rows(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/quyet-dinh/moi/")
    rows = page.locator("#recipient-rows tr.recipient-row:not(.recipient-removed)")
    _fill_row(rows.nth(0), name="Hoàng Văn Phong", kind="Khen chuyên đề")
    page.click("#toggle-paste")
    page.fill(
        "#paste-text", "Nông Thị Hoa\tGiáo viên\tTrường Tiểu học xã Tân Mỹ\n\nVi Văn Sơn\tNông dân\tThôn Nà Pàn\n"
    )
    page.click("#paste-rows")
    assert rows.count() == 3
    assert rows.nth(1).locator("input[name$='-recipient_name']").input_value() == "Nông Thị Hoa"
    assert rows.nth(1).locator("input[name$='-position']").input_value() == "Giáo viên"
    assert rows.nth(2).locator("input[name$='-workplace']").input_value() == "Thôn Nà Pàn"
    kind = rows.nth(2).locator("select[name$='-commendation_kind'] option:checked").inner_text()
    assert kind == "Khen chuyên đề"  # taken from the row above


def test_a_refused_decision_keeps_every_row_typed(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/quyet-dinh/moi/")
    page.fill("#id_number_and_symbol", "100/QĐ-UBND")
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    page.fill("#id_date", tomorrow.isoformat())
    page.fill("#id_signer_name", "Hồ Tiến Thiệu")
    page.fill("#id_signer_title", "Phó Chủ tịch")
    rows = page.locator("#recipient-rows tr.recipient-row:not(.recipient-removed)")
    _fill_row(rows.nth(0), name="Cá nhân nhận Cờ", award="Cờ thi đua của Ủy ban nhân dân tỉnh")
    page.click("#add-recipient")
    _fill_row(rows.nth(1), name="Nguyễn Văn Chu")
    page.click("form#decision-form button[type=submit]")
    page.wait_for_selector(".alert-danger")
    assert rows.count() == 2
    assert rows.nth(1).locator("input[name$='-recipient_name']").input_value() == "Nguyễn Văn Chu"
    row_errors = " ".join(rows.nth(0).locator(".errorlist").all_inner_texts())
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh" in row_errors and "tập thể" in row_errors
    assert "hôm nay" in page.locator("#id_date ~ .errorlist").inner_text()
