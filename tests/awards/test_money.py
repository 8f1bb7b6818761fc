import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from awards.decisions.money import award_amount, decision_total, money_rules, money_summary, round_amount
from awards.models import AwardType, BaseSalary, RewardCoefficient, RoundingRule
from tests.factories import award_type, make_decision, recipient

pytestmark = pytest.mark.django_db
D = datetime.date


def amount(code, kind, date):
    return award_amount(award_type=award_type(code), recipient_kind=kind, date=date)


def test_a_2016_decision_is_priced_by_decree_42_2010_and_the_2016_base_salary():
    a = amount("LDTT", "individual", D(2016, 6, 1))
    assert (a.coefficient, a.base_salary, a.raw) == (Decimal("0.30"), 1_210_000, Decimal("363000"))
    assert a.rounded == 360_000  # nearest ten thousand
    assert "42/2010" in a.coefficient_rule.source and a.coefficient_rule.verification == "from_memory"
    assert not a.verified


def test_a_2018_decision_rounds_up_to_the_next_ten_thousand():
    a = amount("BK_TTCP", "individual", D(2018, 8, 1))  # 3,5 × 1.390.000 = 4.865.000
    assert (a.raw, a.rounded) == (Decimal("4865000"), 4_870_000)
    assert amount("LDTT", "individual", D(2018, 8, 1)).rounded == 420_000  # 417.000
    assert amount("CSTD_TINH", "individual", D(2018, 8, 1)).rounded == 4_170_000
    assert "91/2017" in a.coefficient_rule.source and a.rules == [
        a.coefficient_rule,
        a.base_salary_rule,
        a.rounding_rule,
    ]


def test_a_2024_decision_is_priced_by_decree_98_2023():
    assert amount("BK_TINH", "individual", D(2024, 3, 1)).rounded == 1_800_000
    assert amount("BK_TINH", "collective", D(2024, 3, 1)).rounded == 3_600_000
    assert amount("LDTT", "individual", D(2024, 8, 1)).rounded == 700_000  # 0,3 × 2.340.000 = 702.000


def test_a_2025_decision_is_priced_by_decree_152_2025_from_its_first_day():
    assert amount("BK_TINH", "individual", D(2025, 6, 30)).rounded == 2_340_000  # NĐ 98/2023: 1,0
    after = amount("BK_TINH", "individual", D(2025, 7, 1))
    assert (after.coefficient, after.rounded) == (Decimal("1.50"), 3_510_000)
    assert "152/2025" in after.coefficient_rule.source


def test_the_base_salary_changes_on_its_effective_date():
    assert amount("CSTD_CS", "individual", D(2018, 6, 30)).rounded == 1_300_000
    assert amount("CSTD_CS", "individual", D(2018, 7, 1)).rounded == 1_390_000
    assert amount("CSTD_CS", "individual", D(2017, 6, 30)).base_salary == 1_210_000
    assert amount("CSTD_CS", "individual", D(2017, 7, 1)).base_salary == 1_300_000


def test_an_award_type_without_a_coefficient_has_no_amount():
    assert amount("KNC_TINH", "individual", D(2024, 3, 1)) is None  # "không quá 0,6": a ceiling, not a rate
    assert amount("XA_TIEU_BIEU", "collective", D(2023, 6, 1)) is None  # before NĐ 98/2023
    assert amount("BK_TINH", "individual", D(2009, 1, 1)) is None  # before any coefficient and base salary


def test_families_are_priced_as_individuals_where_the_catalog_says_so():
    assert amount("BK_TINH", "family", D(2018, 3, 1)).rounded == amount("BK_TINH", "individual", D(2018, 3, 1)).rounded
    assert amount("GD_VH", "family", D(2018, 3, 1)) is None


def test_the_rounding_mode_comes_from_the_rule():
    assert round_amount(Decimal("413000"), step=10_000, mode="up") == 420_000
    assert round_amount(Decimal("413000"), step=10_000, mode="nearest") == 410_000
    assert round_amount(Decimal("415000"), step=10_000, mode="nearest") == 420_000
    assert round_amount(Decimal("420000"), step=10_000, mode="up") == 420_000
    RoundingRule.objects.filter(valid_from=D(2010, 6, 1)).update(mode="up")
    assert amount("LDTT", "individual", D(2016, 6, 1)).rounded == 370_000  # 363.000 up


def test_the_database_refuses_bad_money_rows():
    bk = award_type("BK_TINH")
    with pytest.raises(IntegrityError), transaction.atomic():
        RewardCoefficient.objects.create(
            award_type=bk, recipient_kind="individual", valid_from=D(2017, 10, 1), coefficient=2, source="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RewardCoefficient.objects.create(
            award_type=bk, recipient_kind="individual", valid_from=D(2030, 1, 1), coefficient=0, source="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundingRule.objects.create(valid_from=D(2030, 1, 1), step=10_000, mode="down", source="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        BaseSalary.objects.create(amount=1, effective_from=D(2018, 7, 1), source="x")


def test_reloading_the_catalog_adds_no_money_rows():
    counts = (BaseSalary.objects.count(), RewardCoefficient.objects.count(), RoundingRule.objects.count())
    assert counts[0] == 8 and counts[1] > 250 and counts[2] == 4
    assert BaseSalary.objects.get(effective_from=D(2026, 7, 1)).verification == "lead"
    call_command("load_catalog", stdout=io.StringIO())
    assert (BaseSalary.objects.count(), RewardCoefficient.objects.count(), RoundingRule.objects.count()) == counts


def test_a_decision_total_sums_its_recipients_and_counts_the_unpriced():
    decision = make_decision(
        date=D(2018, 3, 1),
        recipients=[
            recipient("BK_TINH"),
            recipient("BK_TINH", recipient_kind="collective", name="Sở Tư pháp"),
            recipient("KNC_TINH", name="Lý Thị Mai"),
        ],
    )
    money = decision_total(decision=decision)
    assert (money.total, money.unpriced) == (1_300_000 + 2_600_000, 1)
    by_name = {a.recipient_name: money.amount_of(a) for a in decision.awards.all()}
    assert by_name["Sở Tư pháp"].rounded == 2_600_000 and by_name["Lý Thị Mai"] is None


@pytest.mark.parametrize("day", [D(2016, 6, 1), D(2017, 9, 30), D(2017, 10, 1), D(2025, 6, 30), D(2025, 7, 1)])
def test_the_rules_of_one_day_price_that_day_as_all_the_rules_do_and_refuse_another_day(day):
    every, of_the_day = money_rules(), money_rules(on=day)
    assert len(sum(of_the_day.coefficients.values(), [])) < len(sum(every.coefficients.values(), []))
    for type_id in AwardType.objects.values_list("pk", flat=True):
        for kind in ("individual", "collective", "family"):
            expected = award_amount(award_type=type_id, recipient_kind=kind, date=day, rules=every)
            assert award_amount(award_type=type_id, recipient_kind=kind, date=day, rules=of_the_day) == expected
    with pytest.raises(ValueError):
        award_amount(
            award_type=award_type("BK_TINH"), recipient_kind="individual", date=D(2030, 1, 1), rules=of_the_day
        )


def _summary_decisions():
    make_decision(date=D(2018, 3, 1), recipients=[recipient("CSTD_TINH"), recipient("BK_TINH", name="B")])
    make_decision(date=D(2018, 8, 1), recipients=[recipient("CSTD_TINH", name="C"), recipient("KNC_TINH", name="D")])
    make_decision(date=D(2018, 8, 2), issued=False, recipients=[recipient("CSTD_TINH", name="Nháp")])
    make_decision(date=D(2019, 3, 1), recipients=[recipient("CSTD_TINH", name="Ngoài kỳ")])


def test_the_summary_prices_issued_decisions_of_the_period_and_lists_the_unpriced():
    _summary_decisions()
    summary = money_summary(start=D(2018, 1, 1), end=D(2018, 12, 31))
    rows = {(r.award_type_code, r.recipient_kind): r for r in summary.rows}
    assert set(rows) == {("BK_TINH", "individual"), ("CSTD_TINH", "individual")}
    cstd = rows[("CSTD_TINH", "individual")]
    assert (cstd.count, cstd.unit_amount, cstd.total) == (2, None, 3_900_000 + 4_170_000)  # the base salary changed
    assert (rows[("BK_TINH", "individual")].unit_amount, rows[("BK_TINH", "individual")].total) == (1_300_000,) * 2
    assert [(r.award_type_code, r.count) for r in summary.unpriced] == [("KNC_TINH", 1)]
    assert (summary.total, summary.count, summary.unpriced_count) == (9_370_000, 3, 1)


def test_the_summary_costs_the_same_queries_for_3_and_30_decisions():
    def queries():
        with CaptureQueriesContext(connection) as captured:
            money_summary(start=D(2018, 1, 1), end=D(2018, 12, 31))
        return len(captured)

    for day in range(1, 4):
        make_decision(date=D(2018, 3, day), recipients=[recipient("CSTD_TINH"), recipient("KNC_TINH", name="B")])
    few = queries()
    for day in range(1, 28):
        make_decision(date=D(2018, 9, day), recipients=[recipient("CSTD_TINH"), recipient("BK_TINH", name="B")])
    assert queries() == few


def test_the_demo_decisions_carry_amounts(demo):
    from awards.models import Decision

    flags = Decision.objects.get(number=35, symbol="QĐ-UBND", date__year=2018)  # 29 Cờ thi đua, 8 × 1.300.000
    assert decision_total(decision=flags).total == 29 * 10_400_000
    summary = money_summary(start=D(2017, 12, 20), end=D(2018, 6, 20))
    assert summary.total > 0 and "KNC_TU_DAY" in {r.award_type_code for r in summary.unpriced}


def test_an_amount_is_unsourced_only_when_a_rule_rests_on_memory_or_a_lead():
    partly = amount("BK_TINH", "individual", D(2018, 4, 11))  # base salary and rounding partly verified
    assert not partly.verified and not partly.unsourced
    family = amount("BK_TINH", "family", D(2018, 4, 11))  # "gia đình tính như cá nhân": from memory
    assert family.coefficient_rule.verification == "from_memory" and family.unsourced
    assert amount("BK_TINH", "individual", D(2026, 8, 1)).unsourced  # the 2026 base salary is a lead
