"""What each role sees of decisions: provincial readers all, a unit clerk the issued decisions awarding their unit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.scopes import decisions_visible_to
from tests.factories import make_decision, recipient

pytestmark = pytest.mark.django_db


def _for(unit, **fields):
    award = recipient("CO_TD_TINH", recipient_kind="collective", name=unit.name, unit=unit)
    return make_decision(recipients=[award], **fields)


def _listed(client):
    return {d.pk for d in client.get(reverse("awards:decision-list")).context["page"]}


def test_a_clerk_sees_the_issued_decisions_awarding_their_unit_only(client, clerk_a, unit_a, unit_b, staff, leader):
    own, other = _for(unit_a), _for(unit_b)
    own_draft = _for(unit_a, issued=False)
    anyone = make_decision()
    client.force_login(clerk_a)
    assert _listed(client) == {own.pk}
    assert client.get(reverse("awards:decision-detail", args=[own.pk])).status_code == 200
    for hidden in (other, own_draft, anyone):
        assert client.get(reverse("awards:decision-detail", args=[hidden.pk])).status_code == 404
    for reader in (staff, leader):
        client.force_login(reader)
        assert _listed(client) == {own.pk, other.pk, own_draft.pk, anyone.pk}


def test_people_without_the_permission_see_none(council_member):
    make_decision()
    assert not decisions_visible_to(user=council_member).exists()


def test_the_clerks_list_runs_the_same_queries_for_3_and_30_decisions(client, clerk_a, unit_a):
    client.force_login(clerk_a)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("awards:decision-list")).status_code == 200
        return len(captured)

    for _ in range(3):
        _for(unit_a)
    few = count()
    for _ in range(27):
        _for(unit_a)
    assert count() == few
