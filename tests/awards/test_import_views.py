"""The import pages: who may download a template and import (role and scope), the error table, the success
message with its counts."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards import imports
from awards.models import Dossier
from awards.nominations.services import DossierFields, NomineeFields, dossier_create
from tests.awards.import_helpers import filled, good_rows, nominee_rows
from tests.factories import award_type, kind, make_decision
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db


def _dossier(unit, actor):
    fields = DossierFields(unit=unit, commendation_kind=kind("regular"), year=2017, title="Đề nghị năm 2017")
    nominees = [NomineeFields("individual", "Hoàng Văn Phong", award_type("BK_TINH"), "Hoàn thành xuất sắc")]
    return dossier_create(actor=actor, fields=fields, nominees=nominees)


@pytest.mark.parametrize("name", ["awards:decision-import-template", "awards:decision-import"])
def test_decision_import_is_for_staff(client, draft, staff, clerk_a, council_member, viewer, name):
    url = reverse(name, args=[draft.pk])
    assert_permissions(client, url=url, method="get", allowed=staff, others=[clerk_a, council_member, viewer])


def test_the_decision_import_refuses_the_wrong_method(client, draft, staff):
    client.force_login(staff)
    assert client.put(reverse("awards:decision-import", args=[draft.pk])).status_code == 405
    assert client.post(reverse("awards:decision-import-template", args=[draft.pk])).status_code == 405


@pytest.mark.parametrize("name", ["awards:dossier-import-template", "awards:dossier-import"])
def test_dossier_import_is_for_the_units_own_clerk(client, unit_a, clerk_a, clerk_b, staff, council_member, name):
    url = reverse(name, args=[_dossier(unit_a, clerk_a).pk])
    assert_permissions(client, url=url, method="get", allowed=clerk_a, others=[staff, council_member])
    client.force_login(clerk_b)  # another unit's clerk: the dossier is outside their scope
    assert client.get(url).status_code == 404


def test_staff_download_the_template(client, draft, staff):
    client.force_login(staff)
    response = client.get(reverse("awards:decision-import-template", args=[draft.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == imports.XLSX_CONTENT_TYPE
    assert f"mau-nhap-quyet-dinh-{draft.pk}.xlsx" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content))[imports.DATA_SHEET]["A1"].value == imports.AWARD.header


def test_the_draft_page_offers_the_import_and_the_issued_one_does_not(client, draft, staff):
    client.force_login(staff)
    page = client.get(reverse("awards:decision-detail", args=[draft.pk])).content.decode()
    assert reverse("awards:decision-import", args=[draft.pk]) in page
    assert reverse("awards:decision-import-template", args=[draft.pk]) in page
    issued = make_decision()
    page = client.get(reverse("awards:decision-detail", args=[issued.pk])).content.decode()
    assert reverse("awards:decision-import", args=[issued.pk]) not in page
    response = client.post(reverse("awards:decision-import", args=[issued.pk]))
    assert response.status_code == 302 and issued.awards.count() == 1


def test_a_bad_file_shows_the_error_table_and_writes_nothing(client, draft, staff):
    client.force_login(staff)
    rows = good_rows()
    rows[1][0] = "Bằng khen không có"
    upload = filled(imports.decision_template(draft), rows)
    response = client.post(reverse("awards:decision-import", args=[draft.pk]), {"file": upload})
    assert response.status_code == 400
    table = response.content.decode().split('id="import-errors"')[1]
    assert "<td>3</td><td>A – Hình thức khen thưởng / danh hiệu</td>" in table and "Bằng khen không có" in table
    assert draft.awards.count() == 1


def test_a_good_file_is_imported_with_its_counts(client, draft, staff):
    client.force_login(staff)
    url = reverse("awards:decision-import", args=[draft.pk])
    upload = filled(imports.decision_template(draft), good_rows())
    response = client.post(url, {"file": upload}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("awards:decision-detail", args=[draft.pk])
    assert draft.awards.count() == 3
    message = str(list(response.context["messages"])[0])
    assert "2" in message and "0" in message
    upload.seek(0)
    response = client.post(url, {"file": upload}, follow=True)
    assert draft.awards.count() == 3
    assert [m.message for m in response.context["messages"]][0].count("2") == 1


def test_no_file_is_a_form_error(client, draft, staff):
    client.force_login(staff)
    response = client.post(reverse("awards:decision-import", args=[draft.pk]))
    assert response.status_code == 400 and response.context["form"].errors["file"]


def test_the_clerk_imports_nominees_into_their_dossier(client, unit_a, clerk_a):
    dossier = _dossier(unit_a, clerk_a)
    client.force_login(clerk_a)
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).content.decode()
    assert reverse("awards:dossier-import", args=[dossier.pk]) in page
    template = client.get(reverse("awards:dossier-import-template", args=[dossier.pk])).content
    response = client.post(
        reverse("awards:dossier-import", args=[dossier.pk]), {"file": filled(template, nominee_rows())}
    )
    assert response.status_code == 302
    assert dossier.nominations.count() == 3


def test_a_submitted_dossier_offers_no_import(client, unit_a, clerk_a):
    dossier = _dossier(unit_a, clerk_a)
    Dossier.objects.filter(pk=dossier.pk).update(status=Dossier.Status.SUBMITTED, submitted_at=timezone.now())
    client.force_login(clerk_a)
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).content.decode()
    assert reverse("awards:dossier-import", args=[dossier.pk]) not in page
    template = imports.dossier_template(dossier)
    response = client.post(
        reverse("awards:dossier-import", args=[dossier.pk]), {"file": filled(template, nominee_rows())}
    )
    assert response.status_code == 302 and dossier.nominations.count() == 1
