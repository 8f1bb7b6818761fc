"""Certificates measured in the PDF itself: one page per award, the page size of the template (A3 landscape for the
province's Bằng khen, A4 landscape for a Giấy khen), every field's baseline and edge where the template puts it
(within 0.5 mm, in text mode and over an artwork), the serif embedded; the register as Excel; the pages and files
for staff only; the command."""

import datetime
import io
import struct
import zlib

import openpyxl
import pdfplumber
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from awards.models import CertificatePrint
from reports.certificate_models import CertificateTemplate
from reports.certificates import certificate_values, decision_certificates_pdf
from tests.factories import make_decision, recipient
from tests.helpers import vietnamese
from tests.views_matrix import assert_permissions

MM = 72 / 25.4
TOLERANCE_MM = 0.5
pytestmark = [pytest.mark.django_db]


def _decision(code="BK_TINH", authority="provincial_chair", kind="ad_hoc", **fields):
    individual = {"name": "Triệu Văn Bình", "position": "Giám đốc Trung tâm Y tế huyện Cao Lộc", "unit_name": "Sở Y tế"}
    return make_decision(
        recipients=[
            recipient(code, kind, **individual),
            recipient(code, kind, recipient_kind="collective", name="Phòng Tổ chức cán bộ", unit_name="Sở Nội vụ"),
        ],
        authority=authority,
        summary="Về việc tặng Bằng khen cho các tập thể, cá nhân đã có thành tích xuất sắc đột xuất",
        **fields,
    )


def _lines(page):
    """Each printed line: its text, left and right edges and baseline, in mm from the page's left and top edges."""
    lines = []
    for line in page.extract_text_lines(return_chars=True):
        chars = line["chars"]
        baseline = page.height - chars[0]["matrix"][5]
        lines.append((line["text"], chars[0]["x0"] / MM, chars[-1]["x1"] / MM, baseline / MM))
    return lines


def _assert_placed(page, template, values, *, artwork):
    lines = _lines(page)
    checked = 0
    for field in template.fields.all():
        if field.artwork_only and not artwork:
            assert not any(field.text and field.text.upper() in text.upper() for text, *_ in lines if field.text)
            continue
        value = values.get(field.key, "")
        expected = (field.text.replace("{grantor}", "") + value).split("\n")[0]
        if not expected.strip():
            continue
        expected = expected.upper() if field.uppercase else expected
        matches = [line for line in lines if line[0].startswith(expected.strip()[:20])]
        assert matches, f"{field.key}: “{expected}” not found in {[t for t, *_ in lines]}"
        text, left, right, baseline = min(matches, key=lambda line: abs(line[3] - float(field.y_mm)))
        assert abs(baseline - float(field.y_mm)) <= TOLERANCE_MM, (field.key, baseline, field.y_mm)
        x, width = float(field.x_mm), float(field.width_mm)
        anchor = {"left": (left, x), "right": (right, x + width), "center": ((left + right) / 2, x + width / 2)}
        measured, wanted = anchor[field.align]
        assert abs(measured - wanted) <= TOLERANCE_MM, (field.key, measured, wanted)
        checked += 1
    return checked


@pytest.mark.pdf
def test_a_bang_khen_prints_one_a3_page_per_recipient_with_every_field_in_place():
    decision = _decision(number=603, date=datetime.date(2018, 4, 5))
    awards = list(decision.awards.select_related("award_type", "unit").order_by("line_no"))
    pdf = decision_certificates_pdf(decision=decision, awards=awards)
    template = CertificateTemplate.objects.get(award_type__code="BK_TINH", authority__code="provincial_chair")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 2
        for page, award in zip(document.pages, awards, strict=True):
            assert (round(page.width / MM), round(page.height / MM)) == (420, 297)  # A3 landscape
            values = certificate_values(award=award, decision=decision, register=str(award.line_no))
            assert _assert_placed(page, template, values, artwork=False) >= 8
        first = document.pages[0].extract_text()
        assert "Số sổ vàng: 1" in first and "603/QĐ-UBND ngày 05/4/2018" in first
        assert "Đã có thành tích xuất sắc đột xuất" in first and "KT. CHỦ TỊCH" in first
        assert "BẰNG KHEN" not in first  # the pre-printed blank carries it
        assert all("+" in char["fontname"] for page in document.pages for char in page.chars)
    for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor  # embedded


def _png(width=42, height=30) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xf0\xe6\xc8" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.mark.pdf
def test_a_giay_khen_in_full_artwork_prints_on_a4_over_its_background_with_the_fixed_lines():
    template = CertificateTemplate.objects.get(award_type__code="GK_XA", authority__code="commune_chair")
    template.mode = "artwork"
    template.background.save("nen.png", ContentFile(_png()), save=True)
    decision = _decision(
        code="GK_XA", authority="commune_chair", kind="merit", number=12, date=datetime.date(2024, 5, 20)
    )
    awards = list(decision.awards.select_related("award_type", "unit").order_by("line_no"))
    pdf = decision_certificates_pdf(decision=decision, awards=awards[:1])
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        (page,) = document.pages
        assert (round(page.width / MM), round(page.height / MM)) == (297, 210)  # A4 landscape
        values = certificate_values(award=awards[0], decision=decision, register="1")
        assert _assert_placed(page, template, values, artwork=True) >= 13
        assert "GIẤY KHEN" in page.extract_text() and "Độc lập - Tự do - Hạnh phúc" in page.extract_text()
        assert page.images, "the background is printed"


def test_the_register_reads_back_from_excel_as_text():
    decision = make_decision(
        recipients=[recipient(name='=HYPERLINK("http://x")'), recipient(name="Hoàng Thị Mai", position="Kế toán")]
    )
    from awards.decisions.register_selectors import decision_register_rows
    from reports.certificate_files import register_xlsx

    sheet = openpyxl.load_workbook(
        io.BytesIO(register_xlsx(decision=decision, rows=decision_register_rows(decision=decision)))
    ).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        (1, "1", '=HYPERLINK("http://x")', None),
        (2, "2", "Hoàng Thị Mai", "Kế toán"),
    ]
    assert sheet.cell(4, 3).data_type == "s"  # a typed formula stays text
    assert sheet["A1"].value.startswith(f"Sổ vàng: Quyết định số {decision.number_and_symbol}")
    assert sheet["A1"].value.endswith("của Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn")  # the grantor with its province


@pytest.mark.pdf
def test_staff_print_then_reprint_with_a_reason_and_the_log_shows_both(staff_client, staff):
    decision = _decision(number=603, date=datetime.date(2018, 4, 5))
    page = staff_client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
    url = reverse("reports:decision-certificates", args=[decision.pk])
    assert url in page  # the issued decision's page links to its certificates
    listing = staff_client.get(url)
    assert listing.status_code == 200 and [r.register for r in listing.context["rows"]] == ["1", "2"]
    printing = reverse("reports:decision-certificates-print", args=[decision.pk])
    response = staff_client.post(printing, {"kind": "first"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2
    second = decision.awards.get(line_no=2)
    refused = staff_client.post(printing, {"kind": "reprint", "award": [second.pk]}, follow=True)
    assert vietnamese("Give the reason for printing the certificate again.") in refused.content.decode()
    again = staff_client.post(printing, {"kind": "reprint", "award": [second.pk], "reason": "Bị rách khi trao"})
    assert again.status_code == 200 and len(PdfReader(io.BytesIO(again.content)).pages) == 1
    assert "dong-2" in again["Content-Disposition"]
    assert list(CertificatePrint.objects.filter(award=second).values_list("kind", "register_text")) == [
        ("reprint", "2"),
        ("first", "2"),
    ]
    assert staff_client.post(printing, {"kind": "reprint", "reason": "x\x00"}).status_code == 302  # refused, kept


def test_certificate_pages_are_for_staff_who_may_print(client, staff, clerk_a, council_member, viewer):
    decision = _decision(number=603, date=datetime.date(2018, 4, 5))
    for name in ("reports:decision-certificates", "reports:decision-register"):
        url = reverse(name, args=[decision.pk])
        assert_permissions(client, url=url, method="get", allowed=staff, others=[clerk_a, council_member, viewer])
    url = reverse("reports:decision-certificates-print", args=[decision.pk])
    assert_permissions(
        client, url=url, method="post", allowed=staff, others=[clerk_a, council_member, viewer], wrong_method="get"
    )
    draft = make_decision(issued=False, number=604)
    client.force_login(staff)
    assert client.get(reverse("reports:decision-certificates", args=[draft.pk])).status_code == 404


@pytest.mark.pdf
def test_the_demos_603_prints_from_the_command_with_its_register_numbers(demo, tmp_path):
    xlsx = tmp_path / "so-vang.xlsx"
    call_command("export_report", "certificates", "--decision", "603/QĐ-UBND", "--year", "2018", "--format", "xlsx",
                 "-o", str(xlsx), stderr=io.StringIO())  # fmt: skip
    rows = list(openpyxl.load_workbook(xlsx).active.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows] == [str(n) for n in range(1, 134)]  # 33 collectives and 100 individuals
    named = next(r for r in rows if r[2] == "Triệu Văn Bình")
    assert named[4] == "Giám đốc Trung tâm Y tế huyện Cao Lộc"
    pdf = tmp_path / "603.pdf"
    call_command("export_report", "certificates", "--decision", "603/QĐ-UBND", "--year", "2018", "--format", "pdf",
                 "-o", str(pdf), stderr=io.StringIO())  # fmt: skip
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == 133
        text = document.pages[named[0] - 1].extract_text()
    assert "Triệu Văn Bình" in text and f"Số sổ vàng: {named[1]}" in text


def test_lines_from_to_choose_the_certificates_and_a_pdf_has_a_page_limit(staff_client, settings):
    decision = make_decision(recipients=[recipient(name=f"Người số {n}") for n in range(1, 6)])
    printing = reverse("reports:decision-certificates-print", args=[decision.pk])
    settings.CERTIFICATE_PDF_MAX_PAGES = 2
    refused = staff_client.post(printing, {"kind": "first"}, follow=True)
    assert (
        vietnamese("At most %(limit)s certificates go in one PDF: choose the lines to print (from, to).", limit=2)
        in refused.content.decode()
    )
    assert not CertificatePrint.objects.exists()
    third = decision.awards.get(line_no=3)
    printed = staff_client.post(printing, {"kind": "first", "line_from": 2, "line_to": 2, "award": [third.pk]})
    assert printed.status_code == 200
    assert sorted(CertificatePrint.objects.values_list("register_text", flat=True)) == ["2", "3"]
    backwards = staff_client.post(printing, {"kind": "first", "line_from": 5, "line_to": 4}, follow=True)
    assert vietnamese("The last line comes before the first.") in backwards.content.decode()


def test_printing_asks_the_same_queries_for_two_certificates_as_for_six(staff_client, monkeypatch):
    """A 133-row decision must not ask a query per row: the page's layout is stubbed, the queries counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("reports.certificates.certificates_pdf", lambda pages, styles: b"%PDF-1.7")
    counts = []
    for size, number in ((2, 601), (6, 602)):
        people = [recipient("BK_TINH", "ad_hoc", name=f"Người {i}", position="Chuyên viên") for i in range(size)]
        decision = make_decision(recipients=people, number=number, date=datetime.date(2018, 4, 5))
        printing = reverse("reports:decision-certificates-print", args=[decision.pk])
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.post(printing, {"kind": "first"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
