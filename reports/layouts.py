"""Which stored layout a table is counted by, and its lines read as a tree.

A layout chosen by date (`ReportLayout.is_default`) serves every period whose last day falls within its validity:
a table belongs to the catalog its period closes under, so the statistical year 01/12/2023–30/11/2024 is counted by
the 2024 layout, which also claims the kinds of commendation of December 2023 (regular → merit, thematic →
campaign). A report that names a layout keeps it; an issued report keeps its snapshot whatever the layouts become."""

import csv
import datetime
import enum
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.db.models import F, QuerySet, Subquery
from django.utils.translation import gettext as _

from reports.models import LayoutRow, ReportLayout


class LayoutByPeriod(enum.Enum):
    """A report's layout left to its period's dates: resolved when the report is saved (see `layout_resolve`)."""

    BY_PERIOD = "by-period"


BY_PERIOD = LayoutByPeriod.BY_PERIOD
# What a report's fields name as a layout: one layout, the one of the period's dates, or none.
LayoutChoice = ReportLayout | LayoutByPeriod | None


class LayoutError(ValueError):
    """The stored layout cannot be read as a tree (a line under a line of another layout, or a loop), or no layout
    serves the period."""


def layouts_by_date(*, kind: str, on: datetime.date) -> QuerySet[ReportLayout]:
    """The layouts of a kind chosen by date that are valid on a day, the latest start first (at most one, when
    their validities do not overlap as the admin requires)."""
    valid = ReportLayout.objects.filter(kind=kind, is_default=True).exclude(valid_from__gt=on).exclude(valid_to__lt=on)
    return valid.order_by(F("valid_from").desc(nulls_last=True), "pk")


def layout_for_period(*, kind: str, end: datetime.date) -> ReportLayout | None:
    """The layout a period of `kind` is counted by when nobody chose one: the one valid on its last day."""
    return layouts_by_date(kind=kind, on=end).first()


def layout_resolve(choice: LayoutChoice, *, kind: str, end: datetime.date) -> ReportLayout | None:
    """A report's layout as stored: the one named, none, or the one of its period's dates."""
    if choice is BY_PERIOD:
        return layout_for_period(kind=kind, end=end)
    return choice if isinstance(choice, ReportLayout) else None


def no_layout_message(*, kind: str, end: datetime.date) -> str:
    return _(
        "No layout of “%(kind)s” is chosen by date for a period ending on %(date)s: run `manage.py load_catalog`, "
        "or give a layout a validity covering that day in the administration."
    ) % {"kind": ReportLayout.Kind(kind).label, "date": f"{end:%d/%m/%Y}"}


class LayoutLine(NamedTuple):
    """A line of a layout as counted and printed: LayoutRow's fields, read without building model instances
    (57 lines of the 2024 table took half a millisecond to build, a fifth of the layout's read)."""

    id: int
    layout_id: int
    parent_id: int | None
    position: int
    number: str
    label: str
    code: str
    template: str
    note: str

    def __str__(self) -> str:
        return f"{self.number} {self.label}".strip()


LINE_FIELDS = LayoutLine._fields


def depths(lines: list[LayoutLine]) -> dict[int, int]:
    """Each line's depth in its tree; LayoutError when a line sits under another layout's line or under itself."""
    by_id = {line.id: line for line in lines}
    found: dict[int, int] = {}
    for line in lines:
        seen, current, depth = set(), line, 0
        while current.parent_id is not None:
            if current.parent_id not in by_id:
                raise LayoutError(_("Line “%(line)s” sits under a line of another layout.") % {"line": line})
            if current.id in seen:
                raise LayoutError(_("Line “%(line)s” is its own ancestor.") % {"line": line})
            seen.add(current.id)
            current, depth = by_id[current.parent_id], depth + 1
        found[line.id] = depth
    return found


@dataclass(frozen=True)
class LineClaims:
    """Which award types and kinds of commendation each line names, by line id (read from the link tables
    directly: the catalog rows themselves are not needed to count)."""

    award_types: dict[int, set[int]]
    commendation_kinds: dict[int, set[int]]


def layout_lines(
    *, kind: str, layout: ReportLayout | None, end: datetime.date
) -> tuple[str | None, list[LayoutLine], LineClaims]:
    """The name, lines and claims of the layout given or, when none is, of the layout chosen by the period's last
    day (None when there is no such layout), in one query; the layout is looked up alone only when it has no lines."""
    rows = (
        LayoutRow.objects.filter(layout=layout)
        if layout
        else LayoutRow.objects.filter(layout_id=Subquery(layouts_by_date(kind=kind, on=end).values("pk")[:1]))
    )
    # The link tables come as outer joins: a line claiming 3 types and 2 kinds comes back 6 times, a few hundred
    # rows for a whole layout, cheaper than three round trips.
    values = rows.values_list("layout__name", "award_types", "commendation_kinds", *LINE_FIELDS)
    lines: dict[int, LayoutLine] = {}
    claims = LineClaims(defaultdict(set), defaultdict(set))
    names = set()
    for layout_name, type_id, kind_id, *fields in values:
        names.add(layout_name)
        line = lines.get(fields[0]) or lines.setdefault(fields[0], LayoutLine(*fields))
        if type_id is not None:
            claims.award_types[line.id].add(type_id)
        if kind_id is not None:
            claims.commendation_kinds[line.id].add(kind_id)
    if not lines:
        layout = layout or layouts_by_date(kind=kind, on=end).first()
        names = {layout.name} if layout else set()
    return (names.pop() if names else None), list(lines.values()), claims


def line_tree(lines: list[LayoutLine]) -> tuple[dict[int, LayoutLine], defaultdict[int | None, list[LayoutLine]]]:
    by_id = {line.id: line for line in lines}
    children = defaultdict(list)
    for line in lines:
        children[line.parent_id].append(line)
    return by_id, children


@dataclass(frozen=True)
class CsvLine:
    """One line of a layout file, placed: its position (from 1) and its parent's position (None at the top)."""

    position: int
    parent: int | None
    fields: dict[str, str]

    def codes(self, column: str) -> list[str]:
        return [code for code in (self.fields.get(column) or "").split(";") if code]


def layout_csv_lines(path: Path) -> list[CsvLine]:
    """The lines of a layout file (no, depth, label, award_types, commendation_kinds, and for award figures: code,
    template, note), where depth 0/1/2 places each line under the nearest line above it with a smaller depth."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    placed: list[CsvLine] = []
    open_parents: dict[int, int] = {}  # depth → position of the last line opened at that depth
    for position, row in enumerate(rows, start=1):
        depth = int(row["depth"])
        if depth > 0 and depth - 1 not in open_parents:
            raise ValueError(
                f"{path}: line {position} ({row['label']}) has depth {depth} but no line above it at depth {depth - 1}"
            )
        placed.append(CsvLine(position, open_parents.get(depth - 1), row))
        open_parents[depth] = position
        for deeper in [d for d in open_parents if d > depth]:  # a new section closes the lines below it
            del open_parents[deeper]
    return placed
