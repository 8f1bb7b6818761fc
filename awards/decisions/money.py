"""Reward money (tiền thưởng): what an award is worth, computed, never stored.

amount = coefficient of the award type for the recipient kind (valid on the decision's date)
         × the base salary (mức lương cơ sở) in force on that date, rounded by the rule valid on that date
         (NĐ 91/2017 Đ68 k2, NĐ 98/2023: "làm tròn số lên hàng chục nghìn đồng").

Every function reads the rules once (`money_rules`, three queries) and computes in memory, so pages and
reports cost a constant number of queries however many awards they price."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from awards.decisions.selectors import issued_awards
from awards.models import (
    Award,
    AwardType,
    BaseSalary,
    Decision,
    RecipientKind,
    RewardCoefficient,
    RoundingRule,
    Verification,
)

UNSOURCED = (Verification.FROM_MEMORY, Verification.LEAD)
KIND_ORDER = {kind: position for position, kind in enumerate(RecipientKind.values)}


@dataclass(frozen=True)
class MoneyRules:
    """All the money data, newest first in each list, read in three queries; or only the rules in force on the
    day `on` (money_rules(on=…)), which price nothing of another day."""

    coefficients: dict[tuple[int, str], list[RewardCoefficient]]
    salaries: list[BaseSalary]
    roundings: list[RoundingRule]
    on: datetime.date | None = None

    def coefficient_on(self, award_type_id: int, recipient_kind: str, date: datetime.date) -> RewardCoefficient | None:
        for row in self.coefficients.get((award_type_id, recipient_kind), ()):
            if row.valid_from <= date and (row.valid_to is None or row.valid_to >= date):
                return row
        return None

    def salary_on(self, date: datetime.date) -> BaseSalary | None:
        return next((row for row in self.salaries if row.effective_from <= date), None)

    def rounding_on(self, date: datetime.date) -> RoundingRule | None:
        return next(
            (r for r in self.roundings if r.valid_from <= date and (r.valid_to is None or r.valid_to >= date)), None
        )


def money_rules(*, on: datetime.date | None = None) -> MoneyRules:
    """The money rules; `on`: only those in force that day, for pricing one decision (a quarter of the
    coefficients: the decision page read 301 of them for one date)."""
    coefficients_read = RewardCoefficient.objects.order_by("-valid_from")
    salaries = BaseSalary.objects.order_by("-effective_from")
    roundings = RoundingRule.objects.order_by("-valid_from")
    if on is not None:
        in_force = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        coefficients_read, roundings = coefficients_read.filter(in_force), roundings.filter(in_force)
        salaries = salaries.filter(effective_from__lte=on)[:1]
    coefficients = defaultdict(list)
    for row in coefficients_read:
        coefficients[(row.award_type_id, row.recipient_kind)].append(row)
    return MoneyRules(coefficients=dict(coefficients), salaries=list(salaries), roundings=list(roundings), on=on)


def round_amount(raw: Decimal, *, step: int, mode: str) -> int:
    steps = raw / step
    rounding = ROUND_CEILING if mode == RoundingRule.Mode.UP else ROUND_HALF_UP
    return int(steps.quantize(Decimal(1), rounding=rounding)) * step


@dataclass(frozen=True)
class Amount:
    """What one recipient receives, with the rules it was computed from."""

    coefficient: Decimal
    base_salary: int
    raw: Decimal
    rounded: int
    coefficient_rule: RewardCoefficient
    base_salary_rule: BaseSalary
    rounding_rule: RoundingRule | None

    @property
    def rules(self) -> list:
        return [r for r in (self.coefficient_rule, self.base_salary_rule, self.rounding_rule) if r is not None]

    @property
    def verified(self) -> bool:
        """False when a coefficient, salary or rounding rule is not verified in the research notes."""
        return all(r.verification == Verification.VERIFIED for r in self.rules)

    @property
    def unsourced(self) -> bool:
        """True when a coefficient, salary or rounding rule used rests on memory or a lead only (the research
        notes' FROM MEMORY / LEAD): a figure never to print as if it were the decree's. Partly verified rules
        do not count here; `verified` is the stricter test."""
        return any(r.verification in UNSOURCED for r in self.rules)


def _compute(rules: MoneyRules, award_type_id: int, recipient_kind: str, date: datetime.date) -> Amount | None:
    if rules.on is not None and rules.on != date:
        raise ValueError(f"money rules of {rules.on} cannot price an award of {date}")
    coefficient = rules.coefficient_on(award_type_id, recipient_kind, date)
    salary = rules.salary_on(date)
    if coefficient is None or salary is None:
        return None
    raw = coefficient.coefficient * salary.amount
    rounding = rules.rounding_on(date)
    rounded = round_amount(raw, step=rounding.step, mode=rounding.mode) if rounding else int(raw)
    return Amount(
        coefficient=coefficient.coefficient,
        base_salary=salary.amount,
        raw=raw,
        rounded=rounded,
        coefficient_rule=coefficient,
        base_salary_rule=salary,
        rounding_rule=rounding,
    )


def award_amount(
    *, award_type: AwardType | int, recipient_kind: str, date: datetime.date, rules: MoneyRules | None = None
) -> Amount | None:
    """What one recipient of `award_type` receives for a decision dated `date`; None when no coefficient (or no
    base salary) applies on that date. Pass `rules` to price many awards without reading the rules again."""
    award_type_id = award_type.pk if isinstance(award_type, AwardType) else award_type
    return _compute(rules or money_rules(), award_type_id, recipient_kind, date)


@dataclass(frozen=True)
class DecisionMoney:
    amounts: dict[int, Amount | None]  # by award id
    total: int
    unpriced: int  # awards no coefficient applies to

    def amount_of(self, award: Award) -> Amount | None:
        return self.amounts.get(award.pk)

    @property
    def unverified(self) -> bool:
        """Some amount rests on a rule not verified yet (pages mark it "*" and say so under the table)."""
        return any(amount is not None and not amount.verified for amount in self.amounts.values())


def decision_total(
    *, decision: Decision, awards: Iterable[Award] | None = None, rules: MoneyRules | None = None
) -> DecisionMoney:
    """Each award of the decision priced on the decision's date, and their sum. `awards`: the decision's
    awards when the caller has already read them (saves a query)."""
    rules = rules or money_rules()
    if awards is None:
        awards = decision.awards.only("pk", "award_type_id", "recipient_kind")
    amounts = {a.pk: _compute(rules, a.award_type_id, a.recipient_kind, decision.date) for a in awards}
    priced = [amount.rounded for amount in amounts.values() if amount is not None]
    return DecisionMoney(amounts=amounts, total=sum(priced), unpriced=len(amounts) - len(priced))


@dataclass(frozen=True)
class MoneyTotals:
    """A decision's reward money as a whole, counted in SQL: a page of its rows prices only the rows it shows."""

    total: int
    unpriced: int  # awards no coefficient applies to
    unverified: bool  # some amount rests on a rule not verified yet


def decision_money_totals(
    *, decision: Decision, groups: Iterable[tuple[int, str, int]], rules: MoneyRules | None = None
) -> MoneyTotals:
    """The sum decision_total gives, from the decision's rows counted by award type and recipient kind
    (selectors.decision_award_groups: one query, a few groups), not from every row."""
    rules = rules or money_rules()
    total = unpriced = 0
    unverified = False
    for award_type_id, recipient_kind, n in groups:
        amount = _compute(rules, award_type_id, recipient_kind, decision.date)
        if amount is None:
            unpriced += n
        else:
            total += n * amount.rounded
            unverified = unverified or not amount.verified
    return MoneyTotals(total=total, unpriced=unpriced, unverified=unverified)


@dataclass(frozen=True)
class MoneyRow:
    award_type: str
    award_type_code: str
    recipient_kind: str
    count: int
    unit_amount: int | None  # None when the amount changed within the period (or none applies)
    total: int
    verified: bool = True  # False when an amount of the row rests on a rule not verified yet

    @property
    def recipient_kind_label(self) -> str:
        return str(RecipientKind(self.recipient_kind).label)


@dataclass(frozen=True)
class MoneySummary:
    start: datetime.date
    end: datetime.date
    rows: list[MoneyRow] = field(default_factory=list)
    unpriced: list[MoneyRow] = field(default_factory=list)  # awards no coefficient applies to (total 0)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    @property
    def count(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def unpriced_count(self) -> int:
        return sum(row.count for row in self.unpriced)

    @property
    def unverified(self) -> bool:
        return any(not row.verified for row in self.rows)


def money_summary(*, start: datetime.date, end: datetime.date) -> MoneySummary:
    """The reward money of the awards of issued decisions dated within the period (both ends included), per
    award type and recipient kind. Four queries whatever the number of decisions."""
    rules = money_rules()
    groups = (
        issued_awards(start=start, end=end)
        .values(
            "decision__date",
            "award_type_id",
            "award_type__name",
            "award_type__code",
            "award_type__display_order",
            "recipient_kind",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    priced: dict[tuple, dict] = {}
    unpriced: dict[tuple, int] = defaultdict(int)
    for group in groups:
        key = (
            group["award_type__display_order"],
            group["award_type__name"],
            group["award_type__code"],
            KIND_ORDER[group["recipient_kind"]],
            group["recipient_kind"],
        )
        amount = _compute(rules, group["award_type_id"], group["recipient_kind"], group["decision__date"])
        if amount is None:
            unpriced[key] += group["n"]
            continue
        bucket = priced.setdefault(key, {"count": 0, "total": 0, "units": set(), "verified": True})
        bucket["count"] += group["n"]
        bucket["total"] += group["n"] * amount.rounded
        bucket["units"].add(amount.rounded)
        bucket["verified"] = bucket["verified"] and amount.verified

    def row(key: tuple, count: int, total: int, units: set[int], verified: bool = True) -> MoneyRow:
        _, name, code, _, kind = key
        return MoneyRow(name, code, kind, count, next(iter(units)) if len(units) == 1 else None, total, verified)

    return MoneySummary(
        start=start,
        end=end,
        rows=[row(k, b["count"], b["total"], b["units"], b["verified"]) for k, b in sorted(priced.items())],
        unpriced=[row(k, n, 0, set()) for k, n in sorted(unpriced.items())],
    )
