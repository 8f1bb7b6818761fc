"""Reward money on the printed decision, read back from the PDF: Điều 2 states the amount per award type and
recipient kind, the decree the coefficients come from (by the decision's date) and the total; the annex has a
"Số tiền (đồng)" column and a total row. Amounts resting on figures the research notes give from memory are
marked with a warning on a draft and not printed on an issued decision.

Expected figures are worked out by hand from the decrees (fixtures/catalog/reward_coefficients.csv,
base_salaries.csv, rounding_rules.csv): coefficient × the base salary in force on the decision's date, rounded
to the nearest 10.000 đồng."""

import datetime
import io
import re

import pdfplumber
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import RewardCoefficient
from reports.decision_print import AMOUNT_HEADER, UNSOURCED_WARNING, decision_document, decision_pdf
from tests.factories import award_type, make_decision, recipient

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

APRIL_2018 = datetime.date(2018, 4, 11)  # NĐ 91/2017, base salary 1.300.000 (NĐ 47/2017, from 01/7/2017)
BASE_2018_H1 = 1_300_000


def _pages(decision) -> list[str]:
    with pdfplumber.open(io.BytesIO(decision_pdf(decision))) as pdf:
        return [page.extract_text() for page in pdf.pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _split(pages: list[str]) -> tuple[str, str]:
    """(the decision's text, the annex's text), each on one line."""
    start = next(i for i, page in enumerate(pages) if "DANH SÁCH" in page)
    return _flat("\n".join(pages[:start])), _flat("\n".join(pages[start:]))


def _mixed_2018(**fields):
    recipients = [
        recipient("BK_TINH", recipient_kind="collective", name=f"Phòng Tổng hợp số {i}", unit_name="Sở Nội vụ")
        for i in (1, 2)
    ]
    recipients += [
        recipient("BK_TINH", name=f"Nguyễn Văn Người{i}", position="Chuyên viên", unit_name="Sở Tài chính")
        for i in (1, 2, 3)
    ]
    recipients += [
        recipient("CSTD_TINH", name="Lê Thị Chiến Sĩ", position="Trưởng phòng", unit_name="Sở Y tế"),
        recipient("KNC_TINH", name="Lý Thị Mai", position="Chuyên viên", unit_name="Sở Tư pháp"),  # no money
    ]
    return make_decision(recipients=recipients, date=APRIL_2018, **fields)


def test_article_two_states_each_amount_the_decree_and_the_total():
    decision, annex = _split(_pages(_mixed_2018(number=651)))
    bk_individual = 1 * BASE_2018_H1  # NĐ 91/2017 Đ73: Bằng khen của tỉnh, hệ số 1,0
    bk_collective = 2 * BASE_2018_H1  # tập thể gấp 2 lần cá nhân
    cstd_tinh = 3 * BASE_2018_H1  # NĐ 91/2017 Đ69: Chiến sĩ thi đua cấp tỉnh, hệ số 3,0
    total = 2 * bk_collective + 3 * bk_individual + cstd_tinh
    assert (bk_individual, bk_collective, cstd_tinh, total) == (1_300_000, 2_600_000, 3_900_000, 13_000_000)
    article = decision[decision.index("Điều 2.") : decision.index("Điều 3.")]
    assert article == (
        "Điều 2. Các tập thể, cá nhân có tên tại Điều 1 được nhận hiện vật và tiền thưởng theo quy định tại "
        "Nghị định số 91/2017/NĐ-CP, mức tiền thưởng như sau: "
        "- danh hiệu Chiến sĩ thi đua cấp tỉnh: mỗi cá nhân 3.900.000 đồng; "
        "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: mỗi tập thể 2.600.000 đồng, mỗi cá nhân 1.300.000 đồng; "
        "Tổng số tiền thưởng: 13.000.000 đồng. "
    )
    assert "Kỷ niệm chương" not in article  # an award without money is not priced
    assert "(*)" not in decision + annex and "chưa kiểm chứng" not in decision + annex


def test_the_annex_has_an_amount_column_and_a_total_row():
    _, annex = _split(_pages(_mixed_2018()))
    assert "TT Tên tập thể, họ và tên Chức vụ Đơn vị công tác, địa chỉ Số tiền" in annex and AMOUNT_HEADER in annex
    assert "1 Lê Thị Chiến Sĩ Trưởng phòng Sở Y tế 3.900.000" in annex
    assert "1 Phòng Tổng hợp số 1 Sở Nội vụ 2.600.000 2 Phòng Tổng hợp số 2 Sở Nội vụ 2.600.000" in annex
    assert "3 Nguyễn Văn Người3 Chuyên viên Sở Tài chính 1.300.000" in annex
    # An award without money has an empty cell; the total row comes last (then the page number).
    assert re.search(r"1 Lý Thị Mai Chuyên viên Sở Tư pháp Tổng cộng 13\.000\.000( \d+)?$", annex)


def test_the_amount_is_rounded_to_the_nearest_ten_thousand_and_the_base_salary_of_the_date():
    school = recipient("TTLDXS", recipient_kind="collective", name="Trạm Y tế Bắc Xa", unit_name="Đình Lập")
    decision = make_decision(recipients=[school], date=datetime.date(2018, 10, 2))
    text, annex = _split(_pages(decision))
    # Tập thể lao động xuất sắc, NĐ 91/2017 Đ69: 1,5 × 1.390.000 (NĐ 72/2018, from 01/7/2018) = 2.085.000 → 2.090.000
    assert 15 * 1_390_000 // 10 == 2_085_000
    assert "- Mỗi tập thể: 2.090.000 đồng; Tổng số tiền thưởng: 2.090.000 đồng." in text
    assert "1 Trạm Y tế Bắc Xa Đình Lập 2.090.000" in annex


def test_the_decree_cited_is_the_one_of_the_decision_date():
    decision = make_decision(recipients=[recipient("CSTD_TINH", kind_code="merit")], date=datetime.date(2024, 3, 1))
    text, _ = _split(_pages(decision))
    # NĐ 98/2023 Đ54: 3,0 × 1.800.000 (NĐ 24/2023, from 01/7/2023)
    assert "theo quy định tại Nghị định số 98/2023/NĐ-CP, mức tiền thưởng như sau: - Mỗi cá nhân: 5.400.000 đồng;" in (
        text
    )
    assert "91/2017/NĐ-CP, mức" not in text


def _with_a_family(**fields):
    # A family's Bằng khen under NĐ 91/2017: "gia đình tính như cá nhân", from memory in the research notes.
    recipients = [
        recipient("BK_TINH", name="Hoàng Văn Phong", position="Chuyên viên", unit_name="Sở Tài chính"),
        recipient("BK_TINH", recipient_kind="family", name="Gia đình ông Lăng Văn Hưng", grassroots=True),
    ]
    return make_decision(recipients=recipients, date=APRIL_2018, **fields)


def test_a_draft_marks_unverified_amounts_and_warns_on_the_first_page_and_under_the_annex():
    coefficient = RewardCoefficient.objects.valid_on(APRIL_2018).get(
        award_type=award_type("BK_TINH"), recipient_kind="family"
    )
    assert coefficient.verification == "from_memory"
    pages = _pages(_with_a_family(issued=False))
    text, annex = _split(pages)
    assert "- Mỗi cá nhân: 1.300.000 đồng; - Mỗi gia đình: 1.300.000 đồng (*);" in text
    assert "Tổng số tiền thưởng: 2.600.000 đồng (*)." in text
    assert _flat(UNSOURCED_WARNING) in _flat(pages[0])
    assert "1 Hoàng Văn Phong Chuyên viên Sở Tài chính 1.300.000 II." in annex
    assert re.search(r"II\. GIA ĐÌNH 1 Gia đình ông Lăng[\w ]* 1\.300\.000 \(\*\)", annex)  # the name may wrap
    assert f"Tổng cộng 2.600.000 (*) {_flat(UNSOURCED_WARNING)}" in annex


def test_an_issued_decision_prints_no_unverified_figure():
    text, annex = _split(_pages(_with_a_family(issued=True)))
    assert text[text.index("Điều 2.") : text.index("Điều 3.")] == (
        "Điều 2. Các cá nhân, gia đình có tên tại Điều 1 được nhận hiện vật và tiền thưởng theo quy định tại "
        "Nghị định 91/2017/NĐ-CP. "
    )
    assert "đồng" not in text and AMOUNT_HEADER not in annex and "Tổng cộng" not in annex
    assert "(*)" not in text + annex and "1.300.000" not in text + annex


def test_a_decision_without_money_keeps_the_plain_article_and_annex():
    doc = decision_document(decision=make_decision(recipients=[recipient("KNC_TINH")], date=APRIL_2018))
    assert doc.money is None and doc.money_warning == ""
    assert doc.articles[1].items == () and doc.articles[1].text.endswith("theo quy định tại Nghị định 91/2017/NĐ-CP.")
    assert AMOUNT_HEADER not in doc.annex.headers and doc.annex.total is None
    assert doc.annex.sections[0].groups[0].rows[0].cells == ("Hoàng Văn Phong", "", "")


def test_the_money_costs_the_same_queries_for_3_and_30_awards():
    def queries(n):
        recipients = [
            recipient(("BK_TINH", "CSTD_TINH", "KNC_TINH")[i % 3], name=f"Người {i}", unit_name="Sở Nội vụ")
            for i in range(n)
        ]
        decision = make_decision(recipients=recipients, date=APRIL_2018, issued=False)
        with CaptureQueriesContext(connection) as context:
            doc = decision_document(decision=type(decision).objects.get(pk=decision.pk))
        assert doc.money is not None and len(doc.money.amounts) == n - n // 3
        return len(context)

    assert queries(3) == queries(30)


def test_with_one_priced_award_among_two_the_amount_names_its_award():
    recipients = [recipient("BK_TINH", name="Nguyễn Văn An"), recipient("KNC_TINH", name="Lý Thị Mai")]
    doc = decision_document(decision=make_decision(recipients=recipients, date=APRIL_2018))
    items = doc.articles[1].items
    # Not "Mỗi cá nhân: 1.300.000 đồng", which would price the Kỷ niệm chương of Điều 1 too.
    assert items[0] == "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: mỗi cá nhân 1.300.000 đồng;"
    assert items[-1] == "Tổng số tiền thưởng: 1.300.000 đồng."
