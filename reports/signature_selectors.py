"""Reads of the signing of issued documents: which documents a user may see (through the scope helper of what
each one signs), and what the "Chữ ký số" box of a document's page shows."""

from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from awards.scopes import decisions_visible_to, dossiers_visible_to, meetings_visible_to
from kernel.roles import is_secretariat
from kernel.types import Viewer
from reports.selectors import reports_visible_to
from reports.signature_models import SignedDocument, SignedRevision
from reports.signature_services import PREPARE_PERMISSION, STEP_OF_STATE, STEP_PERMISSION, signed_document_kind
from reports.signing import signing_configured
from reports.statistics_register import issued_statistics_visible_to


def signable_visible_to(*, user: Viewer, kind: str) -> QuerySet:
    """The documents of a kind the user may see, by the scope helper of their own model."""
    scopes = {
        SignedDocument.Kind.REPORT: reports_visible_to,
        SignedDocument.Kind.STATISTICS: issued_statistics_visible_to,
        SignedDocument.Kind.DECISION: decisions_visible_to,
        SignedDocument.Kind.FORWARDING: dossiers_visible_to,
        SignedDocument.Kind.MINUTES: meetings_visible_to,
    }
    return scopes[kind](user=user)


def signed_documents_visible_to(*, user: Viewer) -> QuerySet[SignedDocument]:
    """Documents for signature whose signed object the user may see."""
    visible = Q()
    for kind, link in SignedDocument.LINKS.items():
        visible |= Q(kind=kind, **{f"{link}__in": signable_visible_to(user=user, kind=kind).values("pk")})
    return SignedDocument.objects.filter(visible).defer("pdf")


@dataclass(frozen=True)
class SignatureBox:
    kind: str
    pk: int
    document: SignedDocument | None
    revisions: list[SignedRevision]
    can_prepare: bool
    # The step the user may upload for now ("leader", "seal"), or "" when none.
    upload_step: str
    can_seal_on_server: bool

    @property
    def latest(self) -> SignedRevision | None:
        return self.revisions[-1] if self.revisions else None


def signature_box(*, user: Viewer, obj: Model) -> SignatureBox:
    kind = signed_document_kind(obj)
    document = (
        SignedDocument.objects.filter(**{SignedDocument.LINKS[kind]: obj}).defer("pdf").first() if obj.pk else None
    )
    revisions: list[SignedRevision] = []
    step = ""
    if document is not None:
        revisions = list(document.revisions.defer("pdf").select_related("uploaded_by").prefetch_related("signatures"))
        waiting = STEP_OF_STATE.get(document.state)
        if waiting is not None and user.has_perm(STEP_PERMISSION[waiting]):
            step = waiting
    return SignatureBox(
        kind=kind,
        pk=obj.pk,
        document=document,
        revisions=revisions,
        can_prepare=document is None and user.has_perm(PREPARE_PERMISSION) and is_secretariat(user),
        upload_step=step,
        can_seal_on_server=step == SignedRevision.Step.SEAL and signing_configured(),
    )
