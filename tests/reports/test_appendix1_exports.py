"""Phụ lục 1 as Excel and PDF, read back the way people's tools read them (openpyxl, pdfplumber): the rows of
the demo's first half of 2018 (the seed's eighteen documents), the look of Phụ lục 2's workbook, the pages' and
the command's downloads; the JSON data unchanged."""

import datetime
import hashlib
import io
import json

import pdfplumber
import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.selectors import Appendix1, Appendix1Row, appendix1_compute
from kernel.lib.formatting import vn_date
from reports.pdf import appendix1_pdf
from reports.xlsx import appendix1_xlsx
from tests.factories import UserFactory
from tests.helpers import vietnamese
from tests.views_matrix import assert_permissions
from thiduakhenthuong.demo import documents_load

pytestmark = pytest.mark.django_db
START, END = datetime.date(2017, 12, 20), datetime.date(2018, 6, 20)
TITLE = "Phụ lục 1: Các văn bản đã ban hành trong 6 tháng đầu năm 2018"
NOTE = "* Văn bản ban hành từ 20/12/2017 đến hết 20/6/2018; không gồm văn bản đến./."
HEADERS = ["TT", "Số, ký hiệu", "Ngày ban hành", "Tên loại, cơ quan ban hành và trích yếu nội dung"]
SYMBOLS = [
    "05/BC-UBND", "01/PĐ-UBND", "60/UBND-KGVX", "14/KH-UBND", "48/TB-UBND", "83/TB-UBND",
    "238/UBND-KGVX", "63/KH-UBND", "77/KH-UBND", "651/QĐ-UBND", "659/QĐ-UBND", "675/QĐ-UBND",
    "343/UBND-KGVX", "59/KH-BBT", "60/TB-BBT", "61/TB-BTC", "397/UBND-KGVX", "443/UBND-KGVX",
]  # fmt: skip


@pytest.fixture
def table(db) -> Appendix1:
    assert documents_load() == 23
    return appendix1_compute(start=START, end=END)


def _one_line(text) -> str:
    return " ".join(str(text or "").split())


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_the_workbook_lists_the_periods_documents_in_phu_luc_2s_look(table):
    assert [r.symbol for r in table.rows] == SYMBOLS
    sheet = _sheet(appendix1_xlsx(table))
    assert sheet.title == "Phụ lục 1" and sheet["A1"].value == TITLE and "A1:D1" in {str(r) for r in sheet.merged_cells}
    assert sheet["A1"].font.bold and sheet["A1"].font.size == 14
    assert [c.value for c in sheet[3]] == HEADERS and all(c.font.bold and c.border.left.style for c in sheet[3])
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=4, max_row=3 + len(table.rows))]
    assert rows == [(r.no, r.symbol, datetime.datetime.combine(r.date, datetime.time()), r.text) for r in table.rows]
    assert rows[0] == (
        1,
        "05/BC-UBND",
        datetime.datetime(2018, 1, 6),
        "Báo cáo số 05/BC-UBND ngày 06/01/2018 của UBND tỉnh về việc Tổng kết phong trào thi đua, "
        "công tác khen thưởng năm 2017.",
    )
    assert sheet.cell(4 + len(table.rows) + 1, 1).value == NOTE
    for row in sheet.iter_rows(min_row=4, max_row=3 + len(table.rows)):
        assert all(c.border.left.style == "thin" and c.border.bottom.style == "thin" for c in row)
        assert all(c.font.name == "Times New Roman" and c.font.size == 12 for c in row)
        assert row[1].data_type == "s" and row[3].data_type == "s" and row[3].number_format == "@"  # typed: text
        assert row[2].number_format == "DD/MM/YYYY" and row[3].alignment.wrap_text
        lines = -(-len(row[3].value) // 62)  # at least the lines of the wrapped text, so none is cut off
        assert sheet.row_dimensions[row[0].row].height >= 15.75 * lines
    assert {k: sheet.column_dimensions[k].width for k in "ABCD"} == {"A": 6, "B": 17, "C": 13, "D": 64}
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) and sheet.page_setup.orientation == "portrait"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3" and sheet.freeze_panes == "A4"
    margins = sheet.page_margins
    assert [round(v * 25.4) for v in (margins.left, margins.right, margins.top, margins.bottom)] == [30, 15, 20, 20]


def test_what_people_typed_stays_text_in_the_workbook():
    typed = Appendix1(
        start=START,
        end=END,
        rows=[Appendix1Row(1, "=1+1", datetime.date(2018, 1, 6), '=HYPERLINK("http://x.invalid","Bấm vào")')],
    )
    sheet = _sheet(appendix1_xlsx(typed))
    assert (sheet["B4"].value, sheet["B4"].data_type) == ("=1+1", "s")
    assert (sheet["D4"].value, sheet["D4"].data_type) == ('=HYPERLINK("http://x.invalid","Bấm vào")', "s")


def test_an_empty_period_says_so_in_both_files():
    empty = Appendix1(start=START, end=END, rows=[])
    assert _sheet(appendix1_xlsx(empty))["A4"].value == "Không có văn bản nào ban hành trong kỳ."
    with pdfplumber.open(io.BytesIO(appendix1_pdf(empty))) as pdf:
        assert "Không có văn bản nào ban hành trong kỳ." in pdf.pages[0].extract_text()


def test_the_pdf_lists_the_same_rows_on_a4_with_the_header_on_every_page(table):
    with pdfplumber.open(io.BytesIO(appendix1_pdf(table))) as pdf:
        assert [(round(p.width, 1), round(p.height, 1)) for p in pdf.pages] == [(595.3, 841.9)] * len(pdf.pages)
        assert len(pdf.pages) >= 2
        text = _one_line(" ".join(p.extract_text() for p in pdf.pages))
        tables = [t for page in pdf.pages for t in page.extract_tables()]
        fonts = {c["fontname"] for page in pdf.pages for c in page.chars}
    assert TITLE in text and _one_line(NOTE) in text
    assert all(_one_line(" ".join(map(str, t[0]))) == " ".join(HEADERS) for t in tables)  # repeated on each page
    rows = [[_one_line(cell) for cell in row] for t in tables for row in t[1:]]
    assert rows == [[str(r.no), r.symbol, vn_date(r.date), r.text] for r in table.rows]
    assert [row[2] for row in rows][:3] == ["06/01/2018", "15/01/2018", "24/01/2018"]
    assert rows[6][:3] == ["7", "238/UBND-KGVX", "19/3/2018"]  # dates as Decree 30/2020 writes them
    assert fonts and all("Portal-Serif" in name for name in fonts)


def _export(fmt: str, out) -> None:
    call_command(
        "export_report", "appendix1", "--from", "2017-12-20", "--to", "2018-06-20", "--format", fmt, "-o", str(out),
        stderr=io.StringIO(),
    )  # fmt: skip


def test_the_command_writes_excel_and_pdf_and_the_same_json_as_before(table, tmp_path):
    _export("xlsx", tmp_path / "a1.xlsx")
    sheet = _sheet((tmp_path / "a1.xlsx").read_bytes())
    assert [sheet.cell(r, 2).value for r in range(4, 22)] == SYMBOLS
    _export("pdf", tmp_path / "a1.pdf")
    with pdfplumber.open(tmp_path / "a1.pdf") as pdf:
        assert TITLE in pdf.pages[0].extract_text()
    _export("json", tmp_path / "a1.json")
    written = (tmp_path / "a1.json").read_bytes()
    assert written == (json.dumps(table.as_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    data = json.loads(written)
    assert list(data) == ["rows"] and len(data["rows"]) == 18
    assert data["rows"][2] == {
        "no": 3,
        "symbol": "60/UBND-KGVX",
        "date": "2018-01-24",
        "text": "Công văn số 60/UBND-KGVX ngày 24/01/2018 về việc đăng ký thi đua năm 2018 với Chính phủ.",
    }
    # The bytes the command wrote for the demo before Excel and PDF were added.
    assert hashlib.sha256(written).hexdigest() == "6109dba8efa0d1a2472bf9e45e3b3fb85fc790ea6abc522ce7371524c740871c"


# The page's downloads.


@pytest.fixture
def reader(db):
    user = UserFactory(username="doc.reader")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="campaigns", codename="view_document"))
    return user


@pytest.mark.parametrize("name", ["reports:appendix1-xlsx", "reports:appendix1-pdf"])
def test_the_downloads_are_for_whoever_reads_the_register(client, name, staff, clerk_a, council_member, viewer, reader):
    url = reverse(name) + "?from=20/12/2017&to=20/06/2018"
    assert_permissions(client, url=url, method="get", allowed=staff, others=[clerk_a, council_member, viewer])
    client.force_login(reader)
    assert client.get(url).status_code == 200


def test_the_page_offers_excel_pdf_and_json_data_for_other_software(staff_client, table):
    page = staff_client.get(reverse("campaigns:appendix1")).text
    period = "?from=20/12/2017&amp;to=20/06/2018"
    for name in ("reports:appendix1-xlsx", "reports:appendix1-pdf", "campaigns:appendix1-json"):
        assert reverse(name) + period in page
    assert vietnamese("JSON data (for other software)") in page and vietnamese("Download Excel") in page
    xlsx = staff_client.get(reverse("reports:appendix1-xlsx"), {"from": "20/12/2017", "to": "20/6/2018"})
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx["Content-Disposition"] == 'attachment; filename="phu-luc-1_2017-12-20_2018-06-20.xlsx"'
    assert [c.value for c in _sheet(xlsx.content)["B"][3:21]] == SYMBOLS
    pdf = staff_client.get(reverse("reports:appendix1-pdf"), {"from": "20/12/2017", "to": "20/6/2018"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == 'attachment; filename="phu-luc-1_2017-12-20_2018-06-20.pdf"'


def test_a_reversed_or_missing_period_is_explained_not_exported(staff_client):
    url = reverse("reports:appendix1-xlsx")
    response = staff_client.get(url, {"from": "20/06/2018", "to": "20/12/2017"})
    assert response.status_code == 400 and response.context["form"].errors["to"]
    assert staff_client.get(reverse("reports:appendix1-pdf"), {"from": "x"}).status_code == 400
