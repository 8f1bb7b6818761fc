"""Reads for reports. Everything returned is plain data (dataclasses): renderers never see a queryset.

Phụ lục 2 counts the awards of issued decisions dated within the period (both ends included), by the
lines of a stored layout, in a fixed number of queries whatever the number of awards."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from awards.models import Award, Decision, RecipientKind
from reports.models import LayoutRow, ReportLayout
from thiduakhenthuong.lib.formatting import vn_date

# Column order of the seed's table: Số lượng (tập thể, cá nhân, gia đình), then the same three
# "trong đó đối tượng ở cơ sở, lao động trực tiếp".
KIND_COLUMN = {RecipientKind.COLLECTIVE: 0, RecipientKind.INDIVIDUAL: 1, RecipientKind.FAMILY: 2}
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
    # Awards in the period that no line of the layout counts, or that two lines count: a layout to fix.
    uncounted: list[AwardGroup] = field(default_factory=list)
    counted_twice: list[AwardGroup] = field(default_factory=list)

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
        return {
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "rows": [{"no": r.number, "depth": r.depth, "label": r.label, "counts": list(r.counts)} for r in rows],
        }


def period_label(start: datetime.date, end: datetime.date) -> str:
    """How the province names its reporting periods: "6 tháng đầu năm 2018" for 20/12/2017–20/6/2018."""
    months = (start.month, end.month)
    if end.year == start.year + 1 and months == (12, 6) or end.year == start.year and months == (1, 6):
        return f"6 tháng đầu năm {end.year}"
    if end.year == start.year and months in ((6, 12), (7, 12)):
        return f"6 tháng cuối năm {end.year}"
    if end.year == start.year + 1 and months == (12, 12) or end.year == start.year and months == (1, 12):
        return f"năm {end.year}"
    return f"từ ngày {vn_date(start)} đến ngày {vn_date(end)}"


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


def appendix2_layout_default() -> ReportLayout | None:
    return ReportLayout.objects.filter(kind=ReportLayout.Kind.APPENDIX2, is_default=True).first()


def _award_groups(start: datetime.date, end: datetime.date) -> list[dict]:
    return list(
        Award.objects.filter(decision__status=Decision.Status.ISSUED, decision__date__range=(start, end))
        .values(
            "award_type_id",
            "award_type__name",
            "commendation_kind_id",
            "commendation_kind__name",
            "recipient_kind",
            "is_grassroots",
        )
        .annotate(count=Count("id"))
        .order_by()
    )


def _group_counts(group: dict) -> Counts:
    counts = [0] * COLUMN_COUNT
    column = KIND_COLUMN[group["recipient_kind"]]
    counts[column] = group["count"]
    if group["is_grassroots"]:
        counts[3 + column] = group["count"]
    return tuple(counts)  # type: ignore[return-value]


def _as_award_group(group: dict) -> AwardGroup:
    return AwardGroup(
        award_type=group["award_type__name"],
        commendation_kind=group["commendation_kind__name"],
        recipient_kind=group["recipient_kind"],
        is_grassroots=group["is_grassroots"],
        count=group["count"],
    )


def appendix2_compute(*, start: datetime.date, end: datetime.date, layout: ReportLayout | None = None) -> Appendix2:
    layout = layout or appendix2_layout_default()
    if layout is None:
        raise ReportLayout.DoesNotExist("No default Phụ lục 2 layout: run `manage.py load_catalog`.")
    lines: list[LayoutRow] = list(layout.rows.prefetch_related("award_types", "commendation_kinds"))
    by_id = {line.id: line for line in lines}
    children = defaultdict(list)
    for line in lines:
        children[line.parent_id].append(line)

    def award_types_of(line: LayoutRow) -> set[int]:
        own = {t.id for t in line.award_types.all()}
        if own or line.parent_id is None:
            return own
        return award_types_of(by_id[line.parent_id])

    leaves = [
        (line.id, award_types_of(line), {k.id for k in line.commendation_kinds.all()})
        for line in lines
        if not children[line.id]
    ]
    counts: dict[int, Counts] = {line.id: ZERO for line in lines}
    uncounted, counted_twice = [], []
    for group in _award_groups(start, end):
        matches = [
            line_id
            for line_id, types, kinds in leaves
            if group["award_type_id"] in types and (not kinds or group["commendation_kind_id"] in kinds)
        ]
        if not matches:
            uncounted.append(_as_award_group(group))
        elif len(matches) > 1:
            counted_twice.append(_as_award_group(group))
        for line_id in matches:
            counts[line_id] = _add(counts[line_id], _group_counts(group))

    def total_of(line: LayoutRow) -> Counts:
        if children[line.id]:
            counts[line.id] = ZERO
            for child in children[line.id]:
                counts[line.id] = _add(counts[line.id], total_of(child))
        return counts[line.id]

    grand_total = ZERO
    for root in children[None]:
        grand_total = _add(grand_total, total_of(root))

    def depth_of(line: LayoutRow) -> int:
        return 0 if line.parent_id is None else depth_of(by_id[line.parent_id]) + 1

    return Appendix2(
        start=start,
        end=end,
        layout_name=layout.name,
        rows=[Appendix2Row(line.number, depth_of(line), line.label, counts[line.id]) for line in lines],
        total=Appendix2Row("", GRAND_TOTAL_DEPTH, "TỔNG CỘNG", grand_total),
        uncounted=uncounted,
        counted_twice=counted_twice,
    )
