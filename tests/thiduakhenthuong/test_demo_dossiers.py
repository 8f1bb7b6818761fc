"""The demo's dossiers, meetings and the decision from approved nominees, as load_demo leaves them, and the demo
accounts a newcomer signs in with."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from audit.models import AuditLog
from awards.council.meetings import meeting_conflicts
from awards.models import Ballot, Decision, Dossier, Meeting
from awards.scopes import dossiers_visible_to, meetings_visible_to
from reports.forwarding_print import forwarding_document
from reports.selectors import appendix2_compute
from thiduakhenthuong.demo import CLERK_LOGIN, COUNCIL_MEMBER_LOGIN, STAFF_LOGIN, demo_load

pytestmark = pytest.mark.django_db
S = Dossier.Status


def _user(login):
    return get_user_model().objects.get(username=login.username)


def test_the_demo_has_a_dossier_in_every_state_each_with_its_history(demo):
    statuses = list(Dossier.objects.values_list("status", flat=True))
    assert set(statuses) == set(S.values), set(S.values) - set(statuses)
    for dossier in Dossier.objects.exclude(status=S.DRAFT):
        assert dossier.files.count() == 3 and dossier.submitted_at.date() < datetime.date(2019, 1, 1)
        assert AuditLog.objects.filter(object_id=str(dossier.pk), action="dossier.submit").exists()
    vetted = Dossier.objects.get(status=S.VETTED)  # đột xuất: decided without the council, one nominee refused
    assert list(vetted.nominations.order_by("line_no").values_list("vetting_ok", flat=True)) == [True, False]
    returned = Dossier.objects.get(status=S.RETURNED)
    assert AuditLog.objects.get(object_id=str(returned.pk), action="dossier.return").reason.startswith(
        "Báo cáo thành tích chưa có xác nhận"
    )


def test_the_july_meeting_voted_every_nominee_under_its_rule_and_the_decision_followed(demo):
    meeting = Meeting.objects.get(date=datetime.date(2018, 7, 18))
    assert meeting.status == Meeting.Status.CLOSED and meeting.attendance.filter(present=True).count() == 16
    ballots = {b.nomination.recipient_name: b for b in Ballot.objects.filter(meeting=meeting)}
    assert len(ballots) == 9
    # 19 members: an open vote needs 14, a secret ballot 18; 16 present.
    assert ballots["Hoàng Thị Thu Hà"].passed and ballots["Hoàng Thị Thu Hà"].ballot == "named"
    assert not ballots["Nông Văn Kiên"].passed  # 12 of 19
    assert not ballots["Lương Thị Mai"].passed and ballots["Lương Thị Mai"].ballot == "secret"  # 16 < 18

    decided = Dossier.objects.get(status=S.DECIDED)
    decision = Decision.objects.filter(nominations__dossier=decided, status="issued").distinct().get()
    assert decision.date == datetime.date(2018, 7, 25) and decision.number is not None
    linked = sorted(decided.nominations.filter(award__decision=decision).values_list("recipient_name", flat=True))
    assert linked == sorted(
        ["Trường Trung học phổ thông Chuyên Chu Văn An", "Trường Phổ thông Dân tộc nội trú tỉnh", "Hoàng Thị Thu Hà"]
    )
    forwarded = Dossier.objects.get(status=S.FORWARDED)
    assert set(forwarded.nominations.values_list("award_type__code", flat=True)) == {"BK_TTCP"}
    assert (forwarded.forwarding_number, forwarded.forwarding_date) == (112, datetime.date(2018, 7, 30))
    letter = forwarding_document(dossier=forwarded)
    assert letter.number_symbol == "112/TTr-UBND" and not letter.is_draft
    assert letter.counts["collective"] == letter.counts["individual"] == 1
    assert "18/7/2018" in letter.review_paragraph or "18 tháng 7 năm 2018" in letter.review_paragraph


def test_the_dossiers_leave_the_reports_half_year_as_printed_and_count_in_the_second(demo):
    first_half = appendix2_compute(start=datetime.date(2017, 12, 20), end=datetime.date(2018, 6, 20))
    assert first_half.total.all_kinds == 1484  # the seed's total, as without the dossiers
    decision_day = appendix2_compute(start=datetime.date(2018, 7, 25), end=datetime.date(2018, 7, 25))
    assert decision_day.total.counts[:3] == (2, 1, 0)  # the decision of 25/7/2018: two schools and a teacher


def test_each_demo_account_sees_what_its_role_should(demo):
    clerk, member, staff = _user(CLERK_LOGIN), _user(COUNCIL_MEMBER_LOGIN), _user(STAFF_LOGIN)
    assert {d.unit.name for d in dossiers_visible_to(user=clerk)} == {"Sở Giáo dục và Đào tạo"}
    assert dossiers_visible_to(user=clerk).count() == 3  # the draft too
    assert dossiers_visible_to(user=staff).count() == Dossier.objects.exclude(status=S.DRAFT).count() == 8
    assert meetings_visible_to(user=member).count() == 2 and not dossiers_visible_to(user=member).exists()
    july = Meeting.objects.get(date=datetime.date(2018, 7, 18))
    conflicted = [m.user for members in meeting_conflicts(meeting=july).values() for m in members]
    assert member in conflicted  # the Director of Education, whose department nominated
    planned = Meeting.objects.get(status=Meeting.Status.PLANNED)
    assert planned.attendance.filter(member__user=member, present=True).exists()  # she can vote in December


def test_loading_the_demo_again_adds_no_dossier_nor_meeting(demo):
    counts = (Dossier.objects.count(), Meeting.objects.count(), Decision.objects.count(), AuditLog.objects.count())
    assert demo_load()["dossiers"] == 0
    assert (Dossier.objects.count(), Meeting.objects.count(), Decision.objects.count(), AuditLog.objects.count()) == (
        counts
    )
