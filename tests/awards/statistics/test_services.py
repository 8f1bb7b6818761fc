"""award_classifications_set: the classes of issued decisions' awards, checked, audited, and never undoing
another person's different value silently."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditLog
from awards.models import AwardClassification, IndividualClass, ProposingBody
from awards.statistics.services import (
    Classes,
    ClassificationConflict,
    award_classifications_set,
)
from tests.factories import make_decision, recipient

pytestmark = pytest.mark.django_db


def _awards(decision):
    return list(decision.awards.select_related("award_type").order_by("line_no"))


@pytest.fixture
def mixed(staff):
    """An issued decision: two individuals, a collective, and a State award (a medal) to an individual."""
    decision = make_decision(
        recipients=[
            recipient(name="Hoàng Văn Phong"),
            recipient(name="Lý Thị Hoa"),
            recipient(recipient_kind="collective", name="Công ty Cổ phần Xi măng Đồng Bành"),
        ],
    )
    state = make_decision(
        recipients=[recipient(code="HC_LAO_DONG_3", name="Nông Văn Dũng")],
        authority="president",
        symbol="QĐ-CTN",
        date=datetime.date(2018, 5, 2),
    )
    return _awards(decision) + _awards(state)


def test_classes_are_set_on_the_rows_and_audited(staff, mixed):
    phong, hoa, company, _medal = mixed
    changed = award_classifications_set(
        actor=staff, awards=[phong, hoa], individual_class=IndividualClass.DIRECT_WORKER
    )
    assert changed == 2
    stored = AwardClassification.objects.in_bulk([phong.pk, hoa.pk])
    assert {row.individual_class for row in stored.values()} == {"direct_worker"}
    assert stored[phong.pk].is_enterprise is None and stored[phong.pk].proposing_body == ""
    entries = AuditLog.objects.filter(action="award.classify").order_by("object_id")
    assert [e.after["individual_class"] for e in entries] == ["direct_worker", "direct_worker"]
    assert entries[0].before is None and entries[0].actor == staff
    # Setting the same value again changes nothing and writes no entry.
    assert award_classifications_set(actor=staff, awards=[phong], individual_class="direct_worker") == 0
    assert AuditLog.objects.filter(action="award.classify").count() == 2
    award_classifications_set(actor=staff, awards=[company], is_enterprise=True)
    assert AwardClassification.objects.get(pk=company.pk).is_enterprise is True
    entry = AuditLog.objects.filter(action="award.classify").latest("pk")
    assert entry.after["is_enterprise"] is True


def test_a_class_that_does_not_apply_is_refused_with_nothing_written(staff, mixed):
    phong, _hoa, company, medal = mixed
    with pytest.raises(ValidationError) as refused:
        award_classifications_set(actor=staff, awards=[phong, company], individual_class="business_person")
    assert "Công ty Cổ phần Xi măng Đồng Bành" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        award_classifications_set(actor=staff, awards=[phong], is_enterprise=False)
    with pytest.raises(ValidationError):  # a provincial award has no proposing body
        award_classifications_set(actor=staff, awards=[phong], proposing_body=ProposingBody.PROVINCE)
    with pytest.raises(ValidationError):
        award_classifications_set(actor=staff, awards=[phong], individual_class="minister")
    assert not AwardClassification.objects.exists()
    award_classifications_set(actor=staff, awards=[medal], proposing_body=ProposingBody.PROVINCE)
    assert AwardClassification.objects.get(pk=medal.pk).proposing_body == "province"


def test_a_draft_s_rows_are_not_classified_here(staff):
    draft = make_decision(issued=False)
    with pytest.raises(ValidationError) as refused:
        award_classifications_set(actor=staff, awards=_awards(draft), individual_class="direct_worker")
    assert "dự thảo" in " ".join(refused.value.messages)


def test_another_person_s_different_value_is_not_undone(staff, mixed):
    """Two staff open the page while Phong is not classified; one sets "leader", then the other, from the page
    they still have, sets "direct worker": refused, naming Phong, and the first value stays."""
    phong, hoa, *_ = mixed
    seen = {phong.pk: Classes(), hoa.pk: Classes()}
    award_classifications_set(actor=staff, awards=[phong], individual_class="high_leader", seen=seen)
    with pytest.raises(ClassificationConflict) as refused:
        award_classifications_set(actor=staff, awards=[phong, hoa], individual_class="direct_worker", seen=seen)
    assert "Hoàng Văn Phong" in refused.value.messages[0]
    assert AwardClassification.objects.get(pk=phong.pk).individual_class == "high_leader"
    assert not AwardClassification.objects.filter(pk=hoa.pk).exists()  # nothing of the refused call
    # The same value from both is no conflict; and a page showing the current value may change it.
    award_classifications_set(actor=staff, awards=[phong], individual_class="high_leader", seen=seen)
    award_classifications_set(
        actor=staff,
        awards=[phong],
        individual_class="other_leader",
        seen={phong.pk: Classes(individual_class="high_leader")},
    )
    assert AwardClassification.objects.get(pk=phong.pk).individual_class == "other_leader"


def test_the_database_refuses_a_class_where_it_does_not_apply(mixed):
    """Past the services (the admin, a shell, a bug): migration 0022's trigger, on insert and on update."""
    from django.db import IntegrityError, transaction

    phong, _hoa, company, medal = mixed
    wrong = [
        (AwardClassification(award=company, individual_class="direct_worker"), "class_of_individual_only"),
        (AwardClassification(award=phong, is_enterprise=False), "enterprise_of_collective_only"),
        (AwardClassification(award=phong, proposing_body="province"), "proposing_body_of_state_award_only"),
    ]
    for row, message in wrong:
        with pytest.raises(IntegrityError, match=message), transaction.atomic():
            row.save(force_insert=True)
    row = AwardClassification.objects.create(award=medal, individual_class="direct_worker", proposing_body="central")
    row.is_enterprise = True
    with pytest.raises(IntegrityError, match="enterprise_of_collective_only"), transaction.atomic():
        row.save()
