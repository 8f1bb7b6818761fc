"""A report as a Word document (python-docx), for staff who must still edit it by hand.

Same words as the PDF, laid out with Word's own means: the two-column header and the closing (Nơi nhận,
signature) are borderless tables, headings use Word's heading styles (so the navigation pane lists them),
page numbers are PAGE fields placed by the document's formatting profile. Notes are Word footnotes at the foot
of their call's page, and the portal's serif is embedded as the Times New Roman of the file
(reports/docx_parts.py), so that Word and LibreOffice break its pages where the PDF's break.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from kernel.lib.formatting import vn_int
from reports.document import ReportDocument
from reports.docx_parts import Footnotes, embed_serif
from reports.models import DocumentProfile

FONT = "Times New Roman"
HEADING_LEVEL = {"part": 1, "level1": 1, "level2": 2, "level3": 3}
# Column widths as the PDF's CSS gives them (templates/documents/_document_style.html, report_pdf.html):
# the header 40 % / 60 % of the text width, the closing 50 % / 50 %, Phụ lục 2 a 10 mm number column, six 14 mm
# count columns and the label column taking the rest.
HEADER_SHARES = (0.4, 0.6)
CLOSING_SHARES = (0.5, 0.5)
APPENDIX2_NUMBER_MM, APPENDIX2_COUNT_MM = 10, 14
# The PDF's line heights (html { line-height: 1.2 }, its tables and notes 1.15), as a minimum line height in points
# for each paragraph's type size: Word's "single" line of Times New Roman is 1.15 em but LibreOffice's of the same
# metrics 1.107 em (no line gap), so a multiple of "single" put two more lines on LibreOffice's pages than on
# the PDF's. "At least" rather than "exactly": a taller line (a larger run) grows, as in CSS.
LINE_HEIGHT, TABLE_LINE_HEIGHT = 1.2, 1.15
# Space around headings (points before, after), as the PDF's .heading and .heading-part.
HEADING_SPACE = {"part": (12, 6), "level1": (6, 6), "level2": (6, 6), "level3": (6, 6)}


def _line_height(paragraph_format, size_pt: float, factor: float = LINE_HEIGHT) -> None:
    paragraph_format.line_spacing = Pt(round(size_pt * factor, 2))
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST


def _run(paragraph, text, *, bold=False, italic=False, size=None, superscript=False):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    run.font.name = FONT
    run.font.color.rgb = RGBColor(0, 0, 0)
    if size:
        run.font.size = Pt(size)
        _line_height(paragraph.paragraph_format, size)  # the paragraph's lines follow its type, as in the PDF
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
    # The PDF's lines are 1.2 em apart with no space after a paragraph unless asked; python-docx's template adds
    # 10 pt after each paragraph and 1.15 lines (the demo report ran two pages longer than its PDF).
    _line_height(style.paragraph_format, profile.body_size_pt)
    style.paragraph_format.space_after = Pt(0)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _text_width_twips(doc: ReportDocument) -> int:
    return _twips(210 - doc.profile.margin_left_mm - doc.profile.margin_right_mm)


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _cell_margins(table, *, left_right_pt: float, top_bottom_pt: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side, points in (
        ("top", top_bottom_pt),
        ("left", left_right_pt),
        ("bottom", top_bottom_pt),
        ("right", left_right_pt),
    ):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(points * 20)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _fix_widths(table, widths: list[int]) -> None:
    """Give the table fixed column widths (twips): fixed layout, the table's width, each column of the grid
    (what LibreOffice reads) and each cell, a merged cell the sum of the columns it spans (what Word reads).

    python-docx gives every column the same width (the text width divided by the number of columns)."""
    table.autofit = False
    tbl = table._tbl
    table_width = tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(widths)))
    for column, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = Twips(width)
    for row in tbl.tr_lst:
        offset = 0
        for cell in row.tc_lst:
            cell.width = Twips(sum(widths[offset : offset + cell.grid_span]))
            offset += cell.grid_span


def _row_properties(row, *, header: bool = False) -> None:
    """Keep the row on one page (the PDF's `break-inside: avoid`); a header row repeats on each page."""
    properties = row._tr.get_or_add_trPr()
    names = ["w:cantSplit", "w:tblHeader"] if header else ["w:cantSplit"]
    for name in names:
        properties.append(OxmlElement(name))


def _borderless_table(document, doc: ReportDocument, shares: tuple[float, float]):
    table = document.add_table(rows=1, cols=len(shares))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = _text_width_twips(doc)
    first = round(total * shares[0])
    _fix_widths(table, [first, total - first])
    _cell_margins(table, left_right_pt=0, top_bottom_pt=0)  # the PDF's cells have no padding
    return table


def _header(document, doc: ReportDocument) -> None:
    left, right = _borderless_table(document, doc, HEADER_SHARES).rows[0].cells
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
    # 6 pt above the date and the header table's 10 pt below it, as in the PDF.
    place_date = _paragraph(right, doc.place_and_date, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, size=14)
    place_date.paragraph_format.space_before, place_date.paragraph_format.space_after = Pt(6), Pt(10)


def _body(document, doc: ReportDocument) -> None:
    indent = doc.profile.first_line_indent_mm
    title = _paragraph(document, doc.title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=14)
    title.paragraph_format.space_before = Pt(12)
    for line in doc.summary_lines:
        _paragraph(document, line, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=14)
    _paragraph(document, "———", align=WD_ALIGN_PARAGRAPH.CENTER, size=8, after_pt=12)
    notes = Footnotes(document)
    for section in doc.sections:
        if section.heading_lines:
            heading = document.add_paragraph(style=f"Heading {HEADING_LEVEL[section.style]}")
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER if section.style == "part" else WD_ALIGN_PARAGRAPH.JUSTIFY
            heading.paragraph_format.first_line_indent = None if section.style == "part" else Mm(indent)
            before, after = HEADING_SPACE[section.style]
            heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(before), Pt(after)
            for i, line in enumerate(section.heading_lines):
                run = _run(heading, line, bold=True, italic=section.style == "level3", size=14)
                if i < len(section.heading_lines) - 1:
                    run.add_break(WD_BREAK.LINE)
        for block in section.blocks:
            paragraph = _paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_mm=indent, after_pt=6)
            for span in block.spans:
                if span.kind == "footnote":
                    notes.call(paragraph, span.text)
                else:
                    _run(paragraph, span.text, bold=span.kind == "bold", italic=span.kind == "italic")


def _closing(document, doc: ReportDocument) -> None:
    table = _borderless_table(document, doc, CLOSING_SHARES)
    _row_properties(table.rows[0])  # the closing stays on one page, as in the PDF
    left, right = table.rows[0].cells
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


def _table_style(document, name: str, size: float):
    """A paragraph style for a table's cells: its size holds for empty cells too (an empty paragraph takes its
    height from its style, so cells left blank in Normal's 14 pt made Phụ lục 2 run over a page). Lines of the
    PDF's 1.15 em."""
    if name in [style.name for style in document.styles]:
        return document.styles[name]
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size)
    _line_height(style.paragraph_format, size, TABLE_LINE_HEIGHT)
    return style


def _cell_text(cell, text, *, style, bold=False, italic=False, center=True) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if text:
        _run(paragraph, text, bold=bold, italic=italic)


def _appendix2_table(document, doc: ReportDocument, table) -> None:
    """As templates/reports/_appendix2_table.html prints it: 12 pt, its head in 11 pt bold repeated on each page,
    no row split across pages, cells padded 1 pt × 3 pt."""
    heading, body = _table_style(document, "Table Heading", 11), _table_style(document, "Table Text", 12)
    grid = document.add_table(rows=2, cols=8)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    head, sub = grid.rows[0].cells, grid.rows[1].cells
    _cell_text(head[0].merge(sub[0]), "TT", style=heading, bold=True)
    _cell_text(head[1].merge(sub[1]), "Danh hiệu thi đua và hình thức khen thưởng", style=heading, bold=True)
    _cell_text(head[2].merge(head[4]), "Số lượng", style=heading, bold=True)
    _cell_text(head[5].merge(head[7]), "Trong đó đối tượng ở cơ sở, lao động trực tiếp", style=heading, bold=True)
    for i, word in enumerate(["Tập thể", "Cá nhân", "Gia đình"] * 2):
        _cell_text(sub[2 + i], word, style=heading, bold=True)
    for row in table.rows:
        cells = grid.add_row().cells
        # Levels in bold, breakdown lines' labels in italics, as in the PDF.
        bold = row.depth == 0
        _cell_text(cells[0], row.number, style=body, bold=bold)
        _cell_text(cells[1], row.label, style=body, bold=bold, italic=row.depth == 2, center=False)
        for cell, value in zip(cells[2:], row.counts, strict=True):
            _cell_text(cell, vn_int(value) if value else "", style=body, bold=bold)
    total = table.total
    cells = grid.add_row().cells
    _cell_text(cells[0].merge(cells[1]), total.label, style=body, bold=True)
    for cell, value in zip(cells[2:], total.counts, strict=True):
        _cell_text(cell, vn_int(value) if value else "", style=body, bold=True)
    cells = grid.add_row().cells
    _cell_text(cells[0].merge(cells[1]), "", style=body)
    _cell_text(cells[2].merge(cells[4]), vn_int(total.all_kinds), style=body, bold=True)
    _cell_text(cells[5].merge(cells[7]), vn_int(total.grassroots_all_kinds), style=body, bold=True)
    text = _text_width_twips(doc)
    number, count = _twips(APPENDIX2_NUMBER_MM), _twips(APPENDIX2_COUNT_MM)
    _fix_widths(grid, [number, text - number - 6 * count, *[count] * 6])
    _cell_margins(grid, left_right_pt=3, top_bottom_pt=1)
    for i, row in enumerate(grid.rows):
        _row_properties(row, header=i < 2)


def _appendices(document, doc: ReportDocument) -> None:
    for appendix in doc.appendices:
        title = _paragraph(document, appendix.title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=14)
        title.paragraph_format.page_break_before = True
        _paragraph(document, appendix.caption, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, after_pt=6)
        if appendix.kind == "appendix1":
            # As the PDF: one paragraph per document, or a line saying there is none.
            lines = [f"{row.no}. {row.text}" for row in appendix.content.rows] or [appendix.content.empty_text]
            for line in lines:
                _paragraph(
                    document,
                    line,
                    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                    indent_mm=doc.profile.first_line_indent_mm,
                    after_pt=6,
                )
        else:
            _appendix2_table(document, doc, appendix.content)
            note = _paragraph(document, appendix.content.period_note, italic=True)
            note.paragraph_format.space_before = Pt(6)
            for warning in appendix.content.warnings:
                _paragraph(document, warning, bold=True)


def report_docx(doc: ReportDocument) -> bytes:
    document = Document()
    _setup_page(document, doc)
    if doc.is_draft:
        _paragraph(document, "DỰ THẢO", align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True, size=11)
    else:
        # A paragraph 1 pt high before the header's table: LibreOffice (7.4) sets a file that opens with a table
        # and has footnotes a line lower (its importer's placeholder paragraph stays).
        lead = _paragraph(document)
        lead.paragraph_format.line_spacing, lead.paragraph_format.line_spacing_rule = Pt(1), WD_LINE_SPACING.EXACTLY
    _header(document, doc)
    _body(document, doc)
    _closing(document, doc)
    _appendices(document, doc)
    embed_serif(document, family=FONT)
    document.core_properties.title = f"{doc.title} {doc.number_symbol}"
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
