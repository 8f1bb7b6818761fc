"""A long annex's table drawn straight into PDF pages with pydyf, then joined to the decision laid out by WeasyPrint
(issue #13, point 5: a 5,000-row decision in seconds; WeasyPrint spends tens of seconds breaking the lines of
30,000 table cells).

WeasyPrint still lays out the decision and the annex's title, caption and an empty table (its header row only);
the geometry is read from that layout (the columns' edges and padding, where the header ends, where the page number
and the draft mark sit), so the drawn rows continue the same table: same columns, 0.6 pt borders, 13 pt cells with
line height 1.15, bold 12 pt header repeated on each page, bold section, group and total rows, a row never split
across pages, the notes in 11 pt italic under the table, page numbers continuing the body's. The numbers mirror
documents/_annex_style.html. No business logic here: it draws a DecisionAnnex."""

import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydyf
from django.conf import settings

from kernel.lib.fonts import FONT_FILES
from reports.decision_print import DecisionAnnex
from reports.pdf_font import Face

PX = 0.75  # a CSS pixel in points: WeasyPrint's layout is in CSS pixels
CELL_SIZE, HEADER_SIZE, NOTE_SIZE = 13.0, 12.0, 11.0
CELL_LEADING, NOTE_LEADING = 1.15, 1.2
BORDER = 0.6
PAD_Y = 2.0
NOTE_GAP = 6.0  # p.annex-note: margin-top 6pt; p: margin-bottom 6pt
NUMBER_SIZE, MARK_SIZE = 13.0, 11.0


@dataclass(frozen=True)
class Anchor:
    x: float  # the left, centre or right end of the text, by align
    baseline: float  # from the page's top, in points
    align: str  # "left", "center", "right"


@dataclass(frozen=True)
class TableFrame:
    """The annex table as WeasyPrint laid out its header on the annex's first page, in points from the top left."""

    page_size: tuple[float, float]
    edges: tuple[float, ...]  # x of the vertical borders, left to right
    content: tuple[tuple[float, float], ...]  # (left, right) of each column's text
    header_top: float  # on the first page; on the others the header starts at the page's content top
    header_bottom: float
    content_top: float  # the page's top margin
    content_bottom: float  # the page's height less its bottom margin
    content_left: float
    content_right: float
    number: Anchor  # where the page number goes
    draft_mark: Anchor | None  # "DỰ THẢO" on a draft's pages


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _anchor(margin_box: Any) -> Anchor:
    line = next(b for b in _boxes(margin_box) if type(b).__name__ == "LineBox")
    text = next(b for b in _boxes(line) if type(b).__name__ == "TextBox")
    baseline = (line.position_y + line.baseline) * PX
    keyword = margin_box.at_keyword
    if keyword.endswith("center"):
        return Anchor((text.position_x + text.width / 2) * PX, baseline, "center")
    return Anchor((text.position_x + text.width) * PX, baseline, "right")


def table_frame(page: Any) -> TableFrame:
    """The frame of the annex table whose header WeasyPrint laid out on this page (its last)."""
    box = page._page_box
    cells = [b for b in _boxes(box) if type(b).__name__ == "TableCellBox" and b.element_tag == "th"]
    margins = {b.at_keyword: b for b in box.children if type(b).__name__ == "MarginBox" and b.children}
    number = next(b for k, b in margins.items() if k in ("@top-center", "@bottom-right"))
    mark = margins.get("@top-right")
    top = min(c.border_box_y() for c in cells) * PX
    return TableFrame(
        page_size=(page.width * PX, page.height * PX),
        edges=(*(c.border_box_x() * PX for c in cells), (cells[-1].border_box_x() + cells[-1].border_width()) * PX),
        content=tuple((c.content_box_x() * PX, (c.content_box_x() + c.width) * PX) for c in cells),
        header_top=top,
        header_bottom=max(c.border_box_y() + c.border_height() for c in cells) * PX,
        content_top=box.margin_top * PX,
        content_bottom=(page.height - box.margin_bottom) * PX,
        content_left=box.margin_left * PX,
        content_right=(page.width - box.margin_right) * PX,
        number=_anchor(number),
        draft_mark=_anchor(mark) if mark is not None else None,
    )


@dataclass(frozen=True)
class Text:
    face: Face
    size: float
    x: float
    baseline: float  # from the row's top
    data: bytes  # the encoded glyphs


@dataclass(frozen=True)
class Block:
    """A table row (with the x of its vertical borders) or a note's paragraph (no borders)."""

    height: float
    texts: tuple[Text, ...]
    rules: tuple[float, ...] = ()
    space_before: float = 0.0


# Characters pasted from Word or Excel that the serif has no glyph for: drawn as they print elsewhere.
SUBSTITUTES = {"\u2011": "-", "\u00ad": "", "\t": " "}


def _printable(text: str) -> str:
    """The text in NFC, without the invisible format and control characters a paste brings (a byte order mark, a
    zero-width space) that WeasyPrint does not draw either, and with a non-breaking hyphen as a hyphen: the serif
    has no glyph for them, and a missing glyph would print as a box."""
    text = "".join(SUBSTITUTES.get(char, char) for char in unicodedata.normalize("NFC", text))
    return "".join(char for char in text if char == "\n" or unicodedata.category(char) not in ("Cf", "Cc"))


def _words(face: Face, text: str, size: float, width: float) -> list[str]:
    """The lines of the text broken at spaces to fit the width; a word wider than the column is broken inside."""
    lines: list[str] = []
    space = face.width(" ", size)
    for paragraph in _printable(text).split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            advance = face.width(word, size)
            if line and used + space + advance <= width:
                line, used = f"{line} {word}", used + space + advance
                continue
            if line:
                lines.append(line)
            while advance > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and face.width(word[:cut], size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                advance = face.width(word, size)
            line, used = word, advance
        lines.append(line)
    return lines


class Layout:
    """The annex's rows as blocks: cells aligned "left", "center", "right", or "amount" (right, never wrapped)."""

    def __init__(self, annex: DecisionAnnex, frame: TableFrame, *, amount_column: bool) -> None:
        font_dir = Path(settings.PDF_FONT_DIR)
        self.regular = Face(font_dir / FONT_FILES["normal", "normal"], "Portal-Serif")
        self.bold = Face(font_dir / FONT_FILES["bold", "normal"], "Portal-Serif-Bold")
        self.italic = Face(font_dir / FONT_FILES["normal", "italic"], "Portal-Serif-Italic")
        self.annex = annex
        self.frame = frame
        self.amount_column = amount_column

    def _cell_texts(
        self, face: Face, size: float, text: str, span: tuple[float, float], align: str
    ) -> tuple[list[Text], int]:
        leading = size * CELL_LEADING
        half_leading = (leading - (face.ascent + face.descent) * size) / 2
        left, right = span
        # An amount never wraps (td:nth-child(5) in decision_pdf.html): the total's figure, in another column, does.
        lines = [text] if align == "amount" else _words(face, text, size, right - left)
        texts = []
        for index, line in enumerate(lines):
            if not line:
                continue
            width = face.width(line, size)
            if width > right - left:  # as in CSS, an overflowing line starts at the cell's left
                x = left
            else:
                x = {"left": left, "center": (left + right - width) / 2}.get(align, right - width)
            baseline = BORDER / 2 + PAD_Y + index * leading + half_leading + face.ascent * size
            texts.append(Text(face, size, x, baseline, face.encode(line)))
        return texts, len(lines)

    def _row(self, cells: list[tuple[Face, float, str, tuple[float, float], str]], rules: tuple[float, ...]) -> Block:
        texts: list[Text] = []
        bottom = 0.0
        for face, size, text, span, align in cells:
            drawn, lines = self._cell_texts(face, size, text, span, align)
            texts += drawn
            bottom = max(bottom, lines * size * CELL_LEADING)
        return Block(bottom + 2 * PAD_Y + BORDER, tuple(texts), rules)

    def header(self) -> Block:
        columns = self.frame.content
        labels = ("TT", *self.annex.headers)
        return self._row(
            [(self.bold, HEADER_SIZE, label, columns[i], "center") for i, label in enumerate(labels)],
            self.frame.edges,
        )

    def _full_width(self, text: str) -> Block:
        edges, columns = self.frame.edges, self.frame.content
        span = (columns[0][0], columns[-1][1])
        return self._row([(self.bold, CELL_SIZE, text, span, "left")], (edges[0], edges[-1]))

    def blocks(self) -> Iterator[Block]:
        """The table's rows after its header, then the notes, in order."""
        columns, edges = self.frame.content, self.frame.edges
        last = len(columns) - 1
        for section in self.annex.sections:
            if section.heading:
                yield self._full_width(section.heading)
            for group in section.groups:
                yield self._full_width(group.heading)
                for row in group.rows:
                    cells = [(self.regular, CELL_SIZE, str(row.no), columns[0], "center")]
                    for index, text in enumerate(row.cells, 1):
                        align = "amount" if self.amount_column and index == last else "left"
                        cells.append((self.regular, CELL_SIZE, text, columns[index], align))
                    yield self._row(cells, edges)
        if self.annex.total:
            label, figure = self.annex.total
            yield self._row(
                [
                    (self.bold, CELL_SIZE, label, (columns[0][0], columns[last - 1][1]), "center"),
                    (self.bold, CELL_SIZE, figure, columns[last], "right"),
                ],
                (edges[0], edges[last], edges[-1]),
            )
        for note in self.annex.notes:
            yield from self._note(note)

    def _note(self, note: str) -> Iterator[Block]:
        face, leading = self.italic, NOTE_SIZE * NOTE_LEADING
        half_leading = (leading - (face.ascent + face.descent) * NOTE_SIZE) / 2
        left, right = self.frame.content_left, self.frame.content_right
        for index, line in enumerate(_words(face, note, NOTE_SIZE, right - left)):
            text = Text(face, NOTE_SIZE, left, half_leading + face.ascent * NOTE_SIZE, face.encode(line))
            yield Block(leading, (text,), space_before=NOTE_GAP if index == 0 else 0.0)


def _paginate(layout: Layout) -> list[list[tuple[float, Block]]]:
    """Each page's blocks with their top (a row's top is its top border's centre line): the first page goes on
    under WeasyPrint's header row; every other page starts with the header row; a row that does not fit goes
    whole to the next page."""
    frame = layout.frame
    header = layout.header()
    pages: list[list[tuple[float, Block]]] = [[]]
    y = frame.header_bottom  # the centre line of the header's bottom border
    for block in layout.blocks():
        below = block.space_before + block.height + (BORDER / 2 if block.rules else 0)
        # A block goes to a new page when it does not fit, unless the page holds nothing yet and is a whole page
        # (the first one starts under WeasyPrint's header and may be short): a block taller than a page stays.
        first_page_only = len(pages) == 1 and not pages[-1]
        if y + below > frame.content_bottom and (pages[-1] or first_page_only):
            pages.append([])
            y = frame.content_top + BORDER / 2
            if block.rules:
                pages[-1].append((y, header))
                y += header.height
        y += block.space_before
        pages[-1].append((y, block))
        y += block.height
    return pages


def _draw_text(stream: pydyf.Stream, names: dict[int, str], text: Text, x: float, y: float, height: float) -> None:
    stream.begin_text()
    stream.set_font_size(names[id(text.face)], text.size)
    stream.set_text_matrix(1, 0, 0, 1, round(x, 3), round(height - y, 3))
    stream.show_text(text.data)
    stream.end_text()


def _draw_block(stream: pydyf.Stream, names: dict[int, str], top: float, block: Block, height: float) -> None:
    for text in block.texts:
        _draw_text(stream, names, text, text.x, top + text.baseline, height)
    if block.rules:
        left, right = block.rules[0], block.rules[-1]
        bottom = top + block.height
        for y in (top, bottom):
            stream.move_to(left - BORDER / 2, height - y)
            stream.line_to(right + BORDER / 2, height - y)
        for x in block.rules:
            stream.move_to(x, height - top)
            stream.line_to(x, height - bottom)
        stream.stroke()


def _draw_anchor(stream: pydyf.Stream, names: dict[int, str], face: Face, size: float, text: str, at: Anchor,
                 height: float) -> None:  # fmt: skip
    width = face.width(text, size)
    x = {"left": at.x, "center": at.x - width / 2, "right": at.x - width}[at.align]
    _draw_text(stream, names, Text(face, size, x, 0.0, face.encode(text)), x, at.baseline, height)


def annex_pages_pdf(annex: DecisionAnnex, frame: TableFrame, *, first_number: int, amount_column: bool) -> bytes:
    """The annex's table as a PDF whose first page is drawn over the annex's first page (laid out by WeasyPrint,
    numbered `first_number`: no number or mark of its own) and whose other pages follow it."""
    layout = Layout(annex, frame, amount_column=amount_column)
    pages = _paginate(layout)
    width, height = frame.page_size
    faces = (layout.regular, layout.bold, layout.italic)
    names = {id(face): f"F{index}" for index, face in enumerate(faces)}
    pdf = pydyf.PDF()
    streams = []
    for number, blocks in enumerate(pages, first_number):
        stream = pydyf.Stream(compress=True)
        stream.set_line_width(BORDER)
        for top, block in blocks:
            _draw_block(stream, names, top, block, height)
        if number > first_number:
            _draw_anchor(stream, names, layout.regular, NUMBER_SIZE, str(number), frame.number, height)
            if frame.draft_mark is not None:
                _draw_anchor(stream, names, layout.bold, MARK_SIZE, "DỰ THẢO", frame.draft_mark, height)
        streams.append(stream)
    fonts = pydyf.Dictionary()
    for index, face in enumerate(faces):
        if face.used:
            fonts[f"F{index}"] = face.embed(pdf, tag=f"FASTA{'ABC'[index]}").reference
    resources = pydyf.Dictionary({"Font": fonts})
    pdf.add_object(resources)
    for stream in streams:
        pdf.add_object(stream)
        page = pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": pdf.pages.reference,
                "MediaBox": pydyf.Array([0, 0, width, height]),
                "Contents": stream.reference,
                "Resources": resources.reference,
            }
        )
        pdf.add_page(page)
    output = io.BytesIO()
    pdf.write(output, compress=True)
    return output.getvalue()


def join(body: bytes, annex: bytes) -> bytes:
    """The decision's pages with the annex's first drawn page over the last, and the other drawn pages after."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(body)))
    drawn = PdfReader(io.BytesIO(annex))
    writer.pages[-1].merge_page(drawn.pages[0])
    for page in drawn.pages[1:]:
        writer.add_page(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
