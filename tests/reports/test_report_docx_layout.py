"""The Word copy of a report lays its tables out as the PDF does.

Read back with python-docx: fixed-layout tables whose grid and cells carry the PDF's column widths (the header's
two columns wide enough for each of its lines, Phụ lục 2's label column wide and its count columns narrow), and
the PDF's line height. Laid out by LibreOffice when it is installed (scripts/check_docx_layout.py): Phụ lục 2 on
one page and as many pages as the PDF."""

import dataclasses
import importlib.util
import io
from functools import cache
from pathlib import Path

import docx
import pytest
from django.conf import settings
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont

from reports.document import profile_for, report_document
from reports.docx import report_docx
from reports.models import DocumentProfile, Report

BASE = Path(settings.BASE_DIR)
FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}


def _load_check_script():
    spec = importlib.util.spec_from_file_location("check_docx_layout", BASE / "scripts" / "check_docx_layout.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check = _load_check_script()


def _twips(mm: float) -> float:
    return mm * 1440 / 25.4


@pytest.fixture
def report(demo):
    return Report.objects.get(number=235, symbol="BC-UBND")


@pytest.fixture
def doc(report):
    return report_document(report=report)


def _word(doc):
    return docx.Document(io.BytesIO(report_docx(doc)))


def _text_width(doc) -> float:
    return _twips(210 - doc.profile.margin_left_mm - doc.profile.margin_right_mm)


def _grid(table) -> list[int]:
    return [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.gridCol_lst]


def _cell_margins(table) -> int:
    """Left plus right cell margin of the table, in twips (Word's default 108 each when the table sets none)."""
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    if margins is None:
        return 2 * 108
    return sum(int(margins.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right"))


def _appendix2(document):
    (table,) = [t for t in document.tables if t.cell(0, 0).text == "TT"]
    return table


@cache
def _font(bold: bool, italic: bool) -> TTFont:
    return TTFont(BASE / "thiduakhenthuong" / "static" / "fonts" / FONT_FILES[bold, italic])


def _line_width(paragraph, default_pt: float) -> float:
    """Twips the paragraph's text takes on one line in Liberation Serif (Times New Roman's metrics)."""
    width = 0.0
    for run in paragraph.runs:
        font = _font(bool(run.bold), bool(run.italic))
        cmap, metrics = font.getBestCmap(), font["hmtx"]
        units = sum(metrics[cmap[ord(char)]][0] for char in run.text)
        size = run.font.size.pt if run.font.size else default_pt
        width += units / font["head"].unitsPerEm * size * 20
    return width


@pytest.mark.parametrize("margins", [None, (35, 20)], ids=["demo profile", "widest lawful margins"])
def test_every_table_has_fixed_columns_filling_the_text_width_and_each_cell_its_columns_width(doc, margins):
    if margins:
        left, right = margins
        doc = dataclasses.replace(
            doc, profile=dataclasses.replace(doc.profile, margin_left_mm=left, margin_right_mm=right)
        )
    document = _word(doc)
    assert len(document.tables) == 3  # header, closing, Phụ lục 2
    for table in document.tables:
        grid = _grid(table)
        assert table.autofit is False  # <w:tblLayout w:type="fixed"/>
        assert sum(grid) == pytest.approx(_text_width(doc), abs=1)
        table_width = table._tbl.tblPr.find(qn("w:tblW"))
        assert (table_width.get(qn("w:type")), int(table_width.get(qn("w:w")))) == ("dxa", sum(grid))
        for row in table._tbl.tr_lst:
            offset = 0
            for cell in row.tc_lst:
                width = cell.tcPr.find(qn("w:tcW"))
                # Every cell of a column has the column's width; a merged cell the sum of the columns it spans.
                assert width.get(qn("w:type")) == "dxa"
                assert int(width.get(qn("w:w"))) == sum(grid[offset : offset + cell.grid_span])
                offset += cell.grid_span
            assert offset == len(grid)


def test_the_header_columns_are_those_of_the_pdf_and_hold_each_line_on_one_line(doc):
    document = _word(doc)
    header = document.tables[0]
    left, right = _grid(header)
    assert left / _text_width(doc) == pytest.approx(0.4, abs=0.001)  # td.doc-header-left { width: 40% }
    assert right / _text_width(doc) == pytest.approx(0.6, abs=0.001)
    lines = {}
    for column, cell in zip((left, right), header.rows[0].cells, strict=True):
        room = column - _cell_margins(header)
        for paragraph in cell.paragraphs:
            if paragraph.text:
                lines[paragraph.text] = (_line_width(paragraph, doc.profile.body_size_pt), room)
    assert {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 235/BC-UBND"} <= set(lines)
    too_long = {text: round(width / 20) for text, (width, room) in lines.items() if width > room}
    assert too_long == {}, f"lines wider than their column (points): {too_long}"
    # Half the text width (python-docx's equal columns) was too narrow for the national title.
    national_title = lines["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"][0]
    assert national_title > _text_width(doc) / 2 - _cell_margins(header)


def test_phu_luc_2_has_a_wide_label_column_and_narrow_count_columns_as_in_the_pdf(doc):
    table = _appendix2(_word(doc))
    number, label, *counts = _grid(table)
    assert label > 0.4 * _text_width(doc)
    assert number == round(_twips(10)) and counts == [round(_twips(14))] * 6  # col.col-no, col.col-count
    assert table.cell(0, 1).text == "Danh hiệu thi đua và hình thức khen thưởng"
    rows = table._tbl.tr_lst
    # The head repeats on a following page; no row is split across pages (break-inside: avoid).
    assert [row.trPr.find(qn("w:tblHeader")) is not None for row in rows[:3]] == [True, True, False]
    assert all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows)


def test_phu_luc_2_cells_take_the_pdf_sizes_blank_cells_included(doc):
    """A blank cell is as high as its paragraph's style: in Normal's 14 pt the table ran over a page."""
    table = _appendix2(_word(doc))
    sizes = set()
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                style = paragraph.style
                # The PDF's table lines: 1.15 em, as a minimum in points.
                assert style.paragraph_format.line_spacing_rule == WD_LINE_SPACING.AT_LEAST
                assert style.paragraph_format.line_spacing.pt == pytest.approx(1.15 * style.font.size.pt, abs=0.01)
                sizes.add(style.font.size.pt)
                assert all(run.font.size is None or run.font.size.pt <= 12 for run in paragraph.runs)
    assert sizes == {11, 12}  # the head in 11 pt, the rows in 12 pt


def test_lines_are_spaced_as_in_the_pdf(doc):
    document = _word(doc)
    normal = document.styles["Normal"].paragraph_format
    # The PDF's 1.2 em in points, at least (Word's and LibreOffice's "single" lines differ: 1.15 and 1.107 em);
    # no space after a paragraph unless set.
    assert normal.line_spacing_rule == WD_LINE_SPACING.AT_LEAST
    assert normal.line_spacing.pt == pytest.approx(1.2 * doc.profile.body_size_pt, abs=0.01)
    assert normal.space_after == 0
    # A paragraph set in another size has the lines of its size: the recipients' 11 pt, the motto's 13 pt.
    closing = document.tables[1]
    recipient = next(p for p in closing.cell(0, 0).paragraphs if p.text and p.text != "Nơi nhận:")
    assert recipient.paragraph_format.line_spacing.pt == pytest.approx(1.2 * 11, abs=0.01)
    titles = [p for p in document.paragraphs if p.text in {appendix.title for appendix in doc.appendices}]
    assert [p.paragraph_format.page_break_before for p in titles] == [True, True]  # section.appendix


def test_an_empty_phu_luc_1_says_so_as_in_the_pdf(doc):
    appendix1 = next(a for a in doc.appendices if a.kind == "appendix1")
    empty = dataclasses.replace(appendix1, content=dataclasses.replace(appendix1.content, rows=[]))
    document = _word(dataclasses.replace(doc, appendices=(empty,)))
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index(appendix1.title) + 2] == "Không có văn bản nào ban hành trong kỳ."  # as the PDF says


@pytest.mark.skipif(check.soffice() is None, reason="LibreOffice not installed")
def test_libreoffice_lays_phu_luc_2_on_one_page_and_the_report_on_as_many_pages_as_the_pdf(report, doc):
    layout = check.layout(check.docx_to_pdf(report_docx(doc)))
    assert layout.appendix2_on_one_page, layout
    assert abs(layout.pages - check.page_count(bytes(report.pdf))) <= 1, layout


@pytest.mark.parametrize("code", ["tt01-2011", "nd30-2020"])
def test_the_page_setup_is_the_pdf_profile(doc, code):
    """What the PDF's @page and html rules take from the formatting profile, the Word copy's sections and Normal
    style carry: A4 portrait, the margins, the body size in Times New Roman, the page number's place, page 1
    unnumbered (the appendices are portrait in both, their table fitting the text width)."""
    profile = DocumentProfile.objects.get(code=code)
    doc = dataclasses.replace(doc, profile=profile_for(profile.valid_from))
    assert doc.profile.code == code
    document = _word(doc)
    for section in document.sections:
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210, 297)
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert [round(m.mm, 1) for m in margins] == [
            profile.margin_top_mm,
            profile.margin_bottom_mm,
            profile.margin_left_mm,
            profile.margin_right_mm,
        ]
        assert section.different_first_page_header_footer  # @page :first { content: none }
        bottom_right = profile.page_number == DocumentProfile.PageNumber.BOTTOM_RIGHT
        numbered = section.footer if bottom_right else section.header
        assert "PAGE" in numbered._element.xml
        assert numbered.paragraphs[0].alignment == (
            WD_ALIGN_PARAGRAPH.RIGHT if bottom_right else WD_ALIGN_PARAGRAPH.CENTER
        )
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", profile.body_size_pt)
    body = [p for p in document.paragraphs if p.paragraph_format.first_line_indent is not None]
    assert body and {round(p.paragraph_format.first_line_indent.mm) for p in body} == {profile.first_line_indent_mm}
    # Every run set in a size of its own is in a size the PDF's CSS uses (8 pt rules, 10–14 pt text).
    sizes = {run.font.size.pt for p in document.paragraphs for run in p.runs if run.font.size}
    assert sizes <= {8, 10, 11, 12, 13, 14}


def test_notes_are_word_footnotes_at_the_foot_of_their_call_page(doc):
    """As in the PDF: each note in 10 pt at the foot of the page of its call, not in a list after the text
    (which made every page after the first note hold more text than the PDF's)."""
    document = _word(doc)
    expected = [
        span.text for s in doc.sections for block in s.blocks for span in block.spans if span.kind == "footnote"
    ]
    assert len(expected) == 12  # the seed's eleven and the definition of the grassroots share
    calls = [int(ref.get(qn("w:id"))) for ref in document.element.body.iter(qn("w:footnoteReference"))]
    assert calls == list(range(1, len(expected) + 1))
    part = document.part.part_related_by(RT.FOOTNOTES)
    notes = {
        int(note.get(qn("w:id"))): note
        for note in parse_xml(part.blob).findall(qn("w:footnote"))
        if note.get(qn("w:type")) is None
    }
    texts = {number: "".join(t.text for t in note.iter(qn("w:t"))).strip() for number, note in notes.items()}
    assert texts == dict(enumerate(expected, start=1))
    for note in notes.values():
        assert {int(size.get(qn("w:val"))) for size in note.iter(qn("w:sz"))} == {20}  # 10 pt
        assert len(list(note.iter(qn("w:footnoteRef")))) == 1  # the number, which Word writes
    assert not any(p.text.startswith("______") for p in document.paragraphs)


def test_the_portal_serif_is_embedded_as_times_new_roman(doc):
    """A machine without Times New Roman draws the copy with Liberation Serif 2 (its metrics), as the PDF: LibreOffice
    took DejaVu Serif otherwise and laid the demo report out on 27 pages."""
    document = _word(doc)
    assert document.settings.element.find(qn("w:embedTrueTypeFonts")) is not None
    table_part = document.part.part_related_by(RT.FONT_TABLE)
    font = next(f for f in parse_xml(table_part.blob).findall(qn("w:font")) if f.get(qn("w:name")) == "Times New Roman")
    vietnamese = "ỦY BAN NHÂN DÂN Lạng Sơn Độc lập - Tự do - Hạnh phúc ẫ ặ ệ ữ ỹ đ"
    for element, (bold, italic) in {
        "embedRegular": (False, False),
        "embedBold": (True, False),
        "embedItalic": (False, True),
        "embedBoldItalic": (True, True),
    }.items():
        embed = font.find(qn(f"w:{element}"))
        data = bytearray(table_part.related_parts[embed.get(qn("r:id"))].blob)
        key = bytes.fromhex(embed.get(qn("w:fontKey")).strip("{}").replace("-", ""))[::-1]
        for i in range(32):  # ECMA-376 font obfuscation: the first 32 bytes XORed with the key reversed
            data[i] ^= key[i % 16]
        face = TTFont(io.BytesIO(bytes(data)))
        assert face["name"].getBestFamilyName() == "Liberation Serif"
        assert face["name"].getBestSubFamilyName() == _font(bold, italic)["name"].getBestSubFamilyName()
        assert all(ord(char) in face.getBestCmap() for char in vietnamese)
        # Same advance widths as the PDF's face: the copy breaks its lines where the PDF does.
        cmap, original = face.getBestCmap(), _font(bold, italic)
        assert all(
            face["hmtx"][cmap[ord(c)]][0] == original["hmtx"][original.getBestCmap()[ord(c)]][0] for c in vietnamese
        )
