"""Middleware of the portal: requests refused before any view (a NUL byte in the address), and responses with
personal data kept out of every cache."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

V = TypeVar("V", bound=Callable[..., Any])


def answers_nul_itself(view: V) -> V:
    """Marks a view whose form refuses a NUL byte with an answer of its own (a JSON endpoint's errors), which
    RefuseNulMiddleware then leaves to it."""
    view.answers_nul_itself = True  # type: ignore[attr-defined]
    return view


class RefuseNulMiddleware:
    """A NUL byte anywhere in the query string (a search box, a filter): PostgreSQL refuses it in any text and
    views would answer 500. Refused here, once the view is known, with a Vietnamese 400 page (a NUL in the path
    matches no URL: 404)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        if getattr(view, "answers_nul_itself", False):
            return None
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            message = _(
                "The address holds an invisible control character (NUL), maybe pasted from another program: "
                "type the search again without it."
            )
            return render(request, "400.html", {"message": message}, status=400)
        return None


class NoStoreForUsersMiddleware:
    """Every response to a logged-in person (pages, exports and downloads of decisions, dossiers, people,
    reports, appendices) carries `Cache-Control: no-store, private`, so that no browser or proxy keeps a copy of
    personal data; a view that set its own caching keeps it. Static files never get here: WhiteNoise answers them
    earlier in the chain."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response
