"""The provincial council: the database refuses what the rules forbid, the services check everything first, the
composition valid on a date, the history, and the demo council of 651/QĐ-UBND."""

import datetime
from collections import Counter

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.models import AuditLog
from awards.council.services import (
    CouncilInvalid,
    MemberFields,
    council_compose,
    council_composition_correct,
    council_composition_on,
    council_history,
    council_members_by_role,
)
from awards.models import Council, CouncilComposition, CouncilMember, CouncilRole
from campaigns.models import Document
from tests.awards.council_helpers import D_651, compose, council, members, register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# The database.


def _bare_composition(on=D_651, *, chair=True):
    """A composition written row by row; with its chair at position 1, as the check at commit requires (Django's
    test case runs the deferred checks before rolling a test back)."""
    composition = CouncilComposition.objects.create(council=council(), document=register(), effective_from=on)
    if chair:
        _member(composition, 1, CouncilRole.CHAIR, name="Nông Văn Thành", title="Chủ tịch UBND tỉnh")
    return composition


def _member(composition, position, role=CouncilRole.MEMBER, name=None, title="Giám đốc Sở"):
    return CouncilMember.objects.create(
        composition=composition, position=position, role=role, full_name=name or f"Người {position}", title=title
    )


@pytest.mark.parametrize(
    "role",
    [CouncilRole.CHAIR, CouncilRole.FIRST_VICE_CHAIR, CouncilRole.STANDING_VICE_CHAIR, CouncilRole.STANDING_MEMBER],
)
def test_the_database_refuses_a_second_holder_of_a_single_role(role):
    composition = _bare_composition()
    if role != CouncilRole.CHAIR:
        _member(composition, 2, role)
    with pytest.raises(IntegrityError, match=f"councilmember_one_{role}"), transaction.atomic():
        _member(composition, 3, role)


def test_several_vice_chairs_and_members_are_allowed():
    composition = _bare_composition()
    for position in (2, 3, 4):
        _member(composition, position, CouncilRole.VICE_CHAIR)
    for position in (5, 6):
        _member(composition, position, CouncilRole.MEMBER)
    assert composition.members.count() == 6


@pytest.mark.parametrize(
    "values, constraint",
    [
        ({"position": 1}, "councilmember_position_unique"),  # the chair's
        ({"position": 0}, "councilmember_position_positive"),
        ({"role": "secretary"}, "councilmember_role_valid"),
        ({"full_name": ""}, "councilmember_named"),
        ({"title": ""}, "councilmember_has_title"),
    ],
)
def test_the_database_refuses_a_bad_member_row(values, constraint):
    composition = _bare_composition()
    row = {"position": 2, "role": CouncilRole.MEMBER, "full_name": "Vi Văn Quang", "title": "Giám đốc Sở", **values}
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        CouncilMember.objects.create(composition=composition, **row)


def test_the_database_refuses_two_compositions_of_a_council_from_the_same_date():
    _bare_composition()
    with pytest.raises(IntegrityError, match="councilcomposition_one_per_council_and_date"), transaction.atomic():
        CouncilComposition.objects.create(council=council(), document=register("652/QĐ-UBND"), effective_from=D_651)


def test_the_database_refuses_an_empty_council_name():
    with pytest.raises(IntegrityError, match="council_name_not_empty"), transaction.atomic():
        Council.objects.create(name="")


def _at_commit():
    # Deferred checks run at commit; tests never commit, so they ask PostgreSQL to run them now.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_database_refuses_a_composition_without_a_chair_when_the_transaction_ends():
    with pytest.raises(IntegrityError, match="councilcomposition_one_chair"), transaction.atomic():
        composition = _bare_composition(chair=False)
        _member(composition, 1, CouncilRole.VICE_CHAIR)
        _at_commit()


def test_the_database_refuses_removing_or_demoting_the_chair_of_a_composition():
    composition = compose()
    chair = composition.members.get(role=CouncilRole.CHAIR)
    with pytest.raises(IntegrityError, match="councilcomposition_one_chair"), transaction.atomic():
        CouncilMember.objects.filter(pk=chair.pk).delete()
        _at_commit()
    with pytest.raises(IntegrityError, match="councilcomposition_one_chair"), transaction.atomic():
        CouncilMember.objects.filter(pk=chair.pk).update(role=CouncilRole.MEMBER)
        _at_commit()
    with transaction.atomic():  # a composition written in one go passes
        compose(on=datetime.date(2019, 1, 2))
        _at_commit()


# The services.


def test_compose_records_the_members_in_order_with_an_audit_entry():
    actor = UserFactory(username="canbo")
    member_list = members(names=["Hoàng  Văn Khánh ", "Vi Văn Quang"])
    member_list[2].role = CouncilRole.STANDING_MEMBER
    composition = compose(member_list=member_list, actor=actor)
    rows = list(composition.members.values_list("position", "role", "full_name"))
    assert rows == [
        (1, "chair", "Nông Văn Thành"),
        (2, "standing_vice_chair", "Hoàng Văn Khánh"),
        (3, "standing_member", "Vi Văn Quang"),
    ]
    entry = AuditLog.objects.get(action="council.compose")
    assert entry.actor == actor and entry.reason == "Nhập quyết định kiện toàn" and entry.before is None
    assert entry.after["document"] == composition.document.number_symbol
    assert [m["full_name"] for m in entry.after["members"]] == ["Nông Văn Thành", "Hoàng Văn Khánh", "Vi Văn Quang"]


def _decision_651():
    return Document.objects.filter(number=651).first() or register()


def _refusal(**overrides) -> CouncilInvalid:
    kwargs = {
        "actor": None,
        "council": council(),
        "document": _decision_651(),
        "effective_from": D_651,
        "members": members(),
        "reason": "",
    }
    kwargs.update(overrides)
    before = (CouncilComposition.objects.count(), AuditLog.objects.filter(action="council.compose").count())
    with pytest.raises(CouncilInvalid) as refused:
        council_compose(**kwargs)
    assert (CouncilComposition.objects.count(), AuditLog.objects.filter(action="council.compose").count()) == before
    return refused.value


def test_compose_refuses_a_council_without_a_chair_or_without_members():
    no_chair = members()
    no_chair[0].role = CouncilRole.VICE_CHAIR
    assert _refusal(members=no_chair).general
    assert _refusal(members=[]).general


@pytest.mark.parametrize(
    "role",
    [CouncilRole.CHAIR, CouncilRole.FIRST_VICE_CHAIR, CouncilRole.STANDING_VICE_CHAIR, CouncilRole.STANDING_MEMBER],
)
def test_compose_refuses_a_second_holder_of_a_single_role_on_its_row(role):
    member_list = members(6)
    member_list[4].role = member_list[5].role = role
    first = next(index for index, m in enumerate(member_list) if m.role == role)
    error = _refusal(members=member_list)
    assert set(error.rows) == {i for i in (4, 5) if i != first}
    assert f"{first + 1})" in error.rows[5][0]  # names the line of the first holder, "(dòng N)"


def test_compose_refuses_unknown_roles_empty_names_titles_and_people_listed_twice():
    member_list = members(5)
    member_list[1].role = "secretary"
    member_list[2].full_name = "   "
    member_list[3].title = ""
    member_list[4].full_name = member_list[0].full_name.upper()
    assert set(_refusal(members=member_list).rows) == {1, 2, 3, 4}


def test_compose_refuses_a_document_that_is_not_a_decision_or_is_dated_after_the_effective_date():
    report = register("235/BC-UBND", datetime.date(2018, 7, 10), "Báo cáo sơ kết")
    assert "document" in _refusal(document=report, effective_from=datetime.date(2018, 7, 10)).fields
    later = register("700/QĐ-UBND", datetime.date(2018, 4, 20))
    assert "effective_from" in _refusal(document=later, effective_from=D_651).fields


def test_compose_accepts_a_decision_taking_effect_after_its_date():
    composition = compose(on=datetime.date(2018, 5, 1), document=register())
    assert composition.document.date == D_651


def test_compose_refuses_a_second_composition_from_the_same_date():
    compose(document=_decision_651())
    assert "effective_from" in _refusal(document=register("652/QĐ-UBND")).fields


def test_a_correction_needs_a_reason_and_keeps_the_composition_as_it_was_in_the_audit_log():
    composition = compose()
    corrected = members(names=["Hoàng Văn Khánh"])
    with pytest.raises(CouncilInvalid) as refused:
        council_composition_correct(
            actor=None,
            composition=composition,
            document=composition.document,
            effective_from=D_651,
            members=corrected,
            reason=" ",
        )
    assert "reason" in refused.value.fields and composition.members.count() == 5
    council_composition_correct(
        actor=None,
        composition=composition,
        document=composition.document,
        effective_from=D_651,
        members=corrected,
        reason="Sửa tên nhập sai",
    )
    assert list(composition.members.values_list("full_name", flat=True)) == ["Nông Văn Thành", "Hoàng Văn Khánh"]
    entry = AuditLog.objects.get(action="council.correct")
    assert len(entry.before["members"]) == 5 and len(entry.after["members"]) == 2
    assert entry.reason == "Sửa tên nhập sai"


# Reads.


def test_the_composition_on_a_date_is_the_latest_that_took_effect():
    first = compose()
    second = compose(on=datetime.date(2019, 3, 1))
    the_council = council()
    assert council_composition_on(council=the_council, date=datetime.date(2018, 4, 10)) is None
    assert council_composition_on(council=the_council, date=D_651) == first
    assert council_composition_on(council=the_council, date=datetime.date(2019, 2, 28)) == first
    assert council_composition_on(council=the_council, date=datetime.date(2019, 3, 1)) == second
    other = Council.objects.create(name="Hội đồng Thi đua - Khen thưởng huyện Cao Lộc")
    assert council_composition_on(council=other, date=datetime.date(2019, 3, 1)) is None


@pytest.mark.parametrize("size", [3, 30])
def test_the_composition_on_a_date_is_read_in_two_queries(size):
    compose(member_list=members(size))
    the_council = council()
    with CaptureQueriesContext(connection) as queries:
        composition = council_composition_on(council=the_council, date=D_651)
        groups = council_members_by_role(composition)
        _ = [(m.full_name, m.unit and m.unit.name) for g in groups for m in g.members], composition.document.date
    assert len(queries) == 2 and sum(len(g.members) for g in groups) == size


def test_members_are_grouped_by_role_chair_first_and_the_standing_member_first_among_members():
    member_list = members(names=["A Văn Một", "B Văn Hai", "C Văn Ba"])
    member_list.append(MemberFields(role=CouncilRole.STANDING_MEMBER, full_name="D Văn Bốn", title="Trưởng Ban TĐKT"))
    member_list.insert(1, MemberFields(role=CouncilRole.VICE_CHAIR, full_name="E Văn Năm", title="Chủ tịch MTTQ"))
    groups = council_members_by_role(compose(member_list=member_list))
    assert [g.role for g in groups] == ["chair", "standing_vice_chair", "vice_chair", "member"]
    assert [m.full_name for m in groups[-1].members] == ["D Văn Bốn", "B Văn Hai", "C Văn Ba"]


def test_history_lists_compositions_in_date_order_with_who_joined_left_or_changed_role():
    compose(member_list=members(names=["Hoàng Văn Khánh", "Vi Văn Quang", "Lăng Đức Hải"]))
    later = members(names=["Vi Văn Quang", "Hoàng Văn Khánh", "Triệu Văn Hùng"])  # Quang becomes standing vice-chair
    compose(on=datetime.date(2019, 3, 1), member_list=later)
    the_council = council()
    with CaptureQueriesContext(connection) as queries:
        history = council_history(council=the_council)
    assert len(queries) == 2
    assert [h.composition.effective_from for h in history] == [D_651, datetime.date(2019, 3, 1)]
    assert [h.member_count for h in history] == [4, 4]
    assert history[0].joined == history[0].left == []
    assert [m.full_name for m in history[1].joined] == ["Triệu Văn Hùng"]
    assert [m.full_name for m in history[1].left] == ["Lăng Đức Hải"]
    changed = {after.full_name: (before.role, after.role) for before, after in history[1].changed_role}
    assert changed == {
        "Vi Văn Quang": ("member", "standing_vice_chair"),
        "Hoàng Văn Khánh": ("standing_vice_chair", "member"),
    }


# The demo.


def test_the_demo_council_is_the_one_of_651_with_19_members_and_loading_again_adds_nothing():
    from thiduakhenthuong.demo import documents_load, organisation_load
    from thiduakhenthuong.demo_council import council_load

    assert council_load() == 0  # without the register entry of 651/QĐ-UBND there is nothing to record
    organisation_load()
    documents_load()
    assert council_load() == 1
    composition = council_composition_on(
        council=Council.objects.get(name="Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn"),
        date=datetime.date(2018, 6, 20),
    )
    assert (composition.document.number_symbol, composition.document.date) == ("651/QĐ-UBND", D_651)
    assert composition.effective_from == D_651
    roles = Counter(m.role for m in composition.members.all())
    assert composition.members.count() == 19
    assert roles == {
        "chair": 1,
        "first_vice_chair": 1,
        "standing_vice_chair": 1,
        "vice_chair": 1,
        "standing_member": 1,
        "member": 14,
    }
    by_role = {m.role: m for m in composition.members.select_related("unit")}
    assert by_role["chair"].title == "Chủ tịch UBND tỉnh"
    assert by_role["first_vice_chair"].full_name == "Hồ Tiến Thiệu" and not by_role["first_vice_chair"].is_illustrative
    assert by_role["standing_vice_chair"].unit.name == by_role["standing_member"].unit.name == "Sở Nội vụ"
    assert by_role["vice_chair"].unit.name == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
    assert "Thi đua - Khen thưởng" in by_role["standing_member"].title
    assert composition.members.filter(is_illustrative=False).count() == 1
    assert composition.members.filter(unit__isnull=False).count() == 17
    assert council_composition_on(council=composition.council, date=datetime.date(2018, 4, 10)) is None
    entries = AuditLog.objects.count()
    assert council_load() == 0
    assert AuditLog.objects.count() == entries and CouncilMember.objects.count() == 19
