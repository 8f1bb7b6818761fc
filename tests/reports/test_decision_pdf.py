"""The printed award decision, measured in the PDF itself: page size, margins from the text boxes, fonts,
page numbers by the formatting profile of the decision's date, the annex on its own pages, the draft mark;
and its download view."""

import datetime
import io
import re

import pdfplumber
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Issuer
from reports.decision_print import decision_document, decision_pdf
from tests.factories import make_decision, recipient
from tests.views_matrix import assert_permissions

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, A4[0] - 15 * MM, 20 * MM, A4[1] - 20 * MM
SERIF = {"Portal-Serif", "Portal-Serif-Bold", "Portal-Serif-Italic", "Portal-Serif-Bold-Italic"}

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

# (decision number, date, where page numbers go)
PROFILES = {
    "tt01-2011": (651, datetime.date(2018, 4, 11), "bottom-right"),
    "nd30-2020": (123, datetime.date(2021, 3, 15), "top-center"),
}


def _recipients(collectives=0, individuals=0, families=0, code="BK_TINH"):
    return (
        [
            recipient(code, recipient_kind="collective", name=f"Phòng Tổng hợp số {i + 1}", unit_name="Sở Nội vụ")
            for i in range(collectives)
        ]
        + [
            recipient(code, name=f"Nguyễn Văn Người{i + 1}", position="Chuyên viên", unit_name="Sở Tài chính")
            for i in range(individuals)
        ]
        + [
            recipient(code, recipient_kind="family", name=f"Gia đình ông Hoàng Văn Họ{i + 1}", grassroots=True)
            for i in range(families)
        ]
    )


def _open(decision):
    return pdfplumber.open(io.BytesIO(decision_pdf(decision)))


def _text(pdf) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


def _is_page_number(word, number) -> bool:
    return word["text"] == str(number) and (word["top"] > BOTTOM or word["bottom"] < TOP)


def _annex_start(pdf) -> int:
    return next(i for i, page in enumerate(pdf.pages) if "DANH SÁCH" in page.extract_text())


@pytest.fixture(scope="module", params=sorted(PROFILES))
def printed(request, django_db_setup, django_db_blocker):
    from django.db import transaction

    number, date, _ = PROFILES[request.param]
    with django_db_blocker.unblock(), transaction.atomic():
        decision = make_decision(recipients=_recipients(3, 60, 2), number=number, date=date)
        yield request.param, _open(decision)
        transaction.set_rollback(True)


def test_pages_are_a4_and_text_keeps_to_the_margins(printed):
    _, pdf = printed
    assert len(pdf.pages) >= 3
    for number, page in enumerate(pdf.pages, start=1):
        assert (round(page.width, 1), round(page.height, 1)) == (round(A4[0], 1), round(A4[1], 1))
        body = [w for w in page.extract_words() if not _is_page_number(w, number)]
        assert min(w["x0"] for w in body) >= LEFT - 0.5
        assert max(w["x1"] for w in body) <= RIGHT + 0.5
        assert min(w["top"] for w in body) >= TOP - 0.5
        assert max(w["bottom"] for w in body) <= BOTTOM + 0.5
    # The articles are justified from margin to margin: the margins are where the text boxes say.
    words = pdf.pages[0].extract_words()
    assert min(w["x0"] for w in words) == pytest.approx(LEFT, abs=0.6)
    assert max(w["x1"] for w in words) == pytest.approx(RIGHT, abs=1.5)


def test_every_glyph_is_the_embedded_serif(printed):
    _, pdf = printed
    fonts = {char["fontname"].split("+", 1)[-1] for page in pdf.pages for char in page.chars}
    assert fonts <= SERIF and "Portal-Serif" in fonts
    assert all("+" in char["fontname"] for page in pdf.pages for char in page.chars)  # embedded subsets


def test_page_numbers_follow_the_profile_of_the_decision_date_and_skip_page_one(printed):
    profile, pdf = printed
    where = PROFILES[profile][2]
    assert not [w for w in pdf.pages[0].extract_words() if _is_page_number(w, 1)]
    for number, page in enumerate(pdf.pages[1:], start=2):
        [word] = [w for w in page.extract_words() if _is_page_number(w, number)]
        if where == "bottom-right":
            assert word["top"] > BOTTOM and word["x1"] == pytest.approx(RIGHT, abs=1.0)
        else:
            assert word["bottom"] < TOP and (word["x0"] + word["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=2)


def test_header_authority_articles_and_signature_of_a_deputy_chair(printed):
    profile, pdf = printed
    number, date, _ = PROFILES[profile]
    page = pdf.pages[0]
    text = page.extract_text()
    lines = text.splitlines()
    assert lines[0].startswith("ỦY BAN NHÂN DÂN") and lines[1].startswith("TỈNH LẠNG SƠN")
    assert f"Số: {number}/QĐ-UBND" in text
    assert f"Lạng Sơn, ngày {date.day:02d} tháng {date.month} năm {date.year}" in text
    assert "QUYẾT ĐỊNH\nVề việc tặng Bằng khen\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" in text
    flat = " ".join(text.split())
    assert "Căn cứ Luật Thi đua, Khen thưởng số 15/2003/QH11;" in flat
    assert "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ;" in flat
    assert "QUYẾT ĐỊNH:" in text and "DỰ THẢO" not in _text(pdf)
    words = page.extract_words(extra_attrs=["fontname"])
    middle = (LEFT + RIGHT) / 2
    assert next(w for w in words if w["text"] == "Nơi")["x0"] == pytest.approx(LEFT, abs=1)
    kt = next(w for w in words if w["text"] == "KT.")
    deputy = next(w for w in words if w["text"] == "PHÓ")
    assert kt["x0"] > middle and deputy["x0"] > middle and deputy["top"] > kt["top"]
    assert "Bold" in kt["fontname"]
    assert "Italic" in next(w for w in words if w["text"] == "Căn")["fontname"]


def test_annex_opens_its_own_page_with_title_and_caption(printed):
    profile, pdf = printed
    number, date, _ = PROFILES[profile]
    annex = _annex_start(pdf)
    assert annex >= 1 and "Nơi nhận:" in pdf.pages[annex - 1].extract_text()
    body = [w for w in pdf.pages[annex].extract_words() if w["top"] >= TOP and w["bottom"] <= BOTTOM]
    assert min(body, key=lambda w: (w["top"], w["x0"]))["text"] == "DANH"
    text = pdf.pages[annex].extract_text().replace("\n", " ")
    assert (
        f"(Kèm theo Quyết định số {number}/QĐ-UBND ngày {date.day:02d} tháng {date.month} năm {date.year} "
        "của Chủ tịch UBND tỉnh Lạng Sơn)"
    ) in text
    assert text.index("I. TẬP THỂ") < text.index("II. CÁ NHÂN")
    assert "III. GIA ĐÌNH" in _text(pdf)
    assert "1 Nguyễn Văn Người1 Chuyên viên Sở Tài chính" in text


@pytest.fixture(scope="module")
def long_annex(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        decision = make_decision(recipients=_recipients(0, 300, 0), date=datetime.date(2021, 3, 15))
        yield _open(decision)
        transaction.set_rollback(True)


def test_a_long_annex_spans_pages_and_repeats_its_header_row(long_annex):
    pdf = long_annex
    annex = _annex_start(pdf)
    pages = pdf.pages[annex:]
    assert len(pages) >= 5
    numbers = []
    for page in pages:
        body = page.within_bbox((0, TOP - 0.5, page.width, BOTTOM + 0.5))  # without the page number
        lines = [line for line in body.extract_text().splitlines() if line.strip()]
        header = next(i for i, line in enumerate(lines) if line.startswith("TT Tên tập thể, họ và tên"))
        # The amount's header wraps onto a second line: "Số tiền" over "(đồng)".
        assert lines[header] == "TT Tên tập thể, họ và tên Chức vụ Đơn vị công tác, địa chỉ Số tiền"
        assert lines[header + 1] == "(đồng)"
        if page is not pages[0]:
            assert header == 0  # the table's header row opens every page it runs onto
        numbers += [int(m.group(1)) for line in lines if (m := re.match(r"(\d+) Nguyễn Văn Người\1 ", line))]
    assert numbers == list(range(1, 301))


def test_article_one_counts_the_recipients_of_the_annex():
    decision = make_decision(recipients=_recipients(2, 5, 1), date=datetime.date(2018, 4, 11))
    text = _text(_open(decision)).replace("\n", " ")
    match = re.search(r"Điều 1\. Tặng Bằng khen .* cho (\d+) tập thể, (\d+) cá nhân, (\d+) gia đình có tên", text)
    assert match and tuple(map(int, match.groups())) == (2, 5, 1)
    annex = text[text.index("DANH SÁCH") :]
    rows = re.findall(r"(?:^| )(\d+) (Phòng Tổng hợp|Nguyễn Văn|Gia đình ông)", annex)
    assert [kind for _, kind in rows].count("Phòng Tổng hợp") == 2
    assert [kind for _, kind in rows].count("Nguyễn Văn") == 5
    assert [kind for _, kind in rows].count("Gia đình ông") == 1


def test_several_award_types_are_listed_by_type_then_recipient_kind():
    recipients = _recipients(1, 2, 0, code="BK_TINH") + [
        recipient("CSTD_TINH", name="Lê Thị Chiến Sĩ", position="Trưởng phòng", unit_name="Sở Y tế")
    ]
    doc = decision_document(decision=make_decision(recipients=recipients, date=datetime.date(2018, 4, 11)))
    first = doc.articles[0]
    assert "1 tập thể, 3 cá nhân" in first.text
    assert first.items == (
        "- danh hiệu Chiến sĩ thi đua cấp tỉnh: 1 cá nhân;",
        "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: 1 tập thể, 2 cá nhân;",
    )
    headings = [(s.heading, [g.heading for g in s.groups]) for s in doc.annex.sections]
    assert headings == [
        ("A. DANH HIỆU CHIẾN SĨ THI ĐUA CẤP TỈNH", ["I. CÁ NHÂN"]),
        ("B. BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", ["I. TẬP THỂ", "II. CÁ NHÂN"]),
    ]
    assert [row.workplace for row in doc.annex.sections[0].groups[0].rows] == ["Sở Y tế"]


def test_a_draft_is_marked_and_leaves_its_number_blank():
    decision = make_decision(recipients=_recipients(0, 2, 0), unnumbered=True, issued=False)
    pdf = _open(decision)
    text = _text(pdf)
    assert "DỰ THẢO" in pdf.pages[0].extract_text() and "DỰ THẢO" in pdf.pages[-1].extract_text()
    assert "…" not in text
    words = pdf.pages[0].extract_words()
    so = next(w for w in words if w["text"] == "Số:")
    symbol = next(w for w in words if w["text"].endswith("/QĐ-UBND") and w["top"] == pytest.approx(so["top"], abs=1))
    assert symbol["text"].lstrip("\u00a0") == "/QĐ-UBND"  # no number, room left to write it in
    assert symbol["x0"] - so["x1"] > 10
    assert re.search(r"Kèm theo Quyết định số\s+/QĐ-UBND ngày", text.replace("\n", " "))


def test_the_chair_signs_without_kt_and_the_regime_of_the_date_is_cited():
    decision = make_decision(recipients=[recipient(kind_code="merit")], date=datetime.date(2024, 5, 6))
    decision.signer_title = "Chủ tịch"  # not saved: issued decisions are frozen
    doc = decision_document(decision=decision)
    assert doc.signature_lines == ("CHỦ TỊCH",)
    assert doc.basis_lines == (
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ;",
        "Xét đề nghị của cơ quan làm công tác thi đua, khen thưởng,",
    )
    assert doc.profile.page_number == "top-center"


def test_the_issuing_body_follows_the_province_setting(settings):
    settings.PROVINCE_NAME = "Cao Bằng"
    Issuer.objects.filter(code="UBND").update(name="Ủy ban nhân dân tỉnh Cao Bằng")
    doc = decision_document(decision=make_decision(recipients=_recipients(0, 1, 0)))
    assert doc.issuing_body_lines == ("ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG")
    assert doc.authority_line == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CAO BẰNG"
    assert doc.place_and_date.startswith("Cao Bằng, ngày ")


def test_the_document_takes_the_same_number_of_queries_for_3_and_300_recipients():
    def queries(n):
        decision = make_decision(recipients=_recipients(0, n, 0))
        with CaptureQueriesContext(connection) as context:
            decision_document(decision=type(decision).objects.get(pk=decision.pk))
        return len(context)

    assert queries(3) == queries(300)


# The download view.


def test_permissions_of_the_decision_pdf(client, staff, clerk_a, clerk_b, council_member):
    url = reverse("reports:decision-pdf", args=[make_decision().pk])
    assert_permissions(client, url=url, method="get", allowed=staff, others=[council_member])
    for clerk in (clerk_a, clerk_b):  # clerks read decisions, but only those awarding their own unit
        client.force_login(clerk)
        assert client.get(url).status_code == 404


def test_the_pdf_is_named_like_the_symbol(staff_client):
    decision = make_decision(number=86, date=datetime.date(2018, 4, 11))
    response = staff_client.get(reverse("reports:decision-pdf", args=[decision.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''86-Q%C4%90-UBND.pdf"
    assert response.content.startswith(b"%PDF")
    assert staff_client.get(reverse("reports:decision-pdf", args=[decision.pk + 1000])).status_code == 404


def test_the_decision_page_links_to_the_pdf(staff_client):
    decision = make_decision()
    response = staff_client.get(reverse("awards:decision-detail", args=[decision.pk]))
    assert reverse("reports:decision-pdf", args=[decision.pk]) in response.content.decode()
