"""Signed copies of issued documents: a file signed by a certificate of the throwaway CA is accepted step by step
(the leader's, then the seal), and a file that is not an intact signed copy of that document is refused with the
reason and nothing changed."""

import pytest
from django.db import DatabaseError, transaction

from audit.models import AuditLog
from reports.models import SignedDocument, SignedRevision, TrustRoot
from reports.signature_services import (
    SignatureRefused,
    signed_document_latest_pdf,
    signed_document_prepare,
    signed_upload_accept,
)
from tests.reports.signing_helpers import identity, issued_statistics, pdf_blank, pdf_sign

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pki():
    ca = identity("CA thử nghiệm", "Ban Cơ yếu (thử)", ca=True)
    return {
        "ca": ca,
        "leader": identity("Nguyễn Văn Lãnh", "UBND tỉnh Lạng Sơn", issuer=ca),
        "seal": identity("UBND tỉnh Lạng Sơn", "UBND tỉnh Lạng Sơn", issuer=ca),
        "rogue": identity("Kẻ Giả Mạo", "Không rõ", ca=True),
    }


@pytest.fixture
def trusted(pki):
    return TrustRoot.objects.create(
        name="CA thử nghiệm",
        certificate=pki["ca"].der,
        subject="CA thử nghiệm",
        fingerprint_sha256="ab" * 32,
        not_after=pki["ca"].cert.not_valid_after_utc,
    )


@pytest.fixture
def document(staff, trusted):
    return signed_document_prepare(actor=staff, obj=issued_statistics(pdf_blank("0601")))


def _sign(pdf: bytes, pki, who: str) -> bytes:
    return pdf_sign(pdf, pki[who].signer(pki["ca"]), field=f"ChuKy_{who}")


def _state(document):
    document.refresh_from_db()
    return (document.state, document.revisions.count(), AuditLog.objects.count())


def test_prepare_freezes_the_issued_pdf_once(staff, document):
    assert document.state == SignedDocument.State.AWAITING_LEADER
    assert bytes(document.pdf) == bytes(document.statistics.pdf)
    assert signed_document_prepare(actor=staff, obj=document.statistics).pk == document.pk
    assert AuditLog.objects.filter(action="signing_prepare").count() == 1
    assert signed_document_latest_pdf(obj=document.statistics) is None


def test_the_leader_then_the_seal_sign_in_order(staff, leader, document, pki):
    by_leader = _sign(bytes(document.pdf), pki, "leader")
    revision = signed_upload_accept(actor=leader, document=document, pdf=by_leader)

    document.refresh_from_db()
    assert document.state == SignedDocument.State.AWAITING_SEAL
    [signature] = revision.signatures.all()
    assert (signature.signer_name, signature.organisation, signature.trusted) == (
        "Nguyễn Văn Lãnh",
        "UBND tỉnh Lạng Sơn",
        True,
    )
    assert signature.signing_time is not None

    sealed = _sign(by_leader, pki, "seal")
    revision = signed_upload_accept(actor=staff, document=document, pdf=sealed)

    document.refresh_from_db()
    assert document.state == SignedDocument.State.COMPLETE
    assert [s.signer_name for s in revision.signatures.all()] == ["Nguyễn Văn Lãnh", "UBND tỉnh Lạng Sơn"]
    assert signed_document_latest_pdf(obj=document.statistics) == sealed
    assert list(
        AuditLog.objects.filter(object_id=str(document.pk)).order_by("pk").values_list("action", flat=True)
    ) == [
        "signing_prepare",
        "signing_leader",
        "signing_seal",
    ]
    with pytest.raises(SignatureRefused, match="đã được ký"):
        signed_upload_accept(
            actor=staff, document=document, pdf=pdf_sign(sealed, pki["leader"].signer(pki["ca"]), field="Them")
        )


def test_the_seal_cannot_come_first_nor_the_wrong_role_sign(staff, leader, clerk_a, document, pki):
    both = _sign(_sign(bytes(document.pdf), pki, "leader"), pki, "seal")
    before = _state(document)
    with pytest.raises(SignatureRefused, match="2 chữ ký mới"):
        signed_upload_accept(actor=leader, document=document, pdf=both)
    with pytest.raises(SignatureRefused, match="không được"):
        signed_upload_accept(actor=staff, document=document, pdf=_sign(bytes(document.pdf), pki, "leader"))
    with pytest.raises(SignatureRefused, match="không được"):
        signed_upload_accept(actor=clerk_a, document=document, pdf=_sign(bytes(document.pdf), pki, "leader"))
    assert _state(document) == before


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda doc, pki: _sign(pdf_blank("0601 đã sửa"), pki, "leader"), "nội dung đã bị thay đổi"),
        (lambda doc, pki: pdf_sign(bytes(doc.pdf), pki["rogue"].signer()), "không thuộc"),
        (lambda doc, pki: _sign(bytes(doc.pdf), pki, "leader")[:-300], "không đầy đủ"),
        (lambda doc, pki: b"PK\x03\x04 not a pdf", "không phải là PDF"),
        (lambda doc, pki: b"%PDF-1.7\x00\x00\x00" * 100, "không đầy đủ"),
        (lambda doc, pki: bytes(doc.pdf), "không có chữ ký mới"),
    ],
    ids=["altered-before-signing", "untrusted-certificate", "truncated", "not-a-pdf", "nul-bytes", "unsigned"],
)
def test_a_file_that_is_not_an_intact_signed_copy_is_refused_and_nothing_changes(leader, document, pki, make, reason):
    before = _state(document)
    with pytest.raises(SignatureRefused, match=reason):
        signed_upload_accept(actor=leader, document=document, pdf=make(document, pki))
    assert _state(document) == before
    assert not SignedRevision.objects.exists()


def test_a_signed_pdf_of_another_document_is_refused_naming_it(staff, leader, document, pki):
    other = signed_document_prepare(actor=staff, obj=issued_statistics(pdf_blank("0602"), code="0602"))
    before = _state(document)
    with pytest.raises(SignatureRefused, match="0602"):
        signed_upload_accept(actor=leader, document=document, pdf=_sign(bytes(other.pdf), pki, "leader"))
    assert _state(document) == before


def test_the_database_refuses_changed_bytes_and_steps_out_of_order(document):
    for change in ({"pdf": b"%PDF-1.7 other"}, {"state": SignedDocument.State.COMPLETE}):
        with pytest.raises(DatabaseError), transaction.atomic():
            SignedDocument.objects.filter(pk=document.pk).update(**change)
    with pytest.raises(DatabaseError), transaction.atomic():
        SignedRevision.objects.create(document=document, step="seal", pdf=bytes(document.pdf) + b"x", pdf_sha256="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        SignedRevision.objects.create(document=document, step="leader", pdf=b"%PDF-other", pdf_sha256="x")


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(monkeypatch, leader, document, pki):
    import reports.signature_verification as verification

    monkeypatch.setattr(verification, "MAX_SIGNED_PDF_BYTES", 1024)
    before = _state(document)
    with pytest.raises(SignatureRefused, match="lớn hơn"):
        signed_upload_accept(actor=leader, document=document, pdf=_sign(bytes(document.pdf), pki, "leader"))
    assert _state(document) == before


@pytest.mark.pdf
def test_a_decision_is_frozen_when_staff_prepare_it(staff):
    from tests.factories import make_decision

    decision = make_decision()
    document = signed_document_prepare(actor=staff, obj=decision)
    assert document.kind == "decision" and bytes(document.pdf).startswith(b"%PDF-")
    assert signed_document_prepare(actor=staff, obj=decision).pk == document.pk
    draft = make_decision(issued=False)
    with pytest.raises(SignatureRefused, match="đã ban hành"):
        signed_document_prepare(actor=staff, obj=draft)
    assert not SignedDocument.objects.filter(decision=draft).exists()


@pytest.mark.pdf
def test_the_forwarding_letter_is_frozen_once_recorded(staff):
    import datetime

    from awards.nominations.forwarding import dossier_forward
    from tests.awards.forwarding_helpers import reviewed_dossier
    from tests.factories import UnitFactory

    nominees = [("individual", "Nông Thị Hà", "BK_TTCP", "Chuyên viên")]
    dossier = reviewed_dossier(UnitFactory(name="Sở Tư pháp"), nominees, reviewed_on=datetime.date(2018, 5, 16))
    with pytest.raises(SignatureRefused, match="tờ trình"):
        signed_document_prepare(actor=staff, obj=dossier)
    letter = {"number_and_symbol": "12/TTr-UBND", "date": datetime.date(2018, 5, 20)}
    dossier_forward(actor=None, dossier=dossier, **letter, signer_name="Hồ Tiến Thiệu", signer_title="Phó Chủ tịch")
    dossier.refresh_from_db()

    document = signed_document_prepare(actor=staff, obj=dossier)

    assert document.kind == "forwarding" and "12/TTr-UBND" in document.title
    assert bytes(document.pdf).startswith(b"%PDF-")


def test_of_two_uploads_for_the_same_step_the_second_is_refused_as_late(leader, document, pki):
    """Two people upload the leader's signature from the same page: the first wins; the second, read before the
    first was kept, is refused for the step it was meant for and changes nothing."""
    stale = SignedDocument.objects.get(pk=document.pk)
    signed_upload_accept(
        actor=leader, document=document, pdf=_sign(bytes(document.pdf), pki, "leader"), expected_step="leader"
    )
    before = _state(document)
    with pytest.raises(SignatureRefused, match="không còn chờ bước ký này"):
        signed_upload_accept(
            actor=leader, document=stale, pdf=_sign(bytes(stale.pdf), pki, "leader"), expected_step="leader"
        )
    assert _state(document) == before
