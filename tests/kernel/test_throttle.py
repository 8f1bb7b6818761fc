"""Login throttling, on the production default cache (a table of the database): five failures for an account
within 15 minutes block it for 15 minutes from any address; twenty unknown user names from one address block that
address for unknown names only."""

import threading

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.models import AuditLog
from kernel import throttle
from kernel.cache import DatabaseCache

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"
DATABASE_CACHE = {"default": {"BACKEND": "kernel.cache.DatabaseCache", "LOCATION": "portal_cache"}}


@pytest.fixture(autouse=True)
def database_cache(settings):
    settings.CACHES = DATABASE_CACHE
    assert isinstance(caches["default"], DatabaseCache)
    cache.clear()


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


def test_the_sixth_wrong_password_is_refused_even_from_another_address(client, staff, clock):
    for n in range(5):
        _login(client, staff.username, "sai", address=f"10.0.3.{n}")
    refused = _login(client, staff.username, PASSWORD, address="10.0.4.1")
    assert not _logged_in(refused) and refused.context["form"].throttled
    assert "Tài khoản này" in refused.content.decode()
    assert AuditLog.objects.filter(action="auth.lockout", object_id=str(staff.pk)).count() == 1


def test_twenty_unknown_names_from_an_address_do_not_lock_its_valid_users(client, staff, clerk_a, clock):
    for n in range(20):
        assert _login(client, f"khong.ton.tai.{n}", "sai", address="10.0.0.9").status_code == 200
    refused = _login(client, "khong.ton.tai.moi", "sai", address="10.0.0.9")
    assert refused.context["form"].throttled
    assert "tên đăng nhập không tồn tại" in refused.content.decode()
    assert _logged_in(_login(client, staff.username, PASSWORD, address="10.0.0.9"))
    client.logout()
    assert _logged_in(_login(client, clerk_a.username, PASSWORD, address="10.0.0.9"))
    other = _login(client, "khong.ton.tai.moi", "sai", address="10.0.0.10")
    assert not other.context["form"].throttled  # another address is not concerned


def test_nineteen_unknown_names_do_not_lock_the_address(client, clock):
    for n in range(19):
        _login(client, f"khong.ton.tai.{n}", "sai", address="10.0.0.9")
    assert not _login(client, "khong.ton.tai.x", "sai", address="10.0.0.9").context["form"].throttled


def test_counts_hold_across_two_clients_and_a_new_cache_connection(staff, clock):
    first, second = Client(), Client()
    for n in range(3):
        _login(first if n % 2 else second, staff.username, "sai", address=f"10.0.5.{n}")
    caches["default"].close()
    del caches["default"]  # the next use connects anew; the counts are in the database, not in the object
    for _ in range(2):
        _login(second, staff.username, "sai", address="10.0.6.1")
    assert not _logged_in(_login(first, staff.username, PASSWORD, address="10.0.6.2"))
    assert AuditLog.objects.filter(action="auth.lockout").count() == 1


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


@pytest.mark.django_db(transaction=True)
def test_parallel_increments_of_the_database_cache_count_exactly():
    counter = DatabaseCache("portal_cache", {})
    counter.add("parallel", 0, timeout=60)
    errors = []

    def add_five():
        try:
            for _ in range(5):
                counter.incr("parallel")
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add_five) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and counter.get("parallel") == 40
    assert counter.incr("parallel", 2) == 42
    counter.delete("parallel")
    with pytest.raises(ValueError):
        counter.incr("parallel")


def test_the_lockouts_audit_entry_names_the_clients_address_behind_the_proxy(client, staff, clock):
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": staff.username, "password": "sai"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.4",
        )
    assert AuditLog.objects.get(action="auth.lockout").after["address"] == "198.51.100.4"
