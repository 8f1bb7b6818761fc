"""The ballot forms of the meeting page: a correction (awards:meeting-ballot-correct) is its own view with a reason
and a recent password, the first recording refuses a recorded ballot, members' own votes are locked in the
secretary's form; members see each nominee's achievements and vetting, their waiting votes first, and a note when
they cast the same vote again."""

import datetime
import re

import pytest
from django.urls import reverse

from audit.models import AuditLog
from awards.council.meetings import ballot_record, meeting_attendance_set, meeting_create, member_vote_cast
from awards.models import Ballot, CouncilMember, MemberVote, Nomination
from tests.awards.meeting_helpers import (
    dossier_sent,
    meeting_with_accounts,
)
from tests.factories import UnitFactory
from tests.helpers import password_confirmed
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(council_member):
    return meeting_with_accounts(council_member)


def _ids(meeting):
    return [m.pk for m in meeting.composition.members.order_by("position")]


def _nominee(dossier, name):
    return dossier.nominations.get(recipient_name=name)


def _correct_url(meeting, nominee):
    return reverse("awards:meeting-ballot-correct", args=[meeting.pk, nominee.pk])


def _detail(client, meeting):
    return client.get(reverse("awards:meeting-detail", args=[meeting.pk]))


def _secret_recorded(meeting, dossier, votes_for=9):
    secret = _nominee(dossier, "Nông Thị Hà")
    ballot_record(actor=None, meeting=meeting, nomination=secret, votes_for=votes_for, votes_against=10 - votes_for)
    return secret


# Permissions.


def test_permissions_of_the_correction(client, staff, clerk_a, council_member, setting):
    meeting, dossier, _, other = setting
    secret = _secret_recorded(meeting, dossier)
    url = _correct_url(meeting, secret)
    assert url == f"/quyet-dinh/phien-hop/{meeting.pk}/bieu-quyet/{secret.pk}/sua/"
    assert_permissions(client, url=url, method="post", allowed=staff, others=[clerk_a, council_member])
    client.force_login(staff)
    assert client.get(url).status_code == 405
    password_confirmed(client)
    foreign = Nomination.objects.filter(dossier__meetings=other).first()
    assert client.post(_correct_url(meeting, foreign)).status_code == 404
    assert Ballot.objects.get().votes_for == 9 and not AuditLog.objects.filter(action="meeting.ballot_correct")


# Correcting.


def test_a_correction_needs_a_recent_password(client, staff, setting):
    meeting, dossier, _, _ = setting
    secret = _secret_recorded(meeting, dossier)
    prefix = f"n{secret.pk}-"
    client.force_login(staff)
    data = {prefix + "votes_for": 8, prefix + "votes_against": 2, prefix + "reason": "Đếm lại"}
    response = client.post(_correct_url(meeting, secret), data)
    assert response.status_code == 302 and reverse("reauth") in response["Location"]
    assert Ballot.objects.get().votes_for == 9


def test_a_correction_without_a_reason_is_refused_and_keeps_the_figures(client, staff, setting):
    meeting, dossier, _, _ = setting
    secret = _secret_recorded(meeting, dossier)
    prefix = f"n{secret.pk}-"
    client.force_login(staff)
    password_confirmed(client)
    response = client.post(_correct_url(meeting, secret), {prefix + "votes_for": 8, prefix + "votes_against": 2})
    assert response.status_code == 200
    [form] = [form for item, form in response.context["rows"] if item.nomination == secret]
    assert form.errors["reason"] and form["votes_for"].value() == "8"
    assert Ballot.objects.get().votes_for == 9 and not AuditLog.objects.filter(action="meeting.ballot_correct")


def test_staff_correct_a_ballot_giving_the_reason(client, staff, setting):
    meeting, dossier, _, _ = setting
    secret = _secret_recorded(meeting, dossier)
    prefix = f"n{secret.pk}-"
    client.force_login(staff)
    card = _detail(client, meeting).content.decode().split(f'id="n{secret.pk}"')[1]
    assert _correct_url(meeting, secret) in card and f'name="{prefix}reason"' in card
    password_confirmed(client)
    data = {prefix + "votes_for": 8, prefix + "votes_against": 2, prefix + "reason": "Tổ kiểm phiếu đếm sót"}
    response = client.post(_correct_url(meeting, secret), data)
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert (ballot.votes_for, ballot.votes_against, ballot.passed) == (8, 2, False)
    entry = AuditLog.objects.get(action="meeting.ballot_correct")
    assert (entry.actor, entry.reason, entry.before["for"], entry.after["for"]) == (
        staff,
        "Tổ kiểm phiếu đếm sót",
        9,
        8,
    )


def test_the_first_recording_refuses_a_recorded_ballot(client, staff, setting):
    meeting, dossier, _, _ = setting
    secret = _secret_recorded(meeting, dossier)
    prefix = f"n{secret.pk}-"
    client.force_login(staff)
    response = client.post(
        reverse("awards:meeting-ballot", args=[meeting.pk, secret.pk]),
        {prefix + "votes_for": 3, prefix + "votes_against": 7},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert "Nông Thị Hà" in str(list(response.context["messages"])[0])
    assert Ballot.objects.get().votes_for == 9 and AuditLog.objects.filter(action="meeting.ballot").count() == 1
    # And the correction refuses a nominee without a ballot.
    phong = _nominee(dossier, "Hoàng Văn Phong")
    password_confirmed(client)
    response = client.post(_correct_url(meeting, phong), {f"n{phong.pk}-reason": "x"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Ballot.objects.filter(nomination=phong).exists()


def test_no_correction_once_the_meeting_is_closed(client, staff, setting):
    meeting, dossier, _, _ = setting
    secret = _secret_recorded(meeting, dossier)
    type(meeting).objects.filter(pk=meeting.pk).update(status="closed", closed_at="2018-05-15T10:00Z")
    client.force_login(staff)
    assert _correct_url(meeting, secret) not in _detail(client, meeting).content.decode()
    password_confirmed(client)
    prefix = f"n{secret.pk}-"
    data = {prefix + "votes_for": 8, prefix + "votes_against": 2, prefix + "reason": "Đếm lại"}
    response = client.post(_correct_url(meeting, secret), data)
    [form] = [form for item, form in response.context["rows"] if item.nomination == secret]
    assert response.status_code == 200 and form.non_field_errors()
    assert Ballot.objects.get().votes_for == 9


# Members' own votes in the secretary's form.


def test_a_correction_keeps_the_votes_members_cast_and_ignores_tampering(client, staff, setting):
    meeting, dossier, users, _ = setting
    phong = _nominee(dossier, "Hoàng Văn Phong")
    ids = _ids(meeting)
    member_vote_cast(actor=users[0], meeting=meeting, nomination=phong, agrees=False)
    ballot_record(
        actor=staff, meeting=meeting, nomination=phong, named_votes={**dict.fromkeys(ids, True), ids[0]: False}
    )
    prefix = f"n{phong.pk}-"
    client.force_login(staff)
    card = _detail(client, meeting).content.decode().split(f'id="n{phong.pk}"')[1].split('class="card mb-2"')[0]
    radios = re.findall(rf'<input[^>]*name="{prefix}member_{ids[0]}"[^>]*>', card)
    assert len(radios) == 2 and all("disabled" in radio for radio in radios)
    password_confirmed(client)
    data = {f"{prefix}member_{pk}": "no" for pk in ids} | {prefix + "reason": "Ghi nhầm"}
    assert client.post(_correct_url(meeting, phong), data).status_code == 302
    ballot = Ballot.objects.get(nomination=phong)
    assert (ballot.votes_for, ballot.votes_against) == (0, 10)  # member 0 disagreed themself
    assert AuditLog.objects.get(action="meeting.ballot_correct").after["named_votes"][str(ids[0])] is False


def test_no_correction_form_when_every_member_present_voted_themself(client, staff, setting):
    meeting, dossier, users, _ = setting
    phong = _nominee(dossier, "Hoàng Văn Phong")
    for user in users:
        member_vote_cast(actor=user, meeting=meeting, nomination=phong, agrees=True)
    assert Ballot.objects.filter(nomination=phong).exists()
    client.force_login(staff)
    page = _detail(client, meeting)
    [form] = [form for item, form in page.context["rows"] if item.nomination == phong]
    assert form is None and _correct_url(meeting, phong) not in page.content.decode()


# What members see.


def test_members_see_each_nominees_achievements_and_vetting(client, council_member, setting):
    meeting, dossier, _, _ = setting
    Nomination.objects.filter(pk=_nominee(dossier, "Hoàng Văn Phong").pk).update(
        achievements="Hoàn thành xuất sắc nhiệm vụ năm 2017, sáng kiến cấp tỉnh",
        vetting_remark="Đủ tiêu chuẩn theo Điều 38 Nghị định 91",
    )
    client.force_login(council_member)
    html = _detail(client, meeting).content.decode()
    my_votes, agenda = html.split('id="my-votes"')[1].split('id="agenda"')
    for section in (my_votes, agenda):
        assert "sáng kiến cấp tỉnh" in section and "Điều 38 Nghị định 91" in section
    assert agenda.count('class="achievements"') == 3 and my_votes.count('class="achievements"') == 2


def test_casting_the_same_vote_again_says_so_and_writes_nothing(client, council_member, setting):
    meeting, dossier, _, _ = setting
    phong = _nominee(dossier, "Hoàng Văn Phong")
    url = reverse("awards:meeting-vote", args=[meeting.pk, phong.pk])
    client.force_login(council_member)
    first = client.post(url, {"vote": "yes"}, follow=True)
    again = client.post(url, {"vote": "yes"}, follow=True)
    assert [m.level_tag for m in first.context["messages"]] == ["success"]
    assert [m.level_tag for m in again.context["messages"]] == ["info"]
    assert str(list(first.context["messages"])[0]) != str(list(again.context["messages"])[0])
    assert AuditLog.objects.filter(action="meeting.vote_cast").count() == 1 and MemberVote.objects.count() == 1


def test_a_member_sees_first_the_nominees_waiting_for_their_own_vote(client, staff, council_member, setting):
    """Across meetings: open-ballot nominees waiting for the member's vote first (a later meeting's too), then
    those they voted on and secret-ballot ones, meeting by meeting."""
    meeting, dossier, _, _ = setting
    later_dossier = dossier_sent(UnitFactory(), ("Triệu Văn Sau", "Hà Thị Sau"))
    later = meeting_create(
        actor=None,
        council=meeting.council,
        date=datetime.date(2018, 5, 20),
        place="Trụ sở UBND tỉnh",
        title="Phiên họp bổ sung",
        dossiers=[later_dossier],
    )
    member_vote_cast(
        actor=council_member, meeting=meeting, nomination=_nominee(dossier, "Hoàng Văn Phong"), agrees=True
    )
    client.force_login(council_member)
    page = client.get(reverse("awards:meeting-list"))
    rows = [(i.meeting, i.nomination.recipient_name, i.mine) for i in page.context["waiting"]]
    assert rows == [
        (meeting, "Đinh Văn Hai", True),
        (later, "Triệu Văn Sau", True),
        (meeting, "Hoàng Văn Phong", False),
        (meeting, "Nông Thị Hà", False),
        (later, "Hà Thị Sau", False),
    ]
    table = page.content.decode().split('id="waiting"')[1].split('id="meetings"')[0]
    assert table.count('class="table-warning mine"') == 2
    # Staff vote on nobody's behalf: the agenda order.
    client.force_login(staff)
    waiting = client.get(reverse("awards:meeting-list")).context["waiting"]
    names = [i.nomination.recipient_name for i in waiting if i.meeting.council == meeting.council]
    assert not any(i.mine for i in waiting)
    assert names == ["Hoàng Văn Phong", "Đinh Văn Hai", "Nông Thị Hà", "Triệu Văn Sau", "Hà Thị Sau"]
    # A member recorded absent is waited for by nobody.
    me = CouncilMember.objects.get(user=council_member).pk
    meeting_attendance_set(actor=None, meeting=later, present_member_ids=set(_ids(later)) - {me})
    client.force_login(council_member)
    rows = [
        (i.nomination.recipient_name, i.mine) for i in client.get(reverse("awards:meeting-list")).context["waiting"]
    ]
    assert rows[:2] == [("Đinh Văn Hai", True), ("Hoàng Văn Phong", False)]
    assert ("Triệu Văn Sau", False) in rows
