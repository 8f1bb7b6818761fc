"""People: one record per person, likely duplicates found (never merged automatically), merged by staff."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditLog
from awards.models import Dossier, Nomination, PersonAward
from awards.people.services import award_person_link
from clusters.models import Person
from clusters.selectors import DuplicateReason, person_duplicates
from clusters.services import PersonFields, PersonInvalid, person_create, person_merge, person_update
from tests.clusters.people import awarded, person
from tests.factories import UnitFactory, award_type, kind, make_decision, recipient

pytestmark = pytest.mark.django_db

BORN = datetime.date(1975, 4, 2)


def _pairs(**kwargs):
    return {(pair.first.pk, pair.second.pk): pair.reasons for pair in person_duplicates(**kwargs)}


def _nomination(someone, *, unit):
    dossier = Dossier.objects.create(
        unit=unit, commendation_kind=kind("regular"), year=2018, title="Đề nghị tặng Bằng khen năm 2018"
    )
    return Nomination.objects.create(
        dossier=dossier,
        line_no=1,
        recipient_kind="individual",
        recipient_name=someone.full_name,
        award_type=award_type("BK_TINH"),
        achievements="Hoàn thành xuất sắc nhiệm vụ",
        person=someone,
    )


# Likely duplicates, by each criterion.


def test_the_same_identity_number_typed_differently_is_a_likely_duplicate_whatever_the_names():
    first = person("Hoàng Văn Phong", id_number="020075000123")
    second = person("Hoàng Phong", id_number="020 075 000 123")
    person("Hoàng Văn Phong", id_number="020075000999")  # another number: another person, even with the name
    assert _pairs() == {(first.pk, second.pk): [DuplicateReason.ID_NUMBER]}


@pytest.mark.parametrize("typed", ["Hoàng Văn Phong", "hoang van phong", "HOÀNG  VĂN PHONG", "Hoang Van Phong"])
def test_the_same_name_with_or_without_diacritics_and_birth_date_is_a_likely_duplicate(typed):
    first = person("Hoàng Văn Phong", birth_date=BORN)
    second = person(typed, birth_date=BORN)
    person("Hoàng Văn Phong", birth_date=datetime.date(1980, 1, 1))  # born another day, no unit in common
    person("Hoàng Văn Phúc", birth_date=BORN)
    assert _pairs() == {(first.pk, second.pk): [DuplicateReason.NAME_AND_BIRTH_DATE]}


def test_the_same_name_in_the_same_unit_is_a_likely_duplicate():
    unit, other_unit = UnitFactory(), UnitFactory()
    first = person("Đinh Thị Hà", current_unit=unit)
    second = person("dinh thi ha", current_unit=unit)
    person("Đinh Thị Hà", current_unit=other_unit)
    assert _pairs() == {(first.pk, second.pk): [DuplicateReason.NAME_AND_UNIT]}


def test_every_criterion_met_is_named_and_a_person_filter_narrows_the_pairs():
    unit = UnitFactory()
    first = person("Lý Văn Tâm", birth_date=BORN, current_unit=unit, id_number="1")
    second = person("Ly Van Tam", birth_date=BORN, current_unit=unit)
    third, fourth = person("Nông Thị Mai", birth_date=BORN), person("Nong Thi Mai", birth_date=BORN)
    assert set(_pairs()) == {(first.pk, second.pk), (third.pk, fourth.pk)}
    assert _pairs(person=second) == {
        (first.pk, second.pk): [DuplicateReason.NAME_AND_BIRTH_DATE, DuplicateReason.NAME_AND_UNIT]
    }


def test_merged_records_are_no_longer_proposed():
    first, second = person("Hoàng Văn Phong", birth_date=BORN), person("Hoang Van Phong", birth_date=BORN)
    person_merge(actor=None, survivor=first, duplicate=second, reason="Cùng một người")
    assert _pairs() == {}


# Merging.


def test_merging_moves_awards_and_nominations_fills_empty_fields_and_audits(staff):
    unit = UnitFactory()
    survivor = person("Hoàng Văn Phong", birth_date=BORN, position="Chuyên viên")
    duplicate = person(
        "Hoang Van Phong", id_number="020075000123", current_unit=unit, sex="male", position="Trưởng phòng"
    )
    older = person("Hoàng V. Phong")
    Person.objects.filter(pk=older.pk).update(merged_into=duplicate)  # merged earlier into the duplicate
    awarded(survivor, date=datetime.date(2017, 5, 1))
    awarded(duplicate, count=2, date=datetime.date(2018, 3, 1))
    nomination = _nomination(duplicate, unit=unit)

    person_merge(actor=staff, survivor=survivor, duplicate=duplicate, reason="Cùng số CCCD, trùng tên")

    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert PersonAward.objects.filter(person=survivor).count() == 3
    assert not PersonAward.objects.filter(person=duplicate).exists()
    nomination.refresh_from_db()
    assert nomination.person == survivor
    assert duplicate.merged_into == survivor and Person.objects.get(pk=older.pk).merged_into == survivor
    # Empty fields filled; a field the survivor had is kept.
    assert (survivor.id_number, survivor.current_unit, survivor.sex) == ("020075000123", unit, "male")
    assert survivor.birth_date == BORN and survivor.position == "Chuyên viên"
    entry = AuditLog.objects.get(action="person.merge")
    assert entry.actor == staff and entry.object_id == str(survivor.pk) and entry.reason == "Cùng số CCCD, trùng tên"
    assert entry.before["duplicate"]["id_number"] == "020075000123" and entry.before["survivor"]["id_number"] is None
    assert entry.after["survivor"]["id_number"] == "020075000123"
    assert entry.after["duplicate"]["merged_into"] == survivor.pk
    assert entry.after["moved"] == {
        "awards.PersonAward.person": 2,
        "awards.Nomination.person": 1,
        "clusters.Person.merged_into": 1,
    }
    assert AuditLog.objects.filter(action="person.merged", object_id=str(duplicate.pk)).exists()


def test_merging_refuses_a_person_into_themselves_an_already_merged_person_and_different_numbers():
    first = person("Hoàng Văn Phong", id_number="020075000123")
    second = person("Hoàng Văn Phong", id_number="020075000999")
    third, fourth = person("Nông Thị Mai"), person("Nong Thi Mai")
    person_merge(actor=None, survivor=third, duplicate=fourth, reason="Trùng")
    refused = [
        (first, first),  # into themselves
        (first, second),  # two different identity numbers
        (first, fourth),  # already merged (as duplicate)
        (fourth, first),  # already merged (as survivor)
    ]
    for survivor, duplicate in refused:
        with pytest.raises(PersonInvalid):
            person_merge(actor=None, survivor=survivor, duplicate=duplicate, reason="Trùng")
    with pytest.raises(PersonInvalid):
        person_merge(actor=None, survivor=first, duplicate=third, reason="  ")  # no reason
    assert AuditLog.objects.filter(action="person.merge").count() == 1
    assert Person.objects.filter(merged_into__isnull=False).count() == 1


def test_a_failed_merge_leaves_nothing_half_moved():
    survivor, duplicate = person("Hoàng Văn Phong"), person("Hoang Van Phong", position="Trưởng phòng")
    awarded(duplicate, count=2)
    with mock.patch("clusters.services.audit_record", side_effect=RuntimeError("audit down")):
        with pytest.raises(RuntimeError):
            person_merge(actor=None, survivor=survivor, duplicate=duplicate, reason="Trùng")
    assert PersonAward.objects.filter(person=duplicate).count() == 2
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None and survivor.position == ""


# Database constraints.


def test_the_database_refuses_two_people_in_use_with_one_identity_number():
    first = person(id_number="020075000123")
    person(id_number=None)
    person(id_number=None)  # absent numbers never clash
    with pytest.raises(IntegrityError), transaction.atomic():
        person(id_number="020075000123")
    # A merged record keeps its number for the record.
    second = Person.objects.create(full_name="Hoàng Văn Phong", id_number="020075000123", merged_into=first)
    assert second.pk


def test_the_database_refuses_a_person_merged_into_themselves_an_empty_name_or_number():
    someone = person()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=someone.pk).update(merged_into=someone)
    with pytest.raises(IntegrityError), transaction.atomic():
        person("")
    with pytest.raises(IntegrityError), transaction.atomic():
        person(id_number="")


def test_the_database_refuses_a_person_on_a_collective_nomination():
    someone = person()
    nomination = _nomination(someone, unit=UnitFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.filter(pk=nomination.pk).update(recipient_kind="collective")


# Creating, editing, linking.


def test_creating_and_editing_a_person_is_checked_and_audited(staff):
    created = person_create(
        actor=staff, fields=PersonFields(full_name="  Hoàng  Văn Phong ", id_number="020 075 000 123")
    )
    assert created.full_name == "Hoàng Văn Phong" and created.id_number == "020075000123"
    with pytest.raises(PersonInvalid) as refused:
        person_create(actor=staff, fields=PersonFields(full_name="Hoàng Phong", id_number="020075000123"))
    assert "id_number" in refused.value.message_dict
    with pytest.raises(PersonInvalid) as refused:
        person_create(actor=staff, fields=PersonFields(full_name="   "))
    assert "full_name" in refused.value.message_dict
    person_update(actor=staff, person=created, fields=PersonFields(full_name="Hoàng Văn Phong", position="Giám đốc"))
    created.refresh_from_db()
    assert created.position == "Giám đốc" and created.id_number is None
    entry = AuditLog.objects.get(action="person.update")
    assert entry.before["position"] == "" and entry.after["position"] == "Giám đốc"


def test_only_an_individual_award_is_linked_to_a_person_even_on_an_issued_decision(staff):
    someone = person()
    decision = make_decision(
        recipients=[recipient(), recipient(recipient_kind="collective", name="Sở Tư pháp")], issued=True
    )
    individual, collective = decision.awards.order_by("line_no")
    link = award_person_link(actor=staff, award=individual, person=someone)
    assert link.person == someone and AuditLog.objects.filter(action="award.person_link").count() == 1
    with pytest.raises(ValidationError):
        award_person_link(actor=staff, award=collective, person=someone)
    assert PersonAward.objects.count() == 1


def test_a_taken_identity_number_is_named_to_staff_but_not_to_another_units_clerk(staff, clerk_a, unit_a, unit_b):
    Person.objects.create(full_name="Lò Văn Sinh", id_number="020075000123", current_unit=unit_b)
    fields = PersonFields(full_name="Nông Văn Tú", id_number="020075000123", current_unit=unit_a)
    for actor, shows_name in ((staff, True), (clerk_a, False)):
        with pytest.raises(ValidationError) as refused:
            person_create(actor=actor, fields=fields)
        message = " ".join(refused.value.message_dict["id_number"])
        assert "020075000123" in message and ("Lò Văn Sinh" in message) is shows_name
