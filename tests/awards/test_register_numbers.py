"""The register of certificates (số sổ vàng): numbers given at issue by the grantor's rule (by position in the
decision, or in a yearly register, gap-free when staff issue at the same moment), frozen by the database, and kept
by reprints and replacements, which are logged with their reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from audit.models import AuditLog
from awards.decisions.register import certificate_prints_record
from awards.decisions.services import decision_create, decision_issue
from awards.models import Authority, CertificatePrint, RegisterNumber, RegisterRule
from tests.factories import decision_fields, make_decision, recipient
from tests.helpers import at_the_same_moment

NAMES = ["Nông Văn Tài", "Hoàng Thị Mai", "Lý Văn Sơn"]


def _draft(names=NAMES, **fields):
    return decision_create(
        actor=None, fields=decision_fields(**fields), recipients=[recipient(name=name) for name in names]
    )


def _yearly(number_format="{number}/BK"):
    RegisterRule.objects.create(
        authority=Authority.objects.get(code="provincial_chair"),
        mode="yearly",
        number_format=number_format,
        valid_from=datetime.date(2018, 1, 1),
    )


def _numbers(decision):
    return list(
        RegisterNumber.objects.filter(decision=decision)
        .order_by("award__line_no")
        .values_list("award__recipient_name", "number", "text")
    )


@pytest.mark.django_db
def test_by_default_each_recipient_gets_its_position_in_the_decision():
    first = decision_issue(actor=None, decision=_draft())
    second = decision_issue(actor=None, decision=_draft(names=["Vi Văn Khánh"]))
    assert _numbers(first) == [("Nông Văn Tài", 1, "1"), ("Hoàng Thị Mai", 2, "2"), ("Lý Văn Sơn", 3, "3")]
    assert _numbers(second) == [("Vi Văn Khánh", 1, "1")]  # per decision, not a running number
    entry = AuditLog.objects.get(action="decision.issue", object_id=str(first.pk))
    assert entry.after["register_numbers"] == ["1", "3"]


@pytest.mark.django_db
def test_a_draft_has_no_number_and_the_database_refuses_one():
    draft = _draft()
    assert not RegisterNumber.objects.exists()
    award = draft.awards.first()
    # Inserted while a draft but left a draft at commit: refused when the transaction ends (PostgreSQL).
    with pytest.raises(IntegrityError), transaction.atomic():
        RegisterNumber.objects.create(
            award=award, decision=draft, authority=draft.authority, mode="position", year=2018, number=1, text="1"
        )
        connection.check_constraints()  # SET CONSTRAINTS ALL IMMEDIATE: the deferred trigger fires, as at commit


@pytest.mark.django_db
def test_an_issued_number_is_frozen_and_none_is_added_later():
    decision = decision_issue(actor=None, decision=_draft())
    with pytest.raises(DatabaseError), transaction.atomic():
        RegisterNumber.objects.filter(decision=decision).update(text="99")
    with pytest.raises(DatabaseError), transaction.atomic():
        RegisterNumber.objects.filter(decision=decision).delete()
    award = decision.awards.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        RegisterNumber.objects.filter(award=award).delete()
        RegisterNumber.objects.create(
            award=award, decision=decision, authority=decision.authority, mode="position", year=2018, number=7, text="7"
        )
    assert [n for _name, n, _text in _numbers(decision)] == [1, 2, 3]


@pytest.mark.django_db
def test_a_yearly_register_runs_on_across_decisions_in_the_grantors_format():
    _yearly()
    first = decision_issue(actor=None, decision=_draft())
    second = decision_issue(actor=None, decision=_draft(names=["Vi Văn Khánh", "Hà Thị Lan"]))
    next_year = decision_issue(actor=None, decision=_draft(names=["Tô Văn Hải"], date=datetime.date(2019, 1, 3)))
    assert [t for _n, _i, t in _numbers(first)] == ["1/BK", "2/BK", "3/BK"]
    assert [t for _n, _i, t in _numbers(second)] == ["4/BK", "5/BK"]
    assert [t for _n, _i, t in _numbers(next_year)] == ["1/BK"]  # a new register each year
    # The rule's own validity: a decision of 2017 is numbered by position, as before the rule.
    older = decision_issue(actor=None, decision=_draft(names=["Lục Văn Minh"], date=datetime.date(2017, 12, 1)))
    assert _numbers(older) == [("Lục Văn Minh", 1, "1")]


@pytest.mark.django_db
def test_a_format_with_an_unknown_placeholder_is_refused():
    rule = RegisterRule(authority=Authority.objects.get(code="provincial_chair"), number_format="{number.__class__}")
    with pytest.raises(ValidationError):
        rule.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        RegisterRule.objects.create(authority=rule.authority, number_format="BK", valid_from=datetime.date(2020, 1, 1))


@pytest.mark.django_db(transaction=True)
def test_eight_decisions_issued_at_once_share_the_yearly_register_without_gap_or_repeat(catalog):
    _yearly()
    drafts = [_draft(names=[f"Người nhận {d}-{r}" for r in range(1 + d % 3)]) for d in range(8)]
    at_the_same_moment(lambda draft: decision_issue(actor=None, decision=draft), drafts)
    total = sum(1 + d % 3 for d in range(8))
    numbers = list(RegisterNumber.objects.values_list("number", flat=True))
    assert sorted(numbers) == list(range(1, total + 1))  # unique and gap-free
    for draft in drafts:  # each decision's recipients hold consecutive numbers, in line order
        own = [n for _name, n, _text in _numbers(draft)]
        assert own == list(range(own[0], own[0] + len(own)))


@pytest.mark.django_db
def test_a_reprint_keeps_the_number_and_is_logged_with_its_reason(staff):
    decision = decision_issue(actor=None, decision=_draft())
    award = decision.awards.get(line_no=2)
    certificate_prints_record(actor=staff, awards=list(decision.awards.all()), kind="first")
    with pytest.raises(ValidationError) as refused:
        certificate_prints_record(actor=staff, awards=[award], kind="first")
    assert "Hoàng Thị Mai" in str(refused.value)
    with pytest.raises(ValidationError):
        certificate_prints_record(actor=staff, awards=[award], kind="reprint", reason="  ")
    certificate_prints_record(actor=staff, awards=[award], kind="replacement", reason="Bằng bị hỏng do ngập nước")
    prints = CertificatePrint.objects.filter(award=award).order_by("id")
    assert [(p.kind, p.register_text, p.reason) for p in prints] == [
        ("first", "2", ""),
        ("replacement", "2", "Bằng bị hỏng do ngập nước"),
    ]
    assert RegisterNumber.objects.get(award=award).text == "2"
    entry = AuditLog.objects.filter(action="award.certificate_print", object_id=str(award.pk)).latest("id")
    assert entry.reason == "Bằng bị hỏng do ngập nước" and entry.actor == staff
    with pytest.raises(DatabaseError), transaction.atomic():
        prints.delete()  # the log is append-only


@pytest.mark.django_db
def test_no_certificate_for_a_draft_or_an_annulled_decision(staff):
    draft = _draft()
    with pytest.raises(ValidationError):
        certificate_prints_record(actor=staff, awards=list(draft.awards.all()), kind="first")
    issued = make_decision()
    from awards.decisions.services import decision_annul

    decision_annul(actor=None, decision=issued, reason="Nhập trùng")
    with pytest.raises(ValidationError):
        certificate_prints_record(actor=staff, awards=list(issued.awards.all()), kind="first")


@pytest.mark.django_db
def test_the_administrator_may_not_set_a_yearly_register_below_a_number_given_nor_delete_it(client):
    from django.urls import reverse

    from awards.models import RegisterCounter
    from tests.factories import UserFactory

    _yearly()
    decision_issue(actor=None, decision=_draft())  # 1/BK to 3/BK
    counter = RegisterCounter.objects.get()
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    url = reverse("admin:awards_registercounter_change", args=[counter.pk])
    lowered = client.post(url, {"last_number": "1"})
    assert lowered.status_code == 200 and lowered.context["adminform"].form.errors["last_number"]
    assert client.post(url, {"last_number": "120"}).status_code == 302  # the last number given outside the portal
    counter.refresh_from_db()
    assert counter.last_number == 120
    deleting = client.post(reverse("admin:awards_registercounter_delete", args=[counter.pk]), {"post": "yes"})
    assert deleting.status_code == 403 and RegisterCounter.objects.filter(pk=counter.pk).exists()
    assert [t for _n, _i, t in _numbers(decision_issue(actor=None, decision=_draft(names=["Hà Văn Tư"])))] == ["121/BK"]
