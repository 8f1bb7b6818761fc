"""A council member votes from the meeting's page (awards:meeting-vote): only the member themself (never staff for
them), their open-ballot nominees waiting first with the conflict flag, the ballot recorded with the last vote,
the secretary's form pre-filled with the votes cast, and a constant number of queries as the agenda grows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.council.meetings import meeting_attendance_set, member_vote_cast
from awards.models import Ballot, CouncilMember, MemberVote
from tests.awards.meeting_helpers import (
    OPEN_CODE,
    dossier_sent,
    meeting_with_accounts,
)
from tests.factories import UnitFactory
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db


def _ids(meeting):
    return [m.pk for m in meeting.composition.members.order_by("position")]


@pytest.fixture
def setting(council_member):
    return meeting_with_accounts(council_member)


def _nominee(dossier, name):
    return dossier.nominations.get(recipient_name=name)


def _vote_url(meeting, nominee):
    return reverse("awards:meeting-vote", args=[meeting.pk, nominee.pk])


def _detail(client, meeting):
    return client.get(reverse("awards:meeting-detail", args=[meeting.pk]))


# Permissions and scope.


def test_permissions_of_the_vote(client, staff, clerk_a, council_member, setting):
    meeting, dossier, _, other = setting
    url = _vote_url(meeting, _nominee(dossier, "Hoàng Văn Phong"))
    assert url == f"/quyet-dinh/phien-hop/{meeting.pk}/bo-phieu/{_nominee(dossier, 'Hoàng Văn Phong').pk}/"
    assert_permissions(client, url=url, method="post", allowed=council_member, others=[staff, clerk_a])
    client.force_login(council_member)
    assert client.get(url).status_code == 405
    # Another council's meeting is out of the member's scope; a nominee of another agenda is not found here.
    foreign = other.agenda.get().nominations.first()
    assert client.post(_vote_url(other, foreign), {"vote": "yes"}).status_code == 404
    assert client.post(_vote_url(meeting, foreign), {"vote": "yes"}).status_code == 404
    assert not MemberVote.objects.exists()


def test_staff_cannot_vote_for_a_member(client, staff, setting):
    meeting, dossier, _, _ = setting
    client.force_login(staff)
    assert client.post(_vote_url(meeting, _nominee(dossier, "Hoàng Văn Phong")), {"vote": "yes"}).status_code == 403
    page = _detail(client, meeting)
    assert not page.context["my_votes"] and "/bo-phieu/" not in page.content.decode()
    assert not MemberVote.objects.exists()


# The member's votes.


def test_the_member_votes_and_changes_their_vote_voted_items_move_below(client, council_member, setting):
    meeting, dossier, _, _ = setting
    phong, hai = _nominee(dossier, "Hoàng Văn Phong"), _nominee(dossier, "Đinh Văn Hai")
    client.force_login(council_member)
    page = _detail(client, meeting)
    rows = page.context["my_votes"]
    assert {row.item.nomination for row in rows} == {phong, hai}  # not the secret ballot's nominee
    assert all(row.agrees is None and row.conflict for row in rows)  # their own unit proposed them
    html = page.content.decode()
    assert _vote_url(meeting, phong) in html and _vote_url(meeting, _nominee(dossier, "Nông Thị Hà")) not in html
    first = rows[0].item.nomination
    section = html.split('id="my-votes"')[1].split('id="agenda"')[0]
    assert section.count('class="small text-warning-emphasis conflict"') == 2

    response = client.post(_vote_url(meeting, first), {"vote": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:meeting-detail", args=[meeting.pk]) + "#my-votes"
    rows = _detail(client, meeting).context["my_votes"]
    assert [(row.item.nomination, row.agrees) for row in rows] == [
        (hai if first == phong else phong, None),
        (first, True),
    ]

    client.post(_vote_url(meeting, first), {"vote": "no"})
    [vote] = MemberVote.objects.all()
    assert (vote.nomination, vote.member.full_name, vote.agrees) == (first, "Lý Thị Tư", False)
    assert [row.agrees for row in _detail(client, meeting).context["my_votes"]] == [None, False]


def test_the_last_vote_records_the_ballot_and_the_result_appears(client, council_member, setting):
    meeting, dossier, users, _ = setting
    phong = _nominee(dossier, "Hoàng Văn Phong")
    others = [u for u in users if u != council_member]
    for index, user in enumerate(others):  # 6 of the other 9 agree
        member_vote_cast(actor=user, meeting=meeting, nomination=phong, agrees=index < 6)
    client.force_login(council_member)
    response = client.post(_vote_url(meeting, phong), {"vote": "yes"}, follow=True)
    ballot = Ballot.objects.get(nomination=phong)
    assert (ballot.votes_for, ballot.votes_against, ballot.passed, ballot.recorded_by) == (7, 3, True, council_member)
    assert [m.level_tag for m in response.context["messages"]] == ["success", "info"]
    assert ballot.explanation in str(list(response.context["messages"])[1])
    assert [row.item.nomination for row in response.context["my_votes"]] == [_nominee(dossier, "Đinh Văn Hai")]
    agenda = response.content.decode().split('id="agenda"')[1]
    assert ballot.explanation in agenda
    # Once recorded, the member's vote can no longer change.
    again = client.post(_vote_url(meeting, phong), {"vote": "no"}, follow=True)
    assert [m.level_tag for m in again.context["messages"]] == ["error"]
    assert Ballot.objects.get(nomination=phong).votes_for == 7


def test_refusals_show_a_message_and_record_nothing(client, council_member, setting):
    meeting, dossier, _, _ = setting
    client.force_login(council_member)
    secret = client.post(_vote_url(meeting, _nominee(dossier, "Nông Thị Hà")), {"vote": "yes"}, follow=True)
    assert [m.level_tag for m in secret.context["messages"]] == ["error"]
    assert "Nông Thị Hà" in str(list(secret.context["messages"])[0])
    unknown = client.post(_vote_url(meeting, _nominee(dossier, "Hoàng Văn Phong")), {"vote": "maybe"}, follow=True)
    assert [m.level_tag for m in unknown.context["messages"]] == ["error"]
    assert not MemberVote.objects.exists()


def test_a_member_not_present_sees_no_buttons_and_cannot_vote(client, council_member, setting):
    meeting, dossier, users, _ = setting
    ids = _ids(meeting)
    me = CouncilMember.objects.get(user=council_member).pk
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids) - {me})
    client.force_login(council_member)
    page = _detail(client, meeting)
    assert page.context["my_votes"] == [] and "/bo-phieu/" not in page.content.decode()
    assert 'id="my-votes"' in page.content.decode()  # the note saying why
    client.post(_vote_url(meeting, _nominee(dossier, "Hoàng Văn Phong")), {"vote": "yes"})
    assert not MemberVote.objects.exists()


# The secretary's form.


def test_the_secretarys_form_is_prefilled_with_the_votes_cast(client, staff, setting):
    meeting, dossier, users, _ = setting
    phong = _nominee(dossier, "Hoàng Văn Phong")
    for index, user in enumerate(users[:3]):
        member_vote_cast(actor=user, meeting=meeting, nomination=phong, agrees=index != 1)
    client.force_login(staff)
    page = _detail(client, meeting)
    [form] = [form for item, form in page.context["rows"] if item.nomination == phong]
    ids = _ids(meeting)
    assert form.initial == {f"member_{ids[0]}": "yes", f"member_{ids[1]}": "no", f"member_{ids[2]}": "yes"}
    card = page.content.decode().split(f'id="n{phong.pk}"')[1].split('class="card mb-2"')[0]
    counted = card.split('votes-cast">')[1].split("</p>")[0]
    assert re.findall(r"\d+", counted) == ["3", "10"]  # 3 of the 10 present, however the language words it
    assert card.count("checked") == 3
    # The three votes cast are theirs: their radios are disabled, the others' are not.
    prefix = f"n{phong.pk}-"
    for index, pk in enumerate(ids):
        radios = re.findall(rf'<input[^>]*name="{prefix}member_{pk}"[^>]*>', card)
        assert len(radios) == 2 and all(("disabled" in radio) == (index < 3) for radio in radios)
    assert card.count("self-cast") == 3
    # The secretary fills in the other seven; what is posted for the three who voted is ignored.
    response = client.post(
        reverse("awards:meeting-ballot", args=[meeting.pk, phong.pk]),
        {f"{prefix}member_{pk}": "yes" for pk in ids},
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get(nomination=phong)
    assert ballot.votes_for == 9 and ballot.named_votes.get(member_id=ids[1]).agrees is False


# Queries.


def test_the_meeting_page_uses_a_constant_number_of_queries(client, staff, council_member, setting):
    """2 dossiers (4 open nominees), then 15 (30), each open nominee with a vote of the member."""
    meeting, dossier, users, _ = setting
    member_vote_cast(actor=council_member, meeting=meeting, nomination=_nominee(dossier, "Đinh Văn Hai"), agrees=True)

    def add_dossiers(n):
        for _ in range(n):
            added = dossier_sent(UnitFactory())
            meeting.agenda.add(added)
            nominee = added.nominations.get(award_type__code=OPEN_CODE)
            member_vote_cast(actor=council_member, meeting=meeting, nomination=nominee, agrees=False)

    def count(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            page = _detail(client, meeting)
        assert page.status_code == 200
        return len(queries), len(page.context["rows"]), len(page.context["my_votes"])

    add_dossiers(1)
    few_staff, few_member = count(staff), count(council_member)
    assert few_staff[1:] == (5, 0) and few_member[1:] == (5, 3)
    add_dossiers(13)
    many_staff, many_member = count(staff), count(council_member)
    assert many_staff[1:] == (31, 0) and many_member[1:] == (31, 16)
    assert (many_staff[0], many_member[0]) == (few_staff[0], few_member[0])
