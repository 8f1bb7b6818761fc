"""A nominee linked to a person record carries that person's name: a row renamed after its person was picked is
refused next to the person field (the record would otherwise reach the award under another name)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Dossier
from awards.nominations.nominees import NomineeFields, nominee_errors
from clusters.models import Person
from tests.awards.nominee_helpers import ACHIEVEMENTS, dossier_form, row
from tests.factories import award_type
from tests.helpers import vietnamese

pytestmark = pytest.mark.django_db
ON = datetime.date(2017, 6, 1)
MISMATCH = (
    "The name typed differs from the name on the person record “%(name)s”: choose the person again or clear the choice."
)


def _nominee(name, person) -> NomineeFields:
    return NomineeFields(
        "individual", name, award_type("BK_TINH"), ACHIEVEMENTS, person_id=person.pk, person_chosen=True
    )


def test_the_service_refuses_a_name_other_than_the_persons_and_accepts_it_folded(clerk_a, unit_a):
    binh = Person.objects.create(full_name="Triệu Văn Bình", current_unit=unit_a)
    hoa = Person.objects.create(full_name="Nông Thị Hoa", current_unit=unit_a)
    nominees = [
        _nominee("Triệu Văn Bình", binh),
        _nominee("  TRIEU  van   binh ", binh),  # the same name, however typed
        _nominee("Hoàng Văn Phong", binh),  # renamed after the pick
        _nominee("Nông Thị Hòa", hoa),  # accents aside, the same name
        _nominee("Nông Văn Hoa", hoa),
    ]

    with CaptureQueriesContext(connection) as queries:
        general, rows = nominee_errors(nominees, actor=clerk_a, dossier=None, on=ON)

    assert not general and list(rows) == [2, 4]
    assert rows[2] == {"person": [vietnamese(MISMATCH, name="Triệu Văn Bình")]}
    assert rows[4] == {"person": [vietnamese(MISMATCH, name="Nông Thị Hoa")]}
    people_queries = [q for q in queries.captured_queries if "clusters_person" in q["sql"]]
    assert len(people_queries) == 1  # the chosen people, once for all rows


def test_the_editor_refuses_a_renamed_row_next_to_its_person_and_writes_nothing(client, clerk_a, unit_a):
    binh = Person.objects.create(full_name="Triệu Văn Bình", current_unit=unit_a)
    client.force_login(clerk_a)
    rows = [row("Hoàng Văn Phong", person=binh.pk)]

    response = client.post(reverse("awards:dossier-create"), dossier_form(rows))

    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors == {"person": [vietnamese(MISMATCH, name="Triệu Văn Bình")]}
    assert "Tên đã nhập khác tên trong hồ sơ cá nhân" in response.text
    assert not Dossier.objects.exists()
