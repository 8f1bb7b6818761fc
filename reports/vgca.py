"""The VGCA Sign Service's protocol, server side: every fact about it lives here (and, for the browser, in
thiduakhenthuong/static/js/vgca_sign.js), read from settings.

The protocol is a LEAD, not a specification (research notes, domain-current-regime.md §Q6: public code calling Ban
Cơ yếu's obfuscated vgcaplugin.js, which the portal does not ship). As far as it is known, the browser opens a
WebSocket to the service installed on the signer's computer, at `<VGCA_SERVICE_URL>/<method>`, and sends one JSON
request {FileName: the PDF's URL, FileUploadHandler: the URL that receives the signed PDF, SessionId, JWTToken,
MetaData: [{Key, Value}]}; the service downloads the file, signs it with the USB token, posts it to the handler and
answers {Status: 0 when it went well, Message, FileServer}. Neither what the service posts (field name, encoding) nor
what it expects back from the handler is known: the handler takes the first file of a form or a raw PDF body, and
answers in the callback's own shape. If Ban Cơ yếu's documentation says otherwise, this module and the script are
what change.

The service fetches and posts without the browser's cookies: the two URLs carry a signing ticket
(reports/ticket_services.py) and SessionId and JWTToken stay empty, so that the session's cookie is never handed to
another program."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

# What the callback's Status means: 0 is success (LEAD; 14 and 28 were seen as errors, meaning unknown).
STATUS_OK = 0
# The handler's own refusal: any non-zero status is an error to the service and the page.
STATUS_REFUSED = 1


@dataclass(frozen=True)
class UploadedPdf:
    """What a signing service posted: the PDF's bytes and the name it gave them."""

    content: bytes
    name: str


def service_origin(url: str) -> str:
    """The scheme, host and port of the service's address, as the Content Security Policy's connect-src needs it."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def method_for_step(step: str) -> str:
    """The service's method for a signing step: the organisation's (issue) signature applied by the clerk for the
    seal, the competent person's approval signature for the leader."""
    return settings.VGCA_METHOD_ISSUED if step == "seal" else settings.VGCA_METHOD_APPROVED


def method_url(method: str) -> str:
    return f"{settings.VGCA_SERVICE_URL.rstrip('/')}/{method}"


def page_config() -> dict[str, Any]:
    """What the page's script needs before any ticket: where to probe the service, and for how long."""
    return {
        "probe_url": method_url(settings.VGCA_METHOD_VERSION),
        "probe_timeout_ms": settings.VGCA_PROBE_TIMEOUT_MS,
    }


def sign_request(*, step: str, file_url: str, upload_url: str, metadata: dict[str, str]) -> dict[str, Any]:
    """The WebSocket address and the JSON request the page sends to the service for one ticket."""
    return {
        "service_url": method_url(method_for_step(step)),
        "request": {
            "FileName": file_url,
            "FileUploadHandler": upload_url,
            "SessionId": "",
            "JWTToken": "",
            "MetaData": [{"Key": key, "Value": value} for key, value in metadata.items()],
        },
    }


class UploadTooLarge(Exception):
    """The posted file is over the limit: refused before it is read into memory."""


def upload_read(request: HttpRequest, *, max_bytes: int) -> UploadedPdf | None:
    """The PDF a service posted: the first file of a multipart form, whatever its field's name, or the body itself
    when it is sent raw (application/pdf or application/octet-stream). None when neither is there; UploadTooLarge
    past `max_bytes`, found before the bytes are read."""
    if request.content_type == "multipart/form-data":
        for name in request.FILES:
            uploaded = request.FILES.get(name)
            if uploaded is None:
                continue
            if uploaded.size is not None and uploaded.size > max_bytes:
                raise UploadTooLarge
            return UploadedPdf(content=uploaded.read(), name=uploaded.name or "")
        return None
    if request.content_type in {"application/pdf", "application/octet-stream"}:
        # Read from the stream, not request.body, whose limit (DATA_UPLOAD_MAX_MEMORY_SIZE) is for forms.
        content = request.read(max_bytes + 1)
        if len(content) > max_bytes:
            raise UploadTooLarge
        return UploadedPdf(content=content, name="") if content else None
    return None


def upload_answer(*, ok: bool, message: str, file_url: str = "") -> dict[str, Any]:
    """The handler's answer to the service, in the shape of the callback the service gives the page."""
    return {
        "Status": STATUS_OK if ok else STATUS_REFUSED,
        "Message": message,
        "FileServer": file_url,
    }
