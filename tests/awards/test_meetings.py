"""Council meetings: quorum, ballots under the rule of each award type (at the boundary), open and secret
ballots, conflicts of interest, and closing with every nominee's result."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from audit.models import AuditLog
from awards.council.meetings import (
    MeetingRefused,
    ballot_correct,
    ballot_record,
    meeting_attendance_set,
    meeting_close,
    meeting_conflicts,
    meeting_create,
    meeting_quorum,
)
from awards.council.services import MemberFields
from awards.models import Ballot, CouncilRole, Dossier, Nomination
from awards.nominations.files import dossier_attach
from awards.nominations.services import (
    DossierFields,
    NomineeFields,
    VettingFields,
    dossier_create,
    dossier_receive,
    dossier_send_to_meeting,
    dossier_submit,
    dossier_vet,
)
from tests.awards.council_helpers import compose, council, members
from tests.factories import UnitFactory, award_type, kind

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MEETING_DAY = datetime.date(2018, 5, 15)


def _dossier_at_meeting(unit, *nominees):
    fields = DossierFields(unit=unit, commendation_kind=kind("regular"), year=2017, title=f"Hồ sơ của {unit}")
    dossier = dossier_create(
        actor=None,
        fields=fields,
        nominees=[
            NomineeFields("individual", name, award_type(code), "Thành tích xuất sắc") for name, code in nominees
        ],
    )
    for file_kind in ("submission", "achievements", "minutes"):
        dossier_attach(actor=None, dossier=dossier, kind=file_kind, upload=SimpleUploadedFile("tep.pdf", PDF))
    dossier_submit(actor=None, dossier=dossier)
    dossier_receive(actor=None, dossier=dossier)
    dossier_vet(actor=None, dossier=dossier, verdicts=[VettingFields(n.pk, True) for n in dossier.nominations.all()])
    return dossier_send_to_meeting(actor=None, dossier=dossier)


@pytest.fixture
def setting():
    """A council of 10 (so 70% is exactly 7 and 90% exactly 9), one member from the proposing unit."""
    unit = UnitFactory(name="Sở Tư pháp")
    member_list = members(10)
    member_list[3] = MemberFields(
        role=CouncilRole.MEMBER, full_name="Lý Thị Tư", title="Giám đốc Sở Tư pháp", unit=unit
    )
    compose(member_list=member_list)
    dossier = _dossier_at_meeting(unit, ("Hoàng Văn Phong", "BK_TINH"), ("Nông Thị Hà", "CSTD_TINH"))
    meeting = meeting_create(
        actor=None,
        council=council(),
        date=MEETING_DAY,
        place="UBND tỉnh",
        title="Phiên họp tháng 5",
        dossiers=[dossier],
    )
    ids = [m.pk for m in meeting.composition.members.all()]
    return meeting, dossier, ids


def _nominee(dossier, code):
    return dossier.nominations.get(award_type__code=code)


def test_no_vote_without_quorum_two_thirds_of_all_members(setting):
    meeting, dossier, ids = setting
    assert meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids[:6])).reached is False
    with pytest.raises(MeetingRefused):
        ballot_record(
            actor=None, meeting=meeting, nomination=_nominee(dossier, "CSTD_TINH"), votes_for=6, votes_against=0
        )
    quorum = meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids[:7]))
    assert (quorum.present, quorum.members, quorum.required, quorum.reached) == (7, 10, 7, True)


def test_thresholds_at_the_boundary_count_all_members_not_those_present(setting):
    meeting, dossier, ids = setting
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids[:9]))
    secret = _nominee(dossier, "CSTD_TINH")  # secret ballot, 90% of 10 members = 9
    assert ballot_record(actor=None, meeting=meeting, nomination=secret, votes_for=9, votes_against=0).passed
    assert not ballot_correct(
        actor=None, meeting=meeting, nomination=secret, reason="Đếm lại phiếu", votes_for=8, votes_against=1
    ).passed
    # Open vote, 70%: 7 of the 9 present agree → 7 of 10 members → passes; 6 → fails although 6/9 = 67%.
    open_vote = _nominee(dossier, "BK_TINH")
    votes = {member: index < 7 for index, member in enumerate(ids[:9])}
    ballot = ballot_record(actor=None, meeting=meeting, nomination=open_vote, named_votes=votes)
    assert (ballot.votes_for, ballot.votes_against, ballot.passed, ballot.ballot) == (7, 2, True, "named")
    assert ballot.named_votes.count() == 9 and "70%" in ballot.explanation
    votes[ids[6]] = False
    assert not ballot_correct(
        actor=None, meeting=meeting, nomination=open_vote, reason="Ghi nhầm phiếu", named_votes=votes
    ).passed


def test_a_secret_ballot_keeps_no_names_and_an_open_one_needs_every_present_member(setting):
    meeting, dossier, ids = setting
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids[:8]))
    with pytest.raises(MeetingRefused):
        ballot_record(
            actor=None,
            meeting=meeting,
            nomination=_nominee(dossier, "CSTD_TINH"),
            named_votes={i: True for i in ids[:8]},
        )
    with pytest.raises(MeetingRefused):
        ballot_record(
            actor=None, meeting=meeting, nomination=_nominee(dossier, "BK_TINH"), named_votes={i: True for i in ids[:7]}
        )
    with pytest.raises(MeetingRefused):  # more votes than members present
        ballot_record(
            actor=None, meeting=meeting, nomination=_nominee(dossier, "CSTD_TINH"), votes_for=8, votes_against=1
        )


def test_a_member_from_the_proposing_unit_is_flagged(setting):
    meeting, dossier, _ = setting
    conflicts = meeting_conflicts(meeting=meeting)
    assert {n.pk for n in dossier.nominations.all()} == set(conflicts)
    assert [m.full_name for m in conflicts[_nominee(dossier, "BK_TINH").pk]] == ["Lý Thị Tư"]


def test_closing_needs_every_ballot_then_records_results_and_moves_the_dossier(setting, staff):
    meeting, dossier, ids = setting
    meeting_attendance_set(actor=staff, meeting=meeting, present_member_ids=set(ids))
    ballot_record(actor=staff, meeting=meeting, nomination=_nominee(dossier, "CSTD_TINH"), votes_for=8, votes_against=2)
    with pytest.raises(MeetingRefused):
        meeting_close(actor=staff, meeting=meeting)
    ballot_record(
        actor=staff, meeting=meeting, nomination=_nominee(dossier, "BK_TINH"), named_votes={i: True for i in ids}
    )
    meeting_close(actor=staff, meeting=meeting)
    results = dict(Nomination.objects.filter(dossier=dossier).values_list("award_type__code", "result"))
    assert results == {"CSTD_TINH": "failed", "BK_TINH": "passed"}
    assert Dossier.objects.get(pk=dossier.pk).status == Dossier.Status.REVIEWED
    assert AuditLog.objects.filter(action="meeting.ballot").count() == 2
    with pytest.raises(MeetingRefused):  # a closed meeting's record is final
        ballot_record(
            actor=staff, meeting=meeting, nomination=_nominee(dossier, "BK_TINH"), votes_for=0, votes_against=0
        )


def test_only_dossiers_sent_to_the_council_go_on_an_agenda_and_the_database_checks_tallies(setting):
    meeting, dossier, ids = setting
    Dossier.objects.filter(pk=dossier.pk).update(status="vetted", submitted_at=timezone.now())
    with pytest.raises(MeetingRefused):
        meeting_create(
            actor=None,
            council=council(),
            date=MEETING_DAY,
            place="x",
            title="y",
            dossiers=[Dossier.objects.get(pk=dossier.pk)],
        )
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids[:7]))
    assert meeting_quorum(meeting=meeting).present == 7
    ballot = ballot_record(
        actor=None, meeting=meeting, nomination=_nominee(dossier, "CSTD_TINH"), votes_for=7, votes_against=0
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        Ballot.objects.filter(pk=ballot.pk).update(votes_for=8)


def test_attendance_is_fixed_once_votes_are_cast_and_a_dossier_sits_on_one_open_agenda(setting):
    meeting, dossier, ids = setting
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids))
    ballot_record(actor=None, meeting=meeting, nomination=_nominee(dossier, "CSTD_TINH"), votes_for=9, votes_against=1)
    with pytest.raises(MeetingRefused):
        meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids[:8]))
    with pytest.raises(MeetingRefused):
        meeting_create(actor=None, council=council(), date=MEETING_DAY, place="x", title="Phiên 2", dossiers=[dossier])


def test_the_agenda_check_reads_the_same_queries_for_one_dossier_and_for_four():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from awards.council.meetings import _agenda_check

    def queries(dossiers) -> int:
        with CaptureQueriesContext(connection) as captured:
            _agenda_check(dossiers)
        return len(captured)

    dossiers = [_dossier_at_meeting(UnitFactory(), (f"Người {i}", "BK_TINH")) for i in range(4)]
    assert queries(dossiers[:1]) == queries(dossiers)
