"""The forwarding letter (tờ trình) of a dossier's State proposals, read back from the PDF: A4 and margins,
header, title and summary, the Prime Minister as the addressee of every State award, asked to grant or to submit
each award type by its granting authority, the basis of the legal regime of its date in full, the council's
review, the counts in two digits, the signature, the annex; the draft before forwarding; who may download it; and
a fixed number of queries however many nominees."""

import datetime
import io

import pdfplumber
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Dossier
from reports.forwarding_print import forwarding_document, forwarding_pdf
from tests.awards.forwarding_helpers import reviewed_dossier
from tests.factories import UnitFactory
from tests.views_matrix import assert_permissions

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, A4[0] - 15 * MM, 20 * MM, A4[1] - 20 * MM

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

LETTER = {
    "forwarding_number": 12,
    "forwarding_symbol": "TTr-UBND",
    "forwarding_date": datetime.date(2018, 5, 20),
    "forwarding_signer_name": "Hồ Tiến Thiệu",
    "forwarding_signer_title": "Phó Chủ tịch",
}
PM_ONLY = [
    ("collective", "Phòng Hành chính - Tư pháp", "BK_TTCP"),
    ("individual", "Nông Thị Hà", "BK_TTCP", "Chuyên viên"),
    ("individual", "Hoàng Văn Phong", "BK_TTCP", "Phó Giám đốc"),
]
MIXED = [
    *PM_ONLY,
    ("individual", "Lương Văn Bình", "HC_LAO_DONG_3", "Giám đốc"),
    ("individual", "Vi Thị Mai", "CSTD_TQ", "Giáo viên"),
]


def _forwarded(nominees, **letter):
    unit = UnitFactory(name="Sở Tư pháp")
    return reviewed_dossier(
        unit, nominees, reviewed_on=datetime.date(2018, 5, 16), status=Dossier.Status.FORWARDED, **{**LETTER, **letter}
    )


def _pdf(dossier):
    return pdfplumber.open(io.BytesIO(forwarding_pdf(dossier)))


def _text(pdf) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


def _flat(pdf) -> str:
    return " ".join(_text(pdf).split())


def test_pages_are_a4_and_text_keeps_to_the_margins():
    pdf = _pdf(_forwarded(MIXED))
    assert len(pdf.pages) >= 2
    for number, page in enumerate(pdf.pages, start=1):
        assert (round(page.width, 1), round(page.height, 1)) == (round(A4[0], 1), round(A4[1], 1))
        body = [w for w in page.extract_words() if not (w["text"] == str(number) and w["bottom"] < TOP + 1)]
        body = [w for w in body if not (w["text"] == str(number) and w["top"] > BOTTOM - 1)]
        assert min(w["x0"] for w in body) >= LEFT - 0.5
        assert max(w["x1"] for w in body) <= RIGHT + 0.5
        assert min(w["top"] for w in body) >= TOP - 0.5
        assert max(w["bottom"] for w in body) <= BOTTOM + 0.5


@pytest.mark.parametrize(
    ("date", "page_number", "basis"),
    [
        (
            datetime.date(2018, 5, 20),
            "bottom-right",
            "Căn cứ Luật Thi đua, Khen thưởng số 15/2003/QH11; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, "
            "Khen thưởng số 39/2013/QH13; Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ; "
            "Xét đề nghị",
        ),
        (
            datetime.date(2024, 3, 4),
            "top-center",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022; Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 "
            "tháng 12 năm 2023 của Chính phủ; Xét đề nghị",
        ),
        (
            datetime.date(2025, 8, 4),
            "top-center",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022; Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 "
            "tháng 6 năm 2025 của Chính phủ; Xét đề nghị",
        ),
    ],
)
def test_layout_and_basis_follow_the_letters_date(date, page_number, basis):
    """Circular 01/2011 (page numbers bottom right) before Decree 30/2020 (top centre); the regime of the date."""
    pdf = _pdf(_forwarded(MIXED * 4, forwarding_date=date))
    assert basis in _flat(pdf)
    assert not [
        w for w in pdf.pages[0].extract_words() if w["text"] == "1" and (w["top"] > BOTTOM or w["bottom"] < TOP)
    ]
    [number] = [
        w for w in pdf.pages[1].extract_words() if w["text"] == "2" and (w["top"] > BOTTOM or w["bottom"] < TOP)
    ]
    if page_number == "bottom-right":
        assert number["top"] > BOTTOM and number["x1"] == pytest.approx(RIGHT, abs=1.0)
    else:
        assert number["bottom"] < TOP and (number["x0"] + number["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=2)


def test_a_letter_to_the_prime_minister():
    pdf = _pdf(_forwarded(PM_ONLY))
    first = pdf.pages[0].extract_text()
    lines = first.splitlines()
    assert lines[0].startswith("ỦY BAN NHÂN DÂN") and lines[1].startswith("TỈNH LẠNG SƠN")
    assert "Số: 12/TTr-UBND" in first and "Lạng Sơn, ngày 20 tháng 5 năm 2018" in first
    assert "TỜ TRÌNH\nVề việc đề nghị tặng Bằng khen của Thủ tướng Chính phủ" in first
    text = _flat(pdf)
    assert "Kính gửi: Thủ tướng Chính phủ. (qua Ban Thi đua - Khen thưởng Trung ương)" in text
    assert "Chủ tịch nước" not in text
    # The regime of the letter's date (2018: Law 2003 as amended in 2013, Decree 91/2017), cited in full.
    assert (
        "Căn cứ Luật Thi đua, Khen thưởng số 15/2003/QH11; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, "
        "Khen thưởng số 39/2013/QH13; Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ;"
    ) in text
    assert "Xét đề nghị của Sở Tư pháp tại hồ sơ “Hồ sơ khen thưởng Sở Tư pháp”" in text
    assert "thống nhất đề nghị khen thưởng 01 tập thể, 02 cá nhân có thành tích xuất sắc" in text
    assert (
        "Ủy ban nhân dân tỉnh Lạng Sơn kính trình Thủ tướng Chính phủ xem xét, tặng Bằng khen của Thủ tướng "
        "Chính phủ cho 01 tập thể, 02 cá nhân (có danh sách kèm theo)./."
    ) in text
    words = pdf.pages[0].extract_words(extra_attrs=["fontname"])
    middle = (LEFT + RIGHT) / 2
    tm, kt, deputy, signer = (next(w for w in words if w["text"] == t) for t in ("TM.", "KT.", "PHÓ", "Thiệu"))
    assert all(w["x0"] > middle for w in (tm, kt, deputy, signer))
    assert tm["top"] < kt["top"] < deputy["top"] < signer["top"] and "Bold" in tm["fontname"]
    assert next(w for w in words if w["text"] == "Nơi")["x0"] == pytest.approx(LEFT, abs=1)
    closing = pdf.pages[0].crop((0, kt["top"] - 20, middle, pdf.pages[0].height)).extract_text().splitlines()
    assert closing == [
        "Nơi nhận:",
        "- Như trên;",
        "- Ban TĐKT Trung ương;",
        "- Chủ tịch, các PCT UBND tỉnh;",
        "- Sở Tư pháp;",
        "- Lưu: VT, SNV.",  # TTr-UBND names no drafting unit: the Department of Home Affairs drafts the letter
    ]
    assert "DỰ THẢO" not in text


def test_the_annex_lists_the_nominees_by_award_type_and_kind_on_its_own_page():
    pdf = _pdf(_forwarded(MIXED))
    annex = next(i for i, page in enumerate(pdf.pages) if "DANH SÁCH" in page.extract_text())
    assert annex >= 1 and "Nơi nhận:" in pdf.pages[annex - 1].extract_text()
    text = " ".join(pdf.pages[annex].extract_text().split())
    assert text.startswith("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG")
    assert "(Kèm theo Tờ trình số 12/TTr-UBND ngày 20 tháng 5 năm 2018 của UBND tỉnh Lạng Sơn)" in text
    rows = [
        [" ".join((cell or "").split()) for cell in row]
        for page in pdf.pages[annex:]
        for table in page.extract_tables()
        for row in table
    ]
    assert rows[0] == ["TT", "Tên tập thể, họ và tên", "Chức vụ, đơn vị công tác", "Tóm tắt thành tích"]
    # The award types in the catalog's order, each by collective then individual.
    assert [row[0] or row[1] for row in rows[1:]] == [
        "A. HUÂN CHƯƠNG LAO ĐỘNG HẠNG BA",
        "I. CÁ NHÂN",
        "1",
        "B. DANH HIỆU CHIẾN SĨ THI ĐUA TOÀN QUỐC",
        "I. CÁ NHÂN",
        "1",
        "C. BẰNG KHEN CỦA THỦ TƯỚNG CHÍNH PHỦ",
        "I. TẬP THỂ",
        "1",
        "II. CÁ NHÂN",
        "1",
        "2",
    ]
    assert ["1", "Nông Thị Hà", "Chuyên viên, Sở Tư pháp", "Thành tích xuất sắc của Nông Thị Hà"] in rows
    assert [
        "1",
        "Phòng Hành chính - Tư pháp",
        "Sở Tư pháp",
        "Thành tích xuất sắc của Phòng Hành chính - Tư pháp",
    ] in rows


def test_a_mixed_letter_asks_the_prime_minister_once_per_award_type():
    """The President's orders go to the Prime Minister too, to be submitted to the President (Luật 2022 Đ83)."""
    pdf = _pdf(_forwarded(MIXED))
    text = _flat(pdf)
    assert "TỜ TRÌNH Về việc đề nghị khen thưởng" in text
    assert "Kính gửi: Thủ tướng Chính phủ. (qua Ban Thi đua - Khen thưởng Trung ương)" in text
    assert "thống nhất đề nghị khen thưởng 01 tập thể, 04 cá nhân có thành tích xuất sắc" in text
    assert (
        "Ủy ban nhân dân tỉnh Lạng Sơn kính trình Thủ tướng Chính phủ xem xét: "
        "- Trình Chủ tịch nước tặng thưởng Huân chương Lao động hạng Ba cho 01 cá nhân; "
        "- Tặng danh hiệu Chiến sĩ thi đua toàn quốc cho 01 cá nhân; "
        "- Tặng Bằng khen của Thủ tướng Chính phủ cho 01 tập thể, 02 cá nhân (có danh sách kèm theo)./."
    ) in text
    letter = text[: text.index("DANH SÁCH")]
    assert "Kính gửi: - Chủ tịch nước" not in letter and "Chủ tịch nước xem xét" not in letter
    assert letter.count("Chủ tịch nước") == 1


@pytest.mark.parametrize(
    ("nominees", "summary", "asked"),
    [
        (
            [
                ("individual", "Lương Văn Bình", "HC_LAO_DONG_3"),
                ("collective", "Phòng Công chứng số 1", "HC_LAO_DONG_3"),
            ],
            "Về việc đề nghị tặng thưởng Huân chương Lao động hạng Ba",
            "kính trình Thủ tướng Chính phủ xem xét, trình Chủ tịch nước tặng thưởng Huân chương Lao động hạng Ba "
            "cho 01 tập thể, 01 cá nhân (có danh sách kèm theo)./.",
        ),
        (
            [("individual", "Vi Văn Đức", "HCH_CSVV_3")],
            "Về việc đề nghị tặng thưởng Huy chương Chiến sĩ vẻ vang hạng Ba",
            "kính trình Thủ tướng Chính phủ xem xét, trình Chủ tịch nước tặng thưởng Huy chương Chiến sĩ vẻ vang "
            "hạng Ba cho 01 cá nhân (có danh sách kèm theo)./.",
        ),
        (
            [("individual", "Hoàng Thị Lan", "NGUT")],
            "Về việc đề nghị tặng danh hiệu Nhà giáo Ưu tú",
            "kính trình Thủ tướng Chính phủ xem xét, trình Chủ tịch nước tặng danh hiệu Nhà giáo Ưu tú "
            "cho 01 cá nhân (có danh sách kèm theo)./.",
        ),
        (
            [("collective", "Phòng Công chứng số 1", "CO_TD_CP")],
            "Về việc đề nghị tặng Cờ thi đua của Chính phủ",
            "kính trình Thủ tướng Chính phủ xem xét, tặng Cờ thi đua của Chính phủ "
            "cho 01 tập thể (có danh sách kèm theo)./.",
        ),
        (
            [("individual", f"Người {i}", "CSTD_TQ") for i in range(12)],
            "Về việc đề nghị tặng danh hiệu Chiến sĩ thi đua toàn quốc",
            "kính trình Thủ tướng Chính phủ xem xét, tặng danh hiệu Chiến sĩ thi đua toàn quốc "
            "cho 12 cá nhân (có danh sách kèm theo)./.",
        ),
    ],
    ids=["order", "medal", "honorary-title", "government-flag", "twelve"],
)
def test_the_prime_minister_grants_or_submits_each_award_type(nominees, summary, asked):
    doc = forwarding_document(dossier=_forwarded(nominees))
    assert doc.addressee_lines == ("Thủ tướng Chính phủ.",)
    assert doc.addressee_via == "(qua Ban Thi đua - Khen thưởng Trung ương)"
    assert doc.summary_lines == (summary,)
    assert doc.request_paragraph == f"Ủy ban nhân dân tỉnh Lạng Sơn {asked}" and doc.request_items == ()
    assert doc.annex.title_lines[1].endswith(summary.removeprefix("Về việc đề nghị ").upper())


def test_a_symbol_naming_its_drafting_unit_files_the_copy_with_it():
    doc = forwarding_document(dossier=_forwarded(PM_ONLY, forwarding_symbol="TTr-UBND-NC"))
    assert doc.recipients[-1] == "- Lưu: VT, NC."


def test_only_passed_state_nominees_are_proposed():
    dossier = _forwarded([*PM_ONLY, ("individual", "Đinh Văn Tỉnh", "BK_TINH")])
    dossier.nominations.filter(recipient_name="Hoàng Văn Phong").update(result="failed")
    doc = forwarding_document(dossier=dossier)
    names = [row.name for section in doc.annex.sections for group in section.groups for row in group.rows]
    assert names == ["Phòng Hành chính - Tư pháp", "Nông Thị Hà"]
    assert doc.counts == {"collective": 1, "individual": 1, "family": 0}
    assert doc.authorities == ("Thủ tướng Chính phủ",)


def test_the_council_meeting_date_is_cited():
    from tests.awards.test_decisions_from_nominations import _reviewed
    from tests.awards.test_meetings import MEETING_DAY

    dossier = _reviewed(("Nông Thị Hà", "BK_TTCP"))
    text = " ".join(forwarding_document(dossier=dossier).review_paragraph.split())
    assert f"Hội đồng Thi đua - Khen thưởng tỉnh đã họp xét ngày {MEETING_DAY:%d}/{MEETING_DAY.month}/" in text


def test_the_draft_leaves_the_number_blank_and_is_marked():
    dossier = reviewed_dossier(UnitFactory(name="Sở Tư pháp"), PM_ONLY)
    doc = forwarding_document(dossier=dossier)
    assert doc.is_draft and doc.number_symbol == "\u00a0" * 8 + "/TTr-UBND"
    pdf = _pdf(dossier)
    first = pdf.pages[0].extract_text()
    assert "DỰ THẢO" in first
    number_line = next(line for line in first.splitlines() if "Số:" in line)
    assert "/TTr-UBND" in number_line and not any(ch.isdigit() for ch in number_line.split("/TTr")[0])
    # The blank keeps its width: the symbol stands well to the right of "Số:".
    words = pdf.pages[0].extract_words()
    so = next(w for w in words if w["text"] == "Số:")
    symbol = next(w for w in words if w["text"].endswith("/TTr-UBND"))
    assert symbol["x0"] - so["x1"] > 15


def test_the_letter_data_takes_a_fixed_number_of_queries():
    def count(n):
        nominees = [("individual", f"Người {i}", "BK_TTCP") for i in range(n)]
        dossier = _forwarded(nominees)
        with CaptureQueriesContext(connection) as queries:
            doc = forwarding_document(dossier=Dossier.objects.get(pk=dossier.pk))
        assert doc.counts["individual"] == n
        return len(queries)

    assert count(3) == count(30)


# Who may download it.


def test_staff_and_the_units_clerk_download_the_letter(client, staff, clerk_a, clerk_b, unit_a, leader, council_member):
    dossier = reviewed_dossier(
        unit_a, PM_ONLY, reviewed_on=datetime.date(2018, 5, 16), status=Dossier.Status.FORWARDED, **LETTER
    )
    url = reverse("reports:dossier-forwarding-letter", args=[dossier.pk])
    for allowed in (staff, clerk_a, leader):
        assert_permissions(client, url=url, method="get", allowed=allowed, others=[council_member])
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404
    client.force_login(clerk_a)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="12-TTr-UBND.pdf"'
    assert "Số: 12/TTr-UBND" in pdfplumber.open(io.BytesIO(response.content)).pages[0].extract_text()


def test_the_draft_is_for_staff_only_and_no_letter_without_state_proposals(client, staff, clerk_a, unit_a):
    dossier = reviewed_dossier(unit_a, PM_ONLY)
    url = reverse("reports:dossier-forwarding-letter", args=[dossier.pk])
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200 and "du-thao" in response["Content-Disposition"]
    client.force_login(clerk_a)  # the unit's own dossier, but no letter yet
    assert client.get(url).status_code == 404
    provincial = reviewed_dossier(unit_a, [("individual", "Hoàng Văn Phong", "BK_TINH")])
    client.force_login(staff)
    assert client.get(reverse("reports:dossier-forwarding-letter", args=[provincial.pk])).status_code == 404
