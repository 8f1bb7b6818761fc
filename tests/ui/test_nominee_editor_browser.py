"""End to end in headless Chromium: a unit clerk lists a dossier's nominees in the row editor, adds two rows, removes
one (focus goes to the row taking its place), sees the recipient kinds follow the award, picks a person record by a
search typed without accents, saves, and sees the nominees on the dossier's page."""

import pytest

from awards.models import Dossier
from clusters.models import Person
from tests.ui.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
BK_TINH = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
CO_TD_TINH = "Cờ thi đua của Ủy ban nhân dân tỉnh"


def _log_in(browser, live_server, username):
    page = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}).new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _focused(page) -> str:
    return page.evaluate("document.activeElement.id")


def test_the_clerk_adds_removes_picks_a_person_and_saves(browser, live_server, catalog, clerk_a, unit_a, unit_b):
    binh = Person.objects.create(full_name="Triệu Văn Bình", current_unit=unit_a, position="Hiệu trưởng")
    Person.objects.create(full_name="Triệu Văn Bình", current_unit=unit_b)  # another unit's namesake: never offered
    page = _log_in(browser, live_server, clerk_a.username)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/quyet-dinh/ho-so/moi/")
    page.fill("#id_title", "Đề nghị khen thưởng năm 2017")
    page.select_option("#id_commendation_kind", label="Khen thường xuyên")
    page.fill("#id_year", "2017")
    rows = page.locator("#nominee-rows fieldset.nominee-row:not(.d-none)")
    assert rows.count() == 1

    # Row 1: the award, then the person found by typing the name without accents; the name and title follow.
    page.get_by_label("Hình thức đề nghị (trường hợp 1)").select_option(label=BK_TINH)
    search = page.get_by_role("combobox", name="Hồ sơ cá nhân (với cá nhân, không bắt buộc) (trường hợp 1)")
    search.fill("trieu van binh")
    options = page.locator("#n-0-person-list [role=option]")
    options.first.wait_for()
    assert options.count() == 1 and "Hiệu trưởng" in options.first.inner_text()
    search.press("ArrowDown")
    search.press("Enter")  # picks; does not submit the form
    assert page.url.endswith("/ho-so/moi/")
    assert page.locator("#id_n-0-person").input_value() == str(binh.pk)
    assert page.get_by_label("Tên (trường hợp 1)").input_value() == "Triệu Văn Bình"
    assert page.get_by_label("Chức vụ, chức danh (trường hợp 1)").input_value() == "Hiệu trưởng"
    page.get_by_label("Tóm tắt thành tích (trường hợp 1)").fill("Hoàn thành xuất sắc nhiệm vụ năm 2017")

    # Two rows added: each starts with the award of the row above, and the focus is on its first field.
    page.click("#add-nominee")
    assert _focused(page) == "id_n-1-award_type"
    assert page.locator("#id_n-1-award_type option:checked").inner_text() == BK_TINH
    page.get_by_label("Tên (trường hợp 2)").fill("Người nhập nhầm")
    page.click("#add-nominee")
    assert _focused(page) == "id_n-2-award_type" and rows.count() == 3
    # The recipient kinds follow the award: a flag goes to a collective only, and a collective has no person.
    page.get_by_label("Hình thức đề nghị (trường hợp 3)").select_option(label=CO_TD_TINH)
    assert page.locator("#id_n-2-recipient_kind").input_value() == "collective"
    assert page.locator("#id_n-2-recipient_kind option[value=individual]").is_disabled()
    assert page.locator("#n-2-person-search").is_disabled()
    page.get_by_label("Tên (trường hợp 3)").fill("Phòng Giáo dục Trung học")
    page.get_by_label("Tóm tắt thành tích (trường hợp 3)").fill("Dẫn đầu phong trào thi đua")

    # Row 2 removed: the rows below are renumbered, keep what was typed, and the focus goes to the one in its place.
    page.get_by_role("button", name="Xóa trường hợp 2").click()
    assert rows.count() == 2
    assert _focused(page) == "id_n-2-award_type"
    assert "Người nhập nhầm" in page.inner_text("#removed-notice")
    # (a removed row stays in the page, hidden and out of the accessibility tree, to be undone or sent as removed)
    assert page.get_by_role("textbox", name="Tên (trường hợp 2)").input_value() == "Phòng Giáo dục Trung học"
    assert page.get_by_role("button", name="Xóa trường hợp 2").count() == 1
    assert page.get_by_label("Tên (trường hợp 1)").input_value() == "Triệu Văn Bình"

    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_url("**/ho-so/*/")

    saved = Dossier.objects.get().nominations.select_related("award_type")
    assert [(n.recipient_name, n.recipient_kind, n.award_type.code, n.person_id) for n in saved] == [
        ("Triệu Văn Bình", "individual", "BK_TINH", binh.pk),
        ("Phòng Giáo dục Trung học", "collective", "CO_TD_TINH", None),
    ]
    table = page.inner_text("main table")
    assert "Triệu Văn Bình" in table and "Phòng Giáo dục Trung học" in table and "Người nhập nhầm" not in table
    assert not errors


def test_a_refused_row_comes_back_with_its_message_and_the_focus_on_the_summary(browser, live_server, catalog, clerk_a):
    page = _log_in(browser, live_server, clerk_a.username)
    page.goto(f"{live_server.url}/quyet-dinh/ho-so/moi/")
    page.fill("#id_title", "Đề nghị khen thưởng năm 2017")
    page.fill("#id_year", "2017")
    page.get_by_label("Hình thức đề nghị (trường hợp 1)").select_option(label="Chiến sĩ thi đua cấp tỉnh")
    page.get_by_label("Tên (trường hợp 1)").fill("Hoàng Văn Phong")
    # Achievements left out: the row is refused, nothing is saved, and every value comes back.
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert _focused(page) == "form-errors"
    row = page.locator("#nominee-n-0")
    assert row.locator(".errorlist").inner_text() == "Hãy tóm tắt thành tích."
    assert page.get_by_label("Tên (trường hợp 1)").input_value() == "Hoàng Văn Phong"
    assert page.locator("#id_n-0-award_type option:checked").inner_text() == "Chiến sĩ thi đua cấp tỉnh"
    assert not Dossier.objects.exists()


def test_renaming_a_row_clears_its_person_and_says_so(browser, live_server, catalog, clerk_a, unit_a):
    binh = Person.objects.create(full_name="Triệu Văn Bình", current_unit=unit_a)
    page = _log_in(browser, live_server, clerk_a.username)
    page.goto(f"{live_server.url}/quyet-dinh/ho-so/moi/")
    search = page.get_by_role("combobox", name="Hồ sơ cá nhân (với cá nhân, không bắt buộc) (trường hợp 1)")
    name = page.get_by_label("Tên (trường hợp 1)")
    person = page.locator("#id_n-0-person")

    def pick():
        search.fill("trieu van binh")
        page.locator("#n-0-person-list [role=option]").first.wait_for()
        search.press("ArrowDown")
        search.press("Enter")
        assert person.input_value() == str(binh.pk)

    name.fill("Bình")
    pick()
    assert name.input_value() == "Triệu Văn Bình"  # the row takes the record's name
    name.fill("  TRIEU van  binh")
    name.press("Tab")  # the same name, however typed: the person stays
    assert person.input_value() == str(binh.pk)
    name.fill("Hoàng Văn Phong")
    name.press("Tab")
    assert person.input_value() == "" and search.input_value() == ""
    note = page.locator("#nominee-n-0 .person-note")
    assert note.get_attribute("role") == "status"
    assert note.inner_text() == "Tên không còn khớp với người đã chọn: đã bỏ chọn người."
