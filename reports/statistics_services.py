"""Writes for the annual statistical forms: loading their layouts from fixtures/catalog (only what is missing,
so that administrators' corrections survive a redeploy) and issuing a form of a statistical year (its figures
and PDF frozen, in the report register)."""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import acting_user, audit_record
from kernel.lib.catalog_files import catalog_rows, date_or_none
from kernel.types import Actor
from reports.errors import ReportInvalid
from reports.models import IssuedStatistics, StatisticsColumn, StatisticsForm, StatisticsRegime, StatisticsRow
from reports.statistics import criteria_parse, statistics_compute
from reports.statistics_files import statistics_pdf


def _int(text: str) -> int | None:
    return int(text) if text else None


def statistics_layouts_ensure() -> dict[str, int]:
    """Add the regimes, forms, columns and rows of the CSV files that the database lacks (a regime by code, a form
    by regime and code, a row by key, a column by label); existing ones, maybe edited in the admin, are kept.
    Criteria are checked against their form's source, so a typo fails the load instead of counting nothing."""
    created: dict[str, int] = defaultdict(int)
    regimes = {r.code: r for r in StatisticsRegime.objects.all()}
    for line in catalog_rows("statistics_regimes.csv"):
        if line["code"] in regimes:
            continue
        regimes[line["code"]] = StatisticsRegime.objects.create(
            code=line["code"],
            circular=line["circular"],
            signed_on=datetime.date.fromisoformat(line["signed_on"]),
            effective_on=date_or_none(line["effective_on"]),
            first_year=_int(line["first_year"]),
            last_year=_int(line["last_year"]),
            period_start_month=int(line["period_start_month"]),
            period_start_day=int(line["period_start_day"]),
            verification=line["verification"],
            note=line["note"],
        )
        created["regimes"] += 1
    forms = {(f.regime.code, f.code): f for f in StatisticsForm.objects.select_related("regime")}
    for line in catalog_rows("statistics_forms.csv"):
        key = (line["regime"], line["code"])
        if key in forms:
            continue
        values = {name: line[name] for name in FORM_FIELDS}
        criteria_parse(values["scope"], source=values["source"])
        forms[key] = StatisticsForm.objects.create(regime=regimes[line["regime"]], **values)
        created["forms"] += 1
    created["columns"] = _lines_ensure(
        forms, model=StatisticsColumn, file="statistics_columns.csv", key="label", build=_column
    )
    created["rows"] = _lines_ensure(forms, model=StatisticsRow, file="statistics_rows.csv", key="key", build=_row)
    return {what: n for what, n in created.items() if n}


FORM_FIELDS = (
    "code",
    "number",
    "title",
    "source",
    "scope",
    "issued_by_line",
    "deadline_line",
    "reporting_unit",
    "receiving_unit",
    "head_title",
    "orientation",
    "verification",
    "source_note",
)


def _lines_ensure(
    forms: dict[tuple[str, str], StatisticsForm],
    *,
    model: type[StatisticsColumn] | type[StatisticsRow],
    file: str,
    key: str,
    build: Callable[[StatisticsForm, int, dict[str, str]], StatisticsColumn | StatisticsRow],
) -> int:
    """The columns or rows of the file that their form lacks (by `key`), placed after its last one."""
    existing: dict[int, set[str]] = defaultdict(set)
    last: dict[int, int] = defaultdict(int)
    for form_id, value, position in model.objects.values_list("form_id", key, "position"):
        existing[form_id].add(value)
        last[form_id] = max(last[form_id], position)
    new = []
    for line in catalog_rows(file):
        form = forms[(line["regime"], line["form"])]
        if line[key] in existing[form.id]:
            continue
        criteria_parse(line["criteria"], source=form.source)
        last[form.id] += 1
        existing[form.id].add(line[key])
        new.append(build(form, last[form.id], line))
    model.objects.bulk_create(new)  # type: ignore[arg-type]
    return len(new)


def _column(form: StatisticsForm, position: int, line: dict[str, str]) -> StatisticsColumn:
    fields = ("number", "heading", "label", "role", "criteria")
    return StatisticsColumn(form=form, position=position, **{name: line[name] for name in fields})


def _row(form: StatisticsForm, position: int, line: dict[str, str]) -> StatisticsRow:
    fields = ("key", "code", "label", "unit", "role", "criteria")
    values = {name: line[name] for name in fields}
    return StatisticsRow(form=form, position=position, parent_key=line["parent"], indent=int(line["indent"]), **values)


def statistics_issue(*, actor: Actor, form_code: str, year: int, reason: str = "") -> IssuedStatistics:
    """Freeze a form of a statistical year: its figures (the snapshot renders it again exactly) and the bytes of
    its PDF with their SHA-256, in one transaction with the audit entry. Once per form and year; the database
    refuses any later change (migration 0008). Raises StatisticsUnavailable when the year has no such form."""
    table = statistics_compute(form_code=form_code, year=year)
    if table.end >= timezone.localdate():  # issued is final (migration 0008): a year still running is not
        raise ReportInvalid(
            general=[
                _("The statistical year %(year)s ends on %(end)s: its forms are issued after that day.")
                % {"year": year, "end": f"{table.end:%d/%m/%Y}"}
            ]
        )
    if IssuedStatistics.objects.filter(form_code=table.form_code, year=year).exists():
        raise _already_issued(table.form_number, year)
    pdf = statistics_pdf(table)
    issued = IssuedStatistics(
        form_number=table.form_number,
        form_code=table.form_code,
        year=year,
        period_start=table.start,
        period_end=table.end,
        title=table.title,
        issued_at=timezone.now(),
        issued_by=acting_user(actor),
        snapshot=table.as_snapshot(),
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )
    try:
        with transaction.atomic():
            issued.save()
            audit_record(
                actor=actor,
                action="statistics.issue",
                obj=issued,
                before=None,
                after={"form": table.form_number, "year": year, "counted": table.counted, "sha256": issued.pdf_sha256},
                reason=reason,
            )
    except IntegrityError as error:  # issued by someone else while this PDF rendered
        raise _already_issued(table.form_number, year) from error
    return issued


def _already_issued(form_number: str, year: int) -> ReportInvalid:
    return ReportInvalid(
        general=[
            _("Form %(form)s of the statistical year %(year)s is already issued.") % {"form": form_number, "year": year}
        ]
    )
