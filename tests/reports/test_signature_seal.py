"""The portal's own organisation signature (the seal step with REPORT_SIGNING_PKCS12): after the leader's, visible
as the seal at real size with the organisation's name and the signing time in ISO 8601 (+07:00), placed over the
left part of the leader's signature image; and `manage.py verify_signed` on the files."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from pyhanko.pdf_utils.reader import PdfFileReader

from reports.models import SealAppearance, SignedDocument, TrustRoot
from reports.signature_services import (
    SignatureRefused,
    signed_document_prepare,
    signed_document_seal_server,
    signed_upload_accept,
)
from reports.signing import SEAL_FIELD, vietnam_iso
from tests.reports.signing_helpers import (
    identity,
    issued_statistics,
    pdf_blank,
    pdf_sign,
    pdf_sign_visible,
    pkcs12_file,
    seal_png,
)

pytestmark = pytest.mark.django_db
LEADER_BOX = (340, 150, 500, 210)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    ca = identity("CA thử nghiệm", "Ban Cơ yếu (thử)", ca=True)
    seal = identity("UBND tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh Lạng Sơn", issuer=ca)
    return {
        "ca": ca,
        "leader": identity("Nguyễn Văn Lãnh", "UBND tỉnh Lạng Sơn", issuer=ca),
        "p12": pkcs12_file(seal, ca, tmp_path_factory.mktemp("seal") / "seal.p12", "mat-khau"),
    }


@pytest.fixture
def leader_signed(settings, staff, leader, pki):
    settings.REPORT_SIGNING_PKCS12, settings.REPORT_SIGNING_PASSPHRASE = pki["p12"], "mat-khau"
    TrustRoot.objects.create(
        name="CA",
        certificate=pki["ca"].der,
        subject="CA",
        fingerprint_sha256="cd" * 32,
        not_after=datetime.datetime.now(datetime.UTC),
    )
    document = signed_document_prepare(actor=staff, obj=issued_statistics(pdf_blank("0603"), code="0603"))
    by_leader = pdf_sign_visible(bytes(document.pdf), pki["leader"].signer(pki["ca"]), field="LanhDao", box=LEADER_BOX)
    signed_upload_accept(actor=leader, document=document, pdf=by_leader)
    return document


def test_the_server_applies_the_seal_after_the_leader_visibly(staff, leader_signed):
    SealAppearance.objects.create(organisation_name="Ủy ban nhân dân tỉnh Lạng Sơn", image=seal_png())

    revision = signed_document_seal_server(actor=staff, document=leader_signed)

    leader_signed.refresh_from_db()
    assert leader_signed.state == SignedDocument.State.COMPLETE and revision.server_signed
    assert [(s.signer_name, s.trusted) for s in revision.signatures.all()] == [
        ("Nguyễn Văn Lãnh", True),
        ("UBND tỉnh Lạng Sơn", True),
    ]
    seal = PdfFileReader(io.BytesIO(bytes(revision.pdf))).embedded_signatures[1]
    assert seal.field_name == SEAL_FIELD
    x1, y1, x2, y2 = (float(v) for v in seal.sig_field["/Rect"])
    seal_width = 36 * 72 / 25.4  # the default seal, 36 mm: its real size on the page
    assert x2 - x1 == pytest.approx(max(seal_width, 60 * 72 / 25.4), abs=1)
    # Below-text layout: the seal is centred in the box, its right edge a third into the leader's image.
    seal_right = (x1 + x2) / 2 + seal_width / 2
    assert seal_right == pytest.approx(LEADER_BOX[0] + (LEADER_BOX[2] - LEADER_BOX[0]) * 0.33, abs=1)
    appearance = seal.sig_field["/AP"]["/N"].data.decode("latin-1")
    assert "/Im" in appearance or "Do" in appearance  # the seal image is drawn


def test_the_signing_time_shows_in_iso_8601_vietnam_time():
    moment = datetime.datetime(2026, 12, 7, 19, 5, 9, 123456, tzinfo=datetime.UTC)
    assert vietnam_iso(moment) == "2026-12-08T02:05:09+07:00"


def test_the_seal_needs_the_certificate_and_the_leader_first(settings, staff, leader_signed, pki):
    settings.REPORT_SIGNING_PKCS12 = ""
    with pytest.raises(SignatureRefused):
        signed_document_seal_server(actor=staff, document=leader_signed)
    fresh = signed_document_prepare(actor=staff, obj=issued_statistics(pdf_blank("0604"), code="0604"))
    settings.REPORT_SIGNING_PKCS12 = pki["p12"]
    with pytest.raises(SignatureRefused):
        signed_document_seal_server(actor=staff, document=fresh)


def test_verify_signed_names_the_document_and_its_signatures(tmp_path, staff, leader_signed, pki):
    signed_document_seal_server(actor=staff, document=leader_signed)
    path = tmp_path / "da-ky.pdf"
    path.write_bytes(bytes(leader_signed.revisions.get(step="seal").pdf))
    out = io.StringIO()
    call_command("verify_signed", str(path), "--require-trusted", stdout=out)
    text = out.getvalue()
    assert "Biểu số 0603" in text and leader_signed.pdf_sha256 in text
    assert re.search(r"Signature 1: Nguyễn Văn Lãnh · UBND tỉnh Lạng Sơn · \S+\+07:00 · intact · trusted", text)
    assert "Signature 2: UBND tỉnh Lạng Sơn" in text and text.rstrip().endswith("issued document.")


@pytest.mark.parametrize(
    "content, reason",
    [
        (lambda pki: pdf_sign(pdf_blank("lạ"), pki["leader"].signer(pki["ca"])), "unknown document"),
        (lambda pki: b"GIF89a not a pdf", "PDF"),
        (lambda pki: pdf_blank("0603"), "no signature"),
    ],
    ids=["other-document", "not-a-pdf", "unsigned-issued"],
)
def test_verify_signed_fails_on_what_is_not_an_intact_signed_copy(tmp_path, leader_signed, pki, content, reason):
    path = tmp_path / "tep.pdf"
    path.write_bytes(content(pki))
    with pytest.raises(CommandError, match=reason):
        call_command("verify_signed", str(path), stdout=io.StringIO())
