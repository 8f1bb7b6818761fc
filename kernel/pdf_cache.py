"""PDFs cached in the default storage (shared by every app server and worker, like the attachments) under
cache/<folder>/, named by the SHA-256 of the HTML they are laid out from.

The HTML of a print template holds everything printed, so the same HTML finds its PDF again and any change to
what is printed makes a new one: building the HTML is fast, laying it out is not (a 5,000-row decision: about
23 s). Files are written under a temporary name and renamed, so that a reader on another server, or a kill -9,
never leaves a partial PDF under a fingerprint. Old files are not pruned; `cache/` may be deleted at any time."""

import hashlib
import os
import tempfile
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kernel.lib.pdf import html_to_pdf

CACHE_PREFIX = "cache/"
# Part of the fingerprint: raise it when what shapes a PDF outside its HTML changes (fonts, WeasyPrint).
PRINT_VERSION = "1"


def cache_name(html: str, *, folder: str) -> str:
    return f"{CACHE_PREFIX}{folder}/{hashlib.sha256((PRINT_VERSION + html).encode()).hexdigest()}.pdf"


def cached_pdf(name: str) -> bytes | None:
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        content: bytes = handle.read()
    return content


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


def pdf_render_cached(html: str, *, folder: str, render: Callable[[str], bytes] | None = None) -> tuple[str, bytes]:
    """The cached PDF of this HTML, made by `render` (WeasyPrint by default) and stored first when missing:
    (storage name, bytes)."""
    name = cache_name(html, folder=folder)
    pdf = cached_pdf(name)
    if pdf is None:
        pdf = (render or html_to_pdf)(html)
        _store(name, pdf)
    return name, pdf
