"""Small HTTP helpers shared by the apps' views."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def file_download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file to save under `filename`. RFC 6266 (filename*=UTF-8''…) keeps names such as BC-HĐND, whose letters
    are not Latin-1."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
