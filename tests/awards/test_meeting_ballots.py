"""Recording and correcting a ballot (awards.council.meetings.ballot_record, ballot_correct): the secretary never
changes a vote a member cast themself, a ballot is recorded once and then only corrected with a reason, the audit
keeps the whole ballot before and after; casting the same vote again writes nothing; only members of the meeting's
composition vote."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import override

from audit.labels import action_label
from audit.models import AuditLog
from awards.council.meetings import (
    MeetingRefused,
    ballot_correct,
    ballot_record,
    meeting_attendance_set,
    member_vote_cast,
)
from awards.models import Ballot, CouncilMember, Meeting, MemberVote
from tests.awards.council_helpers import compose, members, register
from tests.awards.meeting_helpers import OPEN_CODE, SECRET_CODE, council_of_ten, dossier_sent, meeting_of
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    """The council of 10 (Lý Thị Tư, 4th, from the proposing unit), its meeting with an open and a secret
    nominee, every member with an account, the first nine present."""
    unit = UnitFactory(name="Sở Tư pháp")
    council_of_ten(unit=unit)
    dossier = dossier_sent(unit)
    meeting = meeting_of([dossier])
    users = []
    for member in meeting.composition.members.order_by("position"):
        user = UserFactory(username=f"thanhvien{member.pk}")
        CouncilMember.objects.filter(pk=member.pk).update(user=user)
        users.append(user)
    ids = [m.pk for m in meeting.composition.members.order_by("position")]
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids[:9]))
    return meeting, dossier, users, ids


def _nominee(dossier, code):
    return dossier.nominations.get(award_type__code=code)


def _refused(service, **kwargs) -> str:
    with override("en"), pytest.raises(MeetingRefused) as error:
        service(**kwargs)
    return " ".join(error.value.messages)


# A member's own vote is theirs.


def test_the_secretary_cannot_change_a_vote_a_member_cast_themself(setting, staff):
    meeting, dossier, users, ids = setting
    nominee = _nominee(dossier, OPEN_CODE)
    member_vote_cast(actor=users[0], meeting=meeting, nomination=nominee, agrees=True)
    member_vote_cast(actor=users[3], meeting=meeting, nomination=nominee, agrees=False)  # Lý Thị Tư
    entries = AuditLog.objects.count()
    message = _refused(
        ballot_record, actor=staff, meeting=meeting, nomination=nominee, named_votes=dict.fromkeys(ids[:9], True)
    )
    assert "cast their own vote" in message and "Lý Thị Tư" in message
    assert "Nông Văn Thành" not in message  # the chair's own vote (agrees) was kept as cast
    assert not Ballot.objects.exists() and AuditLog.objects.count() == entries
    # Filling in only the members who did not vote is accepted, with the members' own votes.
    votes = {**dict.fromkeys(ids[:9], True), ids[3]: False}
    ballot = ballot_record(actor=staff, meeting=meeting, nomination=nominee, named_votes=votes)
    assert (ballot.votes_for, ballot.votes_against) == (8, 1)
    assert ballot.named_votes.get(member_id=ids[3]).agrees is False


def test_a_correction_cannot_change_a_vote_a_member_cast_themself_either(setting, staff):
    meeting, dossier, users, ids = setting
    nominee = _nominee(dossier, OPEN_CODE)
    member_vote_cast(actor=users[1], meeting=meeting, nomination=nominee, agrees=True)
    ballot_record(actor=staff, meeting=meeting, nomination=nominee, named_votes=dict.fromkeys(ids[:9], True))
    message = _refused(
        ballot_correct,
        actor=staff,
        meeting=meeting,
        nomination=nominee,
        reason="Ghi nhầm",
        named_votes={**dict.fromkeys(ids[:9], True), ids[1]: False},
    )
    assert "cast their own vote" in message and "Hoàng Văn Thành viên 1" in message
    assert Ballot.objects.get().votes_for == 9 and not AuditLog.objects.filter(action="meeting.ballot_correct")


# Recording once, correcting with a reason.


def test_the_first_recording_keeps_the_whole_ballot_in_the_audit(setting, staff):
    meeting, dossier, _, ids = setting
    nominee = _nominee(dossier, OPEN_CODE)
    votes = {member: index < 7 for index, member in enumerate(ids[:9])}
    ballot = ballot_record(actor=staff, meeting=meeting, nomination=nominee, named_votes=votes)
    [entry] = AuditLog.objects.filter(action="meeting.ballot")
    assert entry.before is None and entry.actor == staff
    assert entry.after == {
        "nomination": nominee.pk,
        "rule": ballot.rule_id,
        "ballot": "named",
        "for": 7,
        "against": 2,
        "passed": True,
        "explanation": ballot.explanation,
        "named_votes": {str(member): agrees for member, agrees in votes.items()},
    }


def test_a_recorded_ballot_is_not_recorded_again(setting, staff):
    meeting, dossier, _, _ = setting
    secret = _nominee(dossier, SECRET_CODE)
    ballot_record(actor=staff, meeting=meeting, nomination=secret, votes_for=9, votes_against=0)
    message = _refused(ballot_record, actor=staff, meeting=meeting, nomination=secret, votes_for=3, votes_against=6)
    assert "already recorded" in message and "reason" in message
    assert Ballot.objects.get().votes_for == 9 and AuditLog.objects.filter(action="meeting.ballot").count() == 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_correction_needs_a_reason(setting, staff, reason):
    meeting, dossier, _, _ = setting
    secret = _nominee(dossier, SECRET_CODE)
    ballot_record(actor=staff, meeting=meeting, nomination=secret, votes_for=9, votes_against=0)
    message = _refused(
        ballot_correct, actor=staff, meeting=meeting, nomination=secret, reason=reason, votes_for=8, votes_against=1
    )
    assert "reason" in message
    assert Ballot.objects.get().votes_for == 9 and not AuditLog.objects.filter(action="meeting.ballot_correct")


def test_a_correction_keeps_the_whole_ballot_before_and_after_with_the_reason(setting, staff):
    meeting, dossier, _, ids = setting
    nominee = _nominee(dossier, OPEN_CODE)
    votes = {member: index < 7 for index, member in enumerate(ids[:9])}
    before = ballot_record(actor=staff, meeting=meeting, nomination=nominee, named_votes=votes)
    old_explanation = before.explanation
    corrected = {**votes, ids[6]: False}
    ballot = ballot_correct(
        actor=staff, meeting=meeting, nomination=nominee, reason=" Thư ký ghi nhầm phiếu ", named_votes=corrected
    )
    assert ballot.pk == before.pk and (ballot.votes_for, ballot.passed) == (6, False)
    assert dict(ballot.named_votes.values_list("member_id", "agrees")) == corrected
    [entry] = AuditLog.objects.filter(action="meeting.ballot_correct")
    assert entry.actor == staff and entry.reason == "Thư ký ghi nhầm phiếu" and entry.object_id == str(meeting.pk)
    assert entry.before == {
        "nomination": nominee.pk,
        "rule": ballot.rule_id,
        "ballot": "named",
        "for": 7,
        "against": 2,
        "passed": True,
        "explanation": old_explanation,
        "named_votes": {str(member): agrees for member, agrees in votes.items()},
    }
    assert entry.after == {
        **entry.before,
        "for": 6,
        "against": 3,
        "passed": False,
        "explanation": ballot.explanation,
        "named_votes": {str(member): agrees for member, agrees in corrected.items()},
    }
    with override("en"):
        assert action_label("meeting.ballot_correct") == "corrected a ballot"


def test_a_secret_ballots_correction_keeps_no_names(setting, staff):
    meeting, dossier, _, _ = setting
    secret = _nominee(dossier, SECRET_CODE)
    ballot_record(actor=staff, meeting=meeting, nomination=secret, votes_for=8, votes_against=1)
    ballot_correct(actor=staff, meeting=meeting, nomination=secret, reason="Đếm lại", votes_for=9, votes_against=0)
    entry = AuditLog.objects.get(action="meeting.ballot_correct")
    assert (entry.before["for"], entry.before["passed"], entry.after["for"], entry.after["passed"]) == (
        8,
        False,
        9,
        True,
    )
    assert entry.before["named_votes"] == entry.after["named_votes"] == {}


def test_no_correction_without_a_ballot_after_closing_or_changing_nothing(setting, staff):
    meeting, dossier, _, _ = setting
    secret = _nominee(dossier, SECRET_CODE)
    kwargs = {"actor": staff, "meeting": meeting, "nomination": secret, "reason": "Đếm lại"}
    assert "record it first" in _refused(ballot_correct, **kwargs, votes_for=9, votes_against=0)
    ballot_record(actor=staff, meeting=meeting, nomination=secret, votes_for=9, votes_against=0)
    assert "changes nothing" in _refused(ballot_correct, **kwargs, votes_for=9, votes_against=0)
    Meeting.objects.filter(pk=meeting.pk).update(status="closed", closed_at=timezone.now())
    assert "closed" in _refused(ballot_correct, **kwargs, votes_for=8, votes_against=1)
    assert Ballot.objects.get().votes_for == 9 and not AuditLog.objects.filter(action="meeting.ballot_correct")


# Casting the same vote again.


def test_casting_the_same_vote_again_writes_nothing(setting):
    meeting, dossier, users, _ = setting
    nominee = _nominee(dossier, OPEN_CODE)
    first = member_vote_cast(actor=users[0], meeting=meeting, nomination=nominee, agrees=True)
    again = member_vote_cast(actor=users[0], meeting=meeting, nomination=nominee, agrees=True)
    assert first.changed and not again.changed and again.ballot is None
    assert again.vote.pk == first.vote.pk and MemberVote.objects.get().cast_at == first.vote.cast_at
    assert AuditLog.objects.filter(action="meeting.vote_cast").count() == 1
    changed = member_vote_cast(actor=users[0], meeting=meeting, nomination=nominee, agrees=False)
    assert changed.changed and AuditLog.objects.filter(action="meeting.vote_cast").count() == 2


# Only the meeting's composition.


def test_a_member_of_another_composition_of_the_same_council_cannot_vote(setting, staff):
    """The council is reconstituted after the meeting's date: its new members are not this meeting's."""
    meeting, dossier, _, ids = setting
    later = datetime.date(2018, 6, 1)
    newcomers = members(10, names=[f"Lục Văn Mới {i}" for i in range(1, 10)])
    composition = compose(on=later, document=register("88/QĐ-UBND", later), member_list=newcomers)
    newcomer = composition.members.get(full_name="Lục Văn Mới 2")
    user = UserFactory(username="thanhvien.moi")
    CouncilMember.objects.filter(pk=newcomer.pk).update(user=user)
    nominee = _nominee(dossier, OPEN_CODE)
    message = _refused(member_vote_cast, actor=user, meeting=meeting, nomination=nominee, agrees=True)
    assert "Only members of the council as composed on the meeting's date can vote" in message
    assert not MemberVote.objects.exists() and not AuditLog.objects.filter(action="meeting.vote_cast")
    # Nor can the secretary enter a vote in their name.
    votes = {**dict.fromkeys(ids[:8], True), newcomer.pk: True}
    message = _refused(ballot_record, actor=staff, meeting=meeting, nomination=nominee, named_votes=votes)
    assert "every member present, and only theirs" in message and not Ballot.objects.exists()
