"""Middleware of the portal: requests refused before any view (a NUL byte in the address), and responses with
personal data kept out of every cache."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
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
