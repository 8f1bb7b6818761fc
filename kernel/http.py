"""Small HTTP helpers shared by the apps' views."""

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme


def file_download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file to save under `filename`. RFC 6266 (filename*=UTF-8''…) keeps names such as BC-HĐND, whose letters
    are not Latin-1."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def next_url(request: HttpRequest, default: str) -> str:
    """Where a form sends back to (`next`, posted or in the address), only when it is a page of this site: another
    host, a scheme or a "/\\evil.example" that browsers read as one gives `default`."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return default
