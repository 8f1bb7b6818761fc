"""The demo's people, as load_demo leaves them: every individual recipient of a decided demo decision has a person
record with their awards on its page; the nominee of the gathered decision is linked to hers; a second load adds
nobody."""

import pytest
from django.urls import reverse

from audit.models import AuditLog
from awards.models import Award, Decision, Nomination, PersonAward
from clusters.models import Person
from kernel.lib.formatting import vn_date
from thiduakhenthuong.demo import CLERK_LOGIN, DEMO_CLERK_UNIT, STAFF_LOGIN, demo_load

pytestmark = pytest.mark.django_db


def _login(client, login):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=login.username))


def test_every_individual_of_a_decided_demo_decision_has_a_person(demo):
    decided = Award.objects.filter(
        recipient_kind="individual", decision__status__in=[Decision.Status.ISSUED, Decision.Status.ANNULLED]
    )
    assert decided.count() > 600
    assert not decided.filter(person_link__isnull=True).exists()
    assert not Award.objects.filter(decision__status=Decision.Status.DRAFT, person_link__isnull=False).exists()
    assert not Award.objects.exclude(recipient_kind="individual").filter(person_link__isnull=False).exists()
    # The demo's names are all different at each workplace: one person per award, each one audited; and one
    # record typed again by hand, for the duplicates page.
    assert PersonAward.objects.count() == decided.count() == Person.objects.count() - 1
    assert demo["people_duplicates"] == 1
    assert AuditLog.objects.filter(action="person.create").count() == Person.objects.count()
    assert demo["people"] + demo["people_linked"] > 0


def test_the_person_page_of_a_demo_recipient_lists_their_2018_award(client, demo):
    award = (
        Award.objects.filter(
            recipient_kind="individual", decision__status="issued", decision__date__year=2018, unit__isnull=False
        )
        .select_related("decision", "award_type", "unit")
        .order_by("decision__date", "line_no")
        .first()
    )
    someone = award.person_link.person
    assert (someone.full_name, someone.current_unit, someone.position) == (
        award.recipient_name,
        award.unit,
        award.position,
    )
    _login(client, STAFF_LOGIN)
    page = client.get(reverse("people:person-detail", args=[someone.pk])).content.decode()
    assert award.decision.number_and_symbol in page and vn_date(award.decision.date) in page
    assert award.award_type.name in page


def test_the_gathered_nominee_and_her_award_share_one_person_the_clerk_of_her_unit_sees(client, demo):
    nomination = Nomination.objects.select_related("award__decision").get(
        recipient_name="Hoàng Thị Thu Hà", dossier__unit__name=DEMO_CLERK_UNIT
    )
    someone = nomination.person
    assert someone is not None and nomination.award.person_link.person == someone
    assert someone.current_unit.name == DEMO_CLERK_UNIT
    _login(client, CLERK_LOGIN)
    page = client.get(reverse("people:person-detail", args=[someone.pk])).content.decode()
    assert nomination.award.decision.number_and_symbol in page and nomination.dossier.title in page


def test_loading_the_demo_again_adds_no_person_nor_link(demo):
    counts = (Person.objects.count(), PersonAward.objects.count(), AuditLog.objects.count())
    result = demo_load()
    assert (result["people"], result["people_linked"], result["people_duplicates"]) == (0, 0, 0)
    assert (Person.objects.count(), PersonAward.objects.count(), AuditLog.objects.count()) == counts


def test_staff_find_the_demo_duplicate_to_merge(client, demo):
    _login(client, STAFF_LOGIN)
    page = client.get(reverse("people:duplicates")).content.decode()
    assert "Triệu Văn Bình" in page and "TRIỆU VĂN BÌNH" in page
