"""Input that used to answer 500 gets a clear Vietnamese answer: a NUL byte in a search box, a file name of a
thousand characters, an attachment missing on disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import Dossier
from campaigns.models import Document
from tests.awards.test_dossier_views import _dossier
from tests.campaigns.document_helpers import DOCX, upload

pytestmark = pytest.mark.django_db
NUL_MESSAGE = "ký tự điều khiển"  # "… holds an invisible control character (NUL) …"
MISSING_MESSAGE = "không còn trên máy chủ"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    "url",
    [
        "/tim-kiem/?q=%00",
        "/tim-kiem/?q=a%00b",
        reverse("awards:decision-list") + "?q=%00",
        reverse("people:person-list") + "?q=%00",
        reverse("awards:decision-list") + "?%00=x",
    ],
)
def test_a_nul_byte_in_a_search_answers_a_vietnamese_400(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


def test_a_search_without_nul_still_works(staff_client):
    assert staff_client.get("/tim-kiem/?q=dinh+lap").status_code == 200


def _document_post(**changes):
    data = {
        "direction": "issued",
        "number_and_symbol": "48/TB-UBND",
        "date": "02/02/2018",
        "issued_by": "UBND tỉnh",
        "summary": "về việc Phân Khối, Cụm thi đua năm 2018",
    }
    return {**data, **changes}


def test_a_thousand_character_file_name_on_the_register_is_not_a_server_error(staff_client, media):
    name = "k" * 995 + ".docx"
    response = staff_client.post(reverse("campaigns:document-create"), _document_post(file=upload(DOCX, name)))
    assert response.status_code in (200, 302, 400)
    document = Document.objects.filter(number=48).first()
    if document is not None:  # stored under a short name of its own
        assert len(document.file.name) <= 100
        download = staff_client.get(reverse("campaigns:document-file", args=[document.pk]))
        assert download.status_code == 200
    else:
        assert response.context["form"].errors["file"]


def test_a_thousand_character_file_name_on_a_dossier_is_not_a_server_error(client, clerk_a, unit_a):
    dossier = _dossier(unit_a, status=Dossier.Status.DRAFT)
    client.force_login(clerk_a)
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    response = client.post(
        reverse("awards:dossier-file-upload", args=[dossier.pk]),
        {"kind": "other", "file": SimpleUploadedFile("t" * 996 + ".pdf", pdf)},
    )
    assert response.status_code in (200, 302, 400)


def test_a_register_attachment_missing_on_disk_answers_a_vietnamese_404(staff_client, media):
    staff_client.post(reverse("campaigns:document-create"), _document_post(file=upload(DOCX, "ke-hoach.docx")))
    document = Document.objects.get()
    (media / document.file.name).unlink()
    response = staff_client.get(reverse("campaigns:document-file", args=[document.pk]))
    assert response.status_code == 404
    assert MISSING_MESSAGE in response.content.decode()


def test_a_dossier_file_missing_on_disk_answers_a_vietnamese_404(client, clerk_a, unit_a, media):
    dossier = _dossier(unit_a)
    attached = dossier.files.get(kind="submission")
    (media / attached.file.name).unlink()
    client.force_login(clerk_a)
    response = client.get(reverse("awards:dossier-file", args=[dossier.pk, attached.pk]))
    assert response.status_code == 404
    assert MISSING_MESSAGE in response.content.decode()


def test_a_json_endpoint_keeps_its_own_answer_to_a_nul_byte(staff_client):
    response = staff_client.get(reverse("campaigns:appendix1-json"), {"from": "20/12/2017\x00", "to": "20/6/2018"})
    assert response.status_code == 400 and response.json()["errors"]["from"]
