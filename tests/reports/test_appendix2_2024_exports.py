"""The table of today's catalog as people get it: Excel read back with openpyxl, the PDF with pdfplumber (its table
cells and its page size), for the half-year 20/12/2024–20/6/2025."""

import datetime
import io

import pdfplumber
import pytest
from openpyxl import load_workbook

from reports.layouts import layout_csv_lines
from reports.pdf import appendix2_pdf
from reports.selectors import appendix2_compute
from reports.services import CATALOG_DIR
from reports.xlsx import appendix2_xlsx
from tests.factories import make_decision, recipient

pytestmark = pytest.mark.django_db
START, END = datetime.date(2024, 12, 20), datetime.date(2025, 6, 20)
LABELS = [line.fields["label"] for line in layout_csv_lines(CATALOG_DIR / "appendix2_layout_2024.csv")]


@pytest.fixture
def table():
    day = datetime.date(2025, 3, 3)
    make_decision(
        date=day,
        recipients=[
            recipient("KNC_TINH", "dedication", "individual", grassroots=True),
            recipient("BK_TINH", "campaign", "collective", name="Trường Tiểu học Hoàng Đồng", grassroots=True),
            recipient("BK_TINH", "ad_hoc", "family", name="Gia đình ông Lăng Văn Hưng"),
        ],
    )
    make_decision(
        date=day,
        symbol="QĐ-TTg",
        authority="prime_minister",
        recipients=[recipient("BK_TTCP", "dedication", "individual", name="Hoàng Văn Thụ")],
    )
    table = appendix2_compute(start=START, end=END)
    assert table.warnings == []  # so neither file prints one
    return table


def test_the_excel_file_has_every_line_with_numbers_and_rows_tall_enough_for_long_labels(table):
    sheet = load_workbook(io.BytesIO(appendix2_xlsx(table))).active
    assert sheet["A1"].value == "Phụ lục 2: Kết quả khen thưởng 6 tháng đầu năm 2025"
    rows = list(sheet.iter_rows(min_row=5, max_row=4 + len(LABELS) + 1, values_only=True))
    assert [row[1] for row in rows[:-1]] == LABELS and rows[-1][0] == "TỔNG CỘNG"
    by_label = {row[1]: row[2:8] for row in rows}
    assert by_label["Kỷ niệm chương của tỉnh"] == (0, 1, 0, 0, 1, 0)
    bk_tinh = LABELS.index("Bằng khen của Chủ tịch UBND tỉnh, trong đó:")
    assert [row[2:8] for row in rows[bk_tinh + 1 : bk_tinh + 3]] == [(1, 0, 0, 1, 0, 0), (0, 0, 1, 0, 0, 1)]
    assert by_label["Khen thưởng cấp tỉnh"] == (1, 1, 1, 1, 1, 1)  # a family is always grassroots
    assert rows[-1][2:8] == (1, 2, 1, 1, 1, 1) and all(isinstance(v, int) for v in rows[-1][2:8])
    notes = [r[0] for r in sheet.iter_rows(min_row=5, values_only=True) if r[0] and str(r[0]).startswith("*")]
    assert notes == ["* Số liệu tính từ 20/12/2024 đến hết 20/6/2025./."]  # and no warning under it
    # The longest label wraps over several lines: its row is as tall as they are, a one-line row keeps its height.
    longest = 5 + max(range(len(LABELS)), key=lambda i: len(LABELS[i]))
    assert sheet.row_dimensions[longest].height >= 2 * 15.75
    assert sheet.row_dimensions[5 + LABELS.index("Bà mẹ Việt Nam Anh hùng")].height is None


@pytest.mark.pdf
def test_the_pdf_holds_every_line_in_its_cells_on_a4_pages(table):
    with pdfplumber.open(io.BytesIO(appendix2_pdf(table))) as pdf:
        assert {(round(page.width), round(page.height)) for page in pdf.pages} == {(595, 842)}
        assert len(pdf.pages) <= 2
        cells = [row for page in pdf.pages for t in page.extract_tables() for row in t]
        text = " ".join(page.extract_text() for page in pdf.pages)
    labels = [
        " ".join(row[1].split()) for row in cells if row[1] and row[1] != "Danh hiệu thi đua và hình thức khen thưởng"
    ]
    assert [label for label in labels if label in LABELS] == LABELS  # each line once, in order, unclipped
    kyniem = next(row for row in cells if row[1] == "Kỷ niệm chương của tỉnh")
    assert [cell or "" for cell in kyniem[2:8]] == ["", "1", "", "", "1", ""]
    total = next(row for row in cells if row[0] == "TỔNG CỘNG")
    assert [cell or "" for cell in total[2:8]] == ["1", "2", "1", "1", "1", "1"]
    assert "Số liệu tính từ 20/12/2024 đến hết 20/6/2025" in text
