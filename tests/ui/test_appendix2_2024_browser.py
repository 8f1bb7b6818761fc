"""The Phụ lục 2 page of a 2025 half-year, counted by the table of today's catalog (57 lines, longer labels than the
seed's), on a phone and on a desktop: the page never scrolls sideways and every label stays readable."""

import datetime
import os

import pytest
from django.urls import reverse

from tests.factories import make_decision, recipient, secretariat_user
from tests.ui.conftest import PASSWORD, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PAGE = reverse("reports:appendix2") + "?date_from=2024-12-20&date_to=2025-06-20"
# Set to a folder to keep the screenshots (to look at them); the test asserts without them.
SCREENSHOTS = os.environ.get("TDKT_SCREENSHOTS")


@pytest.mark.parametrize("width", [390, 1366])
def test_the_2025_table_reads_on_phones_and_desktops(browser, live_server, catalog, width):
    day = datetime.date(2025, 3, 3)
    make_decision(date=day, recipients=[recipient("KNC_TINH", "dedication", "individual")])
    make_decision(date=day, recipients=[recipient("BK_TINH", "merit", "collective", name="Xã Hoàng Đồng")])
    secretariat_user(username="canbo.pl2")
    page = log_in(browser, live_server, "canbo.pl2", PASSWORD, viewport={"width": width, "height": 900})
    page.goto(live_server.url + PAGE)
    assert page.locator("h1, h2").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the table scrolls in its own box
    labels = page.locator("table.appendix2 tbody td.label")
    assert labels.count() == 57
    narrowest = min(labels.nth(i).bounding_box()["width"] for i in range(labels.count()))
    assert narrowest >= 150
    assert page.get_by_text("Kỷ niệm chương của tỉnh", exact=True).is_visible()
    assert page.locator(".alert-warning, .appendix2-warnings").count() == 0  # nothing left out, nothing twice
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/appendix2-2025-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1366])
def test_a_new_report_offers_the_table_of_its_dates(browser, live_server, catalog, width):
    secretariat_user(username="canbo.pl2")
    page = log_in(browser, live_server, "canbo.pl2", PASSWORD, viewport={"width": width, "height": 900})
    page.goto(live_server.url + reverse("reports:report-create"))
    select = page.locator("#id_appendix2_layout")
    assert select.evaluate("s => s.options[s.selectedIndex].text") == "— theo ngày của kỳ báo cáo —"
    assert select.bounding_box()["x"] + select.bounding_box()["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if SCREENSHOTS:
        select.scroll_into_view_if_needed()
        page.screenshot(path=f"{SCREENSHOTS}/report-create-{width}.png")
