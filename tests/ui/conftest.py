"""Browser tests log in as provincial staff through the real login page."""

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
