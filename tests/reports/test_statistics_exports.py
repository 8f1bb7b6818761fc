"""The statistical forms' exports read back: the command's JSON (a stable interface, its exact shape), the XLSX
with openpyxl (header block, merged headers, column letters, numeric cells, A4 landscape, print titles, signers)
and the PDF with pdfplumber (header, figures, page size)."""

import io
import json

import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reports.statistics import statistics_compute
from reports.statistics_files import statistics_pdf, statistics_xlsx
from tests.reports.statistics_helpers import state_awards_2024

pytestmark = pytest.mark.django_db


def _export(tmp_path, *args):
    out = tmp_path / "out"
    stderr = io.StringIO()
    call_command("export_report", "statistics", *args, "-o", str(out), stderr=stderr)
    return out.read_bytes(), stderr.getvalue()


def test_json_has_exactly_the_documented_shape(tmp_path):
    state_awards_2024()
    content, stderr = _export(tmp_path, "--form", "0602", "--year", "2024", "--format", "json")
    data = json.loads(content)
    assert list(data) == ["form", "period", "columns", "rows"]
    assert data["form"] == "0602.N/BNV-TĐKT"
    assert data["period"] == {"from": "2023-12-01", "to": "2024-11-30"}
    assert data["columns"][0] == "Tổng số" and len(data["columns"]) == 13
    assert all(isinstance(label, str) and label for label in data["columns"])
    assert data["rows"][0] == {"code": "01", "label": "Tổng số", "values": [4, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]}
    for row in data["rows"]:
        assert list(row) == ["code", "label", "values"]
        assert len(row["values"]) == 13 and all(type(v) is int for v in row["values"])
    assert [r["code"] for r in data["rows"] if r["code"]] == [f"{n:02d}" for n in (1, 2, 3, *range(6, 22))]
    assert "WARNING" in stderr  # the layout's unverified facts and the unclassified awards are said


def test_a_year_the_unverified_circular_would_cover_is_refused_with_its_reason(tmp_path):
    with pytest.raises(CommandError, match="18/2025/TT-BNV"):
        _export(tmp_path, "--form", "0602", "--year", "2026", "--format", "json")
    with pytest.raises(CommandError, match="--form"):
        _export(tmp_path, "--year", "2024", "--format", "json")


def test_xlsx_has_the_official_layout(tmp_path):
    state_awards_2024()
    content, _ = _export(tmp_path, "--form", "0602", "--year", "2024", "--format", "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    cells = {cell.value: cell.coordinate for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert cells["Biểu số: 0602.N/BNV-TĐKT"] == "A1"
    assert "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023" in cells
    assert "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo" in cells
    assert any(str(v).startswith("Đơn vị báo cáo:") for v in cells)
    assert any(str(v).startswith("Đơn vị nhận báo cáo:") for v in cells)
    assert "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC" in cells
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # "Chia ra" spans every column after Tổng số; "Các loại huân chương, huy chương" its three.
    chia_ra = cells["Chia ra"]
    assert any(r.startswith(chia_ra + ":") and r.endswith(f"P{sheet[chia_ra].row}") for r in merged)
    assert any(r.startswith(cells["Các loại huân chương, huy chương"] + ":") for r in merged)
    assert sheet["D8"].value == "Tổng số" and "D8:D11" in merged  # spans the header's four levels
    assert {"A8:A11", "B8:B11", "C8:C11"} <= merged
    letters_row = sheet[cells["A"]].row
    letters = [sheet.cell(letters_row, c).value for c in range(1, 17)]
    assert letters[:5] == ["A", "B", "C", "1", "2"] and letters[-1] == "9"
    rows = list(sheet.iter_rows(min_row=letters_row + 1, values_only=True))
    assert rows[0][:4] == ("Tổng số", "01", None, 4)
    assert all(isinstance(v, int) for v in rows[0][3:16])
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
    assert sheet.print_title_rows == f"$8:${letters_row}"
    assert "NGƯỜI LẬP BIỂU" in cells and "(Ký, họ tên, đóng dấu)" in cells
    assert any(str(v).startswith("Lạng Sơn, ngày") for v in cells)


def test_a_narrow_form_prints_portrait_and_its_of_which_column_is_read_back():
    table = statistics_compute(form_code="0605", year=2024)
    sheet = load_workbook(io.BytesIO(statistics_xlsx(table))).active
    assert sheet.page_setup.orientation == "portrait"
    header = [sheet.cell(8, c).value for c in range(1, 6)]
    assert header == [None, "Mã số", "Đơn vị tính", "Tổng số", "Trong đó: Nữ"]


@pytest.mark.pdf
def test_pdf_reads_back_with_its_header_figures_and_a4_landscape():
    state_awards_2024()
    table = statistics_compute(form_code="0602", year=2024)
    with pdfplumber.open(io.BytesIO(statistics_pdf(table))) as pdf:
        first = pdf.pages[0]
        assert round(first.width) > round(first.height)  # landscape
        assert (round(first.width), round(first.height)) == (842, 595)
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Biểu số: 0602.N/BNV-TĐKT" in text
    assert "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023" in text
    assert "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC" in text
    assert "Số liệu từ ngày 01/12/2023 đến ngày 30/11/2024" in text
    assert "Tổng số 01 4 1 1 0" in text
    assert "NGƯỜI LẬP BIỂU" in text and "(Ký, họ tên, đóng dấu)" in text


def test_an_issued_form_is_exported_as_issued(tmp_path):
    from awards.models import AwardClassification
    from reports.models import IssuedStatistics
    from reports.statistics_services import statistics_issue

    state_awards_2024()
    issued = statistics_issue(actor=None, form_code="0602", year=2024)
    AwardClassification.objects.update(proposing_body="central")  # after issuing: the export does not move
    pdf, stderr = _export(tmp_path, "--form", "0602", "--year", "2024", "--format", "pdf")
    assert pdf == bytes(IssuedStatistics.objects.get(pk=issued.pk).pdf) and "as issued" in stderr
    data = json.loads(_export(tmp_path, "--form", "0602", "--year", "2024", "--format", "json")[0])
    assert next(r for r in data["rows"] if r["code"] == "02")["values"][0] == 1
    assert list(data) == ["form", "period", "columns", "rows"]
    live = statistics_compute(form_code="0602", year=2024)
    assert next(r for r in live.rows if r.code == "02").values[0] == 3  # every classified award now
