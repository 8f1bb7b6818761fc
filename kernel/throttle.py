"""Login throttling. An account is locked for LOGIN_LOCKOUT_SECONDS after LOGIN_FAILURE_LIMIT failed attempts
(5) within LOGIN_FAILURE_WINDOW_SECONDS (15 minutes), whatever the addresses they came from, without even checking
the password while locked. An address is locked after LOGIN_UNKNOWN_NAME_LIMIT failures (20) with user names that
match no account, and then only for unknown names: behind a reverse proxy every office shares one address, and
failures against many names must not lock out its valid users, so an account name always gets its own count.

Counts live in Django's cache (settings.CACHES: by default a table of the database, shared by every process and
kept across restarts). Each count is `cache.add(key, 0)` then `cache.incr(key)`, both atomic (kernel/cache.py for
the database cache), so that parallel failures count exactly and the lockout and its audit entry happen once.
A window starts at its first failure. Failures are counted from the `user_login_failed` signal, so a wrong
password on the re-confirmation page counts too; a successful login clears its account's count.

The login's count of unknown names is kept per REMOTE_ADDR (behind the proxy, the proxy's: everyone shares it, as
said above); a lockout's audit entry and the public forms' throttle (`address_throttled`) name the client's own
address, as the trusted proxy forwards it (`client_address`)."""

import ipaddress
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit.services import acting_user, audit_record

LOCKED_MESSAGE = _(
    "Too many failed log-in attempts for this account. It is blocked for 15 minutes; try again later or ask the "
    "administrator."
)
ADDRESS_LOCKED_MESSAGE = _(
    "Too many log-in attempts from this computer with user names that do not exist. Log-in with a user name that "
    "does not exist is blocked here for 15 minutes; check the user name, or ask the administrator."
)


def _now() -> float:
    return time.time()


def _limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def _unknown_limit() -> int:
    return getattr(settings, "LOGIN_UNKNOWN_NAME_LIMIT", 20)


def _window() -> int:
    return getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)


def _lockout() -> int:
    return getattr(settings, "LOGIN_LOCKOUT_SECONDS", 15 * 60)


def _account(username: str) -> AbstractBaseUser | None:
    """The account a typed user name stands for, whatever its case (so that BANTDKT counts against bantdkt)."""
    name = (username or "").strip()
    if not name:
        return None
    User = get_user_model()
    return User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": name}).order_by("pk").first()


def _key(request: HttpRequest | None, username: str) -> tuple[str, int, Promise] | None:
    """The counter a failure with this user name counts on: its account's, or the address's for unknown names."""
    user = _account(username)
    if user is not None:
        return f"login-throttle:account:{user.pk}", _limit(), LOCKED_MESSAGE
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    if address:
        return f"login-throttle:unknown-names:{address}", _unknown_limit(), ADDRESS_LOCKED_MESSAGE
    return None


def _locked(key: str) -> bool:
    return cache.get(f"{key}:locked-until", 0) > _now()


def lock_message(request: HttpRequest | None, username: str) -> str | None:
    """Why a log-in with this user name from this request is refused before its password is checked, or None."""
    found = _key(request, username)
    if found is not None and _locked(found[0]):
        return str(found[2])
    return None


def is_locked(request: HttpRequest | None, username: str) -> bool:
    return lock_message(request, username) is not None


def _count(key: str, window: int | None = None) -> int:
    """One more failure in the key's current window; returns the window's count, counted atomically."""
    now, window = _now(), window or _window()
    start = cache.get(f"{key}:start")
    if start is None or now - start >= window:
        if start is not None:
            cache.delete(f"{key}:start")
        cache.add(f"{key}:start", now, timeout=window)
        start = cache.get(f"{key}:start", now)
    counter = f"{key}:{start!r}"
    cache.add(counter, 0, timeout=window)
    try:
        return cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.add(counter, 1, timeout=window)
        return 1


def failure_record(request: HttpRequest | None, username: str) -> bool:
    """Counts one failed attempt; returns True when this very failure locks the account or the address."""
    found = _key(request, username)
    if found is None:
        return False
    key, limit, _message = found
    if _locked(key):
        return False
    count = _count(key)
    if count < limit:
        return False
    cache.set(f"{key}:locked-until", _now() + _lockout(), timeout=_lockout())
    start = cache.get(f"{key}:start")
    cache.delete_many([f"{key}:start", f"{key}:{start!r}"])  # after the lockout, a new window
    return count == limit


def clear(request: HttpRequest | None, username: str) -> None:
    """A successful log-in clears its account's count (never the address's, which other people share)."""
    user = _account(username)
    if user is not None:
        key = f"login-throttle:account:{user.pk}"
        start = cache.get(f"{key}:start")
        cache.delete_many([f"{key}:start", f"{key}:{start!r}", f"{key}:locked-until"])


def _lockout_audit(request: HttpRequest | None, username: str) -> None:
    """The audit log names the account whose name was tried; a name that matches no account is logged on the
    user who was signed in (re-confirmation), or not at all."""
    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    actor = getattr(request, "user", None) if request is not None else None
    target = user or acting_user(actor)
    if target is None:
        return
    address = client_address(request) if request is not None else ""  # behind the proxy, the client's
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="auth.lockout",
            obj=target,
            before=None,
            after={"username": username, "address": address, "minutes": _lockout() // 60},
        )


@receiver(user_login_failed, dispatch_uid="kernel.throttle.failed")
def _on_login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = credentials.get("username", "")
    if failure_record(request, username):
        _lockout_audit(request, username)


@receiver(user_logged_in, dispatch_uid="kernel.throttle.logged_in")
def _on_logged_in(sender: object, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    clear(request, user.get_username())


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    """Whether the address is one of settings.TRUSTED_PROXIES: addresses or networks (10.0.0.0/8), or "*"."""
    if address is None:
        return False
    for proxy in settings.TRUSTED_PROXIES:
        try:
            if proxy.strip() == "*" or address in ipaddress.ip_network(proxy.strip(), strict=False):
                return True
        except ValueError:
            continue  # not an address: trusts nothing
    return False


def client_address(request: HttpRequest) -> str:
    """The address a client is counted on. Behind the documented proxy (nginx, then gunicorn on 127.0.0.1),
    REMOTE_ADDR is the proxy's for every citizen alike; nginx appends the address it saw to X-Forwarded-For, so from
    a trusted proxy (settings.TRUSTED_PROXIES) the client is the last entry of that header that is not a trusted
    proxy itself: whatever comes before it is what the client sent, and may be forged. An IPv6 client is counted
    by its /64, the network one subscriber is given (any address in it is theirs to use)."""
    address = _ip(request.META.get("REMOTE_ADDR") or "")
    if _trusted(address):
        for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            forwarded = _ip(hop)
            if forwarded is None:
                break  # a mangled header: the proxy's own address rather than a guess
            if not _trusted(forwarded):
                address = forwarded
                break
    if address is None:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else address)


def address_throttled(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Counts one more request of `scope` from the client's address (client_address) within `window` seconds,
    atomically in the shared cache; True once the address has gone past `limit` in the window. For forms anyone
    may send (a citizen's feedback on a public consultation)."""
    return _count(f"address-throttle:{scope}:{client_address(request)}", window) > limit
