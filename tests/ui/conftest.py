"""Browser tests log in through the real login page; axe-core checks pages against WCAG 2.1 AA."""

from pathlib import Path

import pytest

from tests.factories import secretariat_user

PASSWORD = "mat-khau-thu-nghiem"  # tests/factories.py UserFactory


def confirm_password(page):
    """The sensitive action led to the password confirmation page: confirm, and the action is carried out."""
    page.wait_for_url("**/xac-nhan-mat-khau/**")
    page.fill("#id_reauth_password", PASSWORD)
    page.click("form.reauth-form button[type=submit]")


@pytest.fixture
def logged_in_page(page, live_server, catalog):
    secretariat_user(username="canbo.bantdkt")
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "canbo.bantdkt")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


# axe-core (npm package axe-core 4.14.1, MPL-2.0, its licence header kept in the file) is a test-only asset injected
# into the page by Playwright: the portal never serves it.
AXE = Path(__file__).with_name("axe.min.js")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """The WCAG 2.1 A and AA failures axe finds on the page, one line per failing element."""
    # Evaluated through the browser's DevTools channel, not as a <script> tag: the portal's Content Security
    # Policy refuses inline scripts, and axe is no part of the portal.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [
        f"{rule['id']} ({rule['impact']}): {' '.join(map(str, node['target']))}: {node['failureSummary'].strip()}"
        for rule in result["violations"]
        for node in rule["nodes"]
    ]


def log_in(browser, live_server, username, password, **context):
    """A browser session of its own, logged in through the login page."""
    page = browser.new_context(locale="vi-VN", **context).new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")
    assert "/dang-nhap/" not in page.url, f"{username} could not log in"
    return page
