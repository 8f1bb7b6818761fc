"""Exports are read back the way a user's tools read them: openpyxl for Excel, text and fonts for PDF."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.pdf import appendix2_pdf
from reports.selectors import appendix2_compute
from reports.xlsx import appendix2_xlsx

pytestmark = pytest.mark.django_db
START, END = datetime.date(2017, 12, 20), datetime.date(2018, 6, 20)


@pytest.fixture
def table(demo):
    return appendix2_compute(start=START, end=END)


def test_xlsx_has_the_seed_header_numeric_cells_and_prints_on_a4(table):
    sheet = load_workbook(io.BytesIO(appendix2_xlsx(table))).active
    assert sheet["A1"].value == "Phụ lục 2: Kết quả khen thưởng 6 tháng đầu năm 2018"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A3:A4", "B3:B4", "C3:E3", "F3:H3"} <= merged
    assert sheet["C3"].value == "Số lượng"
    assert sheet["F3"].value == "Trong đó đối tượng ở cơ sở, lao động trực tiếp"
    assert [sheet.cell(4, c).value for c in range(3, 9)] == ["Tập thể", "Cá nhân", "Gia đình"] * 2
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    first = rows[0]
    assert first[:2] == ("I", "Khen thưởng cấp Nhà nước") and first[2:] == (12, 125, 6, 6, 116, 6)
    assert all(isinstance(v, int) for v in first[2:])
    total = next(r for r in rows if r[0] == "TỔNG CỘNG")
    assert total[2:] == (641, 679, 164, 373, 342, 164)
    three_columns = rows[rows.index(total) + 1]
    assert (three_columns[2], three_columns[5]) == (1484, 879)
    notes = [r[0] for r in rows if r[0] and str(r[0]).startswith("*")]
    assert notes == ["* Số liệu tính từ 20/12/2017 đến hết 20/6/2018./."]
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) and sheet.page_setup.orientation == "portrait"
    assert sheet.print_title_rows == "$3:$4"
    assert sheet["B5"].font.name == "Times New Roman"


def _pdf_fonts(reader):
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    return fonts


@pytest.mark.pdf
def test_pdf_is_a4_with_the_serif_embedded_and_vietnamese_text(table):
    reader = PdfReader(io.BytesIO(appendix2_pdf(table)))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (595.3, 841.9)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())  # wrapped header cells
    for phrase in (
        "Phụ lục 2",
        "Huân chương Độc lập",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Trong đó đối tượng ở cơ sở, lao động trực tiếp",
        "Số liệu tính từ 20/12/2017 đến hết 20/6/2018",
        # The kháng chiến lines with their grassroots cells, and the totals they enter.
        "Khen thưởng cấp Nhà nước 12 125 6 6 116 6",
        "4 Huân, Huy chương kháng chiến 17 17 - Huân chương kháng chiến 3 3 - Huy chương kháng chiến 14 14",
        "TỔNG CỘNG 641 679 164 373 342 164 1.484 879",
    ):
        assert phrase in text, phrase
    fonts = _pdf_fonts(reader)
    assert fonts and all(fonts.values()), fonts  # every font embedded
    assert all("Portal-Serif" in name for name in fonts)


def _export(fmt: str, out) -> None:
    call_command(
        "export_report",
        "appendix2",
        "--from",
        "2017-12-20",
        "--to",
        "2018-06-20",
        "--format",
        fmt,
        "-o",
        str(out),
        stderr=io.StringIO(),
    )


def test_export_report_command_writes_the_documented_json(demo, tmp_path):
    out = tmp_path / "a2.json"
    _export("json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["period"] == {"from": "2017-12-20", "to": "2018-06-20"}
    assert data["rows"][0] == {
        "no": "I",
        "depth": 0,
        "label": "Khen thưởng cấp Nhà nước",
        "counts": [12, 125, 6, 6, 116, 6],
    }
    assert data["rows"][1]["depth"] == 1 and data["rows"][2] == {
        "no": "",
        "depth": 2,
        "label": "- Khen công hiến",
        "counts": [0, 0, 0, 0, 0, 0],
    }
    assert data["rows"][-1] == {"no": "", "depth": 9, "label": "TỔNG CỘNG", "counts": [641, 679, 164, 373, 342, 164]}
    assert len(data["rows"]) == 29 and all(len(r["counts"]) == 6 for r in data["rows"])


@pytest.mark.parametrize("fmt, magic", [("xlsx", b"PK"), pytest.param("pdf", b"%PDF", marks=pytest.mark.pdf)])
def test_export_report_command_writes_xlsx_and_pdf(demo, tmp_path, fmt, magic):
    out = tmp_path / f"a2.{fmt}"
    _export(fmt, out)
    assert out.read_bytes().startswith(magic)


def test_export_report_command_refuses_a_reversed_period(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="after"):
        call_command(
            "export_report",
            "appendix2",
            "--from",
            "2018-06-20",
            "--to",
            "2017-12-20",
            "--format",
            "json",
            "-o",
            str(tmp_path / "x.json"),
        )
