"""The portal on a phone (390 px wide) and on a desktop (1366 px), on the Lạng Sơn 2018 demo: the lists read as
stacked cards and no page scrolls sideways (the wide Phụ lục 2 table scrolls inside its own box); the attendance
list is one member a line; a dossier's buttons keep their words on one line beside a long title."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Decision, Dossier, Meeting
from tests.ui.conftest import log_in
from thiduakhenthuong.demo import CLERK_LOGIN, COUNCIL_MEMBER_LOGIN, STAFF_LOGIN, demo_load

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_phones_and_desktops(browser, live_server, catalog):
    demo_load()
    july = Meeting.objects.get(date=datetime.date(2018, 7, 18)).pk
    issued = Decision.objects.get(number=1151, symbol="QĐ-UBND").pk
    staff_pages = [
        reverse("awards:decision-list"),
        reverse("awards:decision-detail", args=[issued]),
        reverse("awards:decision-create"),
        reverse("reports:appendix2") + "?date_from=2017-12-20&date_to=2018-06-20",
        reverse("awards:dossier-list"),
        reverse("awards:dossier-detail", args=[Dossier.objects.get(status="received").pk]),
        reverse("awards:meeting-list"),
        reverse("awards:meeting-detail", args=[july]),
        reverse("reports:report-list"),
        reverse("reports:statistics") + "?year=2018",
        reverse("reports:statistics-form", args=[2018, "0702"]),
    ]
    page = log_in(browser, live_server, STAFF_LOGIN.username, STAFF_LOGIN.password, viewport=PHONE)
    too_wide = {}
    for path in staff_pages:
        page.goto(live_server.url + path)
        if _page_width(page) > PHONE["width"]:
            too_wide[path] = _page_width(page)

    # The decision list: each decision a card, its fields one under the other, named.
    page.goto(live_server.url + reverse("awards:decision-list"))
    first = page.locator("table.table-stack tbody tr").first
    number, date = first.locator("td").nth(0).bounding_box(), first.locator("td").nth(1).bounding_box()
    assert date["y"] >= number["y"] + number["height"] - 1 and date["width"] > 250
    assert first.locator("td").nth(1).evaluate("td => getComputedStyle(td, '::before').content") == '"Ngày ký: "'

    # Phụ lục 2 keeps its columns: the table scrolls sideways inside its own box, the page does not.
    page.goto(live_server.url + reverse("reports:appendix2") + "?date_from=2017-12-20&date_to=2018-06-20")
    box = page.locator(".table-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    label = page.locator("table.appendix2 tbody td.label").first
    assert label.bounding_box()["width"] >= 150  # the labels stay readable
    # Scrolled to the grassroots columns, the line's label is still in view beside its figures.
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    assert abs(label.bounding_box()["x"] - box.bounding_box()["x"]) < 2  # held at the box's left edge

    # The attendance list: one member a line, the full width of the screen.
    page.goto(live_server.url + reverse("awards:meeting-detail", args=[july]))
    widths = [item.bounding_box()["width"] for item in page.locator("#attendance li").all()]
    assert widths and min(widths) > 300

    member = log_in(browser, live_server, COUNCIL_MEMBER_LOGIN.username, COUNCIL_MEMBER_LOGIN.password, viewport=PHONE)
    member.goto(live_server.url + reverse("awards:meeting-list"))
    if _page_width(member) > PHONE["width"]:
        too_wide["council member: " + reverse("awards:meeting-list")] = _page_width(member)
    assert not too_wide, f"pages wider than a 390 px phone: {too_wide}"

    # A desktop: "Nộp hồ sơ" on one line beside the dossier's long title, as high as the one-word "Sửa".
    clerk = log_in(browser, live_server, CLERK_LOGIN.username, CLERK_LOGIN.password, viewport=DESKTOP)
    clerk.goto(live_server.url + reverse("awards:dossier-detail", args=[Dossier.objects.get(status="returned").pk]))
    submit = clerk.get_by_role("button", name="Nộp hồ sơ").bounding_box()
    edit = clerk.get_by_role("link", name="Sửa", exact=True).bounding_box()
    assert submit["height"] == pytest.approx(edit["height"], abs=1)
