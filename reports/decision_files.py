"""A decision's PDF, cached in the default storage (shared by every app server, like the attachments) under
cache/decision-pdf/, named by the SHA-256 of the HTML it is laid out from.

The HTML holds everything printed (header, articles, every row, the catalog's names, money), so an unchanged
decision finds its PDF again and any change, a row edited or the header, makes a new one. Building the HTML is
fast; laying it out is not (a 5,000-row draft: about 23 s), so a large decision's PDF is made by a background job
(reports/tasks.py) when it is not in the cache yet. Cached files are written under a temporary name and renamed,
so that a reader (or a kill -9) never leaves a partial PDF under a fingerprint."""

import hashlib
import os
import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from awards.models import Decision
from kernel.lib.pdf import html_to_pdf
from reports.decision_print import decision_document

CACHE_PREFIX = "cache/decision-pdf/"
# Part of the fingerprint: raise it when what shapes the PDF outside its HTML changes (fonts, WeasyPrint).
PRINT_VERSION = "1"


def decision_html(decision: Decision) -> str:
    return render_to_string("awards/decision_pdf.html", {"doc": decision_document(decision=decision)})


def cache_name(html: str) -> str:
    return f"{CACHE_PREFIX}{hashlib.sha256((PRINT_VERSION + html).encode()).hexdigest()}.pdf"


def cached_pdf(name: str) -> bytes | None:
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def _store(name: str, pdf: bytes) -> None:
    try:
        path = default_storage.path(name)
    except NotImplementedError:  # a storage without local paths writes whole objects anyway
        default_storage.save(name, ContentFile(pdf))
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".partial-")
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pdf)
    os.replace(temporary, path)  # atomic: another server sees no file or the whole file


def decision_pdf_render_cached(html: str) -> tuple[str, bytes]:
    """The cached PDF of this HTML, rendered and stored first when missing: (storage name, bytes)."""
    name = cache_name(html)
    pdf = cached_pdf(name)
    if pdf is None:
        pdf = html_to_pdf(html)
        _store(name, pdf)
    return name, pdf


def decision_pdf_filename(decision: Decision) -> str:
    """Named like its symbol: 651-QĐ-UBND.pdf; a draft still without a number: du-thao-<id>-QĐ-UBND.pdf."""
    stem = f"du-thao-{decision.pk}" if decision.number is None else str(decision.number)
    return f"{stem}-{decision.symbol.replace('/', '-')}.pdf"
