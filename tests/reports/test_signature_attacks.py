"""Hostile signed files: an increment slipped in between the issued PDF and the leader's signature, a leaf
certificate that is a CA, a certificate for another key, a root outside its validity."""

import io

import pytest
from cryptography.hazmat.primitives import hashes

from reports.models import SignedRevision, TrustRoot
from reports.signature_services import SignatureRefused, signed_document_prepare, signed_upload_accept
from tests.reports.signing_helpers import Identity, identity, issued_statistics, pdf_blank, pdf_sign

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pki():
    ca = identity("CA thử nghiệm", "Ban Cơ yếu (thử)", ca=True)
    return {"ca": ca, "leader": identity("Nguyễn Văn Lãnh", "UBND tỉnh", issuer=ca)}


def _root(ca: Identity) -> TrustRoot:
    return TrustRoot.objects.create(
        name="CA",
        certificate=ca.der,
        subject="CA",
        fingerprint_sha256=ca.cert.fingerprint(hashes.SHA256()).hex(),
        not_after=ca.cert.not_valid_after_utc,
    )


@pytest.fixture
def document(staff, pki):
    _root(pki["ca"])
    return signed_document_prepare(actor=staff, obj=issued_statistics(pdf_blank("0601")))


def _increment(pdf: bytes) -> bytes:
    """An incremental update that changes what the page shows, before anybody signed."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (KHEN THUONG GIA) Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _orphan_increment(pdf: bytes) -> bytes:
    """An update adding an object nothing refers to: allowed after a signature, but not what was signed."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    writer.add_object(generic.TextStringObject("KHEN THUONG GIA"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_increment_before_the_leader_signature_is_refused(leader, document, pki):
    signed = pdf_sign(_increment(bytes(document.pdf)), pki["leader"].signer(pki["ca"]))
    with pytest.raises(SignatureRefused, match="trước khi được ký"):
        signed_upload_accept(actor=leader, document=document, pdf=signed)
    assert not SignedRevision.objects.exists()


def test_a_leaf_that_is_a_ca_is_refused(leader, document, pki):
    leaf = identity("Lãnh đạo CA", "UBND tỉnh", issuer=pki["ca"], ca=True)
    with pytest.raises(SignatureRefused):
        signed_upload_accept(actor=leader, document=document, pdf=pdf_sign(bytes(document.pdf), leaf.signer(pki["ca"])))


def test_a_certificate_for_another_key_is_refused(leader, document, pki):
    other = identity("Khác", "Khác", issuer=pki["ca"])
    forged = Identity(other.key, pki["leader"].cert)
    with pytest.raises(SignatureRefused):
        signed_upload_accept(
            actor=leader, document=document, pdf=pdf_sign(bytes(document.pdf), forged.signer(pki["ca"]))
        )


@pytest.mark.parametrize("valid_days", [(-100, -10), (10, 100)], ids=["expired", "not-yet-valid"])
def test_a_root_outside_its_validity_trusts_nothing(leader, staff, valid_days):
    root = identity("Root ngoài hạn", "Ban Cơ yếu (thử)", ca=True, valid_days=valid_days)
    _root(root)
    leaf = identity("Lãnh đạo", "UBND", issuer=root)
    document = signed_document_prepare(actor=staff, obj=issued_statistics(pdf_blank("0605"), code="0605"))
    with pytest.raises(SignatureRefused, match="không thuộc"):
        signed_upload_accept(actor=leader, document=document, pdf=pdf_sign(bytes(document.pdf), leaf.signer(root)))


def test_verify_signed_fails_on_an_increment_before_the_first_signature(tmp_path, document, pki):
    from django.core.management import CommandError, call_command

    path = tmp_path / "tep.pdf"
    path.write_bytes(pdf_sign(_increment(bytes(document.pdf)), pki["leader"].signer(pki["ca"])))
    with pytest.raises(CommandError, match="an update between"):
        call_command("verify_signed", str(path), stdout=io.StringIO())


def test_an_update_after_the_signature_is_refused_by_upload_and_verify_signed(tmp_path, leader, document, pki):
    from django.core.management import CommandError, call_command

    signed = pdf_sign(bytes(document.pdf), pki["leader"].signer(pki["ca"]))
    shadow = _orphan_increment(signed)
    with pytest.raises(SignatureRefused, match="sau chữ ký cuối cùng"):
        signed_upload_accept(actor=leader, document=document, pdf=shadow)
    path = tmp_path / "tep.pdf"
    path.write_bytes(shadow)
    with pytest.raises(CommandError, match="after its last signature"):
        call_command("verify_signed", str(path), stdout=io.StringIO())


def _pdf_of(catalog: bytes, *, size: int = 3) -> bytes:
    head = b"%PDF-1.7\n1 0 obj\n" + catalog + b"\nendobj\n"
    pages = len(head)
    head += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    xref = len(head)
    table = b"xref\n0 3\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n" % (9, pages)
    return head + table + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)


@pytest.mark.parametrize(
    "data",
    [
        _pdf_of(b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 50000 + b"]" * 50000 + b" >>"),
        _pdf_of(b"<< /Type /Catalog /Pages 2 0 R /X " + b"<< /A " * 50000 + b">>" * 50000 + b" >>"),
        _pdf_of(b"<< /Type /Catalog /Pages 2 0 R >>").replace(b"xref\n0 3", b"xref\n0 999999999"),
    ],
    ids=["deep-array", "deep-dictionary", "huge-xref"],
)
def test_a_pdf_bomb_is_refused_quickly_not_a_crash(data):
    import time

    from reports.signature_verification import pdf_verify

    started = time.monotonic()
    assert pdf_verify(data).error and time.monotonic() - started < 2


def test_the_issued_pdf_with_other_trailing_whitespace_is_not_the_issued_pdf(leader, document, pki):
    variant = bytes(document.pdf).rstrip() + b"\r\n\r\n"
    assert variant != bytes(document.pdf)
    with pytest.raises(SignatureRefused, match="nội dung đã bị thay đổi"):
        signed_upload_accept(actor=leader, document=document, pdf=pdf_sign(variant, pki["leader"].signer(pki["ca"])))
    assert not SignedRevision.objects.exists()
