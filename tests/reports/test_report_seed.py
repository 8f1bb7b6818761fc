"""The demo's 235/BC-UBND, computed from the demo data, against the printed seed report.

Its award sentences (section III) and Phụ lục 1 read like the seed; where the print contradicts its own
table, the computed text follows the table and the difference is listed here with its reason."""

import io
import json
import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from django.conf import settings
from django.core.management import call_command

from kernel.lib.formatting import vn_percent
from reports.document import report_document
from reports.docx import report_docx
from reports.models import Report
from reports.pdf import report_pdf
from reports.selectors import appendix2_compute

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed"

# printed line: (computed line, why they differ)
KNOWN_DIFFERENCES = {
    "Chủ tịch nước đã quyết định tặng thưởng cho 29 cá nhân, gia đình gồm:": (
        "Chủ tịch nước đã quyết định tặng thưởng cho 31 tập thể, cá nhân, gia đình gồm:",
        "Phụ lục 2 prints 02 collectives for Huân chương Lao động (line 2, khen thường xuyên); the sentence "
        "leaves them out. The demo follows the table (see test_seed_reconciliation).",
    ),
    "- Huân chương Lao động: 02 cá nhân có thành tích thực hiện nhiệm vụ chính trị.": (
        "- Huân chương Lao động: 02 tập thể, 02 cá nhân có thành tích thực hiện nhiệm vụ chính trị.",
        "The same 02 collectives.",
    ),
    "Tỷ lệ khen thưởng cho các tập thể ở cơ sở chiếm 58,1%, tỷ lệ khen thưởng cho người lao động trực tiếp "
    "đạt tỷ lệ 76,5%.": (
        "Tỷ lệ khen thưởng cho các tập thể ở cơ sở chiếm 58,3%, tỷ lệ khen thưởng cho người lao động trực tiếp "
        "đạt tỷ lệ 40,8%.",
        "Neither printed share follows from the printed table: provincial collectives at grassroots 367 of 629 "
        "are 58,3%, direct workers 226 of 554 individuals 40,8% (with families 384 of 712, 53,9%); nor do both "
        "levels (373 of 641 collectives, 58,2%; 342 of 679 individuals, 50,4%). The portal prints the share it "
        "can compute, over provincial awards as its definition (a footnote) says.",
    ),
}


def _printed_lines() -> list[str]:
    lines = []
    for line in (SEED / "section3-awards-2018-h1-as-printed.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or re.match(r"^\d+(\.\d+)*\. ", line):
            continue
        lines.append(line.split("cụ thể: ", 1)[-1].strip())
    return lines


@pytest.fixture
def report(demo):
    return Report.objects.get(number=235, symbol="BC-UBND")


def test_the_demo_report_is_issued_with_its_figures_frozen(report):
    assert report.status == "issued" and report.pdf_sha256 and report.snapshot
    assert report.period_start.isoformat() == "2017-12-20" and report.period_end.isoformat() == "2018-06-20"


def test_section_three_sentences_match_the_seed_except_its_known_slips(report):
    summaries = {figure["code"]: figure for figure in report.snapshot["summaries"]}
    assert list(summaries) == ["chu-tich-nuoc", "chinh-phu", "cap-tinh", "ty-le-co-so"]  # the layout's order
    computed = []
    for code in ("chu-tich-nuoc", "chinh-phu", "cap-tinh", "ty-le-co-so"):
        computed.append(summaries[code]["lead"])
        computed += [f"- {item}" for item in summaries[code]["items"]]
    printed = _printed_lines()
    expected = [KNOWN_DIFFERENCES.get(line, (line, ""))[0] for line in printed]
    assert computed == expected
    assert len(printed) == 16


def test_the_figures_agree_with_phu_luc_2_of_the_same_report(report):
    table = appendix2_compute(start=report.period_start, end=report.period_end)
    level_two = next(row for row in table.rows if row.number == "II")
    summaries = {figure["code"]: figure for figure in report.snapshot["summaries"]}
    assert summaries["cap-tinh"]["lead"].startswith(
        f"UBND tỉnh Quyết định khen thưởng cho {level_two.all_kinds:,}".replace(",", ".")
    )
    # The grassroots share the report states is level II's grassroots cells over its totals: the State
    # awards (the kháng chiến medals among them) do not enter it.
    collectives, individuals, _families, grassroots_collectives, direct_workers, _ = level_two.counts
    assert (grassroots_collectives, collectives, direct_workers, individuals) == (367, 629, 226, 554)
    assert summaries["ty-le-co-so"]["lead"] == (
        f"Tỷ lệ khen thưởng cho các tập thể ở cơ sở chiếm {vn_percent(grassroots_collectives, collectives)}, "
        f"tỷ lệ khen thưởng cho người lao động trực tiếp đạt tỷ lệ {vn_percent(direct_workers, individuals)}."
    )
    assert report.snapshot["appendix2"] == table.as_json()


def test_phu_luc_1_of_the_report_is_the_seed_list(report):
    rows = report.snapshot["appendix1"]["rows"]
    assert len(rows) == 18
    assert rows[0] == {
        "no": 1,
        "symbol": "05/BC-UBND",
        "date": "2018-01-06",
        "text": "Báo cáo số 05/BC-UBND ngày 06/01/2018 của UBND tỉnh về việc Tổng kết phong trào thi đua, "
        "công tác khen thưởng năm 2017.",
    }


@pytest.mark.pdf
def test_the_printed_demo_report_reads_like_the_seed(report):
    pdf = pdfplumber.open(io.BytesIO(bytes(report.pdf)))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    flat = " ".join(text.split())
    assert "DỰ THẢO" not in text
    for words in (
        "ỦY BAN NHÂN DÂN",
        "Số: 235/BC-UBND",
        "Lạng Sơn, ngày 10 tháng 7 năm 2018",
        "UBND tỉnh Quyết định khen thưởng cho 1.341 trường hợp (629 tập thể, 554 cá nhân, 158 gia đình), trong đó:",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "Hồ Tiên Thiệu",
        "Phụ lục 1: Các văn bản của UBND tỉnh, Hội đồng TĐKT tỉnh đã ban hành trong 6 tháng đầu năm 2018",
        "(Kèm theo Báo cáo số: 235/BC-UBND ngày 10 tháng 7 năm 2018 của Ủy ban nhân dân tỉnh Lạng Sơn)",
        "18. Công văn số 443/UBND-KGVX ngày 15/5/2018",
        "Phụ lục 2: Kết quả khen thưởng 6 tháng đầu năm 2018",
    ):
        assert words in flat
    # The seed's eleven footnotes and the share's definition, each on the page of its call.
    calls, notes = _digits_of_calls_and_notes_by_page(pdf)
    assert calls == notes
    assert sum(calls.values()) == 9 + 3 * 2  # calls 1–9, then "10", "11", "12" in two digits


def _digits_of_calls_and_notes_by_page(pdf) -> tuple[dict[int, int], dict[int, int]]:
    """Per page, the digits of footnote calls (8 pt superscripts) and of notes' numbers (7 pt)."""
    calls, notes = {}, {}
    for number, page in enumerate(pdf.pages, start=1):
        for char in page.chars:
            if re.fullmatch(r"\d", char["text"]) and char["size"] == pytest.approx(8, abs=0.1):
                calls[number] = calls.get(number, 0) + 1
            if re.fullmatch(r"\d", char["text"]) and char["size"] == pytest.approx(7, abs=0.1):
                notes[number] = notes.get(number, 0) + 1
    return calls, notes


@pytest.mark.pdf
def test_the_report_is_laid_out_in_one_pass_each_note_on_its_call_page_no_heading_ending_a_page(report, monkeypatch):
    """WeasyPrint moved note 12 off page 15 to squeeze the next paragraph's first lines in; the document was then
    laid out a second time with a page break before that paragraph's heading, which left "V. ĐÁNH GIÁ CHUNG" alone
    at the foot of page 15. Told not to move notes, it breaks before the headings in the first pass."""
    from kernel.lib import pdf as kernel_pdf

    passes = []
    render = kernel_pdf._render
    monkeypatch.setattr(kernel_pdf, "_render", lambda html: passes.append(html) or render(html))
    pdf = pdfplumber.open(io.BytesIO(report_pdf(report_document(report=report))))
    assert len(passes) == 1
    assert len(pdf.pages) == len(pdfplumber.open(io.BytesIO(bytes(report.pdf))).pages) == 22
    calls, notes = _digits_of_calls_and_notes_by_page(pdf)
    assert calls == notes and sum(calls.values()) == 15
    texts = [page.extract_text().splitlines() for page in pdf.pages]
    opening = next(lines for lines in texts if "V. ĐÁNH GIÁ CHUNG" in lines)
    assert opening[:2] == ["V. ĐÁNH GIÁ CHUNG", "1. Những kết quả đạt được"]


@pytest.mark.pdf
def test_export_command_writes_the_issued_bytes_and_the_word_file(report, tmp_path):
    pdf_path, docx_path, json_path = tmp_path / "235.pdf", tmp_path / "235.docx", tmp_path / "pl1.json"
    call_command("export_report", "half-year", "--report", "235/BC-UBND", "--format", "pdf", "-o", str(pdf_path))
    assert pdf_path.read_bytes() == bytes(report.pdf)
    call_command("export_report", "half-year", "--report", "235/BC-UBND", "--format", "docx", "-o", str(docx_path))
    exported = docx.Document(io.BytesIO(docx_path.read_bytes()))
    rendered = docx.Document(io.BytesIO(report_docx(report_document(report=report))))
    assert [p.text for p in exported.paragraphs] == [p.text for p in rendered.paragraphs]
    assert "Phụ lục 1: Các văn bản của UBND tỉnh, Hội đồng TĐKT tỉnh đã ban hành trong 6 tháng đầu năm 2018" in [
        p.text for p in exported.paragraphs
    ]
    call_command(
        "export_report",
        "appendix1",
        "--from",
        "2017-12-20",
        "--to",
        "2018-06-20",
        "--format",
        "json",
        "-o",
        str(json_path),
    )
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert list(data) == ["rows"] and len(data["rows"]) == 18
    assert data["rows"][2] == {
        "no": 3,
        "symbol": "60/UBND-KGVX",
        "date": "2018-01-24",
        "text": "Công văn số 60/UBND-KGVX ngày 24/01/2018 về việc đăng ký thi đua năm 2018 với Chính phủ.",
    }


def test_editing_the_register_after_issue_changes_the_live_phu_luc_1_not_the_report(report, client, staff):
    from campaigns.models import Document
    from campaigns.selectors import appendix1_compute
    from campaigns.services import DocumentFields, document_update

    stored = bytes(report.pdf)
    first = Document.objects.get(number=5, symbol="BC-UBND")
    document_update(
        actor=staff,
        document=first,
        fields=DocumentFields(
            "05/BC-UBND", first.date, "về việc Tổng kết công tác thi đua năm 2017 (sửa)", issued_by="UBND tỉnh"
        ),
        reason="Sửa trích yếu",
    )
    live = appendix1_compute(start=report.period_start, end=report.period_end)
    assert live.rows[0].text.endswith("(sửa).")
    report.refresh_from_db()
    assert report.snapshot["appendix1"]["rows"][0]["text"].endswith("năm 2017.")
    client.force_login(staff)
    assert client.get(f"/bao-cao/so-bao-cao/{report.pk}/bao-cao.pdf").content == stored
