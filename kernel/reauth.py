"""Password re-confirmation for sensitive actions (issuing or annulling a decision, issuing a report, changing
users and roles in the administration).

Design: a sensitive action stays one ordinary POST form. `@recent_password_required` lets the POST through when
the user confirmed their password less than REAUTH_MAX_AGE_SECONDS ago (session["reauth_at"]). Otherwise nothing
is done: the POST's fields (not the CSRF token, never a password) are kept in the session under the action's
path and the user is redirected to the confirmation page (xac-nhan-mat-khau/?next=<path>). That page shows a
password field and carries the kept fields as hidden inputs; its form posts back to the action's own path. There
the decorator checks the password (django.contrib.auth.authenticate, so failures count towards login throttling),
records the time and an "auth.reauth" audit entry, and runs the action with the original data, in the same
request: no second click, no JavaScript, and a wrong password runs nothing. A view may first check its form
(`check=`), so that an input it would refuse anyway is refused before the password is asked for. Opened without a
pending action, the page confirms the password on its own (for example before opening the administration)."""

import functools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.services import audit_record
from kernel import throttle
from kernel.types import AuthenticatedHttpRequest

if TYPE_CHECKING:  # the mixin's methods extend a ModelAdmin's
    from django.contrib.admin import ModelAdmin

    _AdminBase = ModelAdmin[Any]
else:
    _AdminBase = object

SESSION_KEY = "reauth_at"
PENDING_KEY = "reauth_pending"
PASSWORD_FIELD = "reauth_password"
DEFAULT_MAX_AGE_SECONDS = 300
# Never kept in the session nor written back into a page.
_NOT_KEPT = ("csrfmiddlewaretoken", PASSWORD_FIELD)
_MAX_PENDING = 5


def _now() -> float:
    return time.time()


def max_age() -> int:
    return getattr(settings, "REAUTH_MAX_AGE_SECONDS", DEFAULT_MAX_AGE_SECONDS)


def is_recent(request: HttpRequest) -> bool:
    confirmed_at = request.session.get(SESSION_KEY)
    return confirmed_at is not None and 0 <= _now() - confirmed_at <= max_age()


def password_confirm(request: AuthenticatedHttpRequest, password: str) -> bool:
    """Checks the logged-in user's password; on success records the time and audits it. A locked-out user name
    or address is refused without checking."""
    user = request.user
    if throttle.is_locked(request, user.get_username()):
        return False
    confirmed = authenticate(request, username=user.get_username(), password=password)
    if confirmed is None or confirmed.pk != user.pk:
        return False
    request.session[SESSION_KEY] = _now()
    with transaction.atomic():
        audit_record(actor=user, action="auth.reauth", obj=user, before=None, after={"for": request.path})
    return True


def _keep(request: HttpRequest) -> None:
    """Keeps the POST's fields for the confirmation page to send again (newest five actions)."""
    data = [[key, value] for key, values in request.POST.lists() if key not in _NOT_KEPT for value in values]
    data = [[k, v] for k, v in data if "password" not in k]
    pending = {p: d for p, d in request.session.get(PENDING_KEY, {}).items() if p != request.path}
    pending[request.path] = data
    request.session[PENDING_KEY] = dict(list(pending.items())[-_MAX_PENDING:])


def _drop(request: HttpRequest) -> None:
    pending = request.session.get(PENDING_KEY, {})
    if request.path in pending:
        del pending[request.path]
        request.session[PENDING_KEY] = pending


def _to_confirm_page(request: HttpRequest, *, failed: bool) -> HttpResponse:
    _keep(request)
    if failed:
        messages.error(request, _("The password is not correct. Nothing was done."))
    return redirect(f"{reverse('reauth')}?{urlencode({'next': request.path})}")


def _without_password(request: HttpRequest) -> None:
    data = request.POST.copy()
    data.pop(PASSWORD_FIELD, None)
    data._mutable = False
    request.POST = data  # type: ignore[assignment]  # the stubs' immutable QueryDict is a type: data is made so above


def recent_password_required(
    view: Callable[..., HttpResponse] | None = None,
    *,
    check: Callable[..., HttpResponse | None] | None = None,
) -> Any:
    """For views that change something sensitive on POST. Put it below the permission check, so that a user
    without the permission is refused (403) before being asked for a password. Other methods pass through.

    `check(request, *args, **kwargs)`, when given, looks at the POST before the password is asked for (or checked)
    and returns a response to refuse it with (e.g. a required box left unticked), or None to go on. It must change
    nothing: the input is refused before the password is involved, so the user fixes it first and confirms the
    password once, for a request that can succeed. A valid input still needs the password as before."""
    if view is None:
        return functools.partial(recent_password_required, check=check)

    @functools.wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST" or is_recent(request):
            return view(request, *args, **kwargs)
        if check is not None and (refused := check(request, *args, **kwargs)) is not None:
            return refused
        if PASSWORD_FIELD not in request.POST:
            return _to_confirm_page(request, failed=False)
        if not password_confirm(request, request.POST[PASSWORD_FIELD]):
            return _to_confirm_page(request, failed=True)
        _drop(request)
        _without_password(request)
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@require_http_methods(["GET", "POST"])
def reauth_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The confirmation page. With a pending action (kept for ?next=) its form posts the kept fields and the
    password to the action; without one it confirms the password here and goes on to `next`."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = ""
    pending = request.session.get(PENDING_KEY, {}).get(next_url)
    error = ""
    if request.method == "POST" and pending is None:
        if password_confirm(request, request.POST.get(PASSWORD_FIELD, "")):
            return redirect(next_url or "home")
        error = _("The password is not correct.")
    locked = throttle.is_locked(request, request.user.get_username())
    context = {
        "next": next_url,
        "pending": pending,
        "action": next_url if pending is not None else reverse("reauth"),
        "error": error,
        "locked_message": throttle.LOCKED_MESSAGE if locked else "",
        "password_field": PASSWORD_FIELD,
        "max_minutes": max(1, max_age() // 60),
    }
    return render(request, "registration/reauth.html", context, status=400 if error else 200)


class RecentPasswordAdminMixin(_AdminBase):
    """For a ModelAdmin whose changes are sensitive (users, groups, unit accounts): saving or deleting asks for
    the password as the portal's own actions do. Fields named like a password are never kept, so a new user's
    password is typed again after the confirmation."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        view = recent_password_required(super().changeform_view)
        return view(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return recent_password_required(super().delete_view)(request, object_id, extra_context)
