"""The council meeting pages: who may open each (staff all, a council member their composition's meetings only,
a clerk none), the whole flow from a new meeting to its results, errors that keep what was typed, the items
waiting for a vote listed first, and a constant number of queries for the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLog
from awards.council.meetings import ballot_record, meeting_attendance_set
from awards.models import Ballot, Dossier, Meeting, Nomination
from tests.awards.meeting_helpers import (
    MEETING_DAY,
    OPEN_CODE,
    SECRET_CODE,
    council_of_ten,
    dossier_sent,
    full_setting,
    meeting_of,
)
from tests.factories import UnitFactory
from tests.helpers import password_confirmed
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(council_member):
    return full_setting(user=council_member)


def _ids(meeting):
    return [m.pk for m in meeting.composition.members.order_by("position")]


def _nominee(dossier, code):
    return dossier.nominations.get(award_type__code=code)


# Permissions and scope.


def test_permissions_of_the_list_and_the_detail(client, staff, clerk_a, council_member, setting):
    meeting, _, other = setting
    for url in (reverse("awards:meeting-list"), reverse("awards:meeting-detail", args=[meeting.pk])):
        assert_permissions(client, url=url, method="get", allowed=staff, others=[clerk_a])
        client.force_login(council_member)
        assert client.get(url).status_code == 200
    client.force_login(staff)
    assert client.get(reverse("awards:meeting-detail", args=[other.pk])).status_code == 200
    client.force_login(council_member)
    assert client.get(reverse("awards:meeting-detail", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_permissions_of_the_new_meeting_form(client, staff, clerk_a, council_member, method):
    assert_permissions(
        client, url=reverse("awards:meeting-create"), method=method, allowed=staff, others=[clerk_a, council_member]
    )


@pytest.mark.parametrize("name", ["meeting-attendance", "meeting-close"])
def test_permissions_of_attendance_and_closing(client, staff, clerk_a, council_member, setting, name):
    meeting, _, other = setting
    assert_permissions(
        client,
        url=reverse(f"awards:{name}", args=[meeting.pk]),
        method="post",
        allowed=staff,
        others=[clerk_a, council_member],
    )
    client.force_login(staff)
    assert client.get(reverse(f"awards:{name}", args=[meeting.pk])).status_code == 405


def test_permissions_of_a_ballot(client, staff, clerk_a, council_member, setting):
    meeting, dossier, other = setting
    url = reverse("awards:meeting-ballot", args=[meeting.pk, _nominee(dossier, SECRET_CODE).pk])
    assert_permissions(client, url=url, method="post", allowed=staff, others=[clerk_a, council_member])
    client.force_login(staff)
    assert client.get(url).status_code == 405
    # A nominee of another meeting's agenda is not found through this meeting.
    foreign = Nomination.objects.filter(dossier__meetings=other).first()
    assert client.post(reverse("awards:meeting-ballot", args=[meeting.pk, foreign.pk])).status_code == 404


def test_a_council_member_reads_the_meeting_but_has_no_forms(client, council_member, setting):
    meeting, _, _ = setting
    client.force_login(council_member)
    html = client.get(reverse("awards:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Hoàng Văn Phong" in html and "Nông Thị Hà" in html
    assert reverse("awards:meeting-attendance", args=[meeting.pk]) not in html
    assert reverse("awards:meeting-close", args=[meeting.pk]) not in html


# The flow.


def test_staff_create_a_meeting_record_attendance_and_ballots_then_close_it(client, staff):
    unit = UnitFactory(name="Sở Tư pháp")
    council_of_ten(unit=unit)
    dossier = dossier_sent(unit)
    client.force_login(staff)

    form = client.get(reverse("awards:meeting-create"))
    assert dossier.title in form.content.decode()
    response = client.post(
        reverse("awards:meeting-create"),
        {"date": "15/05/2018", "place": "Trụ sở UBND tỉnh", "title": "Phiên họp tháng 5", "dossiers": [dossier.pk]},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("awards:meeting-detail", args=[meeting.pk])
    assert meeting.date == MEETING_DAY and list(meeting.agenda.all()) == [dossier]
    detail = client.get(response["Location"])
    rows = {item.nomination.award_type.code: item for item, _ in detail.context["rows"]}
    assert (rows[SECRET_CODE].rule.ballot, rows[SECRET_CODE].required) == ("secret", 9)
    assert (rows[OPEN_CODE].rule.ballot, rows[OPEN_CODE].required) == ("named", 7)
    assert [m.full_name for m in rows[OPEN_CODE].conflicts] == ["Lý Thị Tư"]
    assert "Lý Thị Tư" in detail.content.decode().split('id="agenda"')[1]

    ids = _ids(meeting)
    url = reverse("awards:meeting-attendance", args=[meeting.pk])
    assert client.post(url, {"present": ids[:9]}).status_code == 302
    page = client.get(reverse("awards:meeting-detail", args=[meeting.pk]))
    quorum = page.context["quorum"]
    assert (quorum.present, quorum.members, quorum.required, quorum.reached) == (9, 10, 7, True)
    assert "9" in page.content.decode().split('id="quorum"')[1].split("</p>")[0]

    secret = _nominee(dossier, SECRET_CODE)
    ballot_url = reverse("awards:meeting-ballot", args=[meeting.pk, secret.pk])
    prefix = f"n{secret.pk}-"
    client.post(ballot_url, {prefix + "votes_for": 8, prefix + "votes_against": 1})
    assert Ballot.objects.get(nomination=secret).passed is False  # 8 of 10 < 90%
    correct_url = reverse("awards:meeting-ballot-correct", args=[meeting.pk, secret.pk])
    assert correct_url in client.get(reverse("awards:meeting-detail", args=[meeting.pk])).content.decode()
    password_confirmed(client)
    data = {prefix + "votes_for": 9, prefix + "votes_against": 0, prefix + "reason": "Đếm sót một phiếu"}
    assert client.post(correct_url, data).status_code == 302
    assert Ballot.objects.get(nomination=secret).passed is True  # exactly 90%

    named = _nominee(dossier, OPEN_CODE)
    prefix = f"n{named.pk}-"
    votes = {f"{prefix}member_{pk}": "yes" if index < 7 else "no" for index, pk in enumerate(ids[:9])}
    response = client.post(reverse("awards:meeting-ballot", args=[meeting.pk, named.pk]), votes)
    assert response.status_code == 302
    ballot = Ballot.objects.get(nomination=named)
    assert (ballot.votes_for, ballot.votes_against, ballot.passed) == (7, 2, True)  # exactly 70%
    assert dict(ballot.named_votes.values_list("member_id", "agrees")) == {pk: i < 7 for i, pk in enumerate(ids[:9])}

    close = reverse("awards:meeting-close", args=[meeting.pk])
    password_confirmed(client)
    assert client.post(close).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    assert set(Nomination.objects.filter(dossier=dossier).values_list("result", flat=True)) == {"passed"}
    assert Dossier.objects.get(pk=dossier.pk).status == Dossier.Status.REVIEWED

    final = client.get(reverse("awards:meeting-detail", args=[meeting.pk]))
    html = final.content.decode()
    assert Ballot.objects.get(nomination=secret).explanation in html and ballot.explanation in html
    assert not final.context["editable"] and ballot_url not in html and close not in html
    assert correct_url not in html


def test_closing_with_a_nominee_not_voted_is_refused_and_nothing_changes(staff_client, setting):
    meeting, dossier, _ = setting
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(_ids(meeting)))
    ballot_record(actor=None, meeting=meeting, nomination=_nominee(dossier, SECRET_CODE), votes_for=10, votes_against=0)
    password_confirmed(staff_client)
    response = staff_client.post(reverse("awards:meeting-close", args=[meeting.pk]), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert "Hoàng Văn Phong" in str(list(response.context["messages"])[0])
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


# Errors keep what was typed.


def test_a_ballot_without_quorum_is_refused_and_the_page_keeps_the_figures(staff_client, setting):
    meeting, dossier, _ = setting
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(_ids(meeting)[:6]))
    secret = _nominee(dossier, SECRET_CODE)
    prefix = f"n{secret.pk}-"
    response = staff_client.post(
        reverse("awards:meeting-ballot", args=[meeting.pk, secret.pk]),
        {prefix + "votes_for": 6, prefix + "votes_against": 0},
    )
    assert response.status_code == 200
    [form] = [form for item, form in response.context["rows"] if item.nomination == secret]
    assert form.non_field_errors() and form["votes_for"].value() == "6"
    assert f'name="{prefix}votes_for" value="6"' in response.content.decode()
    assert not Ballot.objects.exists()


def test_more_votes_than_members_present_is_refused(staff_client, setting):
    meeting, dossier, _ = setting
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(_ids(meeting)[:8]))
    secret = _nominee(dossier, SECRET_CODE)
    prefix = f"n{secret.pk}-"
    response = staff_client.post(
        reverse("awards:meeting-ballot", args=[meeting.pk, secret.pk]),
        {prefix + "votes_for": 8, prefix + "votes_against": 1},
    )
    [form] = [form for item, form in response.context["rows"] if item.nomination == secret]
    assert response.status_code == 200 and form.non_field_errors() and not Ballot.objects.exists()


def test_an_open_vote_missing_a_member_is_refused_on_that_field(staff_client, setting):
    meeting, dossier, _ = setting
    ids = _ids(meeting)
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids[:8]))
    named = _nominee(dossier, OPEN_CODE)
    prefix = f"n{named.pk}-"
    votes = {f"{prefix}member_{pk}": "yes" for pk in ids[:7]}
    response = staff_client.post(reverse("awards:meeting-ballot", args=[meeting.pk, named.pk]), votes)
    [form] = [form for item, form in response.context["rows"] if item.nomination == named]
    assert response.status_code == 200 and form.errors == {f"member_{ids[7]}": form.errors[f"member_{ids[7]}"]}
    assert "checked" in response.content.decode() and not Ballot.objects.exists()


def test_attendance_of_someone_outside_the_composition_is_refused(staff_client, setting):
    meeting, _, other = setting
    stranger = other.composition.members.first().pk
    response = staff_client.post(reverse("awards:meeting-attendance", args=[meeting.pk]), {"present": [stranger]})
    assert response.status_code == 200 and response.context["attendance_form"].errors["present"]
    assert not meeting.attendance.exists()


def test_a_meeting_before_the_council_was_composed_is_refused_and_the_form_keeps_its_values(staff_client):
    unit = UnitFactory()
    council_of_ten(unit=unit)
    dossier = dossier_sent(unit)
    data = {"date": "01/01/2018", "place": "Hội trường tầng 3", "title": "Phiên họp sớm", "dossiers": [dossier.pk]}
    response = staff_client.post(reverse("awards:meeting-create"), data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    html = response.content.decode()
    assert "Hội trường tầng 3" in html and "Phiên họp sớm" in html and "checked" in html
    assert not Meeting.objects.exists()
    missing = staff_client.post(reverse("awards:meeting-create"), {**data, "date": "31/02/2018"})
    assert missing.context["form"].errors["date"] and not Meeting.objects.exists()


def test_a_closed_meeting_refuses_new_attendance(staff_client, setting):
    meeting, _, _ = setting
    Meeting.objects.filter(pk=meeting.pk).update(status="closed", closed_at="2018-05-15T10:00Z")
    response = staff_client.post(reverse("awards:meeting-attendance", args=[meeting.pk]), {"present": _ids(meeting)})
    assert response.status_code == 200 and response.context["attendance_form"].non_field_errors()
    assert not meeting.attendance.exists()


# The list.


def test_a_member_sees_the_nominees_waiting_for_a_vote_first(client, council_member, setting):
    meeting, dossier, other = setting
    client.force_login(council_member)
    page = client.get(reverse("awards:meeting-list"))
    waiting = [(i.meeting, i.nomination.recipient_name) for i in page.context["waiting"]]
    assert waiting == [(meeting, "Hoàng Văn Phong"), (meeting, "Nông Thị Hà")]  # not the other council's
    assert list(page.context["meetings"]) == [meeting]
    html = page.content.decode()
    assert html.index("Nông Thị Hà") < html.index('id="meetings"') and "Lương Văn Khác" not in html

    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(_ids(meeting)))
    ballot_record(actor=None, meeting=meeting, nomination=_nominee(dossier, SECRET_CODE), votes_for=10, votes_against=0)
    names = [i.nomination.recipient_name for i in client.get(reverse("awards:meeting-list")).context["waiting"]]
    assert names == ["Hoàng Văn Phong"]


def test_the_list_uses_a_constant_number_of_queries(client, staff, council_member, setting):
    """3 meetings, then 30, each with its own dossier of two nominees waiting for a vote (staff also see the
    other council's meeting)."""

    def count(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("awards:meeting-list"))
        assert page.status_code == 200
        return len(queries), len(page.context["waiting"]), len(page.context["meetings"])

    def add_meetings(n):
        for _ in range(n):
            meeting_of([dossier_sent(UnitFactory())], title="Phiên họp bổ sung")

    add_meetings(2)
    few_staff, few_member = count(staff), count(council_member)
    assert few_staff[1:] == (2 * 4, 3 + 1) and few_member[1:] == (2 * 3, 3)
    add_meetings(27)
    many_staff, many_member = count(staff), count(council_member)
    assert many_staff[1:] == (2 * 31, 30 + 1) and many_member[1:] == (2 * 30, 30)
    assert (many_staff[0], many_member[0]) == (few_staff[0], few_member[0])


def test_staff_add_a_dossier_sent_later_to_the_planned_meetings_agenda(client, staff, clerk_a, council_member):
    meeting, dossier, _other = full_setting()
    later = dossier_sent(UnitFactory(name="Sở Y tế"), ("Lộc Văn Sau", "Mã Thị Sau"))
    url = reverse("awards:meeting-agenda-add", args=[meeting.pk])
    for user in (clerk_a, council_member):
        client.force_login(user)
        assert client.post(url, {"dossiers": [later.pk]}).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 405
    page = client.get(reverse("awards:meeting-detail", args=[meeting.pk])).content.decode()
    assert 'id="agenda-add"' in page and "Lộc Văn Sau" not in page.split('id="agenda-add"')[0]
    assert client.post(url, {}).status_code == 400  # nothing ticked: the page says so, nothing changes
    assert client.post(url, {"dossiers": [later.pk]}).status_code == 302
    assert set(meeting.agenda.all()) == {dossier, later}
    entry = AuditLog.objects.get(action="meeting.agenda", object_id=str(meeting.pk))
    assert later.pk in entry.after["agenda"] and later.pk not in entry.before["agenda"]
    dossier_page = client.get(reverse("awards:dossier-detail", args=[later.pk])).content.decode()
    assert reverse("awards:meeting-detail", args=[meeting.pk]) in dossier_page.split('id="meetings"')[1]
    # A closed meeting's agenda no longer changes.
    Meeting.objects.filter(pk=meeting.pk).update(status="closed", closed_at=timezone.now())
    another = dossier_sent(UnitFactory(name="Sở Xây dựng"), ("Vi Văn Muộn", "Hà Thị Muộn"))
    client.post(url, {"dossiers": [another.pk]})
    assert another not in meeting.agenda.all()
