"""Login throttling: five failures for a user name or from an address within 15 minutes block it for 15 minutes."""

import pytest
from django.urls import reverse

from audit.models import AuditLog
from kernel import throttle

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def clock(monkeypatch):
    now = {"t": 1_000_000.0}
    monkeypatch.setattr(throttle, "_now", lambda: now["t"])
    return now


def _login(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


def test_five_failures_block_the_user_name_even_with_the_right_password(client, staff, clock):
    for _ in range(5):
        assert _login(client, staff.username, "sai").status_code == 200
    refused = _login(client, staff.username, PASSWORD)
    assert not _logged_in(refused) and refused.context["form"].throttled
    assert "login-throttled" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    lockout = AuditLog.objects.get(action="auth.lockout")
    assert lockout.object_id == str(staff.pk) and lockout.after["username"] == staff.username
    clock["t"] += 15 * 60 - 1
    assert not _logged_in(_login(client, staff.username, PASSWORD))
    clock["t"] += 2  # the lockout is over
    assert _logged_in(_login(client, staff.username, PASSWORD))


def test_four_failures_do_not_block_and_a_success_clears_them(client, staff, clock):
    for _ in range(4):
        _login(client, staff.username, "sai")
    assert _logged_in(_login(client, staff.username, PASSWORD))
    client.logout()
    for _ in range(4):
        _login(client, staff.username, "sai")
    assert _logged_in(_login(client, staff.username, PASSWORD))  # 8 failures, but never 5 in a row


def test_failures_older_than_the_window_are_forgotten(client, staff, clock):
    for _ in range(4):
        _login(client, staff.username, "sai")
    clock["t"] += 15 * 60 + 1
    _login(client, staff.username, "sai")
    assert _logged_in(_login(client, staff.username, PASSWORD))


def test_five_failures_from_one_address_block_it_for_every_user_name(client, staff, clerk_a, clock):
    for n in range(5):
        _login(client, f"khong.ton.tai.{n}", "sai", address="10.0.0.9")
    assert not _logged_in(_login(client, staff.username, PASSWORD, address="10.0.0.9"))
    assert _logged_in(_login(client, staff.username, PASSWORD, address="10.0.0.10"))


def test_the_user_name_is_counted_whatever_its_case(client, staff, clock):
    for n in range(5):
        _login(client, staff.username.upper(), "sai", address=f"10.0.1.{n}")
    assert not _logged_in(_login(client, staff.username, PASSWORD, address="10.0.2.1"))


def test_wrong_passwords_on_the_confirmation_page_count_too(client, staff, clock):
    from kernel.reauth import PASSWORD_FIELD

    client.force_login(staff)
    for _ in range(5):
        client.post(reverse("reauth"), {PASSWORD_FIELD: "sai", "next": "/"})
    refused = client.post(reverse("reauth"), {PASSWORD_FIELD: PASSWORD, "next": "/"})
    assert refused.status_code == 400 and "reauth_at" not in client.session
