"""A draft left without a number takes the register's next one when issued: if a lower number of the same register
is dated after the draft, staff are warned beside "Issue" and in its confirmation, and may still issue."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from awards.decisions.selectors import number_order_warning
from awards.decisions.services import decision_create
from awards.models import Decision, NumberRegister
from campaigns.models import Issuer
from tests.factories import decision_fields, make_decision, recipient
from tests.helpers import password_confirmed, vietnamese
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db

WARNING = (
    "Number %(number)s to be given, dated %(date)s, would come after %(previous)s dated %(previous_date)s in the "
    "register: a lower number would bear a later date. Check the date, or type the number the decision really "
    "bears; if the order is right, it may still be issued."
)
BEFORE = "By its date it belongs after %(before)s dated %(before_date)s."


def _draft(date=datetime.date(2018, 6, 18), **fields):
    return decision_create(
        actor=None, fields=decision_fields(unnumbered=True, date=date, **fields), recipients=[recipient()]
    )


@pytest.fixture
def register_2018():
    """1150/QĐ-UBND of 15/6/2018 and 1151/QĐ-UBND of 25/7/2018, as in the demo."""
    make_decision(number=1150, date=datetime.date(2018, 6, 15))
    return make_decision(number=1151, date=datetime.date(2018, 7, 25))


def test_a_draft_dated_before_the_last_number_is_warned_naming_both_neighbours(register_2018):
    assert number_order_warning(decision=_draft()) == vietnamese(
        WARNING, number="1152/QĐ-UBND", date="18/6/2018", previous="1151/QĐ-UBND", previous_date="25/7/2018"
    ) + " " + vietnamese(BEFORE, before="1150/QĐ-UBND", before_date="15/6/2018")


def test_no_warning_when_the_next_number_keeps_the_date_order(register_2018):
    assert number_order_warning(decision=_draft(date=datetime.date(2018, 7, 25))) == ""
    assert number_order_warning(decision=_draft(date=datetime.date(2018, 8, 1))) == ""
    # A draft typed with its own number, and an issued decision, take nothing from the register.
    assert number_order_warning(decision=make_decision(number=1160, issued=False)) == ""
    assert number_order_warning(decision=register_2018) == ""


def test_only_the_same_issuer_and_year_count():
    make_decision(
        number=5,
        date=datetime.date(2018, 7, 25),
        symbol="QĐ-TTg",
        authority="prime_minister",
        recipients=[recipient("BK_TTCP")],
    )
    make_decision(number=3, date=datetime.date(2019, 1, 2))
    assert number_order_warning(decision=_draft()) == ""


def test_the_number_named_is_the_one_the_register_would_give(register_2018):
    # The register, as an administrator may set it, is ahead of the numbers typed on decisions.
    NumberRegister.objects.create(issuer=Issuer.objects.get(code="UBND"), year=2018, last_number=1170)
    warning = number_order_warning(decision=_draft())
    assert "1171/QĐ-UBND" in warning and "1151/QĐ-UBND" in warning


def test_the_other_decisions_dated_later_are_counted(register_2018):
    make_decision(number=1149, date=datetime.date(2018, 7, 1))
    make_decision(number=1148, date=datetime.date(2018, 6, 30))
    warning = number_order_warning(decision=_draft())
    assert warning.startswith(
        vietnamese(WARNING, number="1152/QĐ-UBND", date="18/6/2018", previous="1151/QĐ-UBND", previous_date="25/7/2018")
    )
    assert " Còn 2 quyết định khác có số nhỏ hơn cũng mang ngày muộn hơn. " in warning


def test_the_warning_costs_the_same_queries_however_long_the_register(register_2018, django_assert_num_queries):
    draft = _draft()
    with django_assert_num_queries(4):
        number_order_warning(decision=draft)
    for number in range(1100, 1130):
        make_decision(number=number, date=datetime.date(2018, 7, 1))
    with django_assert_num_queries(4):
        assert "Còn 30 quyết định khác" in number_order_warning(decision=draft)


def _confirm_text(content: str) -> str:
    form = re.search(r'<form method="post" action="[^"]*/ban-hanh/"[^>]*>', content)[0]
    return html.unescape(re.search(r'data-confirm="([^"]*)"', form)[1])


def test_the_decision_page_warns_beside_issue_and_in_its_confirmation(client, staff, register_2018):
    draft = _draft()
    expected = (
        vietnamese(WARNING, number="1152/QĐ-UBND", date="18/6/2018", previous="1151/QĐ-UBND", previous_date="25/7/2018")
        + " "
        + vietnamese(BEFORE, before="1150/QĐ-UBND", before_date="15/6/2018")
    )
    client.force_login(staff)
    content = client.get(reverse("awards:decision-detail", args=[draft.pk])).content.decode()
    box = re.search(r'<div class="alert alert-warning" id="number-order-warning">(.*?)</div>', content, re.S)[1]
    assert html.unescape(box).startswith(expected)
    assert reverse("awards:decision-edit", args=[draft.pk]) in box  # or change the date
    assert 'aria-describedby="number-order-warning"' in content  # on the Issue button
    # The confirmation asks after the warning.
    question = vietnamese("Issue this decision? It can no longer be edited afterwards.")
    assert _confirm_text(content) == f"{expected}\n\n{question}"


def test_staff_may_still_issue_and_the_number_is_the_one_announced(client, staff, register_2018):
    draft = _draft()
    client.force_login(staff)
    password_confirmed(client)
    client.post(reverse("awards:decision-issue", args=[draft.pk]))
    draft.refresh_from_db()
    assert (draft.status, draft.number_and_symbol) == (Decision.Status.ISSUED, "1152/QĐ-UBND")
    content = client.get(reverse("awards:decision-detail", args=[draft.pk])).content.decode()
    assert 'id="number-order-warning"' not in content


def test_a_draft_in_order_has_no_warning_and_a_plain_confirmation(client, staff, register_2018):
    draft = _draft(date=datetime.date(2018, 7, 26))
    client.force_login(staff)
    content = client.get(reverse("awards:decision-detail", args=[draft.pk])).content.decode()
    assert 'id="number-order-warning"' not in content
    assert _confirm_text(content) == vietnamese("Issue this decision? It can no longer be edited afterwards.")


def test_permissions_of_the_decision_page_with_its_warning(
    client, staff, clerk_a, council_member, viewer, register_2018
):
    draft = _draft()
    url = reverse("awards:decision-detail", args=[draft.pk])
    assert_permissions(client, url=url, method="get", allowed=staff, others=[council_member], wrong_method="post")
    client.force_login(clerk_a)  # a clerk never sees a draft
    assert client.get(url).status_code == 404
    client.force_login(viewer)  # reads the draft, may not issue it: neither button nor warning
    response = client.get(url)
    assert response.status_code == 200
    assert 'id="number-order-warning"' not in response.content.decode()
    assert "/ban-hanh/" not in response.content.decode()
