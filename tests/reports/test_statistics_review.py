"""What a review of the statistical forms found: a year still running cannot be issued (issuing is final), a
household's State award counts under the collectives' columns, a mistyped criterion is said rather than a server
error, and the province's figures stay the province's even for a unit account granted the permission."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from reports.errors import ReportInvalid
from reports.models import IssuedStatistics, StatisticsRegime, StatisticsRow
from reports.statistics import statistics_compute
from reports.statistics_services import statistics_issue
from tests.helpers import password_confirmed
from tests.reports.statistics_helpers import D, awarded, state_awards_2024

pytestmark = pytest.mark.django_db


def test_a_statistical_year_still_running_is_not_issued(client, staff):
    current = timezone.localdate().year + (timezone.localdate().month == 12)
    StatisticsRegime.objects.filter(code="tt02-2023").update(last_year=current)
    StatisticsRegime.objects.exclude(code="tt02-2023").filter(first_year__lte=current).update(first_year=current + 1)
    with pytest.raises(ReportInvalid, match="30/11"):
        statistics_issue(actor=None, form_code="0602", year=current)
    assert not IssuedStatistics.objects.exists()
    client.force_login(staff)
    page = client.get(reverse("reports:statistics-form", kwargs={"year": current, "code": "0602"})).content.decode()
    assert 'id="statistics-not-ended"' in page
    assert reverse("reports:statistics-issue", args=[current, "0602"]) not in page
    state_awards_2024()
    assert statistics_issue(actor=None, form_code="0602", year=2024).year == 2024  # an ended year is


def test_a_household_s_order_counts_in_the_collectives_column_not_in_other_forms():
    awarded(authority="president", date=D(2024, 3, 1), rows=[("HC_DOC_LAP_3", "merit", "family", None)])
    table = statistics_compute(form_code="0602", year=2024)
    labels = [column.label for column in table.columns]
    total = table.rows[0].values
    assert total[labels.index("Huân chương - Tập thể")] == 1
    assert total[labels.index("Các hình thức khen thưởng khác")] == 0
    assert next(row for row in table.rows if row.code == "08").values[0] == 1  # the households' row


def test_a_mistyped_criterion_is_said_not_a_server_error(client, staff):
    StatisticsRow.objects.filter(form__code="0602", code="15").update(criteria="methd=regular")
    client.force_login(staff)
    response = client.get(reverse("reports:statistics-form", kwargs={"year": 2024, "code": "0602"}))
    assert response.status_code == 404
    assert "methd=regular" in response.content.decode()


def test_a_unit_account_granted_the_statistics_sees_none_of_them(client, clerk_a):
    clerk_a.user_permissions.add(Permission.objects.get(codename="view_statistics"))
    client.force_login(clerk_a)
    for name, kwargs in [
        ("reports:statistics", {}),
        ("reports:statistics-form", {"year": 2024, "code": "0602"}),
        ("reports:statistics-xlsx", {"year": 2024, "code": "0602"}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403, name


def test_issuing_through_the_page_refuses_a_running_year_with_the_message(client, staff):
    current = timezone.localdate().year + (timezone.localdate().month == 12)
    StatisticsRegime.objects.filter(code="tt02-2023").update(last_year=current)
    StatisticsRegime.objects.exclude(code="tt02-2023").filter(first_year__lte=current).update(first_year=current + 1)
    client.force_login(staff)
    password_confirmed(client)
    response = client.post(reverse("reports:statistics-issue", args=[current, "0602"]), follow=True)
    end = datetime.date(current, 11, 30)
    assert f"{end:%d/%m/%Y}" in response.content.decode() and not IssuedStatistics.objects.exists()
