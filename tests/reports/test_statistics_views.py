"""The statistical forms' pages, downloads and issuing: who may see and issue them, what the pages show, and an
issued form frozen (figures and PDF bytes, the database refusing changes) and listed in the report register."""

import hashlib
import io

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditLog
from awards.models import AwardClassification
from kernel.lib.statistical_years import latest_closed_statistical_year as latest_complete_year
from reports.errors import ReportInvalid
from reports.models import IssuedStatistics
from reports.statistics_services import statistics_issue
from tests.helpers import password_confirmed
from tests.reports.statistics_helpers import D, state_awards_2024
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db
FORM = {"year": 2024, "code": "0602"}


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("reports:statistics", {}),
        ("reports:statistics-form", FORM),
        ("reports:statistics-xlsx", FORM),
        pytest.param("reports:statistics-pdf", FORM, marks=pytest.mark.pdf),
    ],
)
def test_read_permissions(client, staff, leader, viewer, clerk_a, council_member, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    assert_permissions(
        client, url=url, method="get", allowed=staff, others=[clerk_a, council_member], wrong_method="post"
    )
    for reader in (leader, viewer):
        client.force_login(reader)
        assert client.get(url).status_code == 200


def test_issue_permissions(client, staff, leader, clerk_a, council_member):
    url = reverse("reports:statistics-issue", kwargs=FORM)
    assert_permissions(
        client, url=url, method="post", allowed=staff, others=[leader, clerk_a, council_member], wrong_method="get"
    )
    assert not IssuedStatistics.objects.exists()  # the staff's POST was sent to confirm the password first


def test_the_year_page_lists_the_forms_of_its_circular(staff_client):
    content = staff_client.get(reverse("reports:statistics"), {"year": 2024}).content.decode()
    for code in ("0601", "0602", "0603", "0604", "0605"):
        assert f"{code}.N/BNV-TĐKT" in content
    assert "01/12/2023" in content and "30/11/2024" in content
    old = staff_client.get(reverse("reports:statistics"), {"year": 2020}).content.decode()
    assert "0701.N/BNV-TĐKT" in old and "0601.N/BNV-TĐKT" not in old
    assert 'id="regime-unverified"' in old  # TT 03/2018's period and layouts are not all verified


def test_a_year_under_the_unverified_circular_says_so(staff_client):
    response = staff_client.get(reverse("reports:statistics"), {"year": 2026})
    assert 'id="statistics-unavailable"' in response.content.decode()
    assert "18/2025/TT-BNV" in response.content.decode()
    assert (
        staff_client.get(reverse("reports:statistics-form", kwargs={"year": 2026, "code": "0602"})).status_code == 404
    )


def test_the_default_year_is_the_last_closed_statistical_year():
    assert latest_complete_year(D(2026, 12, 7)) == 2026
    assert latest_complete_year(D(2026, 11, 30)) == 2025


def test_the_form_page_shows_the_figures_and_what_is_unverified(staff_client):
    state_awards_2024()
    response = staff_client.get(reverse("reports:statistics-form", kwargs=FORM))
    content = response.content.decode()
    assert response.status_code == 200
    assert "0602.N/BNV-TĐKT" in content and "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC" in content
    assert 'id="statistics-warnings"' in content and "chưa kiểm chứng" in content
    assert response.context["table"].rows[0].values[0] == 4
    assert "Chưa phân loại" in content


def test_an_issued_form_is_frozen_listed_in_the_register_and_served_as_issued(client, staff, leader):
    state_awards_2024()
    client.force_login(staff)
    password_confirmed(client)
    response = client.post(reverse("reports:statistics-issue", kwargs=FORM))
    assert response.status_code == 302
    issued = IssuedStatistics.objects.get()
    assert issued.pdf_sha256 == hashlib.sha256(bytes(issued.pdf)).hexdigest()
    assert issued.snapshot["rows"][0][5][0] == 4 and issued.issued_by == staff
    assert AuditLog.objects.filter(action="statistics.issue").count() == 1

    # Later classification changes do not move the issued figures; the live computation would.
    AwardClassification.objects.update(proposing_body="central")
    page = client.get(reverse("reports:statistics-form", kwargs=FORM))
    assert 'id="statistics-issued"' in page.content.decode()
    assert page.context["table"].rows[2].values[0] == 1  # row 02 as issued
    pdf = client.get(reverse("reports:statistics-pdf", kwargs=FORM))
    assert pdf.content == bytes(issued.pdf)
    sheet = load_workbook(io.BytesIO(client.get(reverse("reports:statistics-xlsx", kwargs=FORM)).content)).active
    assert any(
        row[:2] == ("- Bộ, ban, ngành, đoàn thể Trung ương", "02") and row[3] == 1
        for row in sheet.iter_rows(values_only=True)
    )

    # Issuing again is refused with a message; the database refuses any change or deletion.
    with pytest.raises(ReportInvalid):
        statistics_issue(actor=staff, form_code="0602", year=2024)
    for change in (
        lambda: IssuedStatistics.objects.filter(pk=issued.pk).update(pdf_sha256="0" * 64),
        lambda: IssuedStatistics.objects.filter(pk=issued.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()

    # Listed in the one register, beside the reports.
    client.force_login(leader)
    register = client.get(reverse("reports:report-list")).content.decode()
    assert "0602.N/BNV-TĐKT" in register and 'class="issued-statistics"' in register


def test_a_unit_account_granted_the_register_sees_no_issued_form(client, staff, clerk_a):
    from django.contrib.auth.models import Permission

    statistics_issue(actor=staff, form_code="0604", year=2024)
    clerk_a.user_permissions.add(Permission.objects.get(content_type__app_label="reports", codename="view_report"))
    client.force_login(clerk_a)
    assert client.get(reverse("reports:report-list")).context["entries"] == []
    client.force_login(staff)
    assert [e.statistics.form_code for e in client.get(reverse("reports:report-list")).context["entries"]] == ["0604"]
