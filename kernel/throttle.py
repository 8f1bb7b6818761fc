"""Login throttling: after LOGIN_FAILURE_LIMIT failed attempts for the same user name, or from the same address,
within LOGIN_FAILURE_WINDOW_SECONDS, further attempts are refused for LOGIN_LOCKOUT_SECONDS, without even
checking the password. Counts live in Django's cache (settings.CACHES; one shared cache is needed when the
portal runs in several processes). Failures are counted from the `user_login_failed` signal, so a wrong password
on the re-confirmation page counts too; a successful login clears the counts of its user name and address.

The address is REMOTE_ADDR: behind a reverse proxy, the proxy must pass the client's address there."""

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
from django.utils.translation import gettext_lazy as _

from audit.services import acting_user, audit_record

LOCKED_MESSAGE = _(
    "Too many failed log-in attempts. Log-in is blocked for 15 minutes for this user name or this computer; "
    "try again later or ask the administrator."
)


def _now() -> float:
    return time.time()


def _limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def _window() -> int:
    return getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)


def _lockout() -> int:
    return getattr(settings, "LOGIN_LOCKOUT_SECONDS", 15 * 60)


def _keys(request: HttpRequest | None, username: str) -> list[str]:
    keys = [f"login-throttle:user:{(username or '').strip().lower()}"]
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    if address:
        keys.append(f"login-throttle:ip:{address}")
    return keys


def is_locked(request: HttpRequest | None, username: str) -> bool:
    now = _now()
    return any(cache.get(f"{key}:locked-until", 0) > now for key in _keys(request, username))


def failure_record(request: HttpRequest | None, username: str) -> bool:
    """Counts one failed attempt; returns True when it locks the user name or the address."""
    now = _now()
    newly_locked = False
    for key in _keys(request, username):
        if cache.get(f"{key}:locked-until", 0) > now:
            continue
        failures = [t for t in cache.get(key, []) if now - t < _window()] + [now]
        if len(failures) >= _limit():
            cache.set(f"{key}:locked-until", now + _lockout(), timeout=_lockout())
            cache.delete(key)
            newly_locked = True
        else:
            cache.set(key, failures, timeout=_window())
    return newly_locked


def clear(request: HttpRequest | None, username: str) -> None:
    for key in _keys(request, username):
        cache.delete_many([key, f"{key}:locked-until"])


def _lockout_audit(request: HttpRequest | None, username: str) -> None:
    """The audit log names the account whose name was tried; a name that matches no account is logged on the
    user who was signed in (re-confirmation), or not at all."""
    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    actor = getattr(request, "user", None) if request is not None else None
    target = user or acting_user(actor)
    if target is None:
        return
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
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
