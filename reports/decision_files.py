"""A decision's PDF and its file name, cached by the fingerprint of its printed HTML (kernel/pdf_cache.py) under
cache/decision-pdf/. The HTML holds everything printed (header, articles, every row, the catalog's names, money),
so an unchanged decision, draft or issued, is laid out once and any change makes a new PDF. A large decision's PDF
is made by a background job (reports/tasks.py) when it is not in the cache yet.

An annex of more than DECISION_PDF_FAST_ANNEX_ROWS rows has its table drawn by reports/annex_pdf.py under the
decision WeasyPrint lays out; its HTML then carries a mark (FAST_ANNEX_MARK), so that the two kinds of PDF of the
same decision never share a cache entry."""

from dataclasses import dataclass, replace

from django.conf import settings
from django.template.loader import render_to_string

from awards.models import Decision
from kernel import pdf_cache
from reports.decision_print import DecisionDocument, decision_document

FOLDER = "decision-pdf"
TEMPLATE = "awards/decision_pdf.html"
# Raise the version when what reports/annex_pdf.py draws changes.
FAST_ANNEX_MARK = "\n<!-- annex table drawn by reports/annex_pdf.py, version 1 -->\n"


@dataclass(frozen=True)
class DecisionPrint:
    document: DecisionDocument
    html: str  # everything printed, and how: the cache's fingerprint


def fast_annex(document: DecisionDocument) -> bool:
    """Whether the annex's table is drawn directly rather than laid out by WeasyPrint."""
    threshold: int = settings.DECISION_PDF_FAST_ANNEX_ROWS
    rows = sum(len(group.rows) for section in document.annex.sections for group in section.groups)
    return threshold > 0 and rows > threshold


def decision_print(decision: Decision) -> DecisionPrint:
    document = decision_document(decision=decision)
    html = render_to_string(TEMPLATE, {"doc": document})
    return DecisionPrint(document, html + FAST_ANNEX_MARK if fast_annex(document) else html)


def decision_html(decision: Decision) -> str:
    return decision_print(decision).html


def cache_name(html: str) -> str:
    return pdf_cache.cache_name(html, folder=FOLDER)


def decision_pdf_fast(document: DecisionDocument) -> bytes:
    """The decision laid out by WeasyPrint with its annex's title, caption and table header, the table's rows
    drawn under them and on the pages after (reports/annex_pdf.py)."""
    from kernel.lib.pdf import html_to_document
    from reports.annex_pdf import annex_pages_pdf, join, table_frame

    header_only = replace(document.annex, sections=(), total=None, notes=())
    laid_out = html_to_document(render_to_string(TEMPLATE, {"doc": replace(document, annex=header_only)}))
    drawn = annex_pages_pdf(
        document.annex,
        table_frame(laid_out.pages[-1]),
        first_number=len(laid_out.pages),
        amount_column=document.money is not None,
    )
    return join(laid_out.write_pdf(), drawn)


def decision_pdf_render_cached(printed: DecisionPrint) -> tuple[str, bytes]:
    if printed.html.endswith(FAST_ANNEX_MARK):
        return pdf_cache.pdf_render_cached(
            printed.html, folder=FOLDER, render=lambda _html: decision_pdf_fast(printed.document)
        )
    return pdf_cache.pdf_render_cached(printed.html, folder=FOLDER)


def decision_file_stem(decision: Decision) -> str:
    """A decision's files are named like its symbol: 651-QĐ-UBND; a draft still without a number:
    du-thao-<id>-QĐ-UBND."""
    stem = f"du-thao-{decision.pk}" if decision.number is None else str(decision.number)
    return f"{stem}-{decision.symbol.replace('/', '-')}"


def decision_pdf_filename(decision: Decision) -> str:
    return f"{decision_file_stem(decision)}.pdf"
