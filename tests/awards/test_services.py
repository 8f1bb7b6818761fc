import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditLog
from awards.decisions.services import (
    DecisionInvalid,
    TransitionNotAllowed,
    decision_annul,
    decision_create,
    decision_issue,
    decision_update,
)
from awards.models import Decision
from tests.factories import decision_fields, make_decision, recipient

pytestmark = pytest.mark.django_db


def _entries(decision):
    return list(AuditLog.objects.filter(object_id=str(decision.pk), content_type__model="decision").order_by("id"))


def test_create_issue_annul_each_leave_an_audit_entry(staff):
    decision = make_decision(issued=False, actor=staff, recipients=[recipient(), recipient(name="Lý Văn En")])
    assert decision.status == Decision.Status.DRAFT and decision.awards.count() == 2
    decision_issue(actor=staff, decision=decision)
    decision_annul(actor=staff, decision=decision, reason="Nhập trùng quyết định 603/QĐ-UBND")
    create, issue, annul = _entries(decision)
    assert (create.action, issue.action, annul.action) == ("decision.create", "decision.issue", "decision.annul")
    assert {e.actor for e in (create, issue, annul)} == {staff}
    assert create.before is None and [a["name"] for a in create.after["awards"]] == ["Hoàng Văn Phong", "Lý Văn En"]
    assert issue.before == {"status": "draft"} and issue.after["status"] == "issued"
    assert annul.before == {"status": "issued"} and annul.after == {"status": "annulled"}
    assert annul.reason == "Nhập trùng quyết định 603/QĐ-UBND"


def test_the_transition_table_is_enforced(staff):
    draft = make_decision(issued=False)
    with pytest.raises(TransitionNotAllowed):
        decision_annul(actor=staff, decision=draft, reason="Không thể hủy dự thảo")
    issued = decision_issue(actor=staff, decision=draft)
    with pytest.raises(TransitionNotAllowed):
        decision_issue(actor=staff, decision=issued)
    annulled = decision_annul(actor=staff, decision=issued, reason="Sai đối tượng")
    for action in (
        lambda: decision_issue(actor=staff, decision=annulled),
        lambda: decision_annul(actor=staff, decision=annulled, reason="lần hai"),
    ):
        with pytest.raises(TransitionNotAllowed):
            action()
    assert [e.action for e in _entries(annulled)] == ["decision.create", "decision.issue", "decision.annul"]


def test_annulment_requires_a_reason(staff):
    decision = make_decision()
    with pytest.raises(ValidationError):
        decision_annul(actor=staff, decision=decision, reason="   ")
    decision.refresh_from_db()
    assert decision.status == Decision.Status.ISSUED


def test_a_draft_is_edited_with_its_whole_list_and_the_change_is_audited(staff):
    decision = make_decision(issued=False, recipients=[recipient(name="Người cũ")])
    decision_update(
        actor=staff,
        decision=decision,
        fields=decision_fields(number=decision.number),
        recipients=[recipient(name="Người mới 1"), recipient(name="Người mới 2")],
    )
    assert list(decision.awards.values_list("recipient_name", flat=True)) == ["Người mới 1", "Người mới 2"]
    update = _entries(decision)[-1]
    assert update.action == "decision.update"
    assert [a["name"] for a in update.before["awards"]] == ["Người cũ"]
    assert [a["name"] for a in update.after["awards"]] == ["Người mới 1", "Người mới 2"]


def test_an_issued_decision_cannot_be_edited(staff):
    decision = make_decision()
    with pytest.raises(TransitionNotAllowed):
        decision_update(
            actor=staff,
            decision=decision,
            fields=decision_fields(number=decision.number),
            recipients=[recipient(name="Sửa sau khi ban hành")],
        )
    assert decision.awards.get().recipient_name == "Hoàng Văn Phong"


def _errors(fields=None, recipients=None):
    with pytest.raises(DecisionInvalid) as error:
        decision_create(actor=None, fields=fields or decision_fields(), recipients=recipients or [recipient()])
    return error.value


def test_rules_are_checked_before_anything_is_written():
    before = Decision.objects.count()
    error = _errors(
        recipients=[
            recipient("CO_TD_TINH", recipient_kind="individual"),  # a flag to an individual
            recipient("CSTD_TINH", recipient_kind="family"),  # a family as Chiến sĩ thi đua
            recipient("BK_TTCP", recipient_kind="individual"),  # granted by the Prime Minister, not the province
            recipient("XA_TIEU_BIEU", recipient_kind="collective"),  # created by the 2022 law, after 2018
            recipient("BK_TINH", kind_code="merit"),  # a 2022-law kind of commendation
            recipient("BK_TINH"),
        ]
    )
    assert sorted(error.rows) == [0, 1, 2, 3, 4]
    assert list(error.rows[0]) == ["recipient_kind"] and list(error.rows[1]) == ["recipient_kind"]
    assert list(error.rows[2]) == ["award_type"] and list(error.rows[3]) == ["award_type"]
    assert list(error.rows[4]) == ["commendation_kind"]
    assert "Cờ thi đua" in error.rows[0]["recipient_kind"][0] and "tập thể" in error.rows[0]["recipient_kind"][0]
    assert Decision.objects.count() == before


def test_a_future_date_a_used_symbol_and_an_empty_list_are_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert list(_errors(fields=decision_fields(date=tomorrow)).fields) == ["date"]
    make_decision(number=35, date=datetime.date(2018, 1, 8))
    taken = _errors(fields=decision_fields(number=35, date=datetime.date(2018, 11, 30)))
    assert list(taken.fields) == ["number_and_symbol"] and "35/QĐ-UBND" in taken.fields["number_and_symbol"][0]
    with pytest.raises(DecisionInvalid) as empty:
        decision_create(actor=None, fields=decision_fields(), recipients=[])
    assert empty.value.general


def test_authority_and_symbol_must_agree():
    error = _errors(fields=decision_fields(authority="president"), recipients=[recipient("NGUT")])
    assert list(error.fields) == ["number_and_symbol"] and "CTN" in error.fields["number_and_symbol"][0]


def test_a_family_is_stored_as_grassroots_whatever_the_form_said():
    decision = make_decision(
        recipients=[recipient(recipient_kind="family", name="Gia đình ông Nguyễn Văn Chu", grassroots=False)]
    )
    assert decision.awards.get().is_grassroots is True
