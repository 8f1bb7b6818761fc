"""The database itself refuses what the business rules forbid, whoever writes (admin, shell, a bug)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.models import Award, Decision
from tests.factories import award_type, decision_fields, kind, make_decision, recipient

pytestmark = pytest.mark.django_db


def _refused(callable_, match):
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        callable_()


def _award(decision, code, recipient_kind, name, *, line_no, is_grassroots=False):
    """An award row written straight to the database, past the services, as an admin or a bug would."""
    return Award(
        decision=decision,
        line_no=line_no,
        award_type=award_type(code),
        commendation_kind=kind("regular"),
        recipient_kind=recipient_kind,
        recipient_name=name,
        is_grassroots=is_grassroots,
    )


def test_recipient_kind_must_be_allowed_by_the_award_type():
    draft = make_decision(issued=False)
    flag = _award(draft, "CO_TD_TINH", "individual", "Nguyễn Văn A", line_no=9)
    _refused(flag.save, "award_recipient_kind_not_allowed")
    family_hero = _award(draft, "CSTD_TINH", "family", "Gia đình ông B", line_no=9, is_grassroots=True)
    _refused(family_hero.save, "award_recipient_kind_not_allowed")


def test_an_existing_award_cannot_be_switched_to_a_kind_its_type_refuses():
    draft = make_decision(issued=False, recipients=[recipient("BK_TINH", recipient_kind="collective", name="UBND xã")])
    award = draft.awards.get()
    award.award_type = award_type("CSTD_TINH")
    _refused(award.save, "award_recipient_kind_not_allowed")


def test_awards_of_an_issued_decision_cannot_be_added_changed_or_removed():
    decision = make_decision()
    award = decision.awards.get()
    award.recipient_name = "Tên khác"
    _refused(award.save, "award_decision_not_draft")
    _refused(award.delete, "award_decision_not_draft")
    extra = _award(decision, "BK_TINH", "individual", "Người thêm sau", line_no=2)
    _refused(extra.save, "award_decision_not_draft")


def test_an_issued_decision_is_frozen_and_cannot_be_deleted():
    decision = make_decision()
    decision.number += 1
    _refused(decision.save, "decision_frozen")
    decision.refresh_from_db()
    decision.date = datetime.date(2018, 3, 2)
    _refused(decision.save, "decision_frozen")
    decision.refresh_from_db()
    _refused(lambda: Decision.objects.filter(pk=decision.pk).update(status="draft"), "decision_frozen")
    # Django deletes the awards first (cascade), and the database refuses that already.
    _refused(decision.delete, "award_decision_not_draft|decision_frozen")
    _refused(lambda: Decision.objects.filter(pk=decision.pk)._raw_delete("default"), "decision_frozen")


def test_an_annulled_decision_cannot_change_at_all():
    decision = make_decision()
    Decision.objects.filter(pk=decision.pk).update(
        status="annulled", annulled_at=timezone.now(), annulment_reason="Sai"
    )
    _refused(lambda: Decision.objects.filter(pk=decision.pk).update(annulment_reason="Lý do khác"), "decision_frozen")


def test_annulment_needs_a_reason_and_issuing_needs_a_time():
    decision = make_decision()
    _refused(
        lambda: Decision.objects.filter(pk=decision.pk).update(status="annulled", annulled_at=timezone.now()),
        "decision_annulled_has_reason",
    )
    draft = make_decision(issued=False)
    _refused(lambda: Decision.objects.filter(pk=draft.pk).update(status="issued"), "decision_issued_has_time")


def _decision(**overrides):
    fields = decision_fields(**{k: v for k, v in overrides.items() if k in ("number", "date", "symbol", "authority")})
    values = {f: getattr(fields, f) for f in fields.__dataclass_fields__}
    values.update({k: v for k, v in overrides.items() if k not in ("number", "date", "symbol", "authority")})
    return Decision(**values)


def test_an_issuer_numbers_its_decisions_in_one_series_per_year():
    make_decision(number=651, date=datetime.date(2018, 4, 11))
    _refused(_decision(number=651, date=datetime.date(2018, 9, 1)).save, "decision_number_unique_per_issuer_year")
    # Another drafting unit's suffix does not open another series.
    _refused(
        _decision(number=651, symbol="QĐ-UBND-VP", date=datetime.date(2018, 9, 1)).save,
        "decision_number_unique_per_issuer_year",
    )
    # The same number next year, or from another issuer, is another decision.
    make_decision(number=651, date=datetime.date(2019, 1, 3))
    make_decision(
        number=651,
        symbol="QĐ-TTg",
        authority="prime_minister",
        recipients=[recipient("BK_TTCP")],
        date=datetime.date(2018, 4, 11),
    )


def test_only_decisions_are_stored_as_decisions():
    _refused(_decision(number=5, symbol="BC-UBND").save, "decision_symbol_is_a_decision")


def test_a_decision_is_created_as_a_draft():
    _refused(_decision(number=7, status="issued", issued_at=timezone.now()).save, "decision_starts_as_draft")


def test_a_draft_cannot_jump_to_annulled():
    draft = make_decision(issued=False)
    _refused(
        lambda: Decision.objects.filter(pk=draft.pk).update(
            status="annulled", issued_at=timezone.now(), annulled_at=timezone.now(), annulment_reason="x"
        ),
        "decision_transition_not_allowed",
    )


def test_an_issued_decision_carries_no_annulment():
    decision = make_decision()
    _refused(
        lambda: Decision.objects.filter(pk=decision.pk).update(annulment_reason="ghi chú lén"),
        "decision_annulled_has_reason",
    )
    _refused(
        lambda: Decision.objects.filter(pk=decision.pk).update(annulled_at=timezone.now()),
        "decision_annulled_has_reason",
    )


def test_an_award_type_cannot_drop_a_recipient_kind_its_awards_use():
    make_decision(recipients=[recipient("BK_TINH", recipient_kind="family", name="Gia đình ông A")])
    bk = award_type("BK_TINH")
    bk.for_family = False
    _refused(bk.save, "awardtype_kind_in_use")
    cstd = award_type("CSTD_TQ")  # no awards yet: the catalog may still be corrected
    cstd.for_collective = True
    cstd.save()


def test_numbers_are_positive_and_names_not_empty():
    _refused(_decision(number=0).save, "decision_number_positive")
    draft = make_decision(issued=False)
    nameless = _award(draft, "BK_TINH", "individual", "", line_no=5)
    _refused(nameless.save, "award_recipient_named")


def test_a_family_always_counts_as_grassroots():
    draft = make_decision(issued=False)
    family = _award(draft, "BK_TINH", "family", "Gia đình ông Lý Văn En", line_no=5, is_grassroots=False)
    _refused(family.save, "award_family_is_grassroots")
