"""Council members casting their own open votes (awards.council.meetings.member_vote_cast): who may vote and on what,
changing a vote, the ballot recorded automatically once the last present member has voted (at the 70%
boundary), the audit entry with the conflict-of-interest flag, and the database refusing a second vote."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import override

from audit.labels import action_label
from audit.models import AuditLog
from awards.council.meetings import MeetingRefused, ballot_record, meeting_attendance_set, member_vote_cast
from awards.models import Ballot, CouncilMember, Meeting, MemberVote
from tests.awards.council_helpers import compose, council, members
from tests.awards.meeting_helpers import OPEN_CODE, SECRET_CODE, council_of_ten, dossier_sent, meeting_of
from tests.awards.test_meetings import _dossier_at_meeting
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _link_accounts(meeting) -> list:
    """A portal account for every member of the meeting's composition, in the order of the decision."""
    users = []
    for member in meeting.composition.members.order_by("position"):
        user = UserFactory(username=f"thanhvien{member.pk}")
        CouncilMember.objects.filter(pk=member.pk).update(user=user)
        users.append(user)
    return users


def _ids(meeting):
    return [m.pk for m in meeting.composition.members.order_by("position")]


@pytest.fixture
def setting():
    """The council of 10 (Lý Thị Tư, 4th, from the proposing unit), its meeting with an open and a secret
    nominee, every member with an account, the first nine present."""
    unit = UnitFactory(name="Sở Tư pháp")
    council_of_ten(unit=unit)
    dossier = dossier_sent(unit)
    meeting = meeting_of([dossier])
    users = _link_accounts(meeting)
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(_ids(meeting)[:9]))
    return meeting, dossier, users


def _nominee(dossier, code):
    return dossier.nominations.get(award_type__code=code)


def _refused(**kwargs) -> str:
    with override("en"), pytest.raises(MeetingRefused) as error:
        member_vote_cast(**kwargs)
    return " ".join(error.value.messages)


def _nothing_recorded():
    return not MemberVote.objects.exists() and not AuditLog.objects.filter(action="meeting.vote_cast").exists()


# Refusals.


def test_only_a_member_of_the_meetings_composition_votes_and_only_as_themself(setting, staff):
    meeting, dossier, _ = setting
    nominee = _nominee(dossier, OPEN_CODE)
    assert "Only members of the council" in _refused(actor=staff, meeting=meeting, nomination=nominee, agrees=True)
    assert "Only members" in _refused(actor=None, meeting=meeting, nomination=nominee, agrees=True)
    # A member of another council's composition is not a member of this meeting's.
    other_council = council("Hội đồng khối doanh nghiệp")
    other = council_of_ten(the_council=other_council, on=datetime.date(2018, 4, 12))
    outsider = UserFactory(username="thanhvien.khac")
    other.members.filter(position=2).update(user=outsider)
    assert "Only members" in _refused(actor=outsider, meeting=meeting, nomination=nominee, agrees=True)
    assert _nothing_recorded()


def test_a_member_not_present_cannot_vote(setting):
    meeting, dossier, users = setting
    message = _refused(actor=users[9], meeting=meeting, nomination=_nominee(dossier, OPEN_CODE), agrees=True)
    assert "not recorded as present" in message and _nothing_recorded()


def test_no_vote_at_a_closed_meeting(setting):
    meeting, dossier, users = setting
    Meeting.objects.filter(pk=meeting.pk).update(status="closed", closed_at=timezone.now())
    message = _refused(actor=users[0], meeting=meeting, nomination=_nominee(dossier, OPEN_CODE), agrees=True)
    assert "This meeting is closed" in message and _nothing_recorded()


def test_a_secret_ballot_nominee_is_counted_on_paper(setting):
    meeting, dossier, users = setting
    message = _refused(actor=users[0], meeting=meeting, nomination=_nominee(dossier, SECRET_CODE), agrees=True)
    assert "secret ballots are counted on paper by the counting committee" in message and _nothing_recorded()


def test_a_nominee_not_on_the_agenda_is_refused(setting):
    meeting, _, users = setting
    elsewhere = _nominee(dossier_sent(UnitFactory(), ("Lương Văn Khác", "Mã Thị Khác")), OPEN_CODE)
    message = _refused(actor=users[0], meeting=meeting, nomination=elsewhere, agrees=True)
    assert "not on the meeting's agenda" in message and _nothing_recorded()


def test_no_vote_once_the_ballot_is_recorded(setting):
    meeting, dossier, users = setting
    nominee = _nominee(dossier, OPEN_CODE)
    ballot_record(actor=None, meeting=meeting, nomination=nominee, named_votes=dict.fromkeys(_ids(meeting)[:9], True))
    message = _refused(actor=users[0], meeting=meeting, nomination=nominee, agrees=False)
    assert "already recorded" in message and _nothing_recorded()
    assert Ballot.objects.get(nomination=nominee).votes_for == 9


def test_no_vote_without_a_quorum(setting):
    meeting, dossier, users = setting
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(_ids(meeting)[:6]))  # 7 needed
    message = _refused(actor=users[0], meeting=meeting, nomination=_nominee(dossier, OPEN_CODE), agrees=True)
    assert "No quorum" in message and _nothing_recorded()


# Casting, changing, recording.


def test_a_member_changes_their_vote_until_the_ballot_is_recorded(setting):
    meeting, dossier, users = setting
    nominee = _nominee(dossier, OPEN_CODE)
    vote, ballot, _ = member_vote_cast(actor=users[0], meeting=meeting, nomination=nominee, agrees=True)
    assert ballot is None and vote.agrees is True
    vote, ballot, _ = member_vote_cast(actor=users[0], meeting=meeting, nomination=nominee, agrees=False)
    assert ballot is None
    [stored] = MemberVote.objects.all()
    assert (stored.member.user, stored.agrees, stored.nomination) == (users[0], False, nominee)
    entries = list(AuditLog.objects.filter(action="meeting.vote_cast").order_by("pk"))
    assert [e.before and e.before["agrees"] for e in entries] == [None, True]
    assert [e.after["agrees"] for e in entries] == [True, False]
    assert not Ballot.objects.exists()


def test_the_vote_is_audited_with_the_conflict_of_interest_flag(setting):
    meeting, dossier, users = setting
    nominee = _nominee(dossier, OPEN_CODE)
    member_vote_cast(actor=users[0], meeting=meeting, nomination=nominee, agrees=True)
    member_vote_cast(actor=users[3], meeting=meeting, nomination=nominee, agrees=False)  # Lý Thị Tư, own unit
    plain, flagged = AuditLog.objects.filter(action="meeting.vote_cast").order_by("pk")
    assert (plain.actor, plain.object_id, plain.after["conflict_of_interest"], plain.reason) == (
        users[0],
        str(meeting.pk),
        False,
        "",
    )
    tu = CouncilMember.objects.get(user=users[3])
    assert tu.full_name == "Lý Thị Tư"
    assert flagged.after == {
        "nomination": nominee.pk,
        "member": tu.pk,
        "conflict_of_interest": True,
        "agrees": False,
    }
    assert flagged.actor == users[3] and flagged.reason
    with override("en"):
        assert action_label("meeting.vote_cast") == "cast their vote"


def test_the_ballot_is_recorded_when_the_last_present_member_votes(setting):
    meeting, dossier, users = setting
    nominee = _nominee(dossier, OPEN_CODE)
    for index, user in enumerate(users[:8]):
        _, ballot, _ = member_vote_cast(actor=user, meeting=meeting, nomination=nominee, agrees=index < 7)
        assert ballot is None
    _, ballot, _ = member_vote_cast(actor=users[8], meeting=meeting, nomination=nominee, agrees=False)
    assert ballot is not None
    assert (ballot.votes_for, ballot.votes_against, ballot.present, ballot.members_total) == (7, 2, 9, 10)
    assert ballot.passed and ballot.ballot == "named" and "70%" in ballot.explanation  # 7 of 10 members
    assert ballot.recorded_by == users[8]
    expected = {m.pk: i < 7 for i, m in enumerate(meeting.composition.members.order_by("position")[:9])}
    assert dict(ballot.named_votes.values_list("member_id", "agrees")) == expected
    assert AuditLog.objects.filter(action="meeting.ballot", actor=users[8]).count() == 1


def test_votes_of_members_no_longer_present_do_not_count(setting):
    """Attendance may be corrected until a ballot is recorded: only present members' votes make the ballot."""
    meeting, dossier, users = setting
    nominee = _nominee(dossier, OPEN_CODE)
    member_vote_cast(actor=users[8], meeting=meeting, nomination=nominee, agrees=False)
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(_ids(meeting)[:8]))
    for user in users[:7]:
        assert member_vote_cast(actor=user, meeting=meeting, nomination=nominee, agrees=True)[1] is None
    _, ballot, _ = member_vote_cast(actor=users[7], meeting=meeting, nomination=nominee, agrees=True)
    assert (ballot.votes_for, ballot.votes_against, ballot.present) == (8, 0, 8)
    assert users[8] not in {v.member.user for v in ballot.named_votes.select_related("member__user")}


@pytest.mark.parametrize(("agree", "passed"), [(14, True), (13, False)])
def test_seventy_percent_of_nineteen_members_is_fourteen(agree, passed):
    unit = UnitFactory()
    compose(member_list=members(19))
    dossier = _dossier_at_meeting(unit, ("Hoàng Văn Phong", OPEN_CODE))
    meeting = meeting_of([dossier])
    users = _link_accounts(meeting)
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(_ids(meeting)))
    nominee = _nominee(dossier, OPEN_CODE)
    results = [
        member_vote_cast(actor=user, meeting=meeting, nomination=nominee, agrees=index < agree)[1]
        for index, user in enumerate(users)
    ]
    assert results[:-1] == [None] * 18
    ballot = results[-1]
    assert (ballot.votes_for, ballot.votes_against, ballot.members_total, ballot.passed) == (
        agree,
        19 - agree,
        19,
        passed,
    )
    assert Ballot.objects.get(nomination=nominee).pk == ballot.pk


def test_the_database_refuses_a_second_vote_of_a_member_on_a_nominee(setting):
    meeting, dossier, users = setting
    nominee = _nominee(dossier, OPEN_CODE)
    vote, *_ = member_vote_cast(actor=users[0], meeting=meeting, nomination=nominee, agrees=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberVote.objects.create(
            meeting=meeting, nomination=nominee, member=vote.member, agrees=False, cast_at=timezone.now()
        )
