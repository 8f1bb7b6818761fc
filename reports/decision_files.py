"""A decision's PDF and its file name, cached by the fingerprint of its printed HTML (kernel/pdf_cache.py) under
cache/decision-pdf/. The HTML holds everything printed (header, articles, every row, the catalog's names, money),
so an unchanged decision, draft or issued, is laid out once and any change makes a new PDF. A large decision's PDF
is made by a background job (reports/tasks.py) when it is not in the cache yet."""

from django.template.loader import render_to_string

from awards.models import Decision
from kernel import pdf_cache
from reports.decision_print import decision_document

FOLDER = "decision-pdf"


def decision_html(decision: Decision) -> str:
    return render_to_string("awards/decision_pdf.html", {"doc": decision_document(decision=decision)})


def cache_name(html: str) -> str:
    return pdf_cache.cache_name(html, folder=FOLDER)


def decision_pdf_render_cached(html: str) -> tuple[str, bytes]:
    return pdf_cache.pdf_render_cached(html, folder=FOLDER)


def decision_pdf_filename(decision: Decision) -> str:
    """Named like its symbol: 651-QĐ-UBND.pdf; a draft still without a number: du-thao-<id>-QĐ-UBND.pdf."""
    stem = f"du-thao-{decision.pk}" if decision.number is None else str(decision.number)
    return f"{stem}-{decision.symbol.replace('/', '-')}.pdf"
