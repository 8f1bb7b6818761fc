"""The home page's dashboard in a browser (issue #14, point 8), on the Lạng Sơn 2018 demo: staff see what waits for
them and the charts of statistical year 2018, each with its table, and follow a count to its list; the Education
department's clerk sees their unit's returned dossier and no figures. On a phone and a desktop, without a Content
Security Policy violation, a WCAG failure or a page wider than the screen; screenshots in the test's tmp_path."""

import pytest
from django.urls import reverse

from awards.models import Dossier
from tests.ui.conftest import axe_violations, log_in
from thiduakhenthuong.demo import CLERK_LOGIN, DEMO_CLERK_UNIT, STAFF_LOGIN, demo_load

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _open(page, url: str, shot) -> None:
    page.context.add_init_script(LISTEN)
    assert page.goto(url).status == 200
    page.screenshot(path=shot, full_page=True)
    assert page.evaluate("window.__csp") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert axe_violations(page) == []


def test_staff_and_a_unit_clerk_open_their_dashboards(browser, live_server, catalog, tmp_path):
    demo_load()
    home = live_server.url + reverse("home")
    for name, viewport in (("1366", DESKTOP), ("390", PHONE)):
        staff = log_in(browser, live_server, STAFF_LOGIN.username, STAFF_LOGIN.password, viewport=viewport)
        _open(staff, home + "?year=2018", tmp_path / f"staff-{name}.png")
        charts = staff.locator("svg.chart")
        assert charts.count() == 5
        assert all(charts.nth(i).bounding_box()["height"] > 20 for i in range(5))
        by_level = staff.locator("section[aria-labelledby=awards-by-level] table")
        assert staff.locator(".dashboard-figures > p").first.inner_text().count("01/12/2017–30/11/2018") == 1
        assert by_level.locator("tfoot td").first.inner_text() != "0"  # the demo's 2018 awards are counted

        clerk = log_in(browser, live_server, CLERK_LOGIN.username, CLERK_LOGIN.password, viewport=viewport)
        _open(clerk, home, tmp_path / f"clerk-{name}.png")
        assert clerk.locator("svg.chart").count() == 0
        returned = clerk.get_by_role("link", name="Hồ sơ bị trả lại đơn vị, cần bổ sung và nộp lại")
        expected = Dossier.objects.filter(unit__name=DEMO_CLERK_UNIT, status="returned").count()
        assert expected and returned.locator("xpath=..").locator(".badge").inner_text() == str(expected)

    # A count leads to the list behind it, filtered on what it counted.
    staff.get_by_role("link", name="Hồ sơ đã nộp, cần tiếp nhận").click()
    staff.wait_for_url("**/ho-so/?status=submitted")
    assert staff.locator("#status-submitted").is_checked() and not staff.locator("#status-received").is_checked()
