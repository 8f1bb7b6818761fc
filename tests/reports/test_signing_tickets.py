"""Signing tickets, at the level of the views the VGCA Sign Service calls: the page's ticket gives two addresses, the
PDF to sign and the one that receives it signed, usable without a cookie, for one document's one step, by its
session, for a few minutes, once. Every other use is refused with its reason and changes nothing."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLog
from reports import ticket_views
from reports.models import SignedDocument, TrustRoot
from reports.signature_services import signed_document_prepare, signed_upload_accept
from reports.ticket_models import SigningTicket
from tests.reports.signing_helpers import identity, issued_statistics, pdf_blank, pdf_sign

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pki():
    ca = identity("CA thử nghiệm", "Ban Cơ yếu (thử)", ca=True)
    return {"ca": ca, "leader": identity("Nguyễn Văn Lãnh", "UBND tỉnh Lạng Sơn", issuer=ca)}


@pytest.fixture
def document(staff, pki):
    TrustRoot.objects.create(
        name="CA thử nghiệm",
        certificate=pki["ca"].der,
        subject="CA thử nghiệm",
        fingerprint_sha256="cd" * 32,
        not_after=pki["ca"].cert.not_valid_after_utc,
    )
    return signed_document_prepare(actor=staff, obj=issued_statistics(pdf_blank("0601")))


@pytest.fixture
def leader_client(leader):
    client = Client()
    client.force_login(leader)
    return client


def _sign(pdf: bytes, pki, field: str = "ChuKy_lanhdao") -> bytes:
    return pdf_sign(pdf, pki["leader"].signer(pki["ca"]), field=field)


def _ticket(client, document) -> dict:
    response = client.post(reverse("reports:signing-ticket", args=[document.pk]))
    assert response.status_code == 200, response.content
    answer = response.json()
    return {
        "service_url": answer["service_url"],
        "request": answer["request"],
        "pdf": urlsplit(answer["request"]["FileName"]).path,
        "upload": urlsplit(answer["request"]["FileUploadHandler"]).path,
    }


def _upload(path: str, pdf: bytes):
    """As the signing service posts: no cookie, the file in a form."""
    return Client().post(path, {"uploadfile": SimpleUploadedFile("signed.pdf", pdf, "application/pdf")})


def _state(document) -> tuple:
    document.refresh_from_db()
    used = SigningTicket.objects.filter(used_at__isnull=False).count()
    return document.state, document.revisions.count(), used, AuditLog.objects.count()


def test_the_service_fetches_and_posts_with_the_ticket_alone(leader_client, staff, document, pki):
    ticket = _ticket(leader_client, document)
    assert ticket["service_url"] == "wss://127.0.0.1:8987/SignApproved"
    assert ticket["request"]["SessionId"] == "" and ticket["request"]["JWTToken"] == ""  # the cookie stays home
    assert {"Key": "document", "Value": document.title} in ticket["request"]["MetaData"]

    download = Client().get(ticket["pdf"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content == bytes(document.pdf)

    answer = _upload(ticket["upload"], _sign(download.content, pki))
    assert answer.status_code == 200 and answer.json()["Status"] == 0, answer.content
    document.refresh_from_db()
    assert document.state == SignedDocument.State.AWAITING_SEAL
    assert document.revisions.get().uploaded_by.username == "lanhdao.ubnd"
    assert SigningTicket.objects.get().used_at is not None
    assert {"signing_ticket_issue", "signing_leader", "signing_ticket_use"} <= set(
        AuditLog.objects.values_list("action", flat=True)
    )

    # The seal's step: staff's ticket names the issue method and hands out the leader-signed copy; a raw body works.
    staff_client = Client()
    staff_client.force_login(staff)
    seal = _ticket(staff_client, document)
    assert seal["service_url"].endswith("/SignIssued")
    leader_signed = Client().get(seal["pdf"]).content
    assert leader_signed == bytes(document.revisions.get().pdf)
    posted = Client().post(seal["upload"], _sign(leader_signed, pki, "ChuKy_condau"), content_type="application/pdf")
    assert posted.json()["Status"] == 0, posted.content
    document.refresh_from_db()
    assert document.state == SignedDocument.State.COMPLETE


def test_a_used_ticket_is_refused(leader_client, document, pki):
    ticket = _ticket(leader_client, document)
    signed = _sign(bytes(document.pdf), pki)
    assert _upload(ticket["upload"], signed).json()["Status"] == 0
    before = _state(document)
    again = _upload(ticket["upload"], signed)
    assert again.status_code == 403 and "đã được dùng" in again.json()["Message"]
    assert Client().get(ticket["pdf"]).status_code == 403
    assert _state(document) == before


def test_an_expired_ticket_is_refused(leader_client, document, pki):
    ticket = _ticket(leader_client, document)
    SigningTicket.objects.update(
        created_at=timezone.now() - datetime.timedelta(minutes=10),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    before = _state(document)
    answer = _upload(ticket["upload"], _sign(bytes(document.pdf), pki))
    assert answer.status_code == 403 and "hết hạn" in answer.json()["Message"]
    assert Client().get(ticket["pdf"]).status_code == 403
    assert _state(document) == before


def test_a_ticket_dies_with_its_session(leader_client, document, pki):
    ticket = _ticket(leader_client, document)
    leader_client.logout()
    before = _state(document)
    answer = _upload(ticket["upload"], _sign(bytes(document.pdf), pki))
    assert answer.status_code == 403 and "đăng nhập lại" in answer.json()["Message"]
    assert Client().get(ticket["pdf"]).status_code == 403
    assert _state(document) == before


def test_another_documents_file_is_refused(leader_client, staff, document, pki):
    other = signed_document_prepare(actor=staff, obj=issued_statistics(pdf_blank("0602"), code="0602"))
    ticket = _ticket(leader_client, document)
    before, other_before = _state(document), _state(other)
    answer = _upload(ticket["upload"], _sign(bytes(other.pdf), pki))
    assert answer.status_code == 400 and answer.json()["Status"] != 0
    assert "0602" in answer.json()["Message"]
    assert _state(document) == before and _state(other) == other_before
    assert SigningTicket.objects.get().used_at is None


def test_a_step_not_the_users_is_refused(leader_client, staff, document, pki):
    # Staff may apply the seal, not the leader's signature the document waits for: no ticket.
    staff_client = Client()
    staff_client.force_login(staff)
    before = _state(document)
    refused = staff_client.post(reverse("reports:signing-ticket", args=[document.pk]))
    assert refused.status_code == 403 and "không được" in refused.json()["message"]
    assert not SigningTicket.objects.exists() and _state(document) == before

    # The leader's ticket, once the leader's step was done another way (an upload), no longer signs anything.
    ticket = _ticket(leader_client, document)
    signed = _sign(bytes(document.pdf), pki)
    signed_upload_accept(actor=document.signing_tickets.get().user, document=document, pdf=signed)
    before = _state(document)
    answer = _upload(ticket["upload"], _sign(bytes(document.pdf), pki))
    assert answer.status_code == 403 and "không còn chờ" in answer.json()["Message"]
    assert _state(document) == before


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n\x00\x00 hostile", b"<html>not a pdf</html>", "truncated"],
    ids=["nul-bytes", "not-a-pdf", "truncated"],
)
def test_hostile_files_are_refused(leader_client, document, pki, content):
    ticket = _ticket(leader_client, document)
    if content == "truncated":
        content = _sign(bytes(document.pdf), pki)[:-200]
    before = _state(document)
    answer = _upload(ticket["upload"], content)
    assert answer.status_code == 400 and answer.json()["Status"] != 0 and answer.json()["Message"]
    assert _state(document) == before


def test_no_file_an_oversized_file_and_an_unknown_ticket(leader_client, document, pki, monkeypatch):
    ticket = _ticket(leader_client, document)
    before = _state(document)
    assert Client().post(ticket["upload"], {"note": "x"}).status_code == 400
    monkeypatch.setattr(ticket_views, "SIGNED_PDF_MAX_BYTES", 1000)
    too_big = _upload(ticket["upload"], _sign(bytes(document.pdf), pki))
    assert too_big.status_code == 413 and "MB" in too_big.json()["Message"]
    unknown = reverse("reports:signing-ticket-upload", args=["x" * 43])
    assert _upload(unknown, b"%PDF").status_code == 403
    assert _state(document) == before


def test_who_may_ask_for_a_ticket(client, leader, clerk_a, document):
    url = reverse("reports:signing-ticket", args=[document.pk])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    client.force_login(clerk_a)  # another unit's clerk: the report is not theirs to see
    assert client.post(url).status_code == 404
    client.force_login(leader)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 200
    token_url = reverse("reports:signing-ticket-upload", args=["y" * 43])
    assert Client().get(token_url).status_code == 405
    assert Client().post(reverse("reports:signing-ticket-pdf", args=["y" * 43])).status_code == 405
