"""A decision names the campaign whose results it rewards: chosen on the form, checked by the service,
kept in the audit snapshot, shown on the decision's page; the form stays fast."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditLog
from awards.decisions.services import DecisionInvalid, decision_update
from awards.models import Decision
from tests.awards.test_views import _post_data
from tests.campaigns.factories import make_campaign
from tests.factories import decision_fields, make_decision, recipient

pytestmark = pytest.mark.django_db


def test_staff_choose_the_campaign_on_the_decision_form_and_the_page_shows_it(staff_client):
    campaign = make_campaign()
    response = staff_client.post(reverse("awards:decision-create"), _post_data([{}], campaign=str(campaign.pk)))
    decision = Decision.objects.get(number=86)
    assert response.status_code == 302 and decision.campaign == campaign
    page = staff_client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
    assert f'<a href="{reverse("campaigns:campaign-detail", args=[campaign.pk])}">{campaign.name}</a>' in page
    assert AuditLog.objects.get(action="decision.create").after["campaign"] == campaign.name


def test_a_decision_without_campaign_is_still_accepted(staff_client):
    assert staff_client.post(reverse("awards:decision-create"), _post_data([{}])).status_code == 302
    assert Decision.objects.get(number=86).campaign is None


def test_a_campaign_that_starts_after_the_decision_is_refused_on_its_field(staff_client):
    later = make_campaign(start_date=datetime.date(2018, 6, 1))
    response = staff_client.post(
        reverse("awards:decision-create"), _post_data([{}], date="15/03/2018", campaign=str(later.pk))
    )
    assert response.status_code == 200
    message = response.context["form"].errors["campaign"][0]
    assert "01/6/2018" in message and later.name in message
    assert not Decision.objects.exists()


def test_a_decision_may_reward_a_campaign_after_it_closed():
    closed = make_campaign(end_date=datetime.date(2017, 12, 31), status="closed")
    assert make_decision(date=datetime.date(2018, 1, 25), campaign=closed).campaign == closed


def test_changing_the_campaign_of_a_draft_is_audited_before_and_after():
    first, second = make_campaign(name="Phong trào một"), make_campaign(name="Phong trào hai")
    draft = make_decision(issued=False, campaign=first)
    fields = decision_fields(number=draft.number, campaign=second)
    decision_update(actor=None, decision=draft, fields=fields, recipients=[recipient()])
    entry = AuditLog.objects.get(action="decision.update")
    assert (entry.before["campaign"], entry.after["campaign"]) == ("Phong trào một", "Phong trào hai")


def test_the_service_refuses_a_campaign_not_yet_launched():
    later = make_campaign(start_date=datetime.date(2018, 6, 1))
    with pytest.raises(DecisionInvalid) as caught:
        make_decision(date=datetime.date(2018, 3, 1), campaign=later)
    assert "campaign" in caught.value.fields


def test_the_campaign_choice_costs_the_decision_form_one_query(staff_client):
    url = reverse("awards:decision-create")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        return len(captured)

    without = count()
    for n in range(20):
        make_campaign(name=f"Phong trào {n}")
    assert count() == without  # the list is read in one query whatever its length
    draft = make_decision(issued=False, recipients=[recipient(name=f"Người {n}") for n in range(50)])
    with CaptureQueriesContext(connection) as captured:
        staff_client.get(reverse("awards:decision-edit", args=[draft.pk]))
    assert sum('FROM "campaigns_campaign"' in q["sql"] for q in captured) == 1
