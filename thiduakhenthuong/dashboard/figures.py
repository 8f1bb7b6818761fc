"""The dashboard's figures for staff and leaders: a period against the same period a year before (awards by level
and by award type, the grassroots share, campaigns by scope) and the dossiers in each open stage with how long
they have waited there. Plain dataclasses; a constant number of queries whatever the data (one per block).

Awards count as in Phụ lục 2 (DESIGN.md "Counting"): those of issued decisions dated within the period, both ends
included."""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award, AwardType, Decision, Dossier
from awards.scopes import dossiers_visible_to
from campaigns.models import Campaign
from campaigns.selectors import campaigns_visible_to
from kernel.types import Viewer
from thiduakhenthuong.dashboard.period import Period

S = Dossier.Status
# The stages a dossier waits in, in the order it moves through them (drafts are the unit's own; decided is the end).
OPEN_STAGES = [S.SUBMITTED, S.RECEIVED, S.VETTED, S.AT_MEETING, S.REVIEWED, S.FORWARDED, S.RETURNED]


@dataclass(frozen=True)
class Compared:
    """One row of a comparison: its key in the list behind it (an award type's id, a level, a scope), its label,
    its figure in the period and in the same period a year before."""

    key: str
    label: str
    current: int
    previous: int


@dataclass(frozen=True)
class AwardFigures:
    by_level: list[Compared]  # every level of the catalog, highest first
    by_type: list[Compared]  # the award types given in either period, most given this period first
    total: Compared
    grassroots: Compared  # awards to grassroots recipients (units, direct workers, families)


@dataclass(frozen=True)
class StageWait:
    status: str
    label: str
    count: int
    median_days: float | None  # days in this stage so far, of the dossiers in it
    longest_days: int | None


def campaign_scopes() -> tuple[str, list[tuple[str, str]]]:
    """The field the dashboard groups campaigns by, and its values with their labels, in order: `Campaign.scope`
    (Luật TĐKT 2022 Đ16 k2; biểu 0601 rows 02–05), then the campaigns not classified yet (an empty scope), which the
    statistics count as such. The one place to change should campaigns be grouped otherwise (it was `level` before
    the scope existed)."""
    return "scope", [*((value, str(label)) for value, label in Campaign.Scope.choices), ("", _("Not classified"))]


def award_figures(*, current: Period, previous: Period) -> AwardFigures:
    """Two queries: the awards grouped by type and grassroots flag for both periods (one GROUP BY each, joined by
    UNION ALL, so that PostgreSQL reaches each period's awards through its decisions; one range over both years
    made it scan every award), and the catalog's types."""

    def grouped(period: Period, which: int) -> QuerySet:
        issued = Q(decision__status=Decision.Status.ISSUED, decision__date__range=(period.start, period.end))
        return (
            Award.objects.filter(issued)
            .order_by()
            .values("award_type_id", "is_grassroots")
            .annotate(which=Value(which), n=Count("*"))
            .values_list("which", "award_type_id", "is_grassroots", "n")
        )

    counts: dict[tuple[int, int, bool], int] = {}
    for which, type_id, grassroots, n in grouped(current, 0).union(grouped(previous, 1), all=True):
        counts[(which, type_id, grassroots)] = n
    types = AwardType.objects.order_by("display_order", "name").values_list("pk", "name", "level")
    levels = {value: [0, 0] for value in AwardType.Level.values}
    by_type, total, grassroots = [], [0, 0], [0, 0]
    for pk, name, level in types:
        given = [counts.get((which, pk, False), 0) + counts.get((which, pk, True), 0) for which in (0, 1)]
        for which in (0, 1):
            levels[level][which] += given[which]
            total[which] += given[which]
            grassroots[which] += counts.get((which, pk, True), 0)
        if any(given):
            by_type.append(Compared(str(pk), name, *given))
    by_type.sort(key=lambda row: (-row.current, -row.previous))  # stable: catalog order among equals
    return AwardFigures(
        by_level=[Compared(value, str(label), *levels[value]) for value, label in AwardType.Level.choices],
        by_type=by_type,
        total=Compared("", "", *total),
        grassroots=Compared("", "", *grassroots),
    )


def campaign_figures(*, user: Viewer, current: Period, previous: Period) -> list[Compared]:
    """Campaigns under way at some time in each period (started by its end, not ended before its start), by scope;
    one query."""
    field, choices = campaign_scopes()

    def running(period: Period) -> Q:
        return Q(start_date__lte=period.end) & (Q(end_date__isnull=True) | Q(end_date__gte=period.start))

    rows = (
        campaigns_visible_to(user=user)
        .order_by()
        .values(field)
        .annotate(now=Count("pk", filter=running(current)), before=Count("pk", filter=running(previous)))
    )
    counts = {row[field]: (row["now"], row["before"]) for row in rows}
    return [Compared(value, label, *counts.get(value, (0, 0))) for value, label in choices]


def dossier_stages(*, user: Viewer, today: datetime.date) -> list[StageWait]:
    """The dossiers in `user`'s scope in each open stage, with the median and the longest days since they entered it
    (counted from their last change of state, else their submission). One query over the open dossiers only, the
    work in hand (decided ones are left out), whose days are reckoned here so that SQLite serves it too."""
    since = Coalesce("status_changed_at", "submitted_at", "created_at")
    rows = dossiers_visible_to(user=user).filter(status__in=OPEN_STAGES).order_by().values_list("status", since)
    waited: dict[str, list[int]] = {stage: [] for stage in OPEN_STAGES}
    for status, moment in rows:
        waited[status].append(max(0, (today - timezone.localtime(moment).date()).days))
    labels = dict(S.choices)
    return [
        StageWait(
            stage,
            str(labels[stage]),
            len(days),
            statistics.median(days) if days else None,
            max(days) if days else None,
        )
        for stage, days in waited.items()
    ]
