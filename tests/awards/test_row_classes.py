"""A draft's rows carry their statistics classes: typed in the row editor where they apply, saved with the rows
in the same transaction, kept when the draft's rows are rewritten (edits, pages of a long draft, the Excel
import), refused by the service where they do not apply, and shown in the audit entry."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditLog
from awards.decisions import services
from awards.decisions.paged_rows import ROWS_PER_PAGE
from awards.models import Award, AwardClassification, AwardType, CommendationKind
from tests.factories import decision_fields, make_decision, recipient

pytestmark = pytest.mark.django_db


def _classes(decision):
    return {
        c.award.recipient_name: (c.individual_class, c.is_enterprise, c.proposing_body)
        for c in AwardClassification.objects.filter(award__decision=decision).select_related("award")
    }


def _row_data(index, name, *, kind="individual", code="BK_TINH", **classes):
    return {
        f"r-{index}-award_type": str(AwardType.objects.get(code=code).pk),
        f"r-{index}-commendation_kind": str(CommendationKind.objects.get(code="regular").pk),
        f"r-{index}-recipient_kind": kind,
        f"r-{index}-recipient_name": name,
        f"r-{index}-position": "",
        f"r-{index}-workplace": "",
        **{f"r-{index}-{field}": value for field, value in classes.items()},
    }


def _post(rows, **header):
    data = {
        "number_and_symbol": "86/QĐ-UBND",
        "date": "2018-03-15",
        "authority": str(services.Authority.objects.get(code="provincial_chair").pk),
        "summary": "Về việc tặng Bằng khen",
        "signer_name": "Hồ Tiến Thiệu",
        "signer_title": "Phó Chủ tịch",
        "r-TOTAL_FORMS": str(len(rows)),
        "r-INITIAL_FORMS": "0",
        "r-MIN_NUM_FORMS": "0",
        "r-MAX_NUM_FORMS": "1000",
        **header,
    }
    for row in rows:
        data.update(row)
    return data


def test_the_editor_saves_each_row_s_classes_and_drops_those_that_do_not_apply(staff_client):
    rows = [
        _row_data(
            0, "Hoàng Văn Phong", individual_class="business_person", is_enterprise="yes", proposing_body="central"
        ),
        _row_data(
            1,
            "Công ty Cổ phần Xi măng Đồng Bành",
            kind="collective",
            individual_class="direct_worker",
            is_enterprise="yes",
        ),
        _row_data(2, "Trường THPT Việt Bắc", kind="collective", is_enterprise="no"),
        _row_data(3, "Lý Thị Hoa"),
    ]
    response = staff_client.post(reverse("awards:decision-create"), _post(rows))
    assert response.status_code == 302
    decision = services.Decision.objects.get(number=86, symbol="QĐ-UBND")
    # The hidden classes (enterprise on an individual, a proposing body on a provincial award, a class of
    # individual on a collective) are dropped; Hoa, given none, has no classification row at all.
    assert _classes(decision) == {
        "Hoàng Văn Phong": ("business_person", None, ""),
        "Công ty Cổ phần Xi măng Đồng Bành": ("", True, ""),
        "Trường THPT Việt Bắc": ("", False, ""),
    }
    entry = AuditLog.objects.get(action="decision.create", object_id=str(decision.pk))
    assert entry.after["awards"][0]["individual_class"] == "business_person"
    assert "individual_class" not in entry.after["awards"][3]
    # The edit page shows them; saving it unchanged keeps them.
    page = staff_client.get(reverse("awards:decision-edit", args=[decision.pk])).content.decode()
    assert '<option value="business_person" selected>' in page and '<option value="no" selected>' in page
    assert 'data-state-types="' in page


def test_a_rewritten_draft_keeps_its_rows_classes_and_refuses_those_that_do_not_apply(staff):
    draft = make_decision(
        issued=False,
        recipients=[
            recipient(name="Hoàng Văn Phong", individual_class="high_leader"),
            recipient(recipient_kind="collective", name="Hợp tác xã Chè", is_enterprise=True),
        ],
    )
    rows = [recipient(name="Hoàng Văn Phong", individual_class="other_leader"), recipient(name="Mới")]
    services.decision_update(actor=staff, decision=draft, fields=decision_fields(number=draft.number), recipients=rows)
    assert _classes(draft) == {"Hoàng Văn Phong": ("other_leader", None, "")}
    with pytest.raises(services.DecisionInvalid) as refused:
        services.decision_update(
            actor=staff,
            decision=draft,
            fields=decision_fields(number=draft.number),
            recipients=[recipient(name="Hoàng Văn Phong", proposing_body="province")],
        )
    assert refused.value.rows == {0: {"proposing_body": ["Chỉ khen thưởng cấp Nhà nước mới có cơ quan trình."]}}
    assert _classes(draft) == {"Hoàng Văn Phong": ("other_leader", None, "")}


def test_a_page_of_a_long_draft_leaves_the_other_pages_classes(staff, staff_client):
    rows = [recipient(name=f"Cá nhân {i:03d}", individual_class="direct_worker") for i in range(ROWS_PER_PAGE + 5)]
    draft = make_decision(issued=False, recipients=rows)
    last_page = Award.objects.filter(decision=draft, line_no__gt=ROWS_PER_PAGE)
    first = list(draft.awards.filter(line_no__lte=ROWS_PER_PAGE).order_by("line_no"))
    services.decision_update(
        actor=staff,
        decision=draft,
        fields=decision_fields(number=draft.number),
        recipients=[recipient(name=a.recipient_name, individual_class="high_leader") for a in first],
        lines=(1, ROWS_PER_PAGE),
    )
    classes = _classes(draft)
    assert classes["Cá nhân 000"][0] == "high_leader"
    assert {classes[a.recipient_name][0] for a in last_page} == {"direct_worker"}


def test_the_import_keeps_the_classes_of_the_rows_already_there(staff):
    from awards import imports
    from tests.awards.import_helpers import filled, good_rows

    draft = make_decision(issued=False, recipients=[recipient(name="Hoàng Văn Phong", individual_class="high_leader")])
    result = imports.decision_import(
        actor=staff, decision=draft, upload=filled(imports.decision_template(draft), good_rows())
    )
    assert result.added == 2
    assert _classes(draft) == {"Hoàng Văn Phong": ("high_leader", None, "")}


def test_an_issued_decision_s_classes_stay_when_it_is_annulled(staff):
    decision = make_decision(
        recipients=[recipient(name="Hoàng Văn Phong", individual_class="high_leader")], date=datetime.date(2018, 4, 2)
    )
    services.decision_annul(actor=staff, decision=decision, reason="Nhầm")
    assert _classes(decision) == {"Hoàng Văn Phong": ("high_leader", None, "")}
