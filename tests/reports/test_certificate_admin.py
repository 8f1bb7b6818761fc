"""Certificate templates in the administration: the live preview (PNG of the page as the form stands, unsaved),
the background upload checked by its content, every change audited; and who may open them."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from audit.models import AuditLog
from reports.certificate_models import CertificateTemplate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def _png(width=60, height=42) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xc8\xa0\x32" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _template():
    return CertificateTemplate.objects.get(award_type__code="BK_TINH", authority__code="provincial_chair")


def _form_data(client, template):
    """The change form's fields as the admin page sends them (its inline formset included)."""
    context = client.get(reverse("admin:reports_certificatetemplate_change", args=[template.pk])).context
    data = {}
    for name, field in context["adminform"].form.fields.items():
        value = context["adminform"].form.initial.get(name, field.initial)
        if name != "background" and value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    formset = context["inline_admin_formsets"][0].formset
    data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
    for index, form in enumerate(formset.forms):
        for name in form.fields:
            value = form.initial.get(name)
            if value is not None and value is not False:
                data[f"{formset.prefix}-{index}-{name}"] = value.pk if hasattr(value, "pk") else value
        data[f"{formset.prefix}-{index}-template"] = template.pk
        data[f"{formset.prefix}-{index}-id"] = form.instance.pk
    return data


@pytest.mark.pdf
def test_the_preview_redraws_the_page_from_the_unsaved_form(admin_client):
    template = _template()
    url = reverse("admin:reports_certificatetemplate_preview", args=[template.pk])
    page = admin_client.get(reverse("admin:reports_certificatetemplate_change", args=[template.pk])).content.decode()
    assert url in page and "certificate_preview.js" in page
    saved = admin_client.get(url)
    assert saved.status_code == 200 and saved["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(saved.content))
    assert abs(image.width / image.height - 420 / 297) < 0.01  # A3 landscape
    data = _form_data(admin_client, template)
    data["page_width_mm"], data["page_height_mm"] = "297", "210"
    moved = admin_client.post(url, data)
    assert moved.status_code == 200
    image = Image.open(io.BytesIO(moved.content))
    assert abs(image.width / image.height - 297 / 210) < 0.01
    assert _template().page_width_mm == 420  # nothing saved


def test_a_background_is_checked_by_its_content_and_each_change_audited(admin_client):
    template = _template()
    url = reverse("admin:reports_certificatetemplate_change", args=[template.pk])
    data = _form_data(admin_client, template)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for bad in (SimpleUploadedFile("nen.png", svg), SimpleUploadedFile("nen.png", b"\x89PNG\r\n\x1a\nbroken")):
        refused = admin_client.post(url, {**data, "mode": "artwork", "background": bad})
        assert refused.status_code == 200 and refused.context["adminform"].form.errors["background"]
    assert not _template().background
    accepted = admin_client.post(url, {**data, "mode": "artwork", "background": SimpleUploadedFile("x.svg", _png())})
    assert accepted.status_code == 302
    template = _template()
    assert template.mode == "artwork" and template.background.name.endswith(".png")
    entry = AuditLog.objects.filter(action="reports.certificatetemplate.admin_change").latest("id")
    assert entry.before["mode"] == "text" and entry.after["mode"] == "artwork"


def test_only_administrators_open_the_preview(client, staff):
    url = reverse("admin:reports_certificatetemplate_preview", args=[_template().pk])
    assert client.get(url).status_code == 302  # anonymous: to the admin's login
    client.force_login(staff)  # secretariat staff have no access to the administration
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(username="nhanvien", is_staff=True))  # staff status without the permission
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    assert client.put(url).status_code == 405


def _bomb_png(width: int, height: int) -> bytes:
    """A PNG whose header announces `width`×`height` pixels, with a few bytes of data: small on disk, huge decoded."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def test_a_background_of_too_many_pixels_is_refused_before_it_is_decoded():
    from django.core.exceptions import ValidationError

    from reports.certificate_admin import background_checked

    bomb = SimpleUploadedFile("nen.png", _bomb_png(8000, 8000))  # 64 million pixels in a few hundred bytes
    with pytest.raises(ValidationError, match="quá nhiều điểm ảnh"):
        background_checked(bomb)
    assert background_checked(SimpleUploadedFile("nen.png", _bomb_png(4961, 3508))) == "image/png"  # A3, 300 dpi


def test_the_preview_leaves_out_hostile_rows_and_builds_no_more_rows_than_fields(admin_client):
    from reports.certificate_admin import _from_post

    template = _template()
    data = _form_data(admin_client, template)
    count = int(data["fields-TOTAL_FORMS"])
    hostile = {"font_size_pt": "999.9", "x_mm": "-500", "width_mm": "99999", "text": "A\x00B", "y_mm": "-1"}
    for index, (name, value) in enumerate(hostile.items()):
        data[f"fields-{index}-{name}"] = value
    drawn = {field.key for field in _from_post(template, data)}
    assert len(drawn) == count - len(hostile)
    data["fields-TOTAL_FORMS"] = "5000"
    assert len(_from_post(template, data)) <= len(template.fields.model.Key.choices)


def test_the_preview_refuses_a_post_without_the_csrf_token(client):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    url = reverse("admin:reports_certificatetemplate_preview", args=[_template().pk])
    assert csrf_client.post(url, {"page_width_mm": "297"}).status_code == 403


def test_saving_a_template_keeps_the_space_between_a_fields_lead_text_and_its_value(admin_client):
    from reports.certificate_admin import _from_post

    template = _template()
    register = template.fields.get(key="register")
    assert register.text.endswith(": ")  # "Số sổ vàng: " from the catalog
    data = _form_data(admin_client, template)
    assert {f.key: f.text for f in _from_post(template, data)}["register"] == register.text  # the preview
    response = admin_client.post(reverse("admin:reports_certificatetemplate_change", args=[template.pk]), data)
    assert response.status_code == 302
    register.refresh_from_db()
    assert register.text.endswith(": ")
