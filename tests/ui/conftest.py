"""Browser tests log in as provincial staff through the real login page."""

import pytest

from tests.factories import secretariat_user


@pytest.fixture
def logged_in_page(page, live_server, catalog):
    secretariat_user(username="canbo.bantdkt")
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "canbo.bantdkt")
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page
