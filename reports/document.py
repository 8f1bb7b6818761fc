"""A report as plain data, ready for any renderer (HTML preview, PDF, DOCX).

A draft is assembled from the live database; an issued report from the snapshot stored when it was issued,
so that what prints later is what was signed. Renderers never query the database.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kernel.lib.formatting import vn_long_date
from reports import markup
from reports.errors import ReportInvalid
from reports.markup import Block, Span
from reports.models import DocumentProfile, Report
from reports.selectors import (
    Appendix2,
    LayoutError,
    SummaryFigure,
    appendix2_compute,
    appendix2_from_json,
    award_summary_compute,
)


@dataclass(frozen=True)
class Profile:
    """The layout rules of the document's date (see reports.models.DocumentProfile)."""

    code: str
    name: str
    page_number: str
    margin_top_mm: int
    margin_bottom_mm: int
    margin_left_mm: int
    margin_right_mm: int
    body_size_pt: int
    first_line_indent_mm: int


# Used only when no profile covers a date (an empty database): the values both texts allow.
FALLBACK_PROFILE = Profile("fallback", "A4", DocumentProfile.PageNumber.TOP_CENTER, 20, 20, 30, 15, 14, 10)


def profile_for(date: datetime.date) -> Profile:
    row = (
        DocumentProfile.objects.filter(valid_from__lte=date).exclude(valid_to__lt=date).order_by("-valid_from").first()
    )
    if row is None:
        return FALLBACK_PROFILE
    return Profile(
        row.code,
        row.name,
        row.page_number,
        row.margin_top_mm,
        row.margin_bottom_mm,
        row.margin_left_mm,
        row.margin_right_mm,
        row.body_size_pt,
        row.first_line_indent_mm,
    )


@dataclass(frozen=True)
class ReportFigures:
    """Everything a report computes from the data: the sentences of its text, Phụ lục 1 and Phụ lục 2."""

    summaries: dict[str, SummaryFigure]
    appendix1: object | None  # campaigns.selectors.Appendix1
    appendix2: Appendix2 | None

    def as_json(self) -> dict:
        # A list, not an object: PostgreSQL's jsonb does not keep the keys' order, and the layout's order matters.
        data: dict = {"summaries": [figure.as_json() for figure in self.summaries.values()]}
        if self.appendix1 is not None:
            data["appendix1"] = {
                "period": {"from": self.appendix1.start.isoformat(), "to": self.appendix1.end.isoformat()},
                **self.appendix1.as_json(),
            }
        if self.appendix2 is not None:
            data["appendix2"] = self.appendix2.as_json()
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ReportFigures":
        from campaigns.selectors import Appendix1

        appendix1 = data.get("appendix1")
        return cls(
            summaries={figure["code"]: SummaryFigure.from_json(figure) for figure in data["summaries"]},
            appendix1=Appendix1.from_json(appendix1) if appendix1 else None,
            appendix2=appendix2_from_json(data["appendix2"]) if "appendix2" in data else None,
        )


def _appendix1(start: datetime.date, end: datetime.date):
    from campaigns.selectors import appendix1_compute

    return appendix1_compute(start=start, end=end)


def report_figures_compute(*, report: Report) -> ReportFigures:
    """Raises ReportInvalid, with the reason, when a layout the report uses is broken."""
    start, end = report.period_start, report.period_end
    try:
        return _figures(report, start, end)
    except LayoutError as error:
        raise ReportInvalid(general=[str(error)]) from error


def _figures(report: Report, start: datetime.date, end: datetime.date) -> ReportFigures:
    return ReportFigures(
        summaries=award_summary_compute(start=start, end=end, layout=report.summary_layout),
        appendix1=_appendix1(start, end) if report.appendix1_title else None,
        appendix2=appendix2_compute(start=start, end=end, layout=report.appendix2_layout)
        if report.appendix2_layout_id
        else None,
    )


def report_figures(*, report: Report) -> ReportFigures:
    """The figures as issued (from the snapshot) or, for a draft, as the data gives them now."""
    if report.is_issued and report.snapshot:
        return ReportFigures.from_json(report.snapshot)
    return report_figures_compute(report=report)


@dataclass(frozen=True)
class Section:
    style: str
    heading_lines: tuple[str, ...]
    blocks: tuple[Block, ...]  # paragraphs and bullets only: figures are already written out


@dataclass(frozen=True)
class Appendix:
    kind: str  # "appendix1" or "appendix2"
    title: str
    caption: str
    content: object  # Appendix1 or Appendix2


@dataclass(frozen=True)
class ReportDocument:
    number_symbol: str
    parent_body: str
    issuing_body_lines: tuple[str, ...]
    place_and_date: str
    title: str
    summary_lines: tuple[str, ...]
    sections: tuple[Section, ...]
    signature_lines: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]
    appendices: tuple[Appendix, ...]
    profile: Profile
    is_draft: bool
    unknown_codes: tuple[str, ...] = field(default=())


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _figure_spans(figure: SummaryFigure) -> list[Span]:
    spans = [Span("text", figure.lead)]
    if figure.note:
        spans.append(Span("footnote", figure.note))
    return spans


def resolve_blocks(blocks: list[Block], summaries: dict[str, SummaryFigure], unknown: set[str]) -> list[Block]:
    """Write the computed figures into the text: [[code]] alone becomes its sentence and list, inline its sentence."""
    resolved = []
    for block in blocks:
        if block.kind == "figures":
            figure = summaries.get(block.code)
            if figure is None:
                unknown.add(block.code)
                resolved.append(Block("paragraph", (Span("text", f"[[{block.code}]]"),)))
                continue
            resolved.append(Block("paragraph", tuple(_figure_spans(figure))))
            resolved += [Block("bullet", (Span("text", f"- {item}"),)) for item in figure.items]
            continue
        spans: list[Span] = []
        for span in block.spans:
            if span.kind != "figures":
                spans.append(span)
            elif span.text in summaries:
                spans += _figure_spans(summaries[span.text])
            else:
                unknown.add(span.text)
                spans.append(Span("text", f"[[{span.text}]]"))
        resolved.append(Block(block.kind, tuple(spans)))
    return resolved


def _appendices(report: Report, figures: ReportFigures) -> tuple[Appendix, ...]:
    caption = (
        f"(Kèm theo Báo cáo số: {report.number_symbol} {vn_long_date(report.date)} của {report.issuing_body_name})"
    )
    appendices = []
    if figures.appendix1 is not None:
        appendices.append(Appendix("appendix1", f"Phụ lục 1: {report.appendix1_title}", caption, figures.appendix1))
    if figures.appendix2 is not None:
        appendices.append(Appendix("appendix2", figures.appendix2.title, caption, figures.appendix2))
    return tuple(appendices)


def report_document(*, report: Report, figures: ReportFigures | None = None, as_issued: bool = False) -> ReportDocument:
    """The report as it prints: for an issued report, from its snapshot; for a draft, from the data now,
    marked as a draft unless it is being rendered for issuing (`as_issued`)."""
    if figures is None:
        figures = report_figures(report=report)
    unknown: set[str] = set()
    sections = tuple(
        Section(
            style=section.style,
            heading_lines=_lines(section.heading),
            blocks=tuple(resolve_blocks(markup.parse(section.body), figures.summaries, unknown)),
        )
        for section in report.sections.all()
    )
    return ReportDocument(
        number_symbol=report.number_symbol,
        parent_body=report.parent_body,
        issuing_body_lines=_lines(report.issuing_body),
        place_and_date=f"{report.place}, {vn_long_date(report.date)}",
        title=report.title,
        summary_lines=_lines(report.summary),
        sections=sections,
        signature_lines=_lines(report.signature_lines),
        signer_name=report.signer_name,
        recipients=_lines(report.recipients),
        appendices=_appendices(report, figures),
        profile=profile_for(report.date),
        is_draft=not (report.is_issued or as_issued),
        unknown_codes=tuple(sorted(unknown)),
    )


def unknown_codes_message(codes) -> str:
    return _("The text uses figures that do not exist: %(codes)s.") % {
        "codes": ", ".join(f"[[{code}]]" for code in codes)
    }
