"""A report as a Word document (python-docx), for staff who must still edit it by hand.

Same words as the PDF, laid out with Word's own means: the two-column header and the closing (Nơi nhận,
signature) are borderless tables, headings use Word's heading styles (so the navigation pane lists them),
page numbers are PAGE fields placed by the document's formatting profile. Word footnotes are not in
python-docx: notes are numbered in the text and listed after it.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from kernel.lib.formatting import vn_int
from reports.document import ReportDocument
from reports.models import DocumentProfile

FONT = "Times New Roman"
HEADING_LEVEL = {"part": 1, "level1": 1, "level2": 2, "level3": 3}


def _run(paragraph, text, *, bold=False, italic=False, size=None, superscript=False):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    run.font.name = FONT
    run.font.color.rgb = RGBColor(0, 0, 0)
    if size:
        run.font.size = Pt(size)
    if superscript:
        run.font.superscript = True
    return run


def _paragraph(container, text="", *, align=None, bold=False, italic=False, size=None, indent_mm=0, after_pt=0):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after_pt)
    if indent_mm:
        paragraph.paragraph_format.first_line_indent = Mm(indent_mm)
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _page_number_field(paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _setup_page(document, doc: ReportDocument) -> None:
    profile = doc.profile
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(profile.margin_top_mm), Mm(profile.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(profile.margin_left_mm), Mm(profile.margin_right_mm)
    section.different_first_page_header_footer = True  # no number on page 1, by both texts
    if profile.page_number == DocumentProfile.PageNumber.BOTTOM_RIGHT:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(paragraph)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(profile.body_size_pt)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _borderless_table(document, columns: int, widths_mm: list[int]):
    table = document.add_table(rows=1, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
    return table


def _header(document, doc: ReportDocument) -> None:
    left, right = _borderless_table(document, 2, [65, 100]).rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc.parent_body:
        _run(left.paragraphs[0], doc.parent_body.upper(), size=13)
        left.add_paragraph().alignment = WD_ALIGN_PARAGRAPH.CENTER
    first = True
    for line in doc.issuing_body_lines:
        paragraph = left.paragraphs[-1] if first and not doc.parent_body else left.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, line, bold=True, size=13)
        first = False
    _paragraph(left, "———", align=WD_ALIGN_PARAGRAPH.CENTER, size=8)
    _paragraph(left, f"Số: {doc.number_symbol}", align=WD_ALIGN_PARAGRAPH.CENTER, size=13)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    motto = _paragraph(right, align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(motto, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13).underline = True
    _paragraph(right, doc.place_and_date, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, size=14, after_pt=6)


def _body(document, doc: ReportDocument) -> list[str]:
    indent = doc.profile.first_line_indent_mm
    _paragraph(document, doc.title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=14)
    for line in doc.summary_lines:
        _paragraph(document, line, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=14)
    _paragraph(document, "———", align=WD_ALIGN_PARAGRAPH.CENTER, size=8, after_pt=6)
    notes: list[str] = []
    for section in doc.sections:
        if section.heading_lines:
            heading = document.add_paragraph(style=f"Heading {HEADING_LEVEL[section.style]}")
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER if section.style == "part" else WD_ALIGN_PARAGRAPH.JUSTIFY
            heading.paragraph_format.first_line_indent = None if section.style == "part" else Mm(indent)
            for i, line in enumerate(section.heading_lines):
                run = _run(heading, line, bold=True, italic=section.style == "level3", size=14)
                if i < len(section.heading_lines) - 1:
                    run.add_break(WD_BREAK.LINE)
        for block in section.blocks:
            paragraph = _paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_mm=indent, after_pt=6)
            for span in block.spans:
                if span.kind == "footnote":
                    notes.append(span.text)
                    _run(paragraph, str(len(notes)), superscript=True)
                else:
                    _run(paragraph, span.text, bold=span.kind == "bold", italic=span.kind == "italic")
    return notes


def _closing(document, doc: ReportDocument) -> None:
    left, right = _borderless_table(document, 2, [85, 80]).rows[0].cells
    _run(left.paragraphs[0], "Nơi nhận:", bold=True, italic=True, size=12)
    for line in doc.recipients:
        _paragraph(left, line, size=11)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(doc.signature_lines):
        paragraph = right.paragraphs[0] if i == 0 else _paragraph(right, align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(paragraph, line, bold=True, size=14)
    for _ in range(4):
        _paragraph(right)
    _paragraph(right, doc.signer_name, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=14)


def _appendix2_table(document, table) -> None:
    grid = document.add_table(rows=2, cols=8)
    grid.style = "Table Grid"
    head, sub = grid.rows[0].cells, grid.rows[1].cells
    head[0].merge(sub[0]).text = "TT"
    head[1].merge(sub[1]).text = "Danh hiệu thi đua và hình thức khen thưởng"
    head[2].merge(head[4]).text = "Số lượng"
    head[5].merge(head[7]).text = "Trong đó đối tượng ở cơ sở, lao động trực tiếp"
    for i, word in enumerate(["Tập thể", "Cá nhân", "Gia đình"] * 2):
        sub[2 + i].text = word
    for row in [*table.rows, table.total]:
        cells = grid.add_row().cells
        texts = [row.number, row.label, *(vn_int(value) if value else "" for value in row.counts)]
        for cell, text in zip(cells, texts, strict=True):
            # Levels and the grand total in bold, breakdown lines in italics, as in the PDF.
            _run(cell.paragraphs[0], text, bold=row.depth in (0, 9), italic=row.depth == 2 and cell is cells[1])
    cells = grid.add_row().cells
    cells[2].merge(cells[4]).text = vn_int(table.total.all_kinds)
    cells[5].merge(cells[7]).text = vn_int(table.total.grassroots_all_kinds)


def _appendices(document, doc: ReportDocument) -> None:
    for appendix in doc.appendices:
        _paragraph(document).add_run().add_break(WD_BREAK.PAGE)
        _paragraph(document, appendix.title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=14)
        _paragraph(document, appendix.caption, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, after_pt=6)
        if appendix.kind == "appendix1":
            for row in appendix.content.rows:
                _paragraph(
                    document, f"{row.no}. {row.text}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_mm=10, after_pt=3
                )
        else:
            _appendix2_table(document, appendix.content)
            _paragraph(document, appendix.content.period_note, italic=True)
            for warning in appendix.content.warnings:
                _paragraph(document, warning, bold=True)


def report_docx(doc: ReportDocument) -> bytes:
    document = Document()
    _setup_page(document, doc)
    if doc.is_draft:
        _paragraph(document, "DỰ THẢO", align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True, size=11)
    _header(document, doc)
    notes = _body(document, doc)
    if notes:
        _paragraph(document, "______", size=10)
        for number, note in enumerate(notes, start=1):
            paragraph = _paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            _run(paragraph, str(number), superscript=True, size=10)
            _run(paragraph, f" {note}", size=10)
    _closing(document, doc)
    _appendices(document, doc)
    document.core_properties.title = f"{doc.title} {doc.number_symbol}"
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
