"""Signing through the VGCA Sign Service: the page asks for a ticket (logged in, with its CSRF token); the service
then fetches the PDF and posts the signed file with the ticket alone. Those two views read no cookie and no session
of the request: the ticket in the address is their whole authorisation, which is why they, and only they, are
CSRF-exempt (a forged request carries no ticket)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from kernel.http import file_download
from kernel.types import AuthenticatedHttpRequest
from reports import vgca
from reports.signature_selectors import signed_documents_visible_to
from reports.signature_services import SignatureRefused
from reports.ticket_services import (
    TicketRefused,
    signing_ticket_issue,
    signing_ticket_pdf,
    signing_ticket_upload,
    signing_ticket_valid,
)

SIGNED_PDF_MAX_BYTES = 40 * 1024 * 1024


def _message(error: Exception) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


@login_required
@require_POST
def signing_ticket_create(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    document = get_object_or_404(signed_documents_visible_to(user=request.user), pk=pk)
    try:
        ticket, token = signing_ticket_issue(
            actor=request.user, document=document, session_key=request.session.session_key or ""
        )
    except TicketRefused as error:
        return JsonResponse({"message": _message(error)}, status=403)
    answer = vgca.sign_request(
        step=ticket.step,
        file_url=request.build_absolute_uri(reverse("reports:signing-ticket-pdf", args=[token])),
        upload_url=request.build_absolute_uri(reverse("reports:signing-ticket-upload", args=[token])),
        metadata={"document": document.title, "step": ticket.get_step_display()},
    )
    response = JsonResponse(answer)
    add_never_cache_headers(response)
    return response


@require_GET
def signing_ticket_pdf_download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        ticket = signing_ticket_valid(token=token)
    except TicketRefused as error:
        raise PermissionDenied(_message(error)) from error
    response = file_download(signing_ticket_pdf(ticket=ticket), "application/pdf", f"van-ban-{ticket.document_id}.pdf")
    add_never_cache_headers(response)
    return response


@csrf_exempt
@require_POST
def signing_ticket_upload_receive(request: HttpRequest, token: str) -> JsonResponse:
    try:
        signing_ticket_valid(token=token)  # before the file is read: a dead ticket costs no upload
        uploaded = vgca.upload_read(request, max_bytes=SIGNED_PDF_MAX_BYTES)
        if uploaded is None:
            raise SignatureRefused(_("No PDF file was received."))
        signing_ticket_upload(token=token, pdf=uploaded.content)
    except TicketRefused as error:
        return JsonResponse(vgca.upload_answer(ok=False, message=_message(error)), status=403)
    except vgca.UploadTooLarge:
        return JsonResponse(
            vgca.upload_answer(
                ok=False,
                message=_("The signed file is over %(size)d MB: it was not received.")
                % {"size": SIGNED_PDF_MAX_BYTES // 2**20},
            ),
            status=413,
        )
    except SignatureRefused as error:
        return JsonResponse(vgca.upload_answer(ok=False, message=_message(error)), status=400)
    return JsonResponse(vgca.upload_answer(ok=True, message=_("The signed document was received and verified.")))
