import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_decision, recipient

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
