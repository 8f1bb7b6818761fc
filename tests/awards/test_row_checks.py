"""The rows of one draft decision checked against each other (awards.decisions.row_checks): the same recipient (the same
person record when linked, else the same folded name, workplace and recipient kind) listed twice for the same
award type, shown next to both rows, citing the once-per-year rule once staff enable it, and refused at issuing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from audit.models import AuditLog
from awards.decisions.row_checks import (
    decision_duplicates_message,
    draft_findings,
    duplicate_groups,
    rows_compared,
)
from awards.decisions.services import TransitionNotAllowed, decision_issue
from awards.models import Award, Decision, EligibilityRule, PersonAward
from clusters.models import Person
from tests.factories import make_decision, recipient
from tests.helpers import password_confirmed

pytestmark = pytest.mark.django_db

ONCE_A_YEAR = "danh-hieu-mot-lan-moi-nam"  # fixtures/catalog/eligibility_rules.csv, from memory: disabled


def _draft(*recipients):
    return make_decision(recipients=list(recipients), issued=False, date=datetime.date(2018, 3, 1))


def _rows(decision) -> list[Award]:
    return list(decision.awards.select_related("award_type", "unit").order_by("line_no"))


def _findings(decision) -> dict[int, list]:
    """Line number -> the findings of that row; the same when the groups come from the rows the database picks
    out as possible duplicates (rows_compared, as a page of a long draft's rows finds them)."""
    rows = _rows(decision)
    found = {award.line_no: findings for award, findings in zip(rows, draft_findings(rows, decision=decision))}
    groups = duplicate_groups(rows_compared(decision))
    paged = draft_findings(rows, decision=decision, groups=groups)
    assert {award.line_no: findings for award, findings in zip(rows, paged)} == found
    return found


def _link(decision, line, person):
    PersonAward.objects.create(award=decision.awards.get(line_no=line), person=person)


def test_the_same_name_in_two_units_is_two_recipients():
    decision = _draft(
        recipient(name="Hoàng Văn Phong", unit_name="Sở Tài chính"),
        recipient(name="Hoàng Văn Phong", unit_name="Sở Y tế"),
    )
    assert _findings(decision) == {1: [], 2: []}
    assert decision_duplicates_message(decision) == ""


def test_the_same_name_and_unit_spelt_with_other_case_spacing_or_diacritics_is_listed_twice(unit_a):
    decision = _draft(
        recipient(name="Hoàng Văn Phong", unit=unit_a),
        recipient("CSTD_TINH", name="Hoàng Văn Phong", unit=unit_a),  # another award: allowed
        recipient(name="  HOANG van  Phong ", unit_name=unit_a.name.upper()),  # the unit as printed
    )
    findings = _findings(decision)
    assert findings[2] == []
    [first], [third] = findings[1], findings[3]
    assert (first.lines, third.lines) == ((3,), (1,))
    assert first.award_type.code == "BK_TINH" and first.rule is None and first.citation == ""
    with translation.override("en"):
        assert (
            first.reason
            == "The same recipient is listed for “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh” on line 3 too."
        )
    assert first.blocking


def test_a_collective_and_an_individual_of_the_same_name_are_two_recipients():
    decision = _draft(
        recipient(recipient_kind="collective", name="Đội Thuế số 1", unit_name="Chi cục Thuế"),
        recipient(name="Đội Thuế số 1", unit_name="Chi cục Thuế"),
    )
    assert _findings(decision) == {1: [], 2: []}


def test_one_person_under_two_spellings_is_listed_twice_only_when_both_rows_are_linked():
    decision = _draft(
        recipient(name="Nông Thị Thu Hà", unit_name="Sở Tư pháp"),
        recipient(name="Nông Thu Hà", unit_name="Phòng Tư pháp huyện Đình Lập"),
    )
    assert _findings(decision) == {1: [], 2: []}
    person = Person.objects.create(full_name="Nông Thị Thu Hà")
    _link(decision, 1, person)
    assert _findings(decision) == {1: [], 2: []}  # one row linked: the names differ
    _link(decision, 2, person)
    findings = _findings(decision)
    assert [f.lines for f in findings[1]] == [(2,)] and [f.lines for f in findings[2]] == [(1,)]


def test_a_person_merged_into_another_is_that_person():
    decision = _draft(recipient(name="Lộc Văn Sơn", unit_name="A"), recipient(name="Lộc Văn Sơn (Sơn)", unit_name="B"))
    kept, merged = Person.objects.create(full_name="Lộc Văn Sơn"), Person.objects.create(full_name="Lộc Văn Sơn")
    merged.merged_into = kept
    merged.save()
    _link(decision, 1, kept)
    _link(decision, 2, merged)
    assert [len(f) for f in _findings(decision).values()] == [1, 1]


def test_namesakes_of_one_unit_with_their_own_person_records_are_two_recipients():
    decision = _draft(
        recipient(name="Vi Văn Tùng", unit_name="Xã Bắc Xa"), recipient(name="Vi Văn Tùng", unit_name="Xã Bắc Xa")
    )
    assert [len(f) for f in _findings(decision).values()] == [1, 1]
    _link(decision, 1, Person.objects.create(full_name="Vi Văn Tùng", birth_date=datetime.date(1970, 1, 1)))
    assert [len(f) for f in _findings(decision).values()] == [1, 1]  # the other row may be the same man
    _link(decision, 2, Person.objects.create(full_name="Vi Văn Tùng", birth_date=datetime.date(1985, 5, 5)))
    assert _findings(decision) == {1: [], 2: []}


def test_three_rows_of_one_recipient_form_one_group():
    decision = _draft(*[recipient(name="Lý Thị Mai", unit_name="Sở Nội vụ") for _ in range(3)])
    [group] = duplicate_groups(_rows(decision))
    assert [a.line_no for a in group] == [1, 2, 3]
    assert [f.lines for f in _findings(decision)[2]] == [(1, 3)]


def test_the_once_a_year_rule_is_cited_only_once_staff_enable_it_and_only_for_its_award_types():
    decision = _draft(
        recipient("CSTD_TINH", name="Hà Quang Huy", unit_name="Công an tỉnh"),
        recipient("CSTD_TINH", name="Hà Quang Huy", unit_name="Công an tỉnh"),
        recipient("BK_TINH", name="Hà Quang Huy", unit_name="Công an tỉnh"),
        recipient("BK_TINH", name="Hà Quang Huy", unit_name="Công an tỉnh"),
    )
    rule = EligibilityRule.objects.get(code=ONCE_A_YEAR)
    assert not rule.enabled and rule.verification == "from_memory"
    findings = _findings(decision)
    assert all(len(f) == 1 and f[0].rule is None for f in findings.values())  # always on, without the rule
    with translation.override("en"):
        assert findings[1][0].name == "Listed twice in this decision"
    rule.enabled = True
    rule.save()
    findings = _findings(decision)
    assert findings[1][0].rule == rule and findings[2][0].rule == rule  # Chiến sĩ thi đua cấp tỉnh: covered
    assert findings[1][0].name == rule.name and findings[1][0].citation == rule.citation
    assert "Điều 19-28" in findings[1][0].citation
    assert findings[3][0].rule is None and findings[4][0].rule is None  # Bằng khen: not an annual title


def test_issuing_a_decision_with_a_duplicate_is_refused_naming_the_lines():
    decision = _draft(
        recipient(name="Hoàng Văn Phong", unit_name="Sở Tài chính"),
        recipient(name="Lý Thị Mai", unit_name="Sở Nội vụ"),
        recipient(name="Hoàng văn Phong", unit_name="Sở Tài chính"),
    )
    entries = AuditLog.objects.count()
    with pytest.raises(TransitionNotAllowed) as refused, translation.override("en"):
        decision_issue(actor=None, decision=decision)
    [message] = refused.value.messages
    assert "lines 1, 3 (Hoàng Văn Phong, “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh”)" in message
    assert "Lý Thị Mai" not in message
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DRAFT
    assert AuditLog.objects.count() == entries
    decision.awards.filter(line_no=3).delete()
    assert decision_issue(actor=None, decision=decision).status == Decision.Status.ISSUED


def test_the_findings_cost_the_same_queries_for_3_and_30_rows():
    def queries(n):
        decision = _draft(*[recipient(name=f"Người {i // 2}", unit_name="Sở Nội vụ") for i in range(n)])
        rows = _rows(decision)
        with CaptureQueriesContext(connection) as context:
            findings = draft_findings(rows, decision=decision)
        assert sum(1 for f in findings if f) == n - n % 2
        return len(context)

    assert queries(3) == queries(30)


# The draft decision's page and its Issue button.


def test_the_draft_page_shows_the_duplicate_next_to_both_rows(staff_client):
    decision = _draft(
        recipient(name="Hoàng Văn Phong", unit_name="Sở Tài chính"),
        recipient(name="Hoàng Văn Phong", unit_name="Sở Tài chính"),
    )
    response = staff_client.get(reverse("awards:decision-detail", args=[decision.pk]))
    page = response.content.decode()
    assert 'id="duplicates"' in page and page.count('class="list-unstyled small mb-0 row-findings"') == 2
    rows = {award.line_no: award.row_findings for award in response.context["awards"]}
    assert [f.lines for f in rows[1]] == [(2,)] and [f.lines for f in rows[2]] == [(1,)]


def test_a_draft_without_duplicates_shows_none(staff_client):
    page = staff_client.get(reverse("awards:decision-detail", args=[_draft(recipient()).pk])).content.decode()
    assert 'id="duplicates"' not in page and "row-findings" not in page


def test_the_issue_button_on_a_duplicate_says_why_and_keeps_the_draft(staff_client):
    decision = _draft(recipient(name="Hoàng Văn Phong"), recipient(name="Hoàng Văn Phong"))
    password_confirmed(staff_client)
    response = staff_client.post(reverse("awards:decision-issue", args=[decision.pk]), follow=True)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DRAFT
    [message] = [str(m) for m in response.context["messages"]]
    assert "1, 2 (Hoàng Văn Phong" in message


def test_the_draft_page_costs_the_same_queries_with_3_and_30_duplicated_rows(staff_client):
    def queries(n):
        decision = _draft(*[recipient(name=f"Người {i // 2}", unit_name="Sở Nội vụ") for i in range(n)])
        with CaptureQueriesContext(connection) as context:
            assert staff_client.get(reverse("awards:decision-detail", args=[decision.pk])).status_code == 200
        return len(context)

    assert queries(3) == queries(30)
