"""Decision numbers from the issuer's register: given at issue, consecutive, never twice, even when several
staff issue at the same moment (PostgreSQL row lock), and given back when an issue fails."""

import datetime
from unittest import mock

import pytest
from django.db import DatabaseError, transaction

from awards.decisions.services import DecisionInvalid, decision_create, decision_issue
from awards.models import Decision, NumberRegister
from campaigns.models import Issuer
from tests.factories import decision_fields, make_decision, recipient
from tests.helpers import at_the_same_moment

DATE = datetime.date(2018, 3, 1)


def _draft(**fields):
    return decision_create(actor=None, fields=decision_fields(unnumbered=True, **fields), recipients=[recipient()])


@pytest.mark.django_db
def test_a_draft_without_number_gets_the_next_one_of_the_register_when_issued():
    make_decision(number=86)  # typed: a decision entered with its printed number
    draft = _draft()
    assert draft.number is None and draft.number_and_symbol == "…/QĐ-UBND"
    assert decision_issue(actor=None, decision=draft).number == 87
    assert decision_issue(actor=None, decision=_draft()).number == 88
    register = NumberRegister.objects.get(issuer__code="UBND", year=2018)
    assert register.last_number == 88
    assert decision_issue(actor=None, decision=_draft(date=datetime.date(2019, 1, 3))).number == 1  # a new year


@pytest.mark.django_db
def test_a_failed_issue_gives_its_number_back():
    first = _draft()
    with (
        mock.patch("awards.decisions.services.audit_record", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        decision_issue(actor=None, decision=first)
    assert Decision.objects.get(pk=first.pk).number is None
    assert decision_issue(actor=None, decision=first).number == 1


@pytest.mark.django_db
def test_a_received_decision_must_carry_its_own_number():
    with pytest.raises(DecisionInvalid) as caught:
        decision_create(
            actor=None,
            fields=decision_fields(unnumbered=True, symbol="QĐ-TTg", authority="prime_minister"),
            recipients=[recipient("BK_TTCP")],
        )
    assert caught.value.fields["number_and_symbol"]
    assert Issuer.objects.get(code="TTg").level == "central"


@pytest.mark.django_db
def test_the_database_refuses_an_issued_decision_without_number():
    draft = _draft()
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=draft.pk).update(status="issued", issued_at=datetime.datetime.now(datetime.UTC))


@pytest.mark.django_db(transaction=True)
def test_staff_issuing_at_the_same_moment_get_consecutive_numbers(catalog):
    drafts = [_draft() for _ in range(8)]
    numbers = at_the_same_moment(lambda draft: decision_issue(actor=None, decision=draft).number, drafts)
    assert sorted(numbers) == list(range(1, 9))  # unique and without gaps
    assert set(Decision.objects.values_list("number", flat=True)) == set(range(1, 9))


@pytest.mark.django_db
def test_staff_leave_the_number_out_and_see_it_given_at_issue(staff_client):
    from django.urls import reverse

    from tests.awards.test_views import _post_data

    response = staff_client.post(reverse("awards:decision-create"), _post_data([{}], number_and_symbol="QĐ-UBND"))
    draft = Decision.objects.get()
    assert response.status_code == 302 and draft.number is None
    page = staff_client.get(reverse("awards:decision-detail", args=[draft.pk])).content.decode()
    assert "…/QĐ-UBND" in page
    edit = staff_client.get(reverse("awards:decision-edit", args=[draft.pk]))
    assert edit.context["form"].initial["number_and_symbol"] == "…/QĐ-UBND"
    decision_issue(actor=None, decision=draft)
    assert Decision.objects.get(pk=draft.pk).number_and_symbol == "01/QĐ-UBND"
