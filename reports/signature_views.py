"""The "Chữ ký số" box's actions on an issued document's page: prepare it for signing (staff), upload the signed
file for the step the document waits for, let the portal apply the organisation's signature, download the newest
signed file. Each action needs the user to see the document through its own scope helper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kernel.http import file_download
from kernel.lib import content_types
from kernel.roles import is_secretariat
from kernel.types import AuthenticatedHttpRequest
from reports.signature_models import SignedDocument, SignedRevision
from reports.signature_selectors import signable_visible_to, signed_documents_visible_to
from reports.signature_services import (
    PREPARE_PERMISSION,
    STEP_OF_STATE,
    STEP_PERMISSION,
    SignatureRefused,
    signed_document_prepare,
    signed_document_seal_server,
    signed_upload_accept,
)
from reports.signature_verification import MAX_SIGNED_PDF_BYTES


def document_page_url(kind: str, obj: Model) -> str:
    if kind == SignedDocument.Kind.STATISTICS:
        return reverse("reports:statistics-form", args=[obj.year, obj.form_code]) + "#chu-ky-so"  # type: ignore[attr-defined]
    names = {
        SignedDocument.Kind.REPORT: "reports:report-detail",
        SignedDocument.Kind.DECISION: "awards:decision-detail",
        SignedDocument.Kind.FORWARDING: "awards:dossier-detail",
        SignedDocument.Kind.MINUTES: "awards:meeting-detail",
    }
    return reverse(names[kind], args=[obj.pk]) + "#chu-ky-so"


def _visible_document(request: AuthenticatedHttpRequest, pk: int) -> SignedDocument:
    return get_object_or_404(signed_documents_visible_to(user=request.user), pk=pk)


@login_required
@require_POST
def signing_prepare(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    """Freeze an issued document's PDF for signing; the leader signs it next."""
    if kind not in SignedDocument.LINKS:
        raise Http404("No such kind of document.")
    if not (request.user.has_perm(PREPARE_PERMISSION) and is_secretariat(request.user)):
        raise PermissionDenied
    obj = get_object_or_404(signable_visible_to(user=request.user, kind=kind), pk=pk)
    try:
        signed_document_prepare(actor=request.user, obj=obj)
        messages.success(request, _("The document is ready for the leader's signature."))
    except SignatureRefused as error:
        messages.error(request, " ".join(error.messages))
    return redirect(document_page_url(kind, obj))


@login_required
@require_POST
def signing_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Keep the signed PDF uploaded for the step the document waits for, once verified."""
    document = _visible_document(request, pk)
    step = STEP_OF_STATE.get(document.state)
    if step is None or not request.user.has_perm(STEP_PERMISSION[step]):
        raise PermissionDenied
    upload = request.FILES.get("signed_pdf")
    try:
        if upload is None:
            raise SignatureRefused(_("Choose the signed PDF file to upload."))
        if upload.size is None or upload.size > MAX_SIGNED_PDF_BYTES:
            raise SignatureRefused(_("The file is larger than %(size)d MB.") % {"size": MAX_SIGNED_PDF_BYTES >> 20})
        signed_upload_accept(actor=request.user, document=document, pdf=upload.read(), expected_step=step)
        messages.success(request, _("The signed file was verified and kept."))
    except SignatureRefused as error:
        messages.error(request, _("The signed file was refused: %(reason)s") % {"reason": " ".join(error.messages)})
    return redirect(document_page_url(document.kind, document.linked))


@login_required
@require_POST
def signing_seal_server(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The organisation's signature applied by the portal's own certificate (REPORT_SIGNING_PKCS12)."""
    document = _visible_document(request, pk)
    if not request.user.has_perm(STEP_PERMISSION[SignedRevision.Step.SEAL]):
        raise PermissionDenied
    try:
        signed_document_seal_server(actor=request.user, document=document)
        messages.success(request, _("The organisation's signature was applied."))
    except SignatureRefused as error:
        messages.error(request, " ".join(error.messages))
    return redirect(document_page_url(document.kind, document.linked))


@login_required
@require_GET
def signing_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The newest accepted signed file of the document."""
    document = _visible_document(request, pk)
    revision = document.revisions.order_by("-uploaded_at", "-pk").first()
    if revision is None:
        raise Http404("Nothing signed yet.")
    suffix = "da-ky-so" if revision.step == SignedRevision.Step.SEAL else "lanh-dao-da-ky"
    return file_download(bytes(revision.pdf), content_types.PDF, f"van-ban-{document.pk}-{suffix}.pdf")


@login_required
@require_GET
def signing_frozen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The frozen PDF the leader signs: exactly the bytes every signed copy must start with."""
    document = get_object_or_404(
        SignedDocument.objects.filter(pk__in=signed_documents_visible_to(user=request.user)), pk=pk
    )
    return file_download(bytes(document.pdf), content_types.PDF, f"van-ban-{document.pk}-de-ky.pdf")
