"""The person's and the unit's history pages, and the staff page merging duplicate records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import PersonAward
from clusters.models import Person
from kernel.lib.formatting import vn_date
from tests.clusters.people import awarded, person
from tests.factories import make_decision, recipient
from tests.helpers import password_confirmed
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db

BORN = datetime.date(1975, 4, 2)


@pytest.fixture
def someone(unit_a):
    return person("Hoàng Văn Phong", birth_date=BORN, current_unit=unit_a, position="Trưởng phòng")


# Permissions: every view, every persona.


def test_permissions_of_the_person_page(client, someone, staff, leader, clerk_a, clerk_b, council_member):
    url = reverse("people:person-detail", args=[someone.pk])
    assert_permissions(client, url=url, method="get", allowed=staff, others=[council_member])
    for reader in (leader, clerk_a):  # a leader reads every person, a clerk the people of their unit
        client.force_login(reader)
        assert client.get(url).status_code == 200
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404


def test_permissions_of_the_unit_page(client, unit_a, staff, leader, clerk_a, clerk_b, council_member):
    url = reverse("people:unit-detail", args=[unit_a.pk])
    assert_permissions(client, url=url, method="get", allowed=staff, others=[council_member])
    for reader in (leader, clerk_a):
        client.force_login(reader)
        assert client.get(url).status_code == 200
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404


def test_permissions_of_the_duplicates_page(client, staff, leader, clerk_a, council_member):
    url = reverse("people:duplicates")
    assert_permissions(client, url=url, method="get", allowed=staff, others=[leader, clerk_a, council_member])


def test_permissions_of_merging(client, staff, leader, clerk_a, council_member):
    url = reverse("people:merge")
    assert_permissions(client, url=url, method="post", allowed=staff, others=[leader, clerk_a, council_member])


# The person's page.


def test_the_person_page_lists_titles_and_awards_by_year_with_their_decisions(client, staff, someone):
    first = awarded(someone, date=datetime.date(2017, 5, 10), code="BK_TINH")
    second = awarded(someone, date=datetime.date(2018, 3, 1), code="CSTD_TINH")
    make_decision(recipients=[recipient(name="Hoàng Văn Phong")])  # a namesake not linked to the record
    draft = make_decision(recipients=[recipient(name="Hoàng Văn Phong")], issued=False)
    PersonAward.objects.create(award=draft.awards.get(), person=someone)  # a draft decides nothing yet
    client.force_login(staff)
    content = client.get(reverse("people:person-detail", args=[someone.pk])).content.decode()
    for decision in (first, second):
        award = decision.awards.get()
        assert award.award_type.name in content
        assert decision.number_and_symbol in content and vn_date(decision.date) in content
        assert reverse("awards:decision-detail", args=[decision.pk]) in content
        assert decision.authority.name in content
    assert content.index(">2018<") < content.index(">2017<")  # newest year first
    assert reverse("awards:decision-detail", args=[draft.pk]) not in content
    assert content.count(reverse("awards:decision-detail", args=[first.pk])) == 1
    assert "Trưởng phòng" in content and vn_date(BORN) in content


def test_a_merged_record_points_to_the_one_kept(client, staff, someone):
    merged = Person.objects.create(full_name="Hoang Van Phong", merged_into=someone)
    client.force_login(staff)
    content = client.get(reverse("people:person-detail", args=[merged.pk])).content.decode()
    assert reverse("people:person-detail", args=[someone.pk]) in content


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_person_page_runs_the_same_queries_for_3_and_30_awards(client, staff, someone):
    other = person("Nông Thị Mai")
    awarded(someone, count=3)
    awarded(other, count=30)
    client.force_login(staff)
    _queries(client, reverse("people:person-detail", args=[someone.pk]))  # warm caches (content types, session)
    few = _queries(client, reverse("people:person-detail", args=[someone.pk]))
    many = _queries(client, reverse("people:person-detail", args=[other.pk]))
    assert few == many


# The unit's page.


def test_the_unit_page_lists_collective_awards_by_year_and_its_people(client, staff, unit_a, unit_b, someone):
    collective = make_decision(
        recipients=[recipient(recipient_kind="collective", name=unit_a.name, unit=unit_a, code="BK_TINH")],
        date=datetime.date(2018, 3, 1),
    )
    elsewhere = make_decision(
        recipients=[recipient(recipient_kind="collective", name=unit_b.name, unit=unit_b, code="BK_TINH")]
    )
    person("Nông Thị Mai", current_unit=unit_b)
    client.force_login(staff)
    content = client.get(reverse("people:unit-detail", args=[unit_a.pk])).content.decode()
    assert collective.number_and_symbol in content and ">2018<" in content
    assert reverse("awards:decision-detail", args=[collective.pk]) in content
    assert reverse("awards:decision-detail", args=[elsewhere.pk]) not in content
    assert reverse("people:person-detail", args=[someone.pk]) in content and "Nông Thị Mai" not in content


def test_the_unit_page_runs_the_same_queries_for_3_and_30_rows(client, staff, unit_a, unit_b):
    for unit, count in ((unit_a, 3), (unit_b, 30)):
        make_decision(
            recipients=[
                recipient(recipient_kind="collective", name=f"Tổ {index}, {unit.name}", unit=unit)
                for index in range(count)
            ]
        )
        for index in range(count):
            person(f"Người số {index}", current_unit=unit)
    client.force_login(staff)
    _queries(client, reverse("people:unit-detail", args=[unit_a.pk]))
    assert _queries(client, reverse("people:unit-detail", args=[unit_a.pk])) == _queries(
        client, reverse("people:unit-detail", args=[unit_b.pk])
    )


# Duplicates and merging.


def test_the_duplicates_page_lists_likely_pairs_with_a_merge_form(client, staff, someone):
    namesake = person("hoang van phong", birth_date=BORN)
    person("Nông Thị Mai")
    client.force_login(staff)
    content = client.get(reverse("people:duplicates")).content.decode()
    assert reverse("people:person-detail", args=[namesake.pk]) in content
    assert reverse("people:person-detail", args=[someone.pk]) in content
    assert "Nông Thị Mai" not in content
    assert f'action="{reverse("people:merge")}"' in content and 'name="reason"' in content


def _merge(client, *, keep, drop, reason="Cùng một người: trùng tên, ngày sinh"):
    first, second = sorted([keep, drop], key=lambda p: p.pk)
    return client.post(
        reverse("people:merge"), {"first": first.pk, "second": second.pk, "survivor": keep.pk, "reason": reason}
    )


def test_merging_from_the_page_moves_the_awards_and_opens_the_record_kept(client, staff, someone):
    namesake = person("hoang van phong", birth_date=BORN, id_number="020075000123")
    awarded(namesake, count=2)
    client.force_login(staff)
    password_confirmed(client)
    response = _merge(client, keep=someone, drop=namesake)
    assert response.status_code == 302 and response["Location"] == reverse("people:person-detail", args=[someone.pk])
    someone.refresh_from_db()
    assert someone.award_links.count() == 2 and someone.id_number == "020075000123"
    assert Person.objects.get(pk=namesake.pk).merged_into == someone


def test_merging_asks_for_the_password_first_and_does_nothing_before(client, staff, someone):
    namesake = person("hoang van phong", birth_date=BORN)
    client.force_login(staff)
    response = _merge(client, keep=someone, drop=namesake)
    assert response.status_code == 302 and response["Location"].startswith(reverse("reauth"))
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_a_merge_without_reason_or_refused_keeps_both_records_and_says_why(client, staff, someone):
    namesake = person("hoang van phong", birth_date=BORN, id_number="020075000123")
    someone.id_number = "020075000999"
    someone.save()
    client.force_login(staff)
    password_confirmed(client)
    response = _merge(client, keep=someone, drop=namesake, reason="")
    assert response.status_code == 400 and response.context["form"].errors["reason"]
    response = _merge(client, keep=someone, drop=namesake, reason="Trùng tên")
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert "020075000999" in response.context["form"].non_field_errors()[0]
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_the_duplicates_page_runs_the_same_queries_for_3_and_30_pairs(client, staff, unit_a):
    def pairs(count, prefix):
        for index in range(count):
            person(f"{prefix} {index}", current_unit=unit_a)
            person(f"{prefix.lower()} {index}", current_unit=unit_a)

    client.force_login(staff)
    url = reverse("people:duplicates")
    pairs(3, "Lò Văn")
    _queries(client, url)
    few = _queries(client, url)
    pairs(27, "Vi Thị")
    assert len(client.get(url).context["pairs"]) == 30
    assert _queries(client, url) == few
