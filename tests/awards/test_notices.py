"""The notices the award services queue (awards/nominations/notices.py, awards/council/notices.py): the clerks of
the dossier's unit (never another unit's) when it is received, returned with the reason, or decided; the council
members with an account when their meeting is planned, and, once present with a quorum, when open-ballot nominees
wait for their vote (once per meeting). Each e-mailed in Vietnamese with its link after the commit."""

import pytest
from django.core import mail
from django.urls import reverse

from awards.council.meetings import meeting_attendance_set, member_vote_cast
from awards.decisions.gathering import decision_from_nominations
from awards.decisions.services import decision_issue
from awards.models import CouncilMember
from awards.nominations.services import (
    DossierFields,
    NomineeFields,
    VettingFields,
    dossier_create,
    dossier_receive,
    dossier_return,
    dossier_submit,
    dossier_vet,
)
from kernel.models import Notice, NoticeKind
from kernel.notices import notify_secretariat
from tests.awards.meeting_helpers import OPEN_CODE, council_of_ten, dossier_sent, meeting_of
from tests.awards.test_dossiers import _ready
from tests.factories import UnitFactory, UserFactory, award_type, decision_fields, kind

pytestmark = pytest.mark.django_db


def _with_email(user):
    user.email = f"{user.username}@langson.gov.vn"
    user.save(update_fields=["email"])
    return user


def _submitted(unit, kind_code="regular"):
    fields = DossierFields(unit=unit, commendation_kind=kind(kind_code), year=2017, title="Đề nghị Bằng khen 2017")
    nominees = [NomineeFields("individual", "Hoàng Văn Phong", award_type("BK_TINH"), "Hoàn thành xuất sắc")]
    dossier = _ready(dossier_create(actor=None, fields=fields, nominees=nominees), minutes=kind_code != "ad_hoc")
    return dossier_submit(actor=None, dossier=dossier)


def _notices(user, kind):
    return list(Notice.objects.filter(recipient=user, kind=kind))


def test_the_clerks_of_the_dossiers_unit_hear_it_received_and_returned_with_the_reason(
    clerk_a, clerk_b, unit_a, staff, django_capture_on_commit_callbacks
):
    _with_email(clerk_a), _with_email(clerk_b)
    dossier = _submitted(unit_a)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_receive(actor=staff, dossier=dossier)
        dossier_return(actor=staff, dossier=dossier, reason="Thiếu biên bản họp xét của đơn vị")
    url = reverse("awards:dossier-detail", args=[dossier.pk])
    [received] = _notices(clerk_a, NoticeKind.DOSSIER_RECEIVED)
    [returned] = _notices(clerk_a, NoticeKind.DOSSIER_RETURNED)
    assert received.url == returned.url == url
    assert not Notice.objects.filter(recipient__in=[clerk_b, staff]).exists()  # another unit's clerk, the actor
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "Hồ sơ đã được tiếp nhận: Đề nghị Bằng khen 2017",
        "Hồ sơ bị trả lại để hoàn thiện: Đề nghị Bằng khen 2017",
    ]
    assert {tuple(m.to) for m in mail.outbox} == {("vanthu.donvi.a@langson.gov.vn",)}
    body = mail.outbox[1].body
    assert "Lý do: Thiếu biên bản họp xét của đơn vị" in body and f"http://127.0.0.1:8000{url}" in body
    assert "Ban Thi đua - Khen thưởng đã trả lại hồ sơ “Đề nghị Bằng khen 2017” của Đơn vị A." in body


def test_a_refused_move_queues_nothing(clerk_a, unit_a, staff):
    from awards.nominations.services import DossierTransitionRefused

    dossier = _submitted(unit_a)
    dossier_receive(actor=staff, dossier=dossier)
    with pytest.raises(DossierTransitionRefused):
        dossier_receive(actor=staff, dossier=dossier)  # received already: refused, rolled back
    assert len(_notices(clerk_a, NoticeKind.DOSSIER_RECEIVED)) == 1


def test_the_clerks_hear_their_dossier_decided_with_the_decisions_number(clerk_a, clerk_b, unit_a, staff):
    dossier = _submitted(unit_a, "ad_hoc")  # skips the council: decided from vetting
    dossier_receive(actor=staff, dossier=dossier)
    dossier_vet(actor=staff, dossier=dossier, verdicts=[VettingFields(n.pk, True) for n in dossier.nominations.all()])
    draft = decision_from_nominations(
        actor=staff, nominations=list(dossier.nominations.all()), fields=decision_fields()
    )
    issued = decision_issue(actor=staff, decision=draft)
    [decided] = _notices(clerk_a, NoticeKind.DOSSIER_DECIDED)
    assert issued.number_and_symbol in decided.body and decided.subject.startswith("Hồ sơ đã có quyết định khen thưởng")
    assert not _notices(clerk_b, NoticeKind.DOSSIER_DECIDED)


def test_council_members_hear_of_their_meeting_and_of_the_votes_waiting_for_them_once(
    council_member, django_capture_on_commit_callbacks
):
    _with_email(council_member)
    unit = UnitFactory(name="Sở Tư pháp")
    council_of_ten(user=council_member, unit=unit)
    outsider = UserFactory(username="khong.trong.hoi.dong", email="x@langson.gov.vn")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_of([dossier_sent(unit)])
    [planned] = _notices(council_member, NoticeKind.MEETING_PLANNED)
    assert planned.url == reverse("awards:meeting-detail", args=[meeting.pk])
    assert not Notice.objects.filter(recipient=outsider).exists()
    [message] = mail.outbox
    assert message.subject == "Lịch phiên họp Hội đồng: Phiên họp tháng 5, ngày 15/5/2018"
    assert "dự kiến tổ chức ngày 15/5/2018 tại Trụ sở UBND tỉnh" in message.body

    ids = list(meeting.composition.members.order_by("position").values_list("pk", flat=True))
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids[:3]))  # no quorum: no vote yet
    assert not _notices(council_member, NoticeKind.VOTE_WAITING)
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids))
    [waiting] = _notices(council_member, NoticeKind.VOTE_WAITING)
    assert "Hoàng Văn Phong" in waiting.body and "Nông Thị Hà" not in waiting.body  # the secret ballot is on paper
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids))  # recorded again: no other
    assert len(_notices(council_member, NoticeKind.VOTE_WAITING)) == 1


def test_a_member_who_has_voted_or_is_absent_is_not_told_a_vote_waits(council_member):
    unit = UnitFactory(name="Sở Tư pháp")
    council_of_ten(user=council_member, unit=unit)
    dossier = dossier_sent(unit)
    meeting = meeting_of([dossier])
    members = list(meeting.composition.members.order_by("position"))
    voter = UserFactory(username="da.bieu.quyet")
    CouncilMember.objects.filter(pk=members[0].pk).update(user=voter)
    everyone = {m.pk for m in members}
    mine = members[5].pk  # the council member persona's listing
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=everyone - {mine})
    assert not _notices(council_member, NoticeKind.VOTE_WAITING)  # absent
    member_vote_cast(
        actor=voter, meeting=meeting, nomination=dossier.nominations.get(award_type__code=OPEN_CODE), agrees=True
    )
    Notice.objects.filter(recipient=voter).delete()
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=everyone)
    assert _notices(council_member, NoticeKind.VOTE_WAITING)
    assert not _notices(voter, NoticeKind.VOTE_WAITING)  # voted already on the only open nominee


def test_the_secretariat_is_told_of_consultation_feedback(staff, clerk_a):
    notices = notify_secretariat(
        kind=NoticeKind.CONSULTATION_FEEDBACK, subject="Có ý kiến góp ý", body="Một ý kiến mới.", url="/cong-khai/"
    )
    assert [n.recipient for n in notices] == [staff]


def test_the_votes_waiting_notices_read_a_constant_number_of_queries_whatever_the_members(council_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from awards.council.notices import votes_waiting_notify

    unit = UnitFactory(name="Sở Tư pháp")
    council_of_ten(user=council_member, unit=unit)
    meeting = meeting_of([dossier_sent(unit)])
    members = list(meeting.composition.members.order_by("position"))
    quorum = meeting_attendance_set(actor=None, meeting=meeting, present_member_ids={m.pk for m in members})

    def notify():
        Notice.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            votes_waiting_notify(meeting=meeting, quorum=quorum)
        return len(queries), Notice.objects.count()

    alone = notify()
    for i, member in enumerate(members[:4]):
        CouncilMember.objects.filter(pk=member.pk).update(user=UserFactory(username=f"uy.vien.{i}"))
    assert alone[1] == 1 and notify() == (alone[0], 5)
