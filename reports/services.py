"""Writes for reports: stored layouts and formatting profiles, and the report register (drafting, issuing).

Every write runs in one transaction with its audit entry. Issuing a report stores its figures and the exact
bytes of its PDF; the database refuses any later change (migration 0004)."""

import csv
import datetime
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import acting_user, audit_record
from awards.models import AwardType, CommendationKind
from kernel.concurrency import EditConflict, version_bump
from kernel.lib.catalog_files import CATALOG_DIR, date_or_none
from kernel.lib.symbols import SymbolError, parse_symbol
from kernel.snapshot import read_only_snapshot
from kernel.types import Actor
from reports.document import ReportFigures, report_document, report_figures_compute, unknown_codes_message
from reports.errors import ReportFrozen, ReportInvalid
from reports.layouts import BY_PERIOD, LayoutChoice, layout_csv_lines, layout_resolve, no_layout_message
from reports.models import DocumentProfile, LayoutRow, Report, ReportLayout, ReportSection
from reports.pdf import report_pdf

REPORT_LAYOUTS = CATALOG_DIR / "report_layouts.csv"  # each layout's code, kind, name, file of lines and validity
DOCUMENT_PROFILES = CATALOG_DIR / "document_profiles.csv"


@transaction.atomic
def layout_create_from_csv(
    *,
    path: Path,
    code: str,
    name: str,
    kind: str,
    make_default: bool,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> ReportLayout:
    """Build a layout from a CSV of lines (reports.layouts.layout_csv_lines). `make_default`: chosen by the dates
    of periods whose last day falls within its validity."""
    lines = layout_csv_lines(path)
    award_types = {t.code: t for t in AwardType.objects.all()}
    kinds = {k.code: k for k in CommendationKind.objects.all()}
    layout = ReportLayout(
        kind=kind, code=code, name=name, is_default=make_default, valid_from=valid_from, valid_to=valid_to
    )
    layout.full_clean()  # a validity overlapping another layout chosen by date is refused
    layout.save()
    created: dict[int, LayoutRow] = {}
    for line in lines:
        row = LayoutRow.objects.create(
            layout=layout,
            parent=created.get(line.parent) if line.parent else None,
            position=line.position,
            number=line.fields["no"],
            label=line.fields["label"],
            code=line.fields.get("code") or "",
            template=line.fields.get("template") or "",
            note=line.fields.get("note") or "",
        )
        row.award_types.set([award_types[c] for c in line.codes("award_types")])
        row.commendation_kinds.set([kinds[c] for c in line.codes("commendation_kinds")])
        created[line.position] = row
    return layout


def layouts_ensure(*, path: Path = REPORT_LAYOUTS) -> list[ReportLayout]:
    """The layouts listed in fixtures/catalog/report_layouts.csv (code, kind, name, file of lines, validity), each
    chosen by date; a layout whose code exists is kept as it is, so that staff edits to it survive."""
    with open(path, newline="", encoding="utf-8") as handle:
        listed = list(csv.DictReader(handle))
    existing = {layout.code: layout for layout in ReportLayout.objects.filter(code__in=[e["code"] for e in listed])}
    return [
        existing.get(entry["code"])
        or layout_create_from_csv(
            path=path.parent / entry["file"],
            code=entry["code"],
            name=entry["name"],
            kind=entry["kind"],
            make_default=True,
            valid_from=date_or_none(entry["valid_from"]),
            valid_to=date_or_none(entry["valid_to"]),
        )
        for entry in listed
    ]


def profiles_ensure(*, path: Path = DOCUMENT_PROFILES) -> int:
    """The formatting profiles of the circular and the decree; existing rows (maybe edited) are kept."""
    created = 0
    with open(path, newline="", encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            values = {key: value or None for key, value in line.items() if key != "code"}
            _, was_created = DocumentProfile.objects.get_or_create(code=line["code"], defaults=values)
            created += was_created
    return created


# The report register.


@dataclass
class ReportFields:
    kind: str
    period_start: datetime.date
    period_end: datetime.date
    number_symbol: str  # as typed: "235/BC-UBND"
    place: str
    date: datetime.date
    issuing_body: str
    issuing_body_name: str
    summary: str
    signature_lines: str
    signer_name: str
    recipients: str
    title: str = "BÁO CÁO"
    parent_body: str = ""
    appendix1_title: str = ""
    # A layout, none, or BY_PERIOD: the one the period's dates choose, resolved when the report is saved.
    appendix2_layout: LayoutChoice = None
    summary_layout: LayoutChoice = None


@dataclass
class SectionFields:
    style: str
    heading: str
    body: str


def report_snapshot(report: Report) -> dict:
    """The report's fields for the audit log; the PDF bytes and figures are summarised by their hash."""
    data = {
        f.name: f.value_from_object(report)
        for f in report._meta.concrete_fields
        if f.name not in ("pdf", "snapshot", "created_at", "updated_at", "version")
    }
    return {k: v if v is None or isinstance(v, bool | int | str) else str(v) for k, v in data.items()}


def _report_errors(fields: ReportFields, *, exclude_pk: int | None = None) -> tuple[dict, int, str]:
    errors: dict[str, list[str]] = {}
    number, symbol = 0, ""
    try:
        parsed = parse_symbol(fields.number_symbol)
        number, symbol = parsed.number, parsed.symbol
        if parsed.type_code != "BC":
            errors.setdefault("number_symbol", []).append(
                _("A report's symbol starts with BC (e.g. 235/BC-UBND); “%(symbol)s” is not a report.")
                % {"symbol": fields.number_symbol}
            )
    except SymbolError as error:
        errors.setdefault("number_symbol", []).append(str(error))
    if fields.period_start and fields.period_end and fields.period_end < fields.period_start:
        errors.setdefault("period_end", []).append(_("The end of the period is before its start."))
    if fields.period_end and fields.date and fields.date < fields.period_end:
        errors.setdefault("date", []).append(_("A report is dated after the end of the period it reports on."))
    for name in ("issuing_body", "issuing_body_name", "summary", "signature_lines", "signer_name", "recipients"):
        if not (getattr(fields, name) or "").strip():
            errors.setdefault(name, []).append(_("This field is required."))
    if number and fields.date:
        clash = Report.objects.annotate(year=ExtractYear("date")).filter(
            number=number, symbol=symbol, year=fields.date.year
        )
        if exclude_pk:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            errors.setdefault("number_symbol", []).append(
                _("Report %(symbol)s already exists in %(year)s.")
                % {"symbol": fields.number_symbol, "year": fields.date.year}
            )
    return errors, number, symbol


def _apply(report: Report, fields: ReportFields, number: int, symbol: str) -> None:
    for f in dataclass_fields(fields):
        if f.name not in ("number_symbol", "appendix2_layout", "summary_layout"):
            setattr(report, f.name, getattr(fields, f.name))
    report.number, report.symbol = number, symbol
    report.appendix2_layout = layout_resolve(
        fields.appendix2_layout, kind=ReportLayout.Kind.APPENDIX2, end=fields.period_end
    )
    if fields.appendix2_layout is BY_PERIOD and report.appendix2_layout is None:  # asked for, none serves the dates
        message = no_layout_message(kind=ReportLayout.Kind.APPENDIX2, end=fields.period_end)
        raise ReportInvalid(fields={"appendix2_layout": [message]})
    report.summary_layout = layout_resolve(
        fields.summary_layout, kind=ReportLayout.Kind.AWARD_SUMMARY, end=fields.period_end
    )


def _save_or_explain(report: Report) -> None:
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:  # a concurrent report took the number between the check and the save
        raise ReportInvalid(fields={"number_symbol": [_("This number is already used in that year.")]}) from error


@transaction.atomic
def report_create(
    *,
    actor: Actor,
    fields: ReportFields,
    sections: Sequence[SectionFields] = (),
    corrects: Report | None = None,
    reason: str = "",
) -> Report:
    errors, number, symbol = _report_errors(fields)
    if corrects is not None and not corrects.is_issued:
        errors.setdefault("number_symbol", []).append(
            _("Only an issued report is corrected by a new report; edit the draft instead.")
        )
    if errors:
        raise ReportInvalid(fields=errors)
    report = Report(corrects=corrects)
    _apply(report, fields, number, symbol)
    _save_or_explain(report)
    ReportSection.objects.bulk_create(
        ReportSection(report=report, position=i, style=s.style, heading=s.heading.strip(), body=s.body.strip())
        for i, s in enumerate(sections, start=1)
    )
    audit_record(
        actor=actor, action="report.create", obj=report, before=None, after=report_snapshot(report), reason=reason
    )
    return report


def _lock_draft(report: Report) -> Report:
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.is_issued:
        raise ReportFrozen(
            _("Report %(report)s is issued and can no longer change; make a correction instead.") % {"report": locked}
        )
    return locked


@transaction.atomic
def report_update(
    *, actor: Actor, report: Report, fields: ReportFields, reason: str = "", expected_version: int | None = None
) -> Report:
    """Change a draft's header, closing and settings. `expected_version`: the version its form was loaded from
    (EditConflict when someone saved since); None for callers that loaded no form."""
    report = _lock_draft(report)
    version_bump(report, expected_version=expected_version)
    errors, number, symbol = _report_errors(fields, exclude_pk=report.pk)
    if errors:
        raise ReportInvalid(fields=errors)
    before = report_snapshot(report)
    _apply(report, fields, number, symbol)
    _save_or_explain(report)
    audit_record(
        actor=actor, action="report.update", obj=report, before=before, after=report_snapshot(report), reason=reason
    )
    return report


def _section_errors(fields: SectionFields) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if fields.style == ReportSection.Style.NONE and fields.heading.strip():
        errors["style"] = [_("Choose a heading style, or leave the heading empty.")]
    if fields.style != ReportSection.Style.NONE and not fields.heading.strip():
        errors["heading"] = [_("A section with a heading style needs its heading.")]
    if not fields.heading.strip() and not fields.body.strip():
        errors["body"] = [_("Write a heading or some text.")]
    return errors


def _section_snapshot(section: ReportSection) -> dict:
    # The id names the section whatever its position becomes: a refused save looks up who saved or deleted it.
    return {
        "id": section.pk,
        "position": section.position,
        "style": section.style,
        "heading": section.heading,
        "body": section.body,
    }


@transaction.atomic
def report_section_save(
    *,
    actor: Actor,
    report: Report,
    fields: SectionFields,
    section: ReportSection | None = None,
    after: int | None = None,
    expected_version: int | None = None,
) -> ReportSection:
    """Create a section (placed after position `after`, or at the end) or change one, in a draft report. A section
    has its own version (`expected_version`: the one its form was loaded from), so that two people may write two
    sections of one report at once and only a save over the same section is refused."""
    report = _lock_draft(report)
    errors = _section_errors(fields)
    if errors:
        raise ReportInvalid(fields=errors)
    if section is not None:
        found = ReportSection.objects.filter(pk=section.pk, report=report).first()  # of this report, as stored now
        if found is None:  # deleted since the form was loaded
            raise EditConflict(expected_version=expected_version or section.version, current_version=None)
        section = found
        version_bump(section, expected_version=expected_version)
    if section is None:
        last = report.sections.aggregate(last=Max("position"))["last"] or 0
        position = last + 1 if after is None else min(after, last) + 1
        # Make room: shift later sections down, from the last one so positions stay unique.
        for later in report.sections.filter(position__gte=position).order_by("-position"):
            later.position += 1
            later.save(update_fields=["position"])
        section, before = ReportSection(report=report, position=position), None
    else:
        before = _section_snapshot(section)
    section.style, section.heading, section.body = fields.style, fields.heading.strip(), fields.body.strip()
    section.save()
    audit_record(
        actor=actor,
        action="report.section",
        obj=report,
        before=before,
        after=_section_snapshot(section),
        reason=_("Section %(position)s") % {"position": section.position},
    )
    return section


@transaction.atomic
def report_section_delete(*, actor: Actor, section: ReportSection) -> None:
    report = _lock_draft(section.report)
    before = _section_snapshot(section)
    section.delete()
    audit_record(actor=actor, action="report.section_delete", obj=report, before=before, after=None)


def _draft_fingerprint(report: Report) -> str:
    """What the PDF is made from in the report itself: its fields and its sections. Compared when the issued copy
    is stored, so that an edit made while the PDF rendered is never frozen unseen (updated_at alone misses a section
    edited, which does not save the report)."""
    sections = list(report.sections.order_by("position").values_list("position", "style", "heading", "body"))
    content = json.dumps([report_snapshot(report), sections], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()


@dataclass
class _Rendered:
    fingerprint: str
    figures: ReportFigures
    pdf: bytes
    signed: bool


def _report_render_for_issue(report: Report, progress: Callable[[int, int], None]) -> _Rendered:
    """Figures and signed PDF of a draft: the report, its sections and its figures read from one snapshot of the
    database (REPEATABLE READ, read only, on PostgreSQL when not inside a caller's transaction), then the PDF laid
    out from that plain document with no transaction open: the 7 s of rendering hold no lock and write nothing."""
    with read_only_snapshot():
        report = Report.objects.get(pk=report.pk)
        if report.is_issued:
            raise ReportFrozen(_("Report %(report)s is already issued.") % {"report": report})
        fingerprint = _draft_fingerprint(report)
        figures = report_figures_compute(report=report)
        document = report_document(report=report, figures=figures, as_issued=True)
    if document.unknown_codes:
        raise ReportInvalid(general=[unknown_codes_message(document.unknown_codes)])
    progress(1, ISSUE_STEPS)
    pdf = report_pdf(document)
    # Issued unsigned: the leader signs this frozen PDF first, the organisation's seal after (signature_services).
    signed = False
    progress(2, ISSUE_STEPS)
    return _Rendered(fingerprint, figures, pdf, signed)


# A draft edited while its PDF renders is rendered again, this many times at most, then refused.
ISSUE_RENDERS = 2
# The steps a background issue reports: figures computed, PDF rendered and signed, issued copy stored.
ISSUE_STEPS = 3


def _no_progress(done: int, total: int) -> None:
    pass


def report_issue(
    *, actor: Actor, report: Report, reason: str = "", progress: Callable[[int, int], None] | None = None
) -> Report:
    """Freeze the report: compute its figures once, render its PDF (unsigned: the leader's signature, then the
    seal, follow in reports.signature_services), store both with the PDF's SHA-256. Later edits to decisions or
    documents change neither.

    The rendering happens outside any write transaction (_report_render_for_issue); then one short transaction
    locks the draft, checks that it is still what was rendered and stores the issued copy with its audit entry.
    Killed at any moment, it leaves either the draft untouched or the whole issued report. Run by a background
    job (reports/tasks.py), which passes `progress` (step, steps)."""
    progress = progress or _no_progress
    for _attempt in range(ISSUE_RENDERS):
        progress(0, ISSUE_STEPS)
        rendered = _report_render_for_issue(report, progress)
        with transaction.atomic():
            report = _lock_draft(report)
            if _draft_fingerprint(report) != rendered.fingerprint:
                continue  # edited while it rendered: render what it says now
            before = report_snapshot(report)
            version_bump(report, expected_version=None)  # a header form still open is now out of date
            report.status = Report.Status.ISSUED
            report.issued_at = timezone.now()
            report.issued_by = acting_user(actor)
            report.snapshot = rendered.figures.as_json()
            report.pdf = rendered.pdf
            report.pdf_sha256 = hashlib.sha256(rendered.pdf).hexdigest()
            report.pdf_signed = rendered.signed
            report.save()
            audit_record(
                actor=actor,
                action="report.issue",
                obj=report,
                before=before,
                after=report_snapshot(report),
                reason=reason,
            )
            return report
    raise ReportInvalid(
        general=[_("Report %(report)s kept changing while it was being issued; issue it again.") % {"report": report}]
    )


def report_correction_start(
    *, actor: Actor, report: Report, number_symbol: str, date: datetime.date, reason: str
) -> Report:
    """A new draft that corrects an issued report: same text and settings, a new number and date."""
    fields = ReportFields(
        **{
            f.name: getattr(report, f.name)
            for f in dataclass_fields(ReportFields)
            if f.name not in ("number_symbol", "date")
        },
        number_symbol=number_symbol,
        date=date,
    )
    sections = [SectionFields(s.style, s.heading, s.body) for s in report.sections.all()]
    return report_create(actor=actor, fields=fields, sections=sections, corrects=report, reason=reason)


def sections_from_text(text: str) -> list[SectionFields]:
    """Sections from the fixture format: a line "=== style" opens a section, its heading lines end at a
    line "---" (a section without heading has none), the text follows. Lines before the first are comments."""
    sections = []
    for chunk in re.split(r"^=== ", text, flags=re.MULTILINE)[1:]:
        style, _, rest = chunk.partition("\n")
        heading, separator, body = rest.partition("\n---\n")
        if not separator:
            heading, body = "", rest
        sections.append(SectionFields(style.strip(), heading.strip(), body.strip()))
    return sections
