"""A long annex's table drawn straight into the PDF (reports/annex_pdf.py) rather than laid out by WeasyPrint,
read back as a user would: every recipient once and in order, the header row on every annex page, Vietnamese text
that copies exactly, long names wrapped inside their column, page numbers continuing the decision's, the draft
mark, embedded fonts; and below the threshold, the PDF WeasyPrint makes today, byte for byte. The threshold is
lowered to 5 rows so that the decisions stay small."""

import datetime
import io
import re

import pdfplumber
import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from reports.decision_files import FAST_ANNEX_MARK, decision_pdf_render_cached, decision_print
from reports.decision_print import decision_pdf
from tests.factories import make_decision, recipient

MM = 72 / 25.4
TOP, BOTTOM = 20 * MM, (297 - 20) * MM
THRESHOLD = 5
# Every tone (huyền, sắc, hỏi, ngã, nặng) and every modified letter (ă â ê ô ơ ư đ), capitals and small letters.
DIACRITICS = "Đặng Ẩn Hữu Phước Ỗ Ợ Ử Ỵ"
DIACRITICS_TOO = "Quỳnh Mỹ Kiều Ẽ Ằ ỏ ệ"
LONG_NAME = (
    "Trung tâm Công nghệ Thông tin và Truyền thông tỉnh Lạng Sơn trực thuộc Sở Thông tin và Truyền thông Lạng Sơn"
)
# (decision date: its formatting profile, where page numbers go, issued or draft)
CASES = {
    "tt01-2011": (datetime.date(2018, 4, 11), "bottom-right", True),
    "nd30-2020": (datetime.date(2021, 3, 15), "top-center", False),
}

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def _names() -> list[str]:
    """The recipients in the annex's order: the collectives' group (I), then the individuals' (II)."""
    individuals = [f"Nguyễn Văn Người {i:03d}" for i in range(1, 71)]
    individuals[10] = DIACRITICS
    individuals[11] = DIACRITICS_TOO
    return [LONG_NAME, "Phòng Tổng hợp 001", *individuals]


def _recipients() -> list:
    names = _names()
    collectives = [recipient(recipient_kind="collective", name=n, unit_name="Sở Nội vụ") for n in names[:2]]
    individuals = [recipient(name=n, position="Chuyên viên", unit_name="Sở Tài chính") for n in names[2:]]
    return collectives + individuals


@pytest.fixture(scope="module", params=sorted(CASES))
def printed(request, django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import transaction

    date, where, issued = CASES[request.param]
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(DECISION_PDF_FAST_ANNEX_ROWS=THRESHOLD, MEDIA_ROOT=media),
    ):
        decision = make_decision(recipients=_recipients(), date=date, issued=issued)
        printed = decision_print(decision)
        _, content = decision_pdf_render_cached(printed)
        weasyprint_pages = len(PdfReader(io.BytesIO(decision_pdf(decision))).pages)
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            yield {"pdf": pdf, "bytes": content, "html": printed.html, "where": where, "issued": issued,
                   "weasyprint_pages": weasyprint_pages}  # fmt: skip
        transaction.set_rollback(True)


def _annex_pages(pdf) -> list:
    start = next(i for i, page in enumerate(pdf.pages) if "DANH SÁCH" in page.extract_text())
    return pdf.pages[start:]


def _edges(page) -> list[float]:
    """The x of the table's vertical borders, as drawn on the page."""
    return sorted({round(line["x0"], 1) for line in page.lines if abs(line["x0"] - line["x1"]) < 0.1})


def _column_text(page, left: float, right: float) -> str:
    """The text lying wholly inside a column, its lines joined by spaces."""
    return " ".join(page.within_bbox((left, TOP, right, BOTTOM)).extract_text().split())


def test_the_fast_path_drew_the_annex(printed):
    assert printed["html"].endswith(FAST_ANNEX_MARK)
    fonts = {char["fontname"] for page in _annex_pages(printed["pdf"]) for char in page.chars}
    assert any(name.startswith("FASTA") for name in fonts)


def test_every_recipient_appears_once_in_order(printed):
    pages = _annex_pages(printed["pdf"])
    names = _names()
    found = []  # (page index, position on the page) of each name
    for index, page in enumerate(pages):
        edges = _edges(page)
        column = _column_text(page, edges[1], edges[2])
        for name in names:
            for match in re.finditer(re.escape(name) + r"(?!\d)", column):
                found.append((index, match.start(), name))
    assert [name for _, _, name in sorted(found)] == names
    # The first rows sit under the caption on the annex's first page, the last on the last page.
    assert found[0][0] == 0 and max(found)[0] == len(pages) - 1 and len(pages) >= 3


def test_the_header_row_is_on_every_annex_page(printed):
    for page in _annex_pages(printed["pdf"]):
        text = page.extract_text()
        assert "TT Tên tập thể, họ và tên Chức vụ Đơn vị công tác, địa chỉ Số tiền\n(đồng)" in text
        assert len(_edges(page)) == 6  # TT, the three columns and the amount


def test_vietnamese_names_extract_exactly(printed):
    names = ""
    for page in _annex_pages(printed["pdf"]):
        edges = _edges(page)
        names += _column_text(page, edges[1], edges[2]) + " "
    assert f" {DIACRITICS} " in names and f" {DIACRITICS_TOO} " in names
    text = _annex_pages(printed["pdf"])[0].extract_text()
    assert "\nI. TẬP THỂ\n" in text and "\nII. CÁ NHÂN\n" in text  # the groups' heading rows


def test_a_long_name_wraps_inside_its_column(printed):
    page = _annex_pages(printed["pdf"])[0]
    edges = _edges(page)
    words = page.extract_words()
    first = next(w for w in words if w["text"] == "Trung")
    following = next(w for w in words if w["text"] == "Phòng")
    row = [w for w in words if first["top"] - 1 < w["top"] < following["top"] - 1 and edges[1] < w["x0"] < edges[2]]
    assert " ".join(w["text"] for w in row) == LONG_NAME
    assert len({round(w["top"]) for w in row}) >= 3  # on three lines at least
    assert all(edges[1] + 3 <= w["x0"] and w["x1"] <= edges[2] - 3 for w in row)  # inside the cell's padding


def test_page_numbers_continue_the_decisions_and_the_draft_is_marked(printed):
    pdf = printed["pdf"]
    # The same number of pages as WeasyPrint lays out (same rows per page).
    assert len(pdf.pages) == printed["weasyprint_pages"]
    for number, page in enumerate(pdf.pages[1:], start=2):
        words = page.extract_words()
        margins = [w["text"] for w in words if w["bottom"] < TOP or w["top"] > BOTTOM]
        assert str(number) in margins
        assert ("THẢO" in margins) is (not printed["issued"])
        [word] = [w for w in words if w["text"] == str(number) and (w["bottom"] < TOP or w["top"] > BOTTOM)]
        assert (word["top"] > BOTTOM) is (printed["where"] == "bottom-right")


def test_every_font_is_embedded(printed):
    reader = PdfReader(io.BytesIO(printed["bytes"]))
    seen = 0
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor
                seen += 1
    assert seen


@pytest.mark.parametrize("threshold", [0, THRESHOLD, 1000])
def test_at_or_below_the_threshold_the_pdf_is_weasyprints(settings, tmp_path, threshold):
    settings.MEDIA_ROOT = tmp_path
    settings.DECISION_PDF_FAST_ANNEX_ROWS = threshold
    decision = make_decision(recipients=[recipient(name=f"Nguyễn Văn Người {i}") for i in range(5)])
    printed = decision_print(decision)
    assert not printed.html.endswith(FAST_ANNEX_MARK)
    assert decision_pdf_render_cached(printed)[1] == decision_pdf(decision)


def test_the_download_serves_the_fast_pdf(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DECISION_PDF_FAST_ANNEX_ROWS = THRESHOLD
    decision = make_decision(recipients=[recipient(name=f"Nguyễn Văn Người {i}") for i in range(8)])
    response = staff_client.get(reverse("reports:decision-pdf", args=[decision.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
        assert all(f"Nguyễn Văn Người {i}" in text for i in range(8))
        assert any(c["fontname"].startswith("FASTA") for page in pdf.pages for c in page.chars)


def test_invisible_characters_pasted_into_a_name_print_as_weasyprint_prints_them(settings, tmp_path):
    """A byte order mark, a zero-width space, a soft hyphen or a tab from a pasted cell has no glyph in the serif:
    left out (a tab as a space), and a non-breaking hyphen drawn as a hyphen, never as a missing-glyph box."""
    settings.MEDIA_ROOT = tmp_path
    settings.DECISION_PDF_FAST_ANNEX_ROWS = THRESHOLD
    pasted = "\ufeffNguyễn\u200b Văn\tAn\u00ad Bình Đông\u2011Tây"
    names = [pasted, *(f"Nguyễn Văn Người {i}" for i in range(7))]
    decision = make_decision(recipients=[recipient(name=name) for name in names])
    with pdfplumber.open(io.BytesIO(decision_pdf_render_cached(decision_print(decision))[1])) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Nguyễn Văn An Bình" in text and "Đông-Tây" in text  # the column wraps the name after "Bình"
    assert not re.search("[\ufeff\u200b\u00ad\u2011\t]", text)
