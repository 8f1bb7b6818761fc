import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import RoundingRule, Verification
from tests.factories import make_decision, recipient
from tests.helpers import vietnamese

pytestmark = pytest.mark.django_db


def test_the_decision_page_shows_each_amount_and_the_total(staff_client):
    decision = make_decision(
        date=datetime.date(2018, 8, 1),
        recipients=[
            recipient("CSTD_TINH"),
            recipient("BK_TINH", recipient_kind="collective", name="Sở Tư pháp"),
            recipient("KNC_TINH", name="Lý Thị Mai"),
        ],
    )
    response = staff_client.get(reverse("awards:decision-detail", args=[decision.pk]))
    page = response.content.decode()
    rows = {award.recipient_name: amount for award, amount in response.context["award_rows"]}
    assert rows["Hoàng Văn Phong"].rounded == 4_170_000 and rows["Sở Tư pháp"].rounded == 2_780_000
    assert rows["Lý Thị Mai"] is None
    assert "4.170.000" in page and "2.780.000" in page
    assert '<th class="text-end" id="money-total">6.950.000</th>' in page


def test_a_clerk_sees_the_amounts_of_a_decision_naming_their_unit(client, clerk_a, unit_a):
    decision = make_decision(recipients=[recipient("BK_TINH", recipient_kind="collective", name="A", unit=unit_a)])
    client.force_login(clerk_a)
    page = client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
    assert 'id="money-total">2.600.000<' in page


def test_the_decision_page_costs_the_same_queries_for_3_and_30_recipients(staff_client):
    def queries(decision):
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse("awards:decision-detail", args=[decision.pk])).status_code == 200
        return len(captured)

    few = make_decision(recipients=[recipient("BK_TINH", name=f"Người {i}") for i in range(3)])
    many = make_decision(
        recipients=[recipient("BK_TINH" if i % 2 else "KNC_TINH", name=f"Người {i}") for i in range(30)]
    )
    assert queries(many) == queries(few)


MONEY_NOTE = (
    "* The amount rests on a coefficient, base salary or rounding rule not yet verified against the decree it comes "
    "from: check it before relying on it."
)


def test_an_amount_from_unverified_data_is_explained_under_the_table(staff_client):
    # The base salary of 1/7/2017 (Nghị định 47/2017) is only partly verified in the research notes.
    decision = make_decision(date=datetime.date(2018, 3, 1), recipients=[recipient("BK_TINH")])
    page = staff_client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
    assert "1.300.000</span><sup" in page
    note = vietnamese(MONEY_NOTE)
    assert f'<p class="small text-muted" id="money-note">{note}</p>' in page
    assert page.index('id="money-total"') < page.index('id="money-note"')  # under the table


def test_no_note_when_every_amount_rests_on_verified_data(staff_client):
    RoundingRule.objects.update(verification=Verification.VERIFIED)
    decision = make_decision(date=datetime.date(2018, 8, 1), recipients=[recipient("CSTD_TINH")])
    page = staff_client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
    assert "4.170.000</span></td>" in page
    assert 'id="money-note"' not in page and vietnamese(MONEY_NOTE) not in page
