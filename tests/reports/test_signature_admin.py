"""The administrator adds the trust roots (e.g. the Ban Cơ yếu roots) by uploading a certificate, audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditLog
from reports.models import SealAppearance, TrustRoot
from tests.reports.signing_helpers import identity, seal_png

pytestmark = pytest.mark.django_db


def test_a_trust_root_is_uploaded_as_pem_and_audited(admin_client):
    ca = identity("Root CA thử", "Ban Cơ yếu (thử)", ca=True)
    url = reverse("admin:reports_trustroot_add")

    refused = admin_client.post(
        url, {"name": "Rác", "enabled": "on", "upload": SimpleUploadedFile("x.pem", b"\x00junk")}
    )
    assert refused.status_code == 200 and not TrustRoot.objects.exists()

    expired = identity("Root cũ", "Ban Cơ yếu (thử)", ca=True, valid_days=(-100, -10)).pem
    refused = admin_client.post(url, {"name": "Cũ", "enabled": "on", "upload": SimpleUploadedFile("cu.pem", expired)})
    assert "đã hết hạn" in refused.content.decode() and not TrustRoot.objects.exists()

    admin_client.post(url, {"name": "Root CA thử", "enabled": "on", "upload": SimpleUploadedFile("ca.pem", ca.pem)})

    root = TrustRoot.objects.get()
    assert bytes(root.certificate) == ca.der and "Root CA thử" in root.subject
    entry = AuditLog.objects.get(action="reports.trustroot.admin_add")
    assert entry.after["certificate"] == root.fingerprint_sha256  # the bytes are logged by their hash


def test_the_seal_image_is_a_png_checked_by_content_and_audited(admin_client):
    url = reverse("admin:reports_sealappearance_add")
    fields = {
        "enabled": "on",
        "organisation_name": "Ủy ban nhân dân tỉnh Lạng Sơn",
        "image_width_mm": "36",
        "image_height_mm": "36",
        "page": "last",
        "x_mm": "95",
        "y_mm": "40",
        "overlap_percent": "33",
        "text_position": "below",
        "text_width_mm": "60",
        "font_size_pt": "10",
    }
    jpeg = SimpleUploadedFile("dau.png", b"\xff\xd8\xff\xe0 a jpeg named png")
    assert admin_client.post(url, {**fields, "upload": jpeg}).status_code == 200
    assert not SealAppearance.objects.exists()

    admin_client.post(url, {**fields, "upload": SimpleUploadedFile("dau.png", seal_png(64))})

    appearance = SealAppearance.objects.get()
    assert bytes(appearance.image).startswith(b"\x89PNG")
    assert AuditLog.objects.filter(action="reports.sealappearance.admin_add").exists()
