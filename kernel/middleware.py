"""Middleware of the portal: requests refused before any view (a NUL byte in the address), and responses with
personal data kept out of every cache."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


class RefuseNulMiddleware:
    """A NUL byte anywhere in the query string (a search box, a filter) or the path: PostgreSQL refuses it in any
    text and every view would answer 500. Refused here with a Vietnamese 400 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            message = _(
                "The address holds an invisible control character (NUL), maybe pasted from another program: "
                "type the search again without it."
            )
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


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
