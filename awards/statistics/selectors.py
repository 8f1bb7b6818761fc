"""Reads of awards' statistics classes: which awards of issued decisions still lack a class where one applies
("chưa phân loại"), listed for staff to complete and counted for the annual forms. Nothing is guessed."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from awards.decisions.selectors import issued_awards
from awards.models import Award, AwardType, Decision, RecipientKind


class Gap:
    """The kinds of missing class, as the unclassified page filters them."""

    INDIVIDUAL_CLASS = "individual_class"
    ENTERPRISE = "is_enterprise"
    PROPOSING_BODY = "proposing_body"
    ALL = (INDIVIDUAL_CLASS, ENTERPRISE, PROPOSING_BODY)


# Each gap as a condition on Award, the classification joined LEFT (an award without a classification row lacks
# every class). Coalesce keeps the join a LEFT one, so an award with no row at all is found.
GAP_CONDITIONS: dict[str, Q] = {
    Gap.INDIVIDUAL_CLASS: Q(recipient_kind=RecipientKind.INDIVIDUAL, gap_individual_class=""),
    Gap.ENTERPRISE: Q(recipient_kind=RecipientKind.COLLECTIVE, classification__is_enterprise__isnull=True),
    Gap.PROPOSING_BODY: Q(award_type__level=AwardType.Level.STATE, gap_proposing_body=""),
}


# The levels the annual forms classify (biểu 0602/0702: State awards; 0603/0703: the ministries' and provinces'):
# a district's or a commune's Giấy khen is counted by no form, so no class is asked of it.
CLASSIFIED_LEVELS = (AwardType.Level.STATE, AwardType.Level.PROVINCIAL)


def _issued_awards(*, start: datetime.date, end: datetime.date) -> QuerySet[Award]:
    """The awards of decisions issued and dated within [start, end] of a level the forms classify, the
    classification's text classes as aliases (empty when there is no classification row)."""
    issued = issued_awards(start=start, end=end).filter(award_type__level__in=CLASSIFIED_LEVELS)
    return issued.alias(
        gap_individual_class=Coalesce("classification__individual_class", Value("")),
        gap_proposing_body=Coalesce("classification__proposing_body", Value("")),
    )


@dataclass(frozen=True)
class UnclassifiedCounts:
    """Awards of a period lacking a class where one applies, per kind of gap. An award may lack two (a State
    award to an individual): `awards` counts it once."""

    individual_class: int
    enterprise: int
    proposing_body: int
    awards: int

    @property
    def any(self) -> bool:
        return self.awards > 0


def unclassified_award_counts(*, start: datetime.date, end: datetime.date) -> UnclassifiedCounts:
    """The 'chưa phân loại' counts of the awards of decisions issued within [start, end]: one query."""
    any_gap = GAP_CONDITIONS[Gap.INDIVIDUAL_CLASS] | GAP_CONDITIONS[Gap.ENTERPRISE]
    any_gap |= GAP_CONDITIONS[Gap.PROPOSING_BODY]
    counts = _issued_awards(start=start, end=end).aggregate(
        individual_class=Count("pk", filter=GAP_CONDITIONS[Gap.INDIVIDUAL_CLASS]),
        enterprise=Count("pk", filter=GAP_CONDITIONS[Gap.ENTERPRISE]),
        proposing_body=Count("pk", filter=GAP_CONDITIONS[Gap.PROPOSING_BODY]),
        awards=Count("pk", filter=any_gap),
    )
    return UnclassifiedCounts(**counts)


def unclassified_awards(
    *,
    start: datetime.date,
    end: datetime.date,
    gap: str = "",
    decision_id: int | None = None,
    award_type_id: int | None = None,
) -> QuerySet[Award]:
    """The awards of decisions issued within [start, end] lacking the class `gap` (any class when empty), by
    decision date and line, with what a row of the list shows joined (no query per row)."""
    condition = GAP_CONDITIONS[gap] if gap else Q()
    if not gap:
        for name in Gap.ALL:
            condition |= GAP_CONDITIONS[name]
    awards = _issued_awards(start=start, end=end).filter(condition)
    if decision_id is not None:
        awards = awards.filter(decision_id=decision_id)
    if award_type_id is not None:
        awards = awards.filter(award_type_id=award_type_id)
    return awards.select_related("decision", "award_type", "commendation_kind", "classification").order_by(
        "-decision__date", "decision_id", "line_no"
    )


def unclassified_decisions(*, start: datetime.date, end: datetime.date) -> list[tuple[int, str]]:
    """(id, label) of the issued decisions of the period that hold an unclassified award, for the page's filter."""
    condition = Q()
    for name in Gap.ALL:
        condition |= GAP_CONDITIONS[name]
    ids = _issued_awards(start=start, end=end).filter(condition).values("decision_id").distinct()
    decisions = Decision.objects.filter(pk__in=ids).order_by("-date", "-pk")
    return [(d.pk, f"{d.number_and_symbol} ({d.date:%d/%m/%Y})") for d in decisions]
