"""From approved nominees to an issued decision: gathered into a draft, numbered by the register when issued,
each nominee linked to its award, dossiers decided, the awards counted in Phụ lục 2."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLog
from awards.council.meetings import ballot_record, meeting_attendance_set, meeting_close, meeting_create
from awards.decisions.gathering import decision_from_nominations
from awards.decisions.selectors import nominations_to_decide
from awards.decisions.services import RecipientFields, decision_issue, decision_update
from awards.models import Decision, Dossier, Nomination, PersonAward
from awards.nominations.forwarding import dossier_forward
from awards.nominations.services import (
    DossierInvalid,
    DossierTransitionRefused,
    VettingFields,
    dossier_receive,
    dossier_submit,
    dossier_vet,
)
from clusters.models import Person
from reports.selectors import appendix2_compute
from tests.awards.council_helpers import compose, council, members
from tests.awards.test_meetings import MEETING_DAY, _dossier_at_meeting
from tests.factories import UnitFactory, decision_fields, secretariat_user

pytestmark = pytest.mark.django_db
AFTER_VOTE = datetime.date(2018, 5, 20)


def _reviewed(*nominees, passes=True):
    if not council().compositions.exists():
        compose(member_list=members(10))
    dossier = _dossier_at_meeting(UnitFactory(), *nominees)
    meeting = meeting_create(
        actor=None, council=council(), date=MEETING_DAY, place="UBND tỉnh", title="Phiên họp", dossiers=[dossier]
    )
    ids = [m.pk for m in meeting.composition.members.all()]
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids))
    for nomination in dossier.nominations.all():
        if nomination.award_type.code in ("CSTD_TINH", "CSTD_TQ", "NGUT"):
            ballot_record(
                actor=None, meeting=meeting, nomination=nomination, votes_for=10 if passes else 8, votes_against=0
            )
        else:
            ballot_record(actor=None, meeting=meeting, nomination=nomination, named_votes={i: passes for i in ids})
    meeting_close(actor=None, meeting=meeting)
    # The review happened on the meeting's day (the services stamp the real time): letters come after it.
    reviewed_at = timezone.make_aware(datetime.datetime.combine(MEETING_DAY, datetime.time(17)))
    Dossier.objects.filter(pk=dossier.pk).update(status_changed_at=reviewed_at)
    return Dossier.objects.get(pk=dossier.pk)


def test_approved_nominees_become_a_numbered_decision_and_their_dossier_is_decided():
    dossier = _reviewed(("Hoàng Văn Phong", "BK_TINH"), ("Nông Thị Hà", "CSTD_TINH"))
    draft = decision_from_nominations(
        actor=None,
        nominations=list(dossier.nominations.all()),
        fields=decision_fields(unnumbered=True, date=datetime.date(2018, 5, 20)),
    )
    assert draft.number is None and draft.awards.count() == 2
    issued = decision_issue(actor=None, decision=draft)
    assert issued.number == 1
    linked = dict(Nomination.objects.filter(dossier=dossier).values_list("recipient_name", "award__decision_id"))
    assert linked == {"Hoàng Văn Phong": issued.pk, "Nông Thị Hà": issued.pk}
    assert Dossier.objects.get(pk=dossier.pk).status == Dossier.Status.DECIDED
    table = appendix2_compute(start=datetime.date(2017, 12, 20), end=datetime.date(2018, 6, 20))
    assert table.total.counts[1] == 2  # the two individuals now count in Phụ lục 2


def test_a_nominee_the_council_did_not_pass_cannot_be_decided_nor_gathered_twice():
    failed = _reviewed(("Hoàng Văn Phong", "BK_TINH"), passes=False)
    with pytest.raises(DossierInvalid):
        decision_from_nominations(
            actor=None, nominations=list(failed.nominations.all()), fields=decision_fields(date=AFTER_VOTE)
        )
    passed = _reviewed(("Nông Thị Hà", "BK_TINH"))
    nominees = list(passed.nominations.all())
    decision_from_nominations(actor=None, nominations=nominees, fields=decision_fields(date=AFTER_VOTE))
    with pytest.raises(DossierInvalid):
        decision_from_nominations(actor=None, nominations=nominees, fields=decision_fields(date=AFTER_VOTE))


def test_an_ad_hoc_dossier_skips_the_council_and_is_decided_from_vetting():
    from tests.awards.test_dossiers import _dossier, _ready

    dossier = _ready(_dossier("ad_hoc"), minutes=False)
    dossier_submit(actor=None, dossier=dossier)
    dossier_receive(actor=None, dossier=dossier)
    dossier_vet(actor=None, dossier=dossier, verdicts=[VettingFields(n.pk, True) for n in dossier.nominations.all()])
    draft = decision_from_nominations(actor=None, nominations=list(dossier.nominations.all()), fields=decision_fields())
    decision_issue(actor=None, decision=draft)
    assert set(Nomination.objects.filter(dossier=dossier).values_list("result", flat=True)) == {"passed"}
    assert Dossier.objects.get(pk=dossier.pk).status == Dossier.Status.DECIDED


LETTER = {
    "number_and_symbol": "12/TTr-UBND",
    "date": datetime.date(2018, 5, 20),  # after the council's review of 15/5/2018
    "signer_name": "Hồ Tiến Thiệu",
    "signer_title": "Phó Chủ tịch",
}


def test_state_proposals_are_forwarded_then_decided_by_the_central_decision_entered_by_staff():
    provincial = _reviewed(("Hoàng Văn Phong", "BK_TINH"))
    with pytest.raises(DossierTransitionRefused):  # nothing to ask the central level for
        dossier_forward(actor=None, dossier=provincial, **LETTER)
    dossier = _reviewed(("Nông Thị Hà", "BK_TTCP"))
    dossier_forward(actor=None, dossier=dossier, **LETTER)
    assert Dossier.objects.get(pk=dossier.pk).status == Dossier.Status.FORWARDED
    received = decision_from_nominations(
        actor=None,
        nominations=list(dossier.nominations.all()),
        fields=decision_fields(number=356, symbol="QĐ-TTg", authority="prime_minister", date=LETTER["date"]),
    )
    decision_issue(actor=None, decision=received)
    assert Dossier.objects.get(pk=dossier.pk).status == Dossier.Status.DECIDED


def test_staff_gather_the_decision_on_a_page(client, staff, clerk_a, council_member):
    from django.urls import reverse

    from awards.models import Decision

    dossier = _reviewed(("Hoàng Văn Phong", "BK_TINH"), ("Nông Thị Hà", "BK_TINH"))
    url = reverse("awards:decision-gather")
    for user in (clerk_a, council_member):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(staff)
    page = client.get(url)
    assert [n.recipient_name for n in page.context["candidates"]] == ["Hoàng Văn Phong", "Nông Thị Hà"]
    header = {
        "number_and_symbol": "QĐ-UBND",
        "date": "20/05/2018",
        "authority": str(page.context["form"].initial["authority"].pk),
        "summary": "Về việc tặng Bằng khen",
        "signer_name": "Hồ Tiến Thiệu",
        "signer_title": "Phó Chủ tịch",
    }
    assert client.post(url, header).status_code == 400  # nobody ticked: nothing made
    first = dossier.nominations.get(recipient_name="Hoàng Văn Phong")
    response = client.post(url, {**header, "nomination": [str(first.pk)]})
    decision = Decision.objects.get()
    assert response["Location"] == reverse("awards:decision-detail", args=[decision.pk])
    assert list(decision.awards.values_list("recipient_name", flat=True)) == ["Hoàng Văn Phong"]
    assert [n.recipient_name for n in client.get(url).context["candidates"]] == ["Nông Thị Hà"]
    assert client.put(url).status_code == 405


def test_a_state_nominee_waits_for_the_forwarding_letter_before_any_decision():
    dossier = _reviewed(("Nông Thị Hà", "BK_TTCP"), ("Hoàng Văn Phong", "BK_TINH"))
    state, provincial = dossier.nominations.order_by("line_no")
    central = decision_fields(number=356, symbol="QĐ-TTg", authority="prime_minister", date=LETTER["date"])
    with pytest.raises(DossierInvalid, match="Nông Thị Hà"):
        decision_from_nominations(actor=None, nominations=[state], fields=central)
    staff_user = secretariat_user(username="canbo.gom")
    assert list(nominations_to_decide(user=staff_user)) == [provincial]  # the Prime Minister's award waits
    dossier_forward(actor=None, dossier=dossier, **LETTER)
    assert set(nominations_to_decide(user=staff_user)) == {state, provincial}
    decision_from_nominations(actor=None, nominations=[state], fields=central)


def test_a_decision_cannot_be_dated_before_the_council_vote_nor_the_letter():
    dossier = _reviewed(("Nông Thị Hà", "BK_TTCP"), ("Hoàng Văn Phong", "BK_TINH"))
    state, provincial = dossier.nominations.order_by("line_no")
    day_before_vote = MEETING_DAY - datetime.timedelta(days=1)
    with pytest.raises(DossierInvalid) as refused:
        decision_from_nominations(actor=None, nominations=[provincial], fields=decision_fields(date=day_before_vote))
    assert "Hoàng Văn Phong (15/5/2018)" in refused.value.fields["date"][0]
    draft = decision_from_nominations(
        actor=None, nominations=[provincial], fields=decision_fields(unnumbered=True, date=MEETING_DAY)
    )

    # A draft whose date is moved back after the gathering is refused at issue, and keeps no number.
    Decision.objects.filter(pk=draft.pk).update(date=day_before_vote)
    with pytest.raises(ValidationError, match="Hoàng Văn Phong"):
        decision_issue(actor=None, decision=draft)
    assert Decision.objects.get(pk=draft.pk).number is None

    dossier_forward(actor=None, dossier=dossier, **LETTER)  # of 20/5/2018: the State decision comes after it
    with pytest.raises(DossierInvalid, match="Nông Thị Hà"):
        decision_from_nominations(
            actor=None,
            nominations=[state],
            fields=decision_fields(number=1, symbol="QĐ-TTg", authority="prime_minister", date=MEETING_DAY),
        )


# People: each individual nominee's person goes onto the award gathered for them.


def _gather(dossier):
    return decision_from_nominations(
        actor=None,
        nominations=list(dossier.nominations.all()),
        fields=decision_fields(unnumbered=True, date=AFTER_VOTE),
    )


def _person_of(award):
    link = PersonAward.objects.filter(award=award).first()
    return link.person if link else None


def test_the_nominees_person_goes_onto_the_award_and_their_page_lists_it(client, staff):
    dossier = _reviewed(("Hoàng Văn Phong", "BK_TINH"))
    phong = Person.objects.create(full_name="Hoàng Văn Phong", current_unit=UnitFactory(name="Sở Y tế"))
    dossier.nominations.update(person=phong)  # chosen by staff although he has since moved
    draft = _gather(dossier)
    assert _person_of(draft.awards.get()) == phong
    entry = AuditLog.objects.get(action="award.person_link")
    assert entry.object_id == str(draft.awards.get().pk) and entry.after["person"] == phong.pk
    issued = decision_issue(actor=None, decision=draft)
    client.force_login(staff)
    page = client.get(reverse("people:person-detail", args=[phong.pk])).content.decode()
    assert issued.number_and_symbol in page and dossier.title in page


def test_a_nominee_entered_without_a_person_gets_the_one_person_of_that_name_in_the_unit():
    dossier = _reviewed(("Hoàng Văn Phong", "BK_TINH"), ("Nông Thị Hà", "BK_TINH"))
    phong = Person.objects.create(full_name="Hoang Van Phong", current_unit=dossier.unit)
    Person.objects.create(full_name="Nông Thị Hà", current_unit=dossier.unit)
    Person.objects.create(full_name="Nong Thi Ha", current_unit=dossier.unit)  # two records: nobody is guessed
    Person.objects.create(full_name="Hoàng Văn Phong", current_unit=UnitFactory())  # a namesake elsewhere
    draft = _gather(dossier)
    nominees = {n.recipient_name: n for n in Nomination.objects.filter(dossier=dossier).select_related("person")}
    assert nominees["Hoàng Văn Phong"].person == phong and nominees["Nông Thị Hà"].person is None
    awards = {a.recipient_name: a for a in draft.awards.all()}
    assert _person_of(awards["Hoàng Văn Phong"]) == phong and _person_of(awards["Nông Thị Hà"]) is None
    # The nominee's new person is on the dossier's history, as when staff link one by hand.
    entry = AuditLog.objects.get(action="dossier.person_link")
    assert entry.object_id == str(dossier.pk) and entry.after["person"] == "Hoang Van Phong"


def test_rows_rewritten_in_the_draft_keep_their_nominees_person_through_issue():
    dossier = _reviewed(("Hoàng Văn Phong", "BK_TINH"))
    phong = Person.objects.create(full_name="Hoàng Văn Phong", current_unit=dossier.unit)
    draft = _gather(dossier)
    award = draft.awards.select_related("award_type", "commendation_kind").get()
    rows = [
        RecipientFields(
            award_type=award.award_type,
            commendation_kind=award.commendation_kind,
            recipient_kind=award.recipient_kind,
            recipient_name=award.recipient_name,
            position="Chuyên viên",
            unit=award.unit,
        )
    ]
    draft = decision_update(
        actor=None, decision=draft, fields=decision_fields(unnumbered=True, date=AFTER_VOTE), recipients=rows
    )
    # The draft's rows were written again; the row still names Phong for the same award, so it keeps him.
    assert _person_of(draft.awards.get()) == phong
    issued = decision_issue(actor=None, decision=draft)
    assert _person_of(issued.awards.get()) == phong


def test_a_collective_nominee_has_no_person():
    dossier = _reviewed(("Hoàng Văn Phong", "BK_TINH"))
    Nomination.objects.filter(dossier=dossier).update(recipient_kind="collective", recipient_name="Phòng Tổng hợp")
    Person.objects.create(full_name="Phòng Tổng hợp", current_unit=dossier.unit)
    draft = _gather(dossier)
    assert not PersonAward.objects.filter(award__decision=draft).exists()
