"""Signing tickets (reports/ticket_models.py): issued to the person allowed to do a document's current signing step,
checked when the signing program fetches the PDF or posts it back signed, used up by the first accepted upload.

A ticket is refused, with its reason in Vietnamese, once it has expired, once it was used, once the session that
asked for it has ended (logout, expiry, a password change), once the person lost the right to the step, and once the
document no longer waits for that step. A refused ticket changes nothing."""

import datetime
import hashlib
import secrets
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from audit.services import audit_record
from kernel.types import Actor
from reports.signature_models import SignedDocument, SignedRevision
from reports.signature_services import STEP_OF_STATE, STEP_PERMISSION, signed_upload_accept
from reports.ticket_models import SigningTicket


class TicketRefused(ValidationError):
    """The ticket does not authorise this request; the message says why, in Vietnamese."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def document_step(document: SignedDocument) -> str | None:
    """The step the document waits for: the leader's signature, the seal, or None once complete."""
    return STEP_OF_STATE.get(SignedDocument.State(document.state))


def may_sign_step(user: Actor, document: SignedDocument) -> bool:
    step = document_step(document)
    if step is None or user is None or not user.is_authenticated:
        return False
    return user.has_perm(STEP_PERMISSION[SignedRevision.Step(step)])


def _snapshot(ticket: SigningTicket) -> dict:
    return {
        "document": ticket.document_id,
        "step": ticket.step,
        "expires_at": ticket.expires_at.isoformat(),
        "used_at": ticket.used_at.isoformat() if ticket.used_at else None,
    }


def signing_ticket_issue(*, actor: User, document: SignedDocument, session_key: str) -> tuple[SigningTicket, str]:
    """A new ticket for the step `document` waits for, and its token (given once, never stored)."""
    if not session_key:
        raise TicketRefused(_("Your session has ended: log in again, then sign."))
    with transaction.atomic():
        document = SignedDocument.objects.select_for_update().get(pk=document.pk)
        step = document_step(document)
        if step is None:
            raise TicketRefused(_("The document is already signed; it takes no more signatures."))
        if not may_sign_step(actor, document):
            raise TicketRefused(_("Your role may not do the signing step this document waits for."))
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        ticket = SigningTicket.objects.create(
            document=document,
            step=step,
            user=actor,
            session_key=session_key,
            token_sha256=token_hash(token),
            created_at=now,
            expires_at=now + datetime.timedelta(seconds=settings.VGCA_TICKET_SECONDS),
        )
        audit_record(actor=actor, action="signing_ticket_issue", obj=ticket, before=None, after=_snapshot(ticket))
    return ticket, token


def _session_open(ticket: SigningTicket) -> bool:
    """The session that asked for the ticket is still open and still the ticket's user's, as django.contrib.auth
    would find it (an ended, flushed or expired session loads empty; a changed password changes the hash)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=ticket.session_key)
    data = store.load()
    if str(data.get(SESSION_KEY, "")) != str(ticket.user_id) or not data.get(BACKEND_SESSION_KEY):
        return False
    user = ticket.user
    return constant_time_compare(str(data.get(HASH_SESSION_KEY, "")), user.get_session_auth_hash())


def _ticket_check(ticket: SigningTicket | None) -> SigningTicket:
    if ticket is None:
        raise TicketRefused(_("This signing link is not valid. Press “Ký số” again on the document's page."))
    if ticket.used_at is not None:
        raise TicketRefused(_("This signing link was already used. Press “Ký số” again on the document's page."))
    if ticket.expires_at <= timezone.now():
        raise TicketRefused(_("This signing link has expired. Press “Ký số” again on the document's page."))
    if not ticket.user.is_active or not _session_open(ticket):
        raise TicketRefused(_("The session that asked for this signing link has ended: log in again, then sign."))
    if document_step(ticket.document) != ticket.step:
        raise TicketRefused(_("The document no longer waits for this signing step; open its page again."))
    if not may_sign_step(ticket.user, ticket.document):
        raise TicketRefused(_("Your role may not do the signing step this document waits for."))
    return ticket


def signing_ticket_valid(*, token: str) -> SigningTicket:
    """The ticket of `token`, when it may still be used; TicketRefused otherwise."""
    ticket = SigningTicket.objects.select_related("document", "user").filter(token_sha256=token_hash(token)).first()
    return _ticket_check(ticket)


def signing_ticket_pdf(*, ticket: SigningTicket) -> bytes:
    """The PDF the ticket's step signs: the frozen PDF for the leader, the leader-signed revision for the seal."""
    document = ticket.document
    if ticket.step == SignedRevision.Step.SEAL:
        return bytes(document.revisions.get(step=SignedRevision.Step.LEADER).pdf)
    return bytes(document.pdf)


def signing_ticket_upload(*, token: str, pdf: bytes) -> SignedRevision:
    """Accept the signed file the program posted, as the ticket's user (signed_upload_accept verifies it), and use
    the ticket up, in one transaction: a refused file (SignatureRefused) or ticket (TicketRefused) changes nothing."""
    with transaction.atomic():
        ticket = (
            SigningTicket.objects.select_for_update(of=("self",))
            .select_related("document", "user")
            .filter(token_sha256=token_hash(token))
            .first()
        )
        ticket = _ticket_check(ticket)
        before = _snapshot(ticket)
        revision = signed_upload_accept(actor=ticket.user, document=ticket.document, pdf=pdf, expected_step=ticket.step)
        ticket.used_at = timezone.now()
        ticket.save(update_fields=["used_at"])
        audit_record(actor=ticket.user, action="signing_ticket_use", obj=ticket, before=before, after=_snapshot(ticket))
    return revision
