"""The decision form with the keyboard alone, as a user who cannot use a mouse does it: fields named by their column
and row, a row added and one removed without losing the focus, a refused form whose error summary takes the focus
and leads to the field, and the decision saved. Nothing is clicked and no field is filled by the test."""

import re

import pytest

from awards.models import Decision

pytestmark = pytest.mark.django_db(transaction=True)

ROW_NAME = "Tên tập thể, cá nhân, gia đình, dòng {}"


def _focused(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def _tab_to(page, selector: str, *, limit: int = 25) -> None:
    """Press Tab until the element matching the selector has the focus."""
    for _ in range(limit):
        if _focused(page, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _choose(page, label: str) -> None:
    """In the focused (closed) select, move with the arrow keys to the option with this label."""
    options, current = page.evaluate(
        "() => [Array.from(document.activeElement.options, o => o.label), document.activeElement.selectedIndex]"
    )
    target = options.index(label)
    key = "ArrowDown" if target > current else "ArrowUp"
    for _ in range(abs(target - current)):
        page.keyboard.press(key)
    assert page.evaluate("document.activeElement.selectedOptions[0].label") == label


def _focus_is_labelled(page, name: str) -> None:
    assert page.evaluate("document.activeElement") == page.get_by_label(name, exact=True).evaluate("e => e")


def test_a_decision_entered_with_the_keyboard_alone(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/quyet-dinh/")
    # The first Tab of a page shows the skip link, which jumps over the menu to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Chuyển đến nội dung chính")
    assert skip.is_visible() and _focused(page, ".skip-link")
    page.keyboard.press("Enter")
    assert _focused(page, "main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('nav')") is None

    page.goto(f"{live_server.url}/quyet-dinh/moi/")
    assert _focused(page, "#id_number_and_symbol")  # the form starts at its first field
    page.keyboard.type("99/QĐ-UBND")
    page.keyboard.press("Tab")
    page.keyboard.type("15/03/2018")
    _tab_to(page, "#id_signer_title")  # the signer's name is forgotten: the form will be refused
    page.keyboard.type("Phó Chủ tịch")

    _tab_to(page, "select[name='r-0-award_type']")
    _focus_is_labelled(page, "Hình thức khen thưởng, dòng 1")
    _choose(page, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    page.keyboard.press("Tab")
    _choose(page, "Khen thường xuyên")
    _tab_to(page, "input[name='r-0-recipient_name']")
    _focus_is_labelled(page, ROW_NAME.format(1))
    page.keyboard.type("Hoàng Văn Phong")
    page.keyboard.press("Tab")
    page.keyboard.type("Trưởng thôn")

    # A second row: it starts with the award and kind of the row above, the focus on its name.
    _tab_to(page, "#add-recipient")
    page.keyboard.press("Enter")
    _focus_is_labelled(page, ROW_NAME.format(2))
    page.keyboard.type("Ủy ban nhân dân xã Đình Lập")
    page.keyboard.press("Shift+Tab")
    _focus_is_labelled(page, "Loại đối tượng, dòng 2")
    _choose(page, "tập thể")
    rows = page.locator("#recipient-rows tr.recipient-row:not(.recipient-removed)")
    assert rows.nth(1).locator("select[name$='-award_type'] option:checked").inner_text().startswith("Bằng khen")

    # A third row typed by mistake, removed with its button: the focus goes to the row above, nothing is lost.
    _tab_to(page, "#add-recipient")
    page.keyboard.press("Enter")
    _focus_is_labelled(page, ROW_NAME.format(3))
    page.keyboard.type("Người nhập nhầm")
    _tab_to(page, "#recipient-rows tr.recipient-row:nth-child(3) .remove-recipient")
    assert page.evaluate("document.activeElement.textContent").strip().endswith("Xóa dòng 3")
    page.keyboard.press("Enter")
    assert rows.count() == 2
    _focus_is_labelled(page, ROW_NAME.format(2))
    page.get_by_role("status").filter(has_text="Đã xóa dòng: Người nhập nhầm").wait_for(state="attached")

    # Saved without the signer: refused, the focus on the error summary, whose link leads to the field.
    _tab_to(page, "#decision-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#error-summary")
    assert _focused(page, "#error-summary")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Người ký"
    page.keyboard.press("Enter")
    assert _focused(page, "#id_signer_name")
    page.keyboard.type("Hồ Tiến Thiệu")
    assert rows.count() == 2  # both rows came back as typed

    _tab_to(page, "#decision-form button[type=submit]", limit=60)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/quyet-dinh/\d+/"))  # (with the #id_signer_name the summary link added)
    assert "99/QĐ-UBND" in page.inner_text("h1")
    decision = Decision.objects.get()
    assert decision.signer_name == "Hồ Tiến Thiệu"
    awards = list(decision.awards.order_by("line_no").values_list("recipient_name", "recipient_kind", "position"))
    assert awards == [
        ("Hoàng Văn Phong", "individual", "Trưởng thôn"),
        ("Ủy ban nhân dân xã Đình Lập", "collective", ""),
    ]
