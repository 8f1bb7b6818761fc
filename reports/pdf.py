"""Phụ lục 1, Phụ lục 2 and whole reports as A4 PDF."""

from dataclasses import dataclass

from django.template.loader import render_to_string

from campaigns.selectors import Appendix1
from kernel.lib.pdf import html_to_pdf, render_pdf
from reports.document import Profile, ReportDocument, profile_for
from reports.selectors import Appendix2, appendix1_note, appendix1_title


@dataclass(frozen=True)
class AppendixPage:
    """What documents/_document_style.html needs of an appendix printed on its own: the formatting profile of
    the period's last day (margins, page numbers) and no draft mark (it is a listing, not a signed text)."""

    profile: Profile
    is_draft: bool = False


def appendix1_pdf(table: Appendix1) -> bytes:
    context = {
        "table": table,
        "title": appendix1_title(table.start, table.end),
        "note": appendix1_note(table.start, table.end),
        "doc": AppendixPage(profile_for(table.end)),
    }
    return render_pdf("reports/appendix1_pdf.html", context)


def appendix2_pdf(table: Appendix2) -> bytes:
    return render_pdf("reports/appendix2_pdf.html", {"table": table})


def report_html(doc: ReportDocument) -> str:
    return render_to_string("reports/report_pdf.html", {"doc": doc})


def report_pdf(doc: ReportDocument) -> bytes:
    return html_to_pdf(report_html(doc))
