"""Reads for reports. Everything returned is plain data (dataclasses): renderers never see a queryset.

Phụ lục 2 counts the awards of issued decisions dated within the period (both ends included), by the
lines of a stored layout, in a fixed number of queries whatever the number of awards."""

import datetime
from dataclasses import dataclass, field
from typing import TypedDict

from django.db import connection
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from awards.decisions.selectors import issued_awards
from awards.models import AwardType, CommendationKind, Decision, RecipientKind
from kernel.lib.formatting import vn_date, vn_int, vn_percent
from kernel.types import Viewer
from reports.layouts import (
    BY_PERIOD,
    LayoutByPeriod,
    LayoutError,
    LayoutLine,
    LineClaims,
    depths,
    layout_lines,
    line_tree,
    no_layout_message,
)
from reports.models import Report, ReportLayout

# Column order of the seed's table: Số lượng (tập thể, cá nhân, gia đình), then the same three
# "trong đó đối tượng ở cơ sở, lao động trực tiếp".
KIND_COLUMN: dict[str, int] = {RecipientKind.COLLECTIVE: 0, RecipientKind.INDIVIDUAL: 1, RecipientKind.FAMILY: 2}
COLUMN_COUNT = 6
GRAND_TOTAL_DEPTH = 9

Counts = tuple[int, int, int, int, int, int]
ZERO: Counts = (0, 0, 0, 0, 0, 0)


def _add(a: Counts, b: Counts) -> Counts:
    return tuple(x + y for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


@dataclass(frozen=True)
class Appendix2Row:
    number: str
    depth: int
    label: str
    counts: Counts

    @property
    def all_kinds(self) -> int:
        """Tập thể + cá nhân + gia đình, the seed's last line."""
        return sum(self.counts[:3])

    @property
    def grassroots_all_kinds(self) -> int:
        return sum(self.counts[3:])


@dataclass(frozen=True)
class AwardGroup:
    """Awards sharing an award type, a kind of commendation, a recipient kind and the grassroots flag."""

    award_type: str
    commendation_kind: str
    recipient_kind: str
    is_grassroots: bool
    count: int


@dataclass(frozen=True)
class Appendix2:
    start: datetime.date
    end: datetime.date
    layout_name: str
    rows: list[Appendix2Row]
    total: Appendix2Row
    # Awards in the period that no line of the layout counts (left out of every total), and awards that
    # several lines would count (counted once, on the first): either way the layout needs fixing.
    uncounted: list[AwardGroup] = field(default_factory=list)
    counted_twice: list[AwardGroup] = field(default_factory=list)
    stored_warnings: tuple[str, ...] = ()  # the warnings of a table read back from an issued report

    @property
    def warnings(self) -> list[str]:
        """What a reader of any export must know, in Vietnamese, one line per problem."""
        lines = [
            _("%(count)s award(s) of “%(award)s” (%(kind)s) are counted by no line of the layout.")
            % {"count": vn_int(g.count), "award": g.award_type, "kind": g.commendation_kind}
            for g in self.uncounted
        ]
        lines += [
            _("%(count)s award(s) of “%(award)s” (%(kind)s) match several lines; counted once, in the first.")
            % {"count": vn_int(g.count), "award": g.award_type, "kind": g.commendation_kind}
            for g in self.counted_twice
        ]
        return [*self.stored_warnings, *lines]

    @property
    def period_label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def title(self) -> str:
        return f"Phụ lục 2: Kết quả khen thưởng {self.period_label}"

    @property
    def period_note(self) -> str:
        return f"* Số liệu tính từ {vn_date(self.start)} đến hết {vn_date(self.end)}./."

    def as_json(self) -> dict:
        rows = [*self.rows, self.total]
        data = {
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "rows": [{"no": r.number, "depth": r.depth, "label": r.label, "counts": list(r.counts)} for r in rows],
        }
        if self.warnings:  # only when the layout misses or double-claims awards, so the usual shape is unchanged
            data["warnings"] = self.warnings
        return data


def period_label(start: datetime.date, end: datetime.date) -> str:
    """How the province names its reporting periods. Its books close around the 20th of June and December
    (the seed counts 20/12/2017–20/6/2018 as "6 tháng đầu năm 2018"); calendar halves are named the same."""
    opens_year = (start.year == end.year - 1 and start.month == 12 and start.day >= 15) or (
        start.year == end.year and (start.month, start.day) == (1, 1)
    )
    opens_second_half = start.year == end.year and (
        (start.month == 6 and start.day >= 15) or (start.month, start.day) == (7, 1)
    )
    if opens_year and end.month == 6 and end.day >= 15:
        return f"6 tháng đầu năm {end.year}"
    if opens_second_half and end.month == 12 and end.day >= 15:
        return f"6 tháng cuối năm {end.year}"
    if opens_year and end.month == 12 and end.day >= 15:
        return f"năm {end.year}"
    return f"từ ngày {vn_date(start)} đến ngày {vn_date(end)}"


def appendix1_title(start: datetime.date, end: datetime.date) -> str:
    """The heading of Phụ lục 1 printed on its own (a report names it in its own words)."""
    label = period_label(start, end)
    return f"Phụ lục 1: Các văn bản đã ban hành {label if label.startswith('từ') else f'trong {label}'}"


def appendix1_note(start: datetime.date, end: datetime.date) -> str:
    return f"* Văn bản ban hành từ {vn_date(start)} đến hết {vn_date(end)}; không gồm văn bản đến./."


def appendix2_default_period(*, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The province's first-half reporting period (20/12 of the year before to 20/6) of the latest year
    with an issued decision, or of this year."""
    latest = (
        Decision.objects.filter(status=Decision.Status.ISSUED).order_by("-date").values_list("date", flat=True).first()
    )
    year = (latest or today).year
    if latest and latest.month == 12 and latest.day > 20:
        year += 1
    return datetime.date(year - 1, 12, 20), datetime.date(year, 6, 20)


def appendix2_layout_default() -> LayoutByPeriod:
    """The Phụ lục 2 layout of a report nobody chose one for: the one its period's dates choose, resolved when the
    report is saved (reports.layouts.layout_resolve)."""
    return BY_PERIOD


class AwardGroupRow(TypedDict):
    """One row of _award_groups: how many awards share an award type, kind, recipient kind and grassroots flag."""

    award_type_id: int
    commendation_kind_id: int
    recipient_kind: str
    is_grassroots: bool
    count: int
    award_type_name: str
    commendation_kind_name: str


def _award_groups(start: datetime.date, end: datetime.date) -> list[AwardGroupRow]:
    """One GROUP BY over the ids of the period's issued awards, then the catalog names joined to its few
    groups: grouping by the names' text instead made the query twice its floor at a million awards."""
    groups = (
        issued_awards(start=start, end=end)
        .values("award_type_id", "commendation_kind_id", "recipient_kind", "is_grassroots")
        .annotate(count=Count("id"))
        .order_by()
    )
    inner, params = groups.query.sql_with_params()
    sql = (
        "SELECT g.award_type_id, g.commendation_kind_id, g.recipient_kind, g.is_grassroots, g.count, t.name, k.name"
        f" FROM ({inner}) g JOIN {AwardType._meta.db_table} t ON t.id = g.award_type_id"
        f" JOIN {CommendationKind._meta.db_table} k ON k.id = g.commendation_kind_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            AwardGroupRow(
                award_type_id=type_id,
                commendation_kind_id=kind_id,
                recipient_kind=recipient_kind,
                is_grassroots=bool(grassroots),  # SQLite answers 0 or 1
                count=count,
                award_type_name=type_name,
                commendation_kind_name=kind_name,
            )
            for type_id, kind_id, recipient_kind, grassroots, count, type_name, kind_name in cursor.fetchall()
        ]


def _group_counts(group: AwardGroupRow) -> Counts:
    counts = [0] * COLUMN_COUNT
    column = KIND_COLUMN[group["recipient_kind"]]
    counts[column] = group["count"]
    if group["is_grassroots"]:
        counts[3 + column] = group["count"]
    return tuple(counts)  # type: ignore[return-value]


def _as_award_group(group: AwardGroupRow) -> AwardGroup:
    return AwardGroup(
        award_type=group["award_type_name"],
        commendation_kind=group["commendation_kind_name"],
        recipient_kind=group["recipient_kind"],
        is_grassroots=group["is_grassroots"],
        count=group["count"],
    )


def _count_lines(
    lines: list[LayoutLine], claims: LineClaims, groups: list[AwardGroupRow]
) -> tuple[dict[int, Counts], list[AwardGroupRow], list[AwardGroupRow]]:
    """Counts of every line of a tree of layout lines: leaves count the award groups they claim (a group
    claimed by several leaves counts once, on the first), parents sum their children."""
    by_id, children = line_tree(lines)

    def award_types_of(line: LayoutLine) -> set[int]:
        own = claims.award_types.get(line.id, set())
        if own or line.parent_id not in by_id:
            return own
        return award_types_of(by_id[line.parent_id])

    leaves = [
        (line.id, award_types_of(line), claims.commendation_kinds.get(line.id, set()))
        for line in lines
        if not children[line.id]
    ]
    counts: dict[int, Counts] = {line.id: ZERO for line in lines}
    uncounted, counted_twice = [], []
    for group in groups:
        matches = [
            line_id
            for line_id, types, kinds in leaves
            if group["award_type_id"] in types and (not kinds or group["commendation_kind_id"] in kinds)
        ]
        if not matches:
            uncounted.append(group)
            continue
        if len(matches) > 1:
            # Counted once, on the first line that claims it, so that totals still equal the awards given.
            counted_twice.append(group)
        counts[matches[0]] = _add(counts[matches[0]], _group_counts(group))

    def total_of(line: LayoutLine) -> Counts:
        if children[line.id]:
            counts[line.id] = ZERO
            for child in children[line.id]:
                counts[line.id] = _add(counts[line.id], total_of(child))
        return counts[line.id]

    for root in [line for line in lines if line.parent_id not in by_id]:
        total_of(root)
    return counts, uncounted, counted_twice


def appendix2_compute(*, start: datetime.date, end: datetime.date, layout: ReportLayout | None = None) -> Appendix2:
    """Phụ lục 2 of a period, by the layout given or, when none is, by the layout its last day chooses."""
    layout_name, lines, claims = layout_lines(kind=ReportLayout.Kind.APPENDIX2, layout=layout, end=end)
    if layout_name is None:
        raise LayoutError(no_layout_message(kind=ReportLayout.Kind.APPENDIX2, end=end))
    line_depths = depths(lines)
    counts, uncounted, counted_twice = _count_lines(lines, claims, _award_groups(start, end))
    grand_total = ZERO
    for line in lines:
        if line.parent_id is None:
            grand_total = _add(grand_total, counts[line.id])
    return Appendix2(
        start=start,
        end=end,
        layout_name=layout_name,
        rows=[Appendix2Row(line.number, line_depths[line.id], line.label, counts[line.id]) for line in lines],
        total=Appendix2Row("", GRAND_TOTAL_DEPTH, "TỔNG CỘNG", grand_total),
        uncounted=[_as_award_group(group) for group in uncounted],
        counted_twice=[_as_award_group(group) for group in counted_twice],
    )


def appendix2_from_json(data: dict, *, layout_name: str = "") -> Appendix2:
    """The table as stored in an issued report's snapshot (Appendix2.as_json), for rendering it again."""
    rows = [Appendix2Row(r["no"], r["depth"], r["label"], tuple(r["counts"])) for r in data["rows"]]
    return Appendix2(
        start=datetime.date.fromisoformat(data["period"]["from"]),
        end=datetime.date.fromisoformat(data["period"]["to"]),
        layout_name=layout_name,
        rows=rows[:-1],
        total=rows[-1],
        stored_warnings=tuple(data.get("warnings", ())),
    )


# Award figures written in a report's text ("Chủ tịch nước đã quyết định tặng thưởng cho 29 cá nhân, gia
# đình gồm: …"). Each top line of the layout is counted on its own, so a share line may count awards that
# the sentences above it count too.

KIND_WORDS = ("tập thể", "cá nhân", "gia đình")


def vn_count(value: int) -> str:
    """Counts in a report's sentences: a leading zero below 10, as the seed prints them ("02 cá nhân")."""
    return f"{value:02d}" if 0 <= value < 10 else vn_int(value)


@dataclass(frozen=True)
class SummaryFigure:
    """One [[code]] of the text: a sentence (lead) and, for a line with breakdown lines, its list."""

    code: str
    lead: str
    items: tuple[str, ...] = ()
    note: str = ""

    def as_json(self) -> dict:
        return {"code": self.code, "lead": self.lead, "items": list(self.items), "note": self.note}

    @classmethod
    def from_json(cls, data: dict) -> "SummaryFigure":
        return cls(code=data["code"], lead=data["lead"], items=tuple(data["items"]), note=data["note"])


def _wording(template: str, label: str, counts: Counts) -> str:
    present = [(counts[i], KIND_WORDS[i]) for i in range(3) if counts[i]]
    values = {
        "label": label,
        "total": vn_count(sum(counts[:3])),
        "kinds": ", ".join(word for _, word in present),
        "breakdown": ", ".join(f"{vn_count(n)} {word}" for n, word in present) or "0",
        "collective_share": vn_percent(counts[3], counts[0]) or "0%",
        "individual_share": vn_percent(counts[4], counts[1]) or "0%",
        "family_share": vn_percent(counts[5], counts[2]) or "0%",
    }
    return (template or "{label}: {breakdown}").format_map(values)


def _figure(line: LayoutLine, children: list[LayoutLine], counts: dict[int, Counts]) -> SummaryFigure:
    if not any(counts[line.id][:3]):
        # Nothing to count: say so plainly rather than print "cho 00  gồm:".
        return SummaryFigure(code=line.code, lead=f"{line.label}: không có.", note=line.note)
    items = [_wording(child.template, child.label, counts[child.id]) for child in children if any(counts[child.id])]
    items = [item + (";" if i < len(items) - 1 else ".") for i, item in enumerate(items)]
    lead = _wording(line.template, line.label, counts[line.id])
    return SummaryFigure(code=line.code, lead=lead, items=tuple(items), note=line.note)


def award_summary_layout_default() -> LayoutByPeriod:
    """The award sentences of a report nobody chose them for: those its period's dates choose."""
    return BY_PERIOD


def award_summary_compute(
    *, start: datetime.date, end: datetime.date, layout: ReportLayout | None = None
) -> dict[str, SummaryFigure]:
    """The figures of every coded line of the layout, keyed by code, in a fixed number of queries."""
    layout_name, lines, claims = layout_lines(kind=ReportLayout.Kind.AWARD_SUMMARY, layout=layout, end=end)
    if layout_name is None:
        return {}
    depths(lines)  # refuses a broken tree
    groups = _award_groups(start, end)
    _, children = line_tree(lines)

    # Each top line and its lines are counted on their own, so a share line may count what sentences above
    # it count too; within a tree, lines inherit their parent's award types as in Phụ lục 2.
    counts: dict[int, Counts] = {}
    for root in [line for line in lines if line.parent_id is None]:
        subtree, pending = [], [root]
        while pending:
            current = pending.pop()
            subtree.append(current)
            pending.extend(children[current.id])
        subtree.sort(key=lambda row: row.position)
        counts.update(_count_lines(subtree, claims, groups)[0])
    return {line.code: _figure(line, children[line.id], counts) for line in lines if line.code}


def reports_visible_to(*, user: Viewer) -> QuerySet[Report]:
    """The one scope helper for reports: the province's reports are visible to provincial users who may view
    reports (secretariat, leaders); a unit account sees none, whatever it was granted."""
    from clusters.selectors import unit_of

    if not (user.is_authenticated and user.has_perm("reports.view_report")) or unit_of(user) is not None:
        return Report.objects.none()
    return Report.objects.all()


def report_list(*, user: Viewer) -> QuerySet[Report]:
    reports = reports_visible_to(user=user).select_related("issued_by", "corrects")
    # Stored PDFs and figures stay in the database: a list never needs them.
    return reports.defer("pdf", "snapshot", "corrects__pdf", "corrects__snapshot").order_by("-date", "-number")
