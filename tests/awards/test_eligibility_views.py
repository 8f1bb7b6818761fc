"""The eligibility results on the vetting page and on a draft decision's page, and the override views:
who may override (staff only), scope, the reason required, and what the pages show afterwards."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditLog
from awards.models import Award, EligibilityOverride, EligibilityRule, PersonAward
from awards.nominations import eligibility
from clusters.models import Person
from tests.awards.eligibility_helpers import NAME, earlier_awards, received_dossier
from tests.factories import UnitFactory, make_decision, recipient
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db
RULE_NAME = "Chiến sĩ thi đua cấp tỉnh: 03 lần liên tục Chiến sĩ thi đua cơ sở"


@pytest.fixture(autouse=True)
def on_2025(monkeypatch):
    monkeypatch.setattr(eligibility, "vetting_date", lambda: datetime.date(2025, 3, 1))


@pytest.fixture
def rule():
    return EligibilityRule.objects.get(code="cstd-tinh-3-cstdcs-2022")


@pytest.fixture
def gap_dossier(unit_a):
    earlier_awards(unit_a, "CSTD_CS", [2022, 2024])
    return received_dossier(unit_a)


@pytest.fixture
def draft(unit_a):
    earlier_awards(unit_a, "CSTD_CS", [2021, 2024])
    return make_decision(
        recipients=[recipient("CSTD_TINH", "merit", name=NAME, unit=unit_a)],
        date=datetime.date(2025, 3, 1),
        issued=False,
    )


def test_the_vetting_page_shows_each_nominees_rules_with_reason_and_citation(client, staff, gap_dossier):
    client.force_login(staff)
    page = client.get(reverse("awards:dossier-vet", args=[gap_dossier.pk])).content.decode()
    assert RULE_NAME in page and "2022, 2024" in page and "Điều 22" in page
    assert "Đối tượng được tặng" in page  # a rule that passes is listed too
    nomination = gap_dossier.nominations.get()
    assert reverse("awards:nomination-override", args=[gap_dossier.pk, nomination.pk]) in page


def test_the_vetting_page_refuses_a_nominee_that_fails_a_rule(client, staff, gap_dossier):
    client.force_login(staff)
    nomination = gap_dossier.nominations.get()
    response = client.post(
        reverse("awards:dossier-vet", args=[gap_dossier.pk]),
        {f"n{nomination.pk}-meets_criteria": "yes", f"n{nomination.pk}-remark": ""},
    )
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert RULE_NAME in row.errors["meets_criteria"][0]
    gap_dossier.refresh_from_db()
    assert gap_dossier.status == "received"


def test_staff_override_a_nominees_rule_then_vet_it(client, staff, gap_dossier, rule):
    client.force_login(staff)
    nomination = gap_dossier.nominations.get()
    url = reverse("awards:nomination-override", args=[gap_dossier.pk, nomination.pk])
    response = client.post(url, {"rule": rule.pk, "reason": ""})
    assert response.status_code == 302 and not EligibilityOverride.objects.exists()
    response = client.post(url, {"rule": rule.pk, "reason": "Năm 2023 được cử đi học"})
    assert response.url == reverse("awards:dossier-vet", args=[gap_dossier.pk])
    assert EligibilityOverride.objects.get().created_by == staff
    assert AuditLog.objects.filter(action="eligibility.override", reason="Năm 2023 được cử đi học").exists()
    page = client.get(reverse("awards:dossier-vet", args=[gap_dossier.pk])).content.decode()
    assert "Năm 2023 được cử đi học" in page and url not in page
    client.post(
        reverse("awards:dossier-vet", args=[gap_dossier.pk]),
        {f"n{nomination.pk}-meets_criteria": "yes", f"n{nomination.pk}-remark": ""},
    )
    gap_dossier.refresh_from_db()
    assert gap_dossier.status == "vetted"


def test_a_draft_decisions_page_shows_each_rows_failed_rules(client, staff, draft, rule):
    client.force_login(staff)
    page = client.get(reverse("awards:decision-detail", args=[draft.pk])).content.decode()
    assert RULE_NAME in page and "2021, 2024" in page and "Điều 22" in page
    assert "Đối tượng được tặng" not in page  # only the failed rules of a row
    award = draft.awards.get()
    url = reverse("awards:award-override", args=[draft.pk, award.pk])
    response = client.post(url, {"rule": rule.pk, "reason": "Đặc cách theo chỉ đạo của Chủ tịch UBND tỉnh"})
    assert response.url == reverse("awards:decision-detail", args=[draft.pk])
    assert EligibilityOverride.objects.get().award == award
    page = client.get(reverse("awards:decision-detail", args=[draft.pk])).content.decode()
    assert "Đặc cách theo chỉ đạo của Chủ tịch UBND tỉnh" in page and url not in page


def test_an_issued_decisions_page_shows_no_rules(client, staff, unit_a):
    earlier_awards(unit_a, "CSTD_CS", [2021])
    decision = make_decision(
        recipients=[recipient("CSTD_TINH", "merit", name=NAME, unit=unit_a)], date=datetime.date(2025, 3, 1)
    )
    client.force_login(staff)
    assert RULE_NAME not in client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()


def test_the_draft_page_runs_a_constant_number_of_queries_per_rule_set(client, staff, unit_a, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    url = reverse("awards:decision-detail", args=[draft.pk])
    with CaptureQueriesContext(connection) as one_row:
        client.get(url)
    many = make_decision(
        recipients=[recipient("CSTD_TINH", "merit", name=f"Người {i}", unit=unit_a) for i in range(20)],
        date=datetime.date(2025, 3, 1),
        issued=False,
    )
    with CaptureQueriesContext(connection) as twenty_rows:
        client.get(reverse("awards:decision-detail", args=[many.pk]))
    assert len(twenty_rows) == len(one_row)


def test_only_staff_override_a_nominees_rule(client, staff, clerk_a, council_member, gap_dossier, rule):
    nomination = gap_dossier.nominations.get()
    url = reverse("awards:nomination-override", args=[gap_dossier.pk, nomination.pk])
    assert_permissions(client, url=url, method="post", allowed=staff, others=[clerk_a, council_member])


def test_only_staff_override_a_rows_rule(client, staff, clerk_a, council_member, draft):
    url = reverse("awards:award-override", args=[draft.pk, draft.awards.get().pk])
    assert_permissions(client, url=url, method="post", allowed=staff, others=[clerk_a, council_member])


def test_a_row_of_another_decision_is_not_found(client, staff, draft, unit_a, rule):
    other = make_decision(
        recipients=[recipient("CSTD_TINH", "merit", name="Người khác", unit=unit_a)],
        date=datetime.date(2025, 3, 1),
        issued=False,
    )
    client.force_login(staff)
    url = reverse("awards:award-override", args=[draft.pk, other.awards.get().pk])
    assert client.post(url, {"rule": rule.pk, "reason": "Lý do"}).status_code == 404
    assert not EligibilityOverride.objects.exists()


def _linked_draft(names, unit):
    draft = make_decision(
        recipients=[recipient("CSTD_TINH", "merit", name=name, unit=unit) for name in names],
        date=datetime.date(2025, 3, 1),
        issued=False,
    )
    for award in draft.awards.all():
        someone = Person.objects.filter(full_name=award.recipient_name).first() or Person.objects.create(
            full_name=award.recipient_name, current_unit=unit
        )
        PersonAward.objects.create(award=award, person=someone)
    return draft


def test_a_draft_row_linked_to_a_person_who_moved_passes_in_as_many_queries_as_twenty_rows(client, staff, unit_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mai = Person.objects.create(full_name=NAME, current_unit=unit_a)
    earlier_awards(UnitFactory(name="Sở Y tế"), "CSTD_CS", [2022, 2023])  # before she moved to unit_a
    earlier_awards(unit_a, "CSTD_CS", [2024])
    for award in Award.objects.filter(recipient_name=NAME):
        PersonAward.objects.create(award=award, person=mai)
    client.force_login(staff)
    one = _linked_draft([NAME], unit_a)
    with CaptureQueriesContext(connection) as one_row:
        page = client.get(reverse("awards:decision-detail", args=[one.pk])).content.decode()
    assert RULE_NAME not in page  # by name in unit_a she would have 2024 only
    many = _linked_draft([f"Người {i}" for i in range(20)], unit_a)
    with CaptureQueriesContext(connection) as twenty_rows:
        client.get(reverse("awards:decision-detail", args=[many.pk]))
    assert len(twenty_rows) == len(one_row)
