"""HTML to PDF with WeasyPrint, with the portal's serif embedded, and footnotes kept on their call's page."""

import functools
import logging
import sys
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

from django.conf import settings
from django.template.loader import render_to_string

if TYPE_CHECKING:  # loaded only when a PDF is made (render_pdf); WeasyPrint ships no types, so these are Any
    from weasyprint import HTML, Document, Page

logger = logging.getLogger(__name__)

# Each pass lays the document out again (about half a second for twenty pages). Since WeasyPrint is told not
# to move notes (_document_class) a second pass is a safety net, not expected.
MAX_FOOTNOTE_PASSES = 8


@functools.cache
def _document_class() -> Any:
    """WeasyPrint's Document, laid out so that a footnote already placed on a page stays there.

    To squeeze the first lines of a paragraph in at a page's foot (when orphans or widows forbid breaking
    before them), WeasyPrint (70, layout/block.py `_linebox_layout`) moves the notes already placed on the page
    to the next one, unless it lays out columns, which it asks `context.in_column` there and nowhere else in
    that function. The layout context below answers True to that one question, so WeasyPrint breaks the page
    before the paragraph instead (taking a heading kept with it along), in the same pass; everywhere else the
    attribute keeps its value (the footnote area reads it). Without this each such report was laid out twice."""
    from weasyprint.document import Document
    from weasyprint.layout import LayoutContext
    from weasyprint.layout.block import _linebox_layout

    squeeze = _linebox_layout.__code__

    class NotesStayContext(LayoutContext):
        @property
        def in_column(self) -> bool:
            return bool(self.__dict__.get("in_column")) or sys._getframe(1).f_code is squeeze

        @in_column.setter
        def in_column(self, value: bool) -> None:
            self.__dict__["in_column"] = value

    class NotesStayDocument(Document):
        @classmethod
        def _build_layout_context(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
            context = super()._build_layout_context(*args, **kwargs)
            context.__class__ = NotesStayContext  # a subclass adding only the property
            return context

    return NotesStayDocument


def _render(html: "HTML") -> "Document":
    """html.render(), through the Document above (HTML.render builds its options the same way)."""
    from weasyprint import DEFAULT_OPTIONS

    return _document_class()._render(html, None, None, None, dict(DEFAULT_OPTIONS))


def _missing_notes(page: "Page") -> set[Element]:
    """Elements of the footnotes called on this page whose notes are not at its foot."""
    box = page._page_box
    calls = {d.footnote.element for d in box.descendants() if getattr(d, "footnote", None) is not None}
    notes = {d.element for area in box.children if type(area).__name__ == "FootnoteAreaBox" for d in area.descendants()}
    return calls - notes


def _misplaced_pages(document: "Document") -> list[int]:
    """Pages holding a footnote call whose note WeasyPrint moved to a later page.

    WeasyPrint (70) defers notes already placed on a page to squeeze the first lines of a paragraph in at
    its foot (layout/block.py, "report footnotes"); administrative documents need each note on its page."""
    return [index for index, page in enumerate(document.pages) if _missing_notes(page)]


def _previous_sibling(root: Element, element: Element) -> Element | None:
    for parent in root.iter():
        children = list(parent)
        if element in children:
            index = children.index(element)
            return children[index - 1] if index else None
    return None


def _block_to_push(root: Element, page: "Page") -> Element | None:
    """The element to start on the next page: the page's last paragraph, whose first lines WeasyPrint squeezed
    in by displacing the notes (with the heading just above it, so that a heading never ends a page)."""
    blocks = [
        d
        for d in page._page_box.descendants()
        if d.element_tag in ("p", "div") and type(d).__name__ == "BlockBox" and d.element is not None
    ]
    paragraphs = [b for b in blocks if b.element_tag == "p"]
    for candidate in reversed(paragraphs):
        element = candidate.element
        previous = _previous_sibling(root, element)
        if previous is not None and "heading" in (previous.get("class") or ""):
            return previous
        return element
    return None


def _paragraph_of_call(root: Element, page: "Page", notes_missing: set[Element]) -> Element | None:
    """The paragraph holding a call whose note is not on this page: pushing it takes call and note along."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for box in page._page_box.descendants():
        footnote = getattr(box, "footnote", None)
        if footnote is not None and footnote.element in notes_missing:
            element = parents.get(footnote.element)
            while element is not None and element.tag != "p":
                element = parents.get(element)
            return element
    return None


def _keep_footnotes_with_calls(html: "HTML") -> "Document":
    document = _render(html)
    for attempt in range(MAX_FOOTNOTE_PASSES + 1):
        misplaced = _misplaced_pages(document)
        if not misplaced:
            return document
        if attempt == MAX_FOOTNOTE_PASSES:
            break
        page = document.pages[misplaced[0]]
        element = _block_to_push(html.etree_element, page)
        if element is None or "break-before" in (element.get("style") or ""):
            # Pushing the page's last paragraph did not help: push the one that holds the call.
            element = _paragraph_of_call(html.etree_element, page, _missing_notes(page))
        if element is None or "break-before" in (element.get("style") or ""):
            break
        element.set("style", (element.get("style") or "") + ";break-before: page")
        logger.info("A footnote left its page: laid out again with a page break before <%s>.", element.tag)
        document = _render(html)
    logger.warning("Some footnotes could not be kept on the page of their call.")
    return document


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template_name, context))


def html_to_pdf(html: str) -> bytes:
    """The PDF of a print template's HTML (render_pdf in two steps, for callers that keep the HTML's hash)."""
    return html_to_document(html).write_pdf()


def html_to_document(html: str) -> "Document":
    """The laid-out pages of a print template's HTML, for a caller that reads the layout before writing the PDF."""
    # Imported here: loading WeasyPrint costs about half a second, which pages that print nothing skip.
    import weasyprint

    # Relative url()s in the print templates (the @font-face files) resolve against the font folder.
    base_url = f"{settings.PDF_FONT_DIR}/"
    document = weasyprint.HTML(string=html, base_url=base_url)
    return _keep_footnotes_with_calls(document)
