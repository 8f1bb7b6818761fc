"""The annual statistical forms computed for a statistical year (biểu 0601–0605, 0701–0703): the regime the
year falls under, the form's stored layout, and the counts, in five queries whatever the data (regimes, form,
columns, rows, and one GROUP BY over the items the form counts).

Every item (an award, a campaign, a body, an officer) is reduced in SQL to a group of the keys the forms
classify by; Python then lays the groups out: each row takes the groups its criteria match (parts share their
parent's groups out, each to the first that matches, a rest row takes what no part matches), each column the
same, and a cell counts the groups of its row and its column. So every total is the sum of its parts."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from awards.models import Verification
from kernel.lib.formatting import vn_date, vn_int
from reports.models import StatisticsColumn, StatisticsForm, StatisticsRegime, StatisticsRow
from reports.statistics_sources import GROUPS, Group

Criteria = dict[str, frozenset[str]]

# The keys each source's groups carry, which the rows' and columns' criteria may name.
SOURCE_KEYS: dict[str, frozenset[str]] = {
    StatisticsForm.Source.AWARDS: frozenset(
        {"type", "category", "level", "kind", "class", "enterprise", "proposer", "method"}
    ),
    StatisticsForm.Source.CAMPAIGNS: frozenset({"level", "scope", "method", "duration"}),
    StatisticsForm.Source.BODIES: frozenset({"kind"}),
    StatisticsForm.Source.OFFICERS: frozenset({"sex", "age", "training", "seniority"}),
}


class StatisticsUnavailable(ValueError):
    """No form to compute: the year falls under no regime, under one whose forms are not loaded (unverified),
    or the form is not one of its regime's. The message says which, in Vietnamese."""


class CriteriaError(ValueError):
    """A stored criterion names a key its form's source does not have."""


def criteria_parse(text: str, *, source: str) -> Criteria:
    """ "category=order,medal;kind=individual" → {"category": {"order", "medal"}, "kind": {"individual"}}.
    An empty value matches an item the data leaves unclassified ("enterprise=")."""
    criteria: Criteria = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, separator, values = part.partition("=")
        key = key.strip()
        if not separator or key not in SOURCE_KEYS[source]:
            raise CriteriaError(
                f"“{part}”: not a criterion of {source} (keys: {', '.join(sorted(SOURCE_KEYS[source]))})"
            )
        criteria[key] = frozenset(v.strip() for v in values.split(","))
    return criteria


def _matches(criteria: Criteria, group: Group) -> bool:
    return all(group[key] in values for key, values in criteria.items())


def statistics_period(regime: StatisticsRegime, year: int) -> tuple[datetime.date, datetime.date]:
    """The statistical year: from the regime's start day (01/12 by default) of the year before, or of the year
    itself when it starts on 01/01, to the day before the same date a year later. 2024 → 2023-12-01..2024-11-30."""
    month, day = regime.period_start_month, regime.period_start_day
    start = datetime.date(year if (month, day) == (1, 1) else year - 1, month, day)
    return start, datetime.date(start.year + 1, month, day) - datetime.timedelta(days=1)


def _covers(regime: StatisticsRegime, year: int) -> bool:
    return (regime.first_year is None or regime.first_year <= year) and (
        regime.last_year is None or year <= regime.last_year
    )


def statistics_regime_for(year: int, regimes: Iterable[StatisticsRegime] | None = None) -> StatisticsRegime:
    regimes = list(StatisticsRegime.objects.all() if regimes is None else regimes)
    covering = [regime for regime in regimes if _covers(regime, year)]
    if not covering:
        raise StatisticsUnavailable(
            _("No statistical reporting regime covers the year %(year)s: load the catalog or add one.") % {"year": year}
        )
    if len(covering) > 1:
        raise StatisticsUnavailable(
            _("Several statistical reporting regimes cover the year %(year)s (%(regimes)s): correct their years.")
            % {"year": year, "regimes": ", ".join(r.circular for r in covering)}
        )
    return covering[0]


@dataclass(frozen=True)
class FormSummary:
    code: str
    number: str
    title: str


@dataclass(frozen=True)
class YearForms:
    """What a statistical year offers: its regime, period and forms (none when the regime's are not loaded)."""

    year: int
    regime: str
    regime_verified: bool
    regime_note: str
    start: datetime.date
    end: datetime.date
    forms: list[FormSummary]


def _not_loaded(regime: StatisticsRegime, year: int) -> StatisticsUnavailable:
    return StatisticsUnavailable(
        _(
            "The statistical year %(year)s falls under %(circular)s, whose forms are not verified and not loaded. "
            "%(note)s No figures are given rather than guessed."
        )
        % {"year": year, "circular": regime.circular, "note": regime.note}
    )


def statistics_year_forms(*, year: int) -> YearForms:
    """The regime, period and forms of a statistical year; StatisticsUnavailable when the year has no forms."""
    regime = statistics_regime_for(year)
    start, end = statistics_period(regime, year)
    forms = [FormSummary(f.code, f.number, f.title) for f in regime.forms.order_by("code")]
    if not forms:
        raise _not_loaded(regime, year)
    return YearForms(
        year, regime.circular, regime.verification == Verification.VERIFIED, regime.note, start, end, forms
    )


@dataclass(frozen=True)
class StatColumn:
    number: str
    heading: tuple[str, ...]  # the merged header cells, outermost first
    label: str
    role: str


@dataclass(frozen=True)
class StatRow:
    code: str
    label: str
    indent: int
    unit: str
    role: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class StatisticsTable:
    """A form computed for a statistical year: plain data for the page, the XLSX, the PDF and the JSON."""

    form_code: str
    form_number: str
    title: str
    year: int
    start: datetime.date
    end: datetime.date
    circular: str
    issued_by_line: str
    deadline_line: str
    reporting_unit: str
    receiving_unit: str
    preparer_title: str
    head_title: str
    place: str
    landscape: bool
    columns: list[StatColumn]
    rows: list[StatRow]
    counted: int  # items the form counts (the grand total)
    warnings: list[str] = field(default_factory=list)
    unclassified: dict[str, int] = field(default_factory=dict)  # rest row label → count, when not zero

    @property
    def period_line(self) -> str:
        return f"(Số liệu từ ngày {vn_date(self.start)} đến ngày {vn_date(self.end)})"

    def as_json(self) -> dict:
        """The stable interface of `export_report statistics --format json`; nothing else goes in it."""
        return {
            "form": self.form_number,
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "columns": [column.label for column in self.columns],
            "rows": [{"code": row.code, "label": row.label, "values": list(row.values)} for row in self.rows],
        }

    def as_snapshot(self) -> dict:
        """Everything needed to render the form again exactly (an issued form's frozen figures)."""
        return {
            **{name: getattr(self, name) for name in SNAPSHOT_FIELDS},
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "columns": [[c.number, list(c.heading), c.label, c.role] for c in self.columns],
            "rows": [[r.code, r.label, r.indent, r.unit, r.role, list(r.values)] for r in self.rows],
        }


SNAPSHOT_FIELDS = (
    "form_code",
    "form_number",
    "title",
    "year",
    "circular",
    "issued_by_line",
    "deadline_line",
    "reporting_unit",
    "receiving_unit",
    "preparer_title",
    "head_title",
    "place",
    "landscape",
    "counted",
    "warnings",
    "unclassified",
)


def statistics_from_snapshot(data: dict) -> StatisticsTable:
    return StatisticsTable(
        **{name: data[name] for name in SNAPSHOT_FIELDS},
        start=datetime.date.fromisoformat(data["start"]),
        end=datetime.date.fromisoformat(data["end"]),
        columns=[StatColumn(n, tuple(h), label, role) for n, h, label, role in data["columns"]],
        rows=[StatRow(c, label, i, u, role, tuple(v)) for c, label, i, u, role, v in data["rows"]],
    )


# Laying the groups out.


@dataclass
class Layout:
    """A form's rows and columns with their criteria parsed, ready to count groups."""

    source: str
    scope: Criteria
    rows: Sequence[StatisticsRow]
    columns: Sequence[StatisticsColumn]


def _children(rows: Sequence[StatisticsRow]) -> dict[str, list[StatisticsRow]]:
    children: dict[str, list[StatisticsRow]] = defaultdict(list)
    for row in rows:
        children[row.parent_key].append(row)
    return children


def _rows_of_group(
    rows: Sequence[StatisticsRow], children: dict[str, list[StatisticsRow]], criteria: dict[str, Criteria], group: Group
) -> tuple[set[str], bool]:
    """The keys of the rows that count the group: the total, and down each section the first part that matches
    (or the rest row), plus the "of which" rows it matches; and whether some row's parts all missed it with no
    rest row to take it (the layout then needs one)."""
    counted: set[str] = set()
    missed = False
    pending = [row for row in rows if row.role == StatisticsRow.Role.TOTAL]
    while pending:
        row = pending.pop()
        counted.add(row.key)
        kids = children.get(row.key, [])
        pending += [kid for kid in kids if kid.role == StatisticsRow.Role.SECTION]
        pending += [
            kid for kid in kids if kid.role == StatisticsRow.Role.OF_WHICH and _matches(criteria[kid.key], group)
        ]
        parts = [kid for kid in kids if kid.role in (StatisticsRow.Role.PART, StatisticsRow.Role.REST)]
        if not parts:
            continue
        part = next((kid for kid in parts if kid.role == "part" and _matches(criteria[kid.key], group)), None)
        part = part or next((kid for kid in parts if kid.role == StatisticsRow.Role.REST), None)
        if part is None:
            missed = True
        else:
            pending.append(part)
    return counted, missed


def _columns_of_group(
    columns: Sequence[StatisticsColumn], criteria: list[Criteria], group: Group
) -> tuple[set[int], bool]:
    """The columns that count the group (the total, the first matching part or else the rest, the matching "of
    which" columns), and whether the parts all missed it with no rest column to take it."""
    counted = {i for i, c in enumerate(columns) if c.role == StatisticsColumn.Role.TOTAL}
    counted |= {
        i for i, c in enumerate(columns) if c.role == StatisticsColumn.Role.OF_WHICH and _matches(criteria[i], group)
    }
    parts = [i for i, c in enumerate(columns) if c.role == StatisticsColumn.Role.PART]
    if not parts:
        return counted, False
    part = next((i for i in parts if _matches(criteria[i], group)), None)
    if part is None:
        part = next((i for i, c in enumerate(columns) if c.role == StatisticsColumn.Role.REST), None)
    if part is None:
        return counted, True
    return counted | {part}, False


@dataclass(frozen=True)
class Counted:
    values: dict[str, list[int]]  # row key → one value per column
    counted: int
    missed_by_rows: int  # items some row's parts all miss, with no rest row to take them
    missed_by_columns: int
    # "of which" row key → items of its parent that leave its class unsaid (a collective not said to be, or not to
    # be, an enterprise): outside the sums, yet the figure is a floor until they are classified.
    unknown_of_which: dict[str, int] = field(default_factory=dict)


def statistics_lay_out(layout: Layout, groups: Iterable[tuple[Group, int]]) -> Counted:
    """Counts of every cell. Pure: tested on random groups (totals equal the sums of their parts)."""
    row_criteria = {row.key: criteria_parse(row.criteria, source=layout.source) for row in layout.rows}
    column_criteria = [criteria_parse(column.criteria, source=layout.source) for column in layout.columns]
    children = _children(layout.rows)
    values = {row.key: [0] * len(layout.columns) for row in layout.rows}
    counted = missed_rows = missed_columns = 0
    of_which = [row for row in layout.rows if row.role == StatisticsRow.Role.OF_WHICH]
    unknown: dict[str, int] = defaultdict(int)
    for group, n in groups:
        if not _matches(layout.scope, group):
            continue
        counted += n
        rows, rows_missed = _rows_of_group(layout.rows, children, row_criteria, group)
        columns, columns_missed = _columns_of_group(layout.columns, column_criteria, group)
        missed_rows += n * rows_missed
        missed_columns += n * columns_missed
        for key in rows:
            for column in columns:
                values[key][column] += n
        for row in of_which:
            criteria = row_criteria[row.key]
            if row.parent_key in rows and any(group[k] == "" and "" not in v for k, v in criteria.items()):
                unknown[row.key] += n
    return Counted(values, counted, missed_rows, missed_columns, dict(unknown))


def _form_for(year: int, form_code: str) -> tuple[StatisticsForm, StatisticsRegime]:
    regime = statistics_regime_for(year)
    form = StatisticsForm.objects.select_related("regime").filter(regime=regime, code=form_code).first()
    if form is not None:
        return form, regime
    if not regime.forms.exists():
        raise _not_loaded(regime, year)
    raise StatisticsUnavailable(
        _("Form %(code)s is not one of the forms of %(circular)s, which governs the statistical year %(year)s.")
        % {"code": form_code, "circular": regime.circular, "year": year}
    )


UNVERIFIED: dict[str, str] = {
    Verification.PARTIAL: "chưa kiểm chứng đầy đủ",
    Verification.FROM_MEMORY: "chưa kiểm chứng",
    Verification.LEAD: "chỉ là đầu mối, chưa kiểm chứng",
}


def statistics_compute(*, form_code: str, year: int) -> StatisticsTable:
    """The form of the statistical year, counted from the database in five queries."""
    form, regime = _form_for(year, form_code)
    start, end = statistics_period(regime, year)
    layout = Layout(
        source=form.source,
        scope=criteria_parse(form.scope, source=form.source),
        rows=list(form.rows.order_by("position")),
        columns=list(form.columns.order_by("position")),
    )
    result = statistics_lay_out(layout, GROUPS[form.source](start, end))
    warnings = []
    for what, verification, note in (
        (regime.circular, regime.verification, regime.note),
        (f"Bố cục biểu {form.number}", form.verification, form.source_note),
    ):
        if verification in UNVERIFIED:
            warnings.append(f"{what}: {UNVERIFIED[verification]}. {note}".strip())
    if result.missed_by_rows:
        warnings.append(
            _("%(count)s item(s) are counted by no row of a section: the layout needs a “Chưa phân loại” row.")
            % {"count": vn_int(result.missed_by_rows)}
        )
    if result.missed_by_columns:
        warnings.append(
            _("%(count)s item(s) are counted by no column: the layout needs a rest column.")
            % {"count": vn_int(result.missed_by_columns)}
        )
    unclassified = {}
    for row in layout.rows:
        if row.role == StatisticsRow.Role.REST and result.values[row.key][0]:
            parent = next(r for r in layout.rows if r.key == row.parent_key)
            unclassified[f"{parent.label}: {row.label}"] = result.values[row.key][0]
    rest_count = sum(unclassified.values())
    for key, count in result.unknown_of_which.items():
        row = next(r for r in layout.rows if r.key == key)
        unclassified[f"{row.label}: chưa rõ"] = count
        warnings.append(
            _("%(count)s item(s) do not say whether “%(row)s” applies to them: that row counts only those that do.")
            % {"count": vn_int(count), "row": row.label}
        )
    if rest_count:
        warnings.append(
            _(
                "The “Chưa phân loại” rows count %(count)s time(s) an item lacks a class the form asks for (an item "
                "may lack several): complete the classes before issuing."
            )
            % {"count": vn_int(rest_count)}
        )
    return StatisticsTable(
        form_code=form.code,
        form_number=form.number,
        title=form.title,
        year=year,
        start=start,
        end=end,
        circular=regime.circular,
        issued_by_line=form.issued_by_line,
        deadline_line=form.deadline_line,
        reporting_unit=form.reporting_unit,
        receiving_unit=form.receiving_unit,
        preparer_title=form.preparer_title,
        head_title=form.head_title,
        place=form.place,
        landscape=form.orientation == StatisticsForm.Orientation.LANDSCAPE,
        columns=[
            StatColumn(c.number, tuple(p.strip() for p in c.heading.split("|")), c.label, c.role)
            for c in layout.columns
        ],
        rows=[StatRow(r.code, r.label, r.indent, r.unit, r.role, tuple(result.values[r.key])) for r in layout.rows],
        counted=result.counted,
        warnings=warnings,
        unclassified=unclassified,
    )
