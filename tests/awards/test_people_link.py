"""Linking individual awards to their people in bulk (manage.py link_people, the demo): found or created, one
person for the same name at the same workplace over the years, ambiguous rows left alone and counted, audited, in
one transaction and a constant number of queries."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditLog
from awards.decisions.services import decision_update
from awards.models import Award, PersonAward
from awards.people import services as people_link
from awards.people.services import PeopleLinked, award_person_link, people_link_awards
from clusters.models import Person
from tests.clusters.people import person
from tests.factories import UnitFactory, decision_fields, make_decision, recipient

pytestmark = pytest.mark.django_db

Y2018, Y2019 = datetime.date(2018, 3, 1), datetime.date(2019, 3, 1)


@pytest.fixture
def unit():
    return UnitFactory(name="Sở Tài chính")


def _award(name="Hoàng Văn Phong", *, date=Y2018, issued=True, **where) -> Award:
    return make_decision(recipients=[recipient(name=name, **where)], date=date, issued=issued).awards.get()


def _person_of(award: Award) -> Person | None:
    link = PersonAward.objects.filter(award=award).select_related("person").first()
    return link.person if link else None


def _backfill(**kwargs) -> PeopleLinked:
    kwargs.setdefault("create_missing", True)
    return people_link_awards(actor=None, reason="Liên kết khen thưởng với hồ sơ cá nhân", **kwargs)


def test_two_years_of_awards_to_one_name_in_one_unit_end_up_on_one_new_person(unit):
    first = _award(unit=unit, position="Chuyên viên")
    second = _award("HOÀNG VĂN  PHONG", date=Y2019, unit=unit, position="Trưởng phòng")
    assert _backfill() == PeopleLinked(linked=2, created=1, ambiguous=0, skipped=0)
    phong = Person.objects.get()
    assert _person_of(first) == _person_of(second) == phong
    # Named, placed and titled as in the latest award.
    assert (phong.full_name, phong.current_unit, phong.position) == ("HOÀNG VĂN PHONG", unit, "Trưởng phòng")
    created = AuditLog.objects.get(action="person.create")
    assert created.object_id == str(phong.pk) and created.reason == "Liên kết khen thưởng với hồ sơ cá nhân"
    links = AuditLog.objects.filter(action="award.person_link")
    assert sorted(links.values_list("object_id", flat=True)) == sorted([str(first.pk), str(second.pk)])
    assert all(entry.after["person"] == phong.pk for entry in links)


def test_an_existing_person_is_found_and_nobody_is_created(unit):
    phong = person("Hoàng Văn Phong", current_unit=unit)
    award = _award("hoang van phong", unit=unit)
    assert _backfill() == PeopleLinked(linked=1, created=0, ambiguous=0, skipped=0)
    assert _person_of(award) == phong and Person.objects.count() == 1


def test_without_create_missing_the_unknown_recipients_are_skipped(unit):
    phong = person("Hoàng Văn Phong", current_unit=unit)
    found, unknown = _award(unit=unit), _award("Nông Thị Hà", unit=unit)
    assert _backfill(create_missing=False) == PeopleLinked(linked=1, created=0, ambiguous=0, skipped=1)
    assert _person_of(found) == phong and _person_of(unknown) is None
    assert Person.objects.count() == 1 and not AuditLog.objects.filter(action="person.create").exists()


def test_a_row_several_people_fit_is_left_unlinked_and_counted_even_with_create_missing(unit):
    person("Hoàng Văn Phong", current_unit=unit)
    person("Hoang Van Phong", current_unit=unit)
    award = _award(unit=unit)
    assert _backfill() == PeopleLinked(linked=0, created=0, ambiguous=1, skipped=0)
    assert _person_of(award) is None and Person.objects.count() == 2


def test_one_name_given_two_different_awards_in_one_decision_is_one_person(unit):
    # The same award twice in one decision would be two namesakes, but issuing refuses it (awards.decisions.row_checks).
    phong = dict(name="Hoàng Văn Phong", unit=unit)
    decision = make_decision(recipients=[recipient(**phong), recipient("CSTD_TINH", **phong)])
    assert _backfill() == PeopleLinked(linked=2, created=1, ambiguous=0, skipped=0)
    assert PersonAward.objects.filter(award__decision=decision).values("person").distinct().count() == 1


def test_namesakes_of_one_draft_keep_their_own_records_through_an_edit(unit):
    first, second = person(full_name="Hoàng Văn Phong"), person(full_name="Hoàng Văn Phong")
    rows = [recipient(name="Hoàng Văn Phong", unit=unit), recipient(name="Hoàng Văn Phong", unit=unit)]
    draft = make_decision(recipients=rows, issued=False)
    for award, someone in zip(draft.awards.order_by("line_no"), (first, second)):
        award_person_link(actor=None, award=award, person=someone, reason="")
    decision_update(actor=None, decision=draft, fields=decision_fields(number=draft.number), recipients=rows)
    assert [_person_of(a) for a in draft.awards.order_by("line_no")] == [first, second]


def test_recipients_known_by_their_address_are_one_person_per_name_and_address():
    at_home = dict(unit_name="Thôn Nà Pàn, xã Đình Lập, huyện Đình Lập")
    first, second = _award(**at_home), _award(date=Y2019, **at_home)
    elsewhere = _award(date=Y2019, unit_name="Thôn Bản Chắt, xã Bắc Xa, huyện Đình Lập")
    assert _backfill() == PeopleLinked(linked=3, created=2, ambiguous=0, skipped=0)
    assert _person_of(first) == _person_of(second) != _person_of(elsewhere)
    assert _person_of(first).current_unit is None
    # A later award at the same address goes to the person already there, not to a new one.
    third = _award(date=datetime.date(2020, 3, 1), unit_name="thôn Nà Pàn, xã Đình Lập, huyện Đình Lập")
    assert _backfill() == PeopleLinked(linked=1, created=0, ambiguous=0, skipped=0)
    assert _person_of(third) == _person_of(first)


def test_an_award_in_the_unit_a_person_left_goes_to_the_person_already_linked_there(unit):
    old = _award(unit=unit)
    _backfill()
    phong = _person_of(old)
    phong.current_unit = UnitFactory(name="Sở Y tế")
    phong.save()
    late = _award(date=Y2019, unit=unit)  # a decision of the old unit entered late
    assert _backfill() == PeopleLinked(linked=1, created=0, ambiguous=0, skipped=0)
    assert _person_of(late) == phong


def test_drafts_and_collectives_are_not_linked_and_a_second_run_does_nothing(unit):
    draft = _award(unit=unit, issued=False)
    collective = make_decision(
        recipients=[recipient(recipient_kind="collective", name="Phòng Tổng hợp", unit=unit)]
    ).awards.get()
    issued = _award(unit=unit, date=Y2019)
    assert _backfill().linked == 1
    assert _person_of(draft) is None and _person_of(collective) is None and _person_of(issued) is not None
    entries = AuditLog.objects.count()
    assert _backfill() == PeopleLinked()
    assert AuditLog.objects.count() == entries and Person.objects.count() == 1


def test_the_given_awards_only_are_linked(unit):
    chosen, other = _award(unit=unit), _award("Nông Thị Hà", unit=unit)
    assert _backfill(awards=[chosen]).linked == 1
    assert _person_of(chosen) is not None and _person_of(other) is None


def test_the_nominee_who_led_to_an_award_gets_its_person(unit):
    from awards.models import Nomination
    from tests.clusters.test_people import _nomination

    award = _award(unit=unit)
    someone = person("Hoàng Văn Phong")  # another record: the nominee is linked to the award's person
    nomination = _nomination(someone, unit=unit)
    Nomination.objects.filter(pk=nomination.pk).update(person=None, result="passed", award=award)
    _backfill()
    assert Nomination.objects.get(pk=nomination.pk).person == _person_of(award)


def test_a_failure_leaves_nothing_behind(unit, monkeypatch):
    _award(unit=unit)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(people_link, "audit_record_many", broken)
    with pytest.raises(RuntimeError):
        _backfill()
    assert not Person.objects.exists() and not PersonAward.objects.exists()


def _queries_to_link(count):
    """Rows of every kind: found by the matcher, found at the address of an earlier award, new."""
    unit = UnitFactory()
    address = f"Thôn Nà Pàn, {unit.name}"
    _award("Người số 0", unit_name=address)
    _backfill()
    known = person("Người số 1", current_unit=unit)
    decision = make_decision(
        recipients=[
            recipient(name=f"Người số {i}", unit=unit if i % 2 else None, unit_name="" if i % 2 else address)
            for i in range(count)
        ],
        date=Y2019,
    )
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        result = _backfill()
    assert result == PeopleLinked(linked=count, created=count - 2)
    assert _person_of(decision.awards.get(line_no=2)) == known
    assert _person_of(decision.awards.get(line_no=1)).full_name == "Người số 0"
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows():
    assert _queries_to_link(3) == _queries_to_link(30)


def test_the_command_prints_the_counts_and_a_dry_run_changes_nothing(unit):
    _award(unit=unit)
    _award(date=Y2019, unit=unit)
    person("Nông Thị Hà", current_unit=unit)
    person("Nong Thi Ha", current_unit=unit)
    _award("Nông Thị Hà", unit=unit)
    _award("Lý Văn Tâm", unit=unit)
    out = io.StringIO()
    call_command("link_people", "--dry-run", stdout=out)
    assert "Would link 0 awards; would create 0 people; 1 ambiguous" in out.getvalue()
    assert "3 skipped" in out.getvalue()
    call_command("link_people", "--create-missing", "--dry-run", stdout=out)
    assert "Would link 3 awards; would create 2 people; 1 ambiguous" in out.getvalue()
    assert Person.objects.count() == 2 and not PersonAward.objects.exists()
    out = io.StringIO()
    call_command("link_people", "--create-missing", stdout=out)
    assert out.getvalue().startswith("Linked 3 awards; created 2 people; 1 ambiguous")
    assert Person.objects.count() == 4 and PersonAward.objects.count() == 3
    assert AuditLog.objects.filter(action="award.person_link", reason="manage.py link_people --create-missing")


def test_awards_naming_no_workplace_are_never_joined_by_the_name_alone():
    first, second = _award(), _award(date=Y2019)
    assert _backfill() == PeopleLinked(linked=2, created=2)
    assert _person_of(first) != _person_of(second)
    third = _award(date=datetime.date(2020, 3, 1))
    assert _backfill() == PeopleLinked(linked=1, created=1)
    assert _person_of(third) not in (_person_of(first), _person_of(second))


def test_editing_a_draft_keeps_each_rows_person_while_the_row_names_the_same_recipient(unit):
    draft = make_decision(
        recipients=[recipient(name="Hoàng Văn Phong", unit=unit), recipient(name="Lý Thị Mai", unit=unit)],
        issued=False,
    )
    phong, mai = person(full_name="Hoàng Văn Phong"), person(full_name="Lý Thị Mai")
    first, second = draft.awards.order_by("line_no")
    award_person_link(actor=None, award=first, person=phong, reason="")
    award_person_link(actor=None, award=second, person=mai, reason="")

    # Staff write the first name in capitals and give a position, and replace the second recipient.
    decision_update(
        actor=None,
        decision=draft,
        fields=decision_fields(number=draft.number),
        recipients=[
            recipient(name="HOÀNG VĂN PHONG", unit=unit, position="Trưởng phòng"),
            recipient(name="Nông Văn Tú", unit=unit),
        ],
    )
    rows = list(draft.awards.order_by("line_no"))
    assert _person_of(rows[0]) == phong
    assert _person_of(rows[1]) is None  # another recipient: no person carried over
    kept = AuditLog.objects.filter(action="award.person_link", object_id=str(rows[0].pk)).get()
    assert kept.after["person"] == phong.pk and kept.reason
