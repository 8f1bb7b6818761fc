"""The signing of issued documents: freezing the PDF a document is signed over, accepting a signed file for the
step the document waits for (the leader's signature, then the organisation's seal) after verifying it, and the
portal's own seal signature where the office keeps its certificate on the server (reports.signing)."""

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from audit.services import acting_user, audit_record
from awards.models import Decision, Dossier, Meeting
from kernel.types import Actor
from reports.models import IssuedStatistics, Report
from reports.signature_identify import issued_document_of
from reports.signature_models import RevisionSignature, SignedDocument, SignedRevision, TrustRoot
from reports.signature_verification import SignatureInfo, VerificationResult, pdf_revision_count, pdf_verify

STEP_OF_STATE: dict[str, str] = {
    SignedDocument.State.AWAITING_LEADER: SignedRevision.Step.LEADER,
    SignedDocument.State.AWAITING_SEAL: SignedRevision.Step.SEAL,
}
NEXT_STATE: dict[str, str] = {
    SignedRevision.Step.LEADER: SignedDocument.State.AWAITING_SEAL,
    SignedRevision.Step.SEAL: SignedDocument.State.COMPLETE,
}
# The permission a user needs for each step (kernel.roles: the leader role, the secretariat).
STEP_PERMISSION: dict[str, str] = {
    SignedRevision.Step.LEADER: "reports.sign_leader",
    SignedRevision.Step.SEAL: "reports.sign_seal",
}
PREPARE_PERMISSION = "reports.sign_seal"


class SignatureRefused(ValidationError):
    """A document cannot be prepared or a signed file cannot be accepted; the message says why, in Vietnamese."""


def signed_document_kind(obj: Model) -> str:
    kinds = {
        Report: SignedDocument.Kind.REPORT,
        IssuedStatistics: SignedDocument.Kind.STATISTICS,
        Decision: SignedDocument.Kind.DECISION,
        Dossier: SignedDocument.Kind.FORWARDING,
        Meeting: SignedDocument.Kind.MINUTES,
    }
    kind = kinds.get(type(obj))
    if kind is None:
        raise TypeError(f"{type(obj).__name__} is not a document that is signed")
    return kind


def signed_document_of(obj: Model) -> SignedDocument | None:
    kind = signed_document_kind(obj)
    return SignedDocument.objects.filter(**{SignedDocument.LINKS[kind]: obj}).first()


def _frozen_pdf(kind: str, obj: Any) -> tuple[str, bytes]:
    """The title and PDF bytes a document is signed over. Reports and statistics were frozen when issued; the
    others are rendered once now, and the bytes kept are what every signature must cover from then on."""
    not_issued = SignatureRefused(_("Only an issued document can be signed."))
    if kind == SignedDocument.Kind.REPORT:
        if not obj.is_issued:
            raise not_issued
        return f"{_('Report')} {obj.number_symbol}", bytes(obj.pdf)
    if kind == SignedDocument.Kind.STATISTICS:
        return f"{obj.form_number} ({obj.year})", bytes(obj.pdf)
    if kind == SignedDocument.Kind.DECISION:
        from reports.decision_files import decision_pdf_render_cached, decision_print

        if obj.status != Decision.Status.ISSUED:
            raise not_issued
        return f"{_('Decision')} {obj}", decision_pdf_render_cached(decision_print(obj))[1]
    if kind == SignedDocument.Kind.FORWARDING:
        from reports.forwarding_print import forwarding_pdf, letter_nominees

        nominees = letter_nominees(obj)
        if obj.forwarding_number is None or not nominees:
            raise SignatureRefused(_("The dossier has no recorded forwarding letter to sign."))
        title = f"{_('Forwarding letter')} {obj.forwarding_number}/{obj.forwarding_symbol}"
        return title, forwarding_pdf(obj, nominees)
    from reports.minutes_print import minutes_pdf

    if obj.status != Meeting.Status.CLOSED:
        raise SignatureRefused(_("The minutes can be signed once the meeting is closed."))
    return f"{_('Minutes')} {obj}", minutes_pdf(obj)


def _snapshot(document: SignedDocument) -> dict:
    return {"kind": document.kind, "state": document.state, "pdf_sha256": document.pdf_sha256}


def signed_document_prepare(*, actor: Actor, obj: Model) -> SignedDocument:
    """The document of `obj` waiting for signatures, created with its frozen PDF when it has none yet."""
    existing = signed_document_of(obj)
    if existing is not None:
        return existing
    kind = signed_document_kind(obj)
    title, pdf = _frozen_pdf(kind, obj)  # rendered outside the transaction: it holds no lock while it renders
    with transaction.atomic():
        type(obj)._default_manager.select_for_update().get(pk=obj.pk)  # two clicks at once make one document
        existing = signed_document_of(obj)
        if existing is not None:
            return existing
        document = SignedDocument.objects.create(
            kind=kind,
            title=title[:500],
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            prepared_by=acting_user(actor),
            **{SignedDocument.LINKS[kind]: obj},
        )
        audit_record(actor=actor, action="signing_prepare", obj=document, before=None, after=_snapshot(document))
    return document


def _refuse_other_document(document: SignedDocument, base: bytes, result: VerificationResult) -> None:
    if document.pdf_sha256 in result.prefix_hashes and len(base) != len(document.pdf):
        raise SignatureRefused(
            _("The file is this document, but it was not signed over the leader-signed copy the portal keeps.")
        )
    identified = issued_document_of(result)
    if identified is not None and identified.sha256 != document.pdf_sha256:
        raise SignatureRefused(
            _("The file is another issued document (%(other)s), not %(document)s.")
            % {"other": identified.title, "document": document.title}
        )
    raise SignatureRefused(
        _("The file does not start with the PDF the portal issued: its content was changed before it was signed.")
    )


def _check_signatures(result: VerificationResult, base: bytes, pdf: bytes) -> list[SignatureInfo]:
    new = [signature for signature in result.signatures if signature.revision_end > len(base)]
    if not new:
        raise SignatureRefused(_("The file carries no new signature."))
    if len(new) > 1:
        raise SignatureRefused(
            _("The file carries %(count)d new signatures; this step takes one.") % {"count": len(new)}
        )
    for position, signature in enumerate(result.signatures, start=1):
        if not signature.sound:
            raise SignatureRefused(
                _("Signature %(position)d (%(signer)s) is broken or the file was changed after it.")
                % {"position": position, "signer": signature.signer_name}
            )
    [signature] = new
    if signature.revision_end != len(pdf):
        raise SignatureRefused(_("The file has content added after its last signature."))
    # An update between the issued bytes and the signature (a changed page, say) would be signed yet unseen by
    # the byte-prefix check: the signature must be added in the very revision that follows the base.
    if signature.revision != pdf_revision_count(base):
        raise SignatureRefused(
            _("The file was changed after it was issued and before it was signed (an update lies between them).")
        )
    if not signature.trusted:
        raise SignatureRefused(
            _("The certificate of %(signer)s (issued by %(issuer)s) does not chain to a trust root of the portal.")
            % {"signer": signature.signer_name, "issuer": signature.issuer}
        )
    return new


def trust_roots_enabled() -> list[bytes]:
    return [bytes(root) for root in TrustRoot.objects.filter(enabled=True).values_list("certificate", flat=True)]


def signed_upload_accept(
    *, actor: Actor, document: SignedDocument, pdf: bytes, server_signed: bool = False, expected_step: str = ""
) -> SignedRevision:
    """Keep a signed file for the step the document waits for, once verified; otherwise SignatureRefused with
    nothing changed. `expected_step`: the step the user saw the document wait for; when another upload won the
    race for it, this one is refused as such, not judged against the next step."""
    with transaction.atomic():
        document = SignedDocument.objects.select_for_update().get(pk=document.pk)
        step = STEP_OF_STATE.get(document.state)
        if step is None:
            raise SignatureRefused(_("The document is already signed; it takes no more signatures."))
        if expected_step and step != expected_step:
            raise SignatureRefused(_("The document no longer waits for this signing step; open its page again."))
        if actor is not None and actor.is_authenticated and not actor.has_perm(STEP_PERMISSION[step]):
            raise SignatureRefused(_("Your role may not do this signing step."))
        if step == SignedRevision.Step.LEADER:
            base = bytes(document.pdf)
        else:
            base = bytes(document.revisions.get(step=SignedRevision.Step.LEADER).pdf)
        result = pdf_verify(pdf, trust_roots=trust_roots_enabled())
        if not result.is_pdf:
            raise SignatureRefused(result.error)
        if pdf == base:
            raise SignatureRefused(_("The file carries no new signature."))
        if len(pdf) <= len(base) or not pdf.startswith(base):
            _refuse_other_document(document, base, result)
        _check_signatures(result, base, pdf)
        before = _snapshot(document)
        revision = SignedRevision.objects.create(
            document=document,
            step=step,
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            server_signed=server_signed,
            uploaded_by=acting_user(actor),
        )
        RevisionSignature.objects.bulk_create(
            RevisionSignature(
                revision=revision,
                position=position,
                field_name=signature.field_name[:255],
                signer_name=signature.signer_name[:255],
                organisation=signature.organisation[:255],
                signing_time=signature.signing_time,
                subject=signature.subject[:1000],
                issuer=signature.issuer[:1000],
                serial=signature.serial[:100],
                fingerprint_sha256=signature.fingerprint_sha256,
                trusted=signature.trusted,
            )
            for position, signature in enumerate(result.signatures, start=1)
        )
        document.state = NEXT_STATE[step]
        document.save(update_fields=["state"])
        after = {**_snapshot(document), "revision_sha256": revision.pdf_sha256, "step": step}
        audit_record(actor=actor, action=f"signing_{step}", obj=document, before=before, after=after)
    return revision


def signed_document_latest_pdf(*, obj: Model) -> bytes | None:
    """The newest accepted signed file of the document of `obj`, or None when nothing signed was accepted yet."""
    document = signed_document_of(obj)
    if document is None:
        return None
    revision = document.revisions.order_by("-uploaded_at", "-pk").only("pdf").first()
    return bytes(revision.pdf) if revision is not None else None


def signed_document_seal_server(*, actor: Actor, document: SignedDocument) -> SignedRevision:
    """The organisation's signature applied by the portal's own certificate (REPORT_SIGNING_PKCS12) over the
    leader-signed revision, with the seal appearance of Nghị định 30/2020, then verified like an upload."""
    from reports.signing import pdf_sign_seal, signing_configured

    if not signing_configured():
        raise SignatureRefused(_("No organisation certificate is configured on the server."))
    document = SignedDocument.objects.get(pk=document.pk)  # the state as stored, not as the caller last read it
    if document.state != SignedDocument.State.AWAITING_SEAL:
        raise SignatureRefused(_("The document does not wait for the organisation's signature."))
    leader = document.revisions.get(step=SignedRevision.Step.LEADER)
    signed = pdf_sign_seal(bytes(leader.pdf))
    return signed_upload_accept(actor=actor, document=document, pdf=signed, server_signed=True)
