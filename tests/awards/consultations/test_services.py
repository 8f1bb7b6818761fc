"""Opening, feedback, answers and closing of a public consultation, each audited; the rules as data by regime."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditLog
from awards.consultations.rules import consultation_rule_for, consultation_rules_on
from awards.consultations.services import (
    ConsultationInvalid,
    FeedbackFields,
    consultation_close,
    feedback_answer,
    feedback_receive,
)
from awards.models import AwardType, Consultation, ConsultationEntry, ConsultationFeedback
from tests.awards.consultations.helpers import opened, state_dossier

pytestmark = pytest.mark.django_db
D = datetime.date
FEEDBACK = FeedbackFields(sender_name="Nguyễn Văn A", address="Thôn 1, xã B", content="Ý kiến", phone="0912345678")


@pytest.mark.parametrize(
    ("day", "code", "citation"),
    [
        (D(2019, 5, 1), "CSTD_TQ", "Nghị định số 91/2017/NĐ-CP, Điều 45 khoản 10"),
        (D(2024, 6, 1), "HC_LAO_DONG_3", "Nghị định số 98/2023/NĐ-CP, Điều 46 khoản 2"),
        (D(2026, 1, 1), "GT_NN", "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 84 khoản 5"),
        (D(2026, 1, 1), "NGUT", "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 84 khoản 5"),
    ],
)
def test_the_rule_in_force_on_a_day_names_its_citation(day, code, citation):
    rule = consultation_rule_for(award_type=AwardType.objects.get(code=code), rules=consultation_rules_on(day))
    assert rule is not None and citation in rule.citation and rule.min_working_days == 10


def test_no_consultation_for_a_provincial_award_nor_today_for_cstdtq_until_staff_enable_its_rule():
    rules = consultation_rules_on(D(2026, 1, 1))
    assert consultation_rule_for(award_type=AwardType.objects.get(code="BK_TINH"), rules=rules) is None
    # NĐ 152's duty for CSTĐ toàn quốc is a lead only: loaded off.
    assert consultation_rule_for(award_type=AwardType.objects.get(code="CSTD_TQ"), rules=rules) is None
    nd152 = next(r for r in rules if r.code == "luat2022-nd152-lay-y-kien")
    assert (nd152.verification, nd152.window_verification) == ("verified", "from_memory")
    assert "Điều 60" not in nd152.citation + nd152.window_citation


def test_opening_lists_the_nominees_counts_working_days_and_is_audited():
    dossier = state_dossier()
    consultation = opened(dossier, start_date=D(2026, 2, 13))
    assert consultation.end_date == D(2026, 3, 5) and consultation.working_days == 10
    assert "Điều 84 khoản 5" in consultation.legal_basis  # empty: the rule's citation
    entry = consultation.entries.get()
    assert (entry.name, entry.position_and_unit, entry.award_name) == (
        "Lương Văn Bình",
        "Giám đốc Bệnh viện Đa khoa tỉnh, Sở Y tế",
        "Huân chương Lao động hạng Ba",
    )
    log = AuditLog.objects.get(action="consultation.open")
    assert log.after["nominees"] == [entry.nomination_id]


def test_a_window_shorter_than_the_rule_is_refused_naming_it():
    dossier = state_dossier()
    with pytest.raises(ConsultationInvalid) as refused:
        opened(dossier, start_date=D(2026, 2, 13), working_days=None, end_date=D(2026, 2, 27))
    message = refused.value.fields["end_date"][0]
    assert "6" in message and "10" in message and "5/3/2026" in message
    with pytest.raises(ConsultationInvalid) as both:
        opened(dossier, working_days=10, end_date=D(2026, 3, 5))
    assert "working_days" in both.value.fields
    assert not Consultation.objects.exists()


def test_feedback_is_taken_only_within_the_window_and_with_a_way_to_reach_the_sender():
    consultation = opened(state_dossier(), start_date=D(2026, 2, 13))
    with pytest.raises(ConsultationInvalid) as late:
        feedback_receive(consultation=consultation, fields=FEEDBACK, today=D(2026, 3, 6))
    assert "5/3/2026" in late.value.general[0]
    with pytest.raises(ConsultationInvalid) as anonymous:
        feedback_receive(
            consultation=consultation,
            fields=FeedbackFields(sender_name=" ", address="", content="x\x00", phone="", email="khong-phai-email"),
            today=D(2026, 2, 24),
        )
    assert set(anonymous.value.fields) == {"sender_name", "address", "content", "email"}
    with pytest.raises(ConsultationInvalid) as long:
        feedback_receive(
            consultation=consultation,
            fields=FeedbackFields(**{**FEEDBACK.__dict__, "content": "x" * 5001}),
            today=D(2026, 2, 24),
        )
    assert "5000" in long.value.fields["content"][0]
    feedback = feedback_receive(consultation=consultation, fields=FEEDBACK, today=D(2026, 2, 24))
    assert AuditLog.objects.filter(action="consultation.feedback_receive", object_id=str(feedback.pk)).exists()


def test_closing_waits_for_the_window_and_the_answers_then_records_the_outcome(staff):
    consultation = opened(state_dossier(), start_date=D(2026, 2, 13))
    feedback = feedback_receive(consultation=consultation, fields=FEEDBACK, today=D(2026, 2, 24))
    with pytest.raises(ConsultationInvalid, match="5/3/2026"):
        consultation_close(actor=staff, consultation=consultation, today=D(2026, 3, 5))
    with pytest.raises(ConsultationInvalid, match="trả lời mọi ý kiến"):
        consultation_close(actor=staff, consultation=consultation, today=D(2026, 3, 6), outcome_text="Xong")
    feedback_answer(actor=staff, feedback=feedback, answer="Đã xác minh, thông tin đúng.")
    with pytest.raises(ConsultationInvalid) as no_outcome:
        consultation_close(actor=staff, consultation=consultation, today=D(2026, 3, 6))
    assert "outcome_text" in no_outcome.value.fields
    closed = consultation_close(
        actor=staff, consultation=consultation, today=D(2026, 3, 6), outcome_text="Đủ điều kiện"
    )
    assert (closed.status, closed.outcome) == ("closed", "considered")
    assert AuditLog.objects.filter(action="consultation.feedback_answer", actor=staff).count() == 1
    assert AuditLog.objects.get(action="consultation.close").after["outcome"] == "considered"
    with pytest.raises(ConsultationInvalid):
        feedback_answer(actor=staff, feedback=feedback, answer="Sửa sau khi đóng")


def test_without_feedback_the_close_records_no_feedback_received(staff):
    consultation = opened(state_dossier(), start_date=timezone.localdate() - datetime.timedelta(days=40))
    closed = consultation_close(actor=staff, consultation=consultation)
    assert closed.outcome == "no_feedback" and closed.outcome_text == consultation.no_feedback_rule


def test_the_database_refuses_feedback_without_contact_and_a_closed_consultation_without_outcome():
    consultation = opened(state_dossier(), start_date=D(2026, 2, 13))
    with pytest.raises(IntegrityError, match="consultationfeedback_reachable"), transaction.atomic():
        ConsultationFeedback.objects.create(consultation=consultation, sender_name="A", address="B", content="C")
    with pytest.raises(IntegrityError, match="consultation_outcome_when_closed"), transaction.atomic():
        Consultation.objects.filter(pk=consultation.pk).update(status="closed")
    other = opened(state_dossier(name="Nông Văn Khác"), start_date=D(2026, 2, 13))
    with pytest.raises(IntegrityError, match="consultationentry_nominee_of_the_dossier"), transaction.atomic():
        ConsultationEntry.objects.create(
            consultation=consultation, nomination=other.entries.get().nomination, line_no=9, name="X", award_name="Y"
        )
    with pytest.raises(IntegrityError, match="consultationfeedback_entry_of_the_consultation"), transaction.atomic():
        ConsultationFeedback.objects.create(
            consultation=consultation, entry=other.entries.get(), sender_name="A", address="B", content="C", phone="1"
        )


def test_the_rules_load_once_and_keep_staff_corrections_unless_updated():
    from awards.consultations.rules import consultation_rules_load
    from awards.models import ConsultationRule

    ConsultationRule.objects.filter(code="luat2022-nd152-lay-y-kien").update(min_working_days=7)
    assert consultation_rules_load() == (0, 0)
    assert ConsultationRule.objects.get(code="luat2022-nd152-lay-y-kien").min_working_days == 7
    assert consultation_rules_load(update=True) == (0, 5)
    assert ConsultationRule.objects.get(code="luat2022-nd152-lay-y-kien").min_working_days == 10
    assert not ConsultationRule.objects.get(code="luat2022-nd152-cstdtq").enabled  # a lead: off until checked


def test_a_flood_of_feedback_notifies_each_staff_member_once_a_day_per_consultation(staff):
    from kernel.models import Notice

    consultation = opened(state_dossier(), start_date=D(2026, 2, 23))
    for _ in range(3):
        feedback_receive(consultation=consultation, fields=FEEDBACK, today=D(2026, 2, 24))
    assert Notice.objects.filter(recipient=staff).count() == 1
    feedback_receive(consultation=consultation, fields=FEEDBACK, today=D(2026, 2, 25))
    assert Notice.objects.filter(recipient=staff).count() == 2
    assert ConsultationFeedback.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_feedback_sent_at_the_same_moment_is_all_kept_with_one_notice_each(catalog, staff):
    from kernel.models import Notice
    from tests.helpers import at_the_same_moment

    consultation = opened(state_dossier(), start_date=D(2026, 2, 23))
    at_the_same_moment(
        lambda _: feedback_receive(consultation=consultation, fields=FEEDBACK, today=D(2026, 2, 24)), range(6)
    )
    assert ConsultationFeedback.objects.count() == 6 and Notice.objects.filter(recipient=staff).count() == 1
