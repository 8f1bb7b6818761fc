"""Slow actions show that they are under way and cannot be started twice: a sent form's button is disabled with
"Đang xử lý…", and a PDF link shows that the file is being prepared and ignores a second click until the file
comes. The server is made slow by the test, which locks the decisions table while the user presses again. (While a
page waits for the server, Playwright cannot start a new script in it: the clicks and what the user then sees are
done and read in one script, and the later presses are real mouse and keyboard input.)"""

import contextlib

import pytest
from django.db import connection, transaction

from awards.models import Decision
from tests.factories import make_decision, recipient

pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def _slow_server():
    """Until the block ends, the server's requests that touch a decision wait (the table is locked)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Decision._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        yield


def _requests(page, fragment: str) -> list:
    """The requests the page sends whose address holds the fragment: for a form their method, else their address."""
    sent = []

    def seen(request):
        if fragment in request.url:
            sent.append(request.method if request.method == "POST" else request.url)

    page.on("request", seen)
    return sent


# Presses the element twice in a row, then tells what the user sees on it a moment later.
PRESS_TWICE = """async (selector) => {
    const element = document.querySelector(selector);
    element.focus();
    element.click();
    element.click();
    await new Promise((resolve) => setTimeout(resolve, 100));
    return {text: element.textContent.trim(), disabled: !!element.disabled,
            spinner: !!element.querySelector('.spinner-border'), busy: element.getAttribute('aria-busy')};
}"""


def test_a_decision_is_saved_once_however_often_save_is_pressed(logged_in_page, live_server):
    page = logged_in_page
    page.goto(f"{live_server.url}/quyet-dinh/moi/")
    page.fill("#id_number_and_symbol", "99/QĐ-UBND")
    page.fill("#id_date", "15/03/2018")
    page.fill("#id_signer_name", "Hồ Tiến Thiệu")
    page.fill("#id_signer_title", "Phó Chủ tịch")
    row = page.locator("#recipient-rows tr.recipient-row").first
    row.locator("select[name$='-award_type']").select_option(label="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    row.locator("select[name$='-commendation_kind']").select_option(label="Khen thường xuyên")
    row.locator("input[name$='-recipient_name']").fill("Hoàng Văn Phong")

    posts = _requests(page, "/quyet-dinh/moi/")
    box = page.locator("#decision-form button[type=submit]").bounding_box()
    with page.expect_navigation(), _slow_server():
        seen = page.evaluate(PRESS_TWICE, "#decision-form button[type=submit]")
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # pressed again, later
        page.wait_for_timeout(300)
        assert posts == ["POST"]
    assert seen == {"text": "Đang xử lý…", "disabled": True, "spinner": True, "busy": "true"}
    assert "99/QĐ-UBND" in page.inner_text("h1")
    assert Decision.objects.count() == 1


def test_a_pdf_link_shows_the_file_is_coming_and_ignores_a_second_click(logged_in_page, live_server):
    decision = make_decision(recipients=[recipient(name="Hoàng Văn Phong")])
    page = logged_in_page
    page.goto(f"{live_server.url}/quyet-dinh/{decision.pk}/")
    pdfs = _requests(page, ".pdf")
    with page.expect_download() as download, _slow_server():
        seen = page.evaluate(PRESS_TWICE, "a[href$='.pdf']")
        page.keyboard.press("Enter")  # the link has the focus: pressed again with the keyboard
        page.wait_for_timeout(300)
        assert pdfs == [f"{live_server.url}/bao-cao/quyet-dinh/{decision.pk}.pdf"]
    assert seen == {"text": "Đang chuẩn bị tệp…", "disabled": False, "spinner": True, "busy": "true"}
    assert download.value.suggested_filename.endswith(".pdf")
    # A few seconds later the link is ready for another download.
    page.get_by_role("link", name="Tải về PDF").wait_for(timeout=10_000)
    assert page.locator("a.is-busy").count() == 0
