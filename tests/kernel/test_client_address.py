"""The address a public form's throttle counts a client on: behind the documented proxy (nginx on the same machine,
REMOTE_ADDR 127.0.0.1 for everyone) the address nginx appended to X-Forwarded-For, never what the client wrote
before it; from anyone else, REMOTE_ADDR whatever the header says; an IPv6 client by its /64."""

import pytest
from django.test import RequestFactory

from kernel.throttle import client_address


def _address(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().post("/cong-khai/", REMOTE_ADDR=remote, **extra))


def test_behind_the_proxy_each_citizen_is_counted_on_their_own_address():
    assert _address("127.0.0.1", "198.51.100.1") == "198.51.100.1"
    assert _address("127.0.0.1", "198.51.100.2") == "198.51.100.2"
    assert _address("::1", "198.51.100.3") == "198.51.100.3"


@pytest.mark.parametrize("forged", ["1.2.3.4", "1.2.3.4, 5.6.7.8", "127.0.0.1", "nonsense"])
def test_what_the_client_wrote_before_the_proxys_entry_is_ignored(forged):
    assert _address("127.0.0.1", f"{forged}, 198.51.100.1") == "198.51.100.1"


def test_a_client_reaching_the_server_directly_cannot_choose_its_address():
    assert _address("203.0.113.9", "198.51.100.1") == "203.0.113.9"
    assert _address("203.0.113.9", "1.2.3.4, 5.6.7.8") == "203.0.113.9"


def test_without_or_with_a_mangled_header_the_proxys_own_address_counts():
    assert _address("127.0.0.1") == "127.0.0.1"
    assert _address("127.0.0.1", "") == "127.0.0.1"
    assert _address("127.0.0.1", "198.51.100.1, <script>") == "127.0.0.1"


def test_an_ipv6_client_is_counted_by_its_network(settings):
    assert _address("2001:db8:1:2::1") == _address("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert _address("2001:db8:1:3::1") != _address("2001:db8:1:2::1")
    assert _address("127.0.0.1", "2001:db8:1:2::77") == "2001:db8:1:2::/64"
    assert _address("::ffff:203.0.113.9") == "203.0.113.9"


def test_the_proxies_are_a_setting(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    assert _address("127.0.0.1", "198.51.100.1") == "127.0.0.1"
    assert _address("10.0.0.5", "198.51.100.1, 10.0.0.5") == "198.51.100.1"


def test_the_proxies_may_be_networks_and_a_wrong_entry_trusts_nothing(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "not-an-address"]
    assert _address("10.1.2.3", "198.51.100.1") == "198.51.100.1"
    assert _address("127.0.0.1", "198.51.100.1") == "127.0.0.1"
