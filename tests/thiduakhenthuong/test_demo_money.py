"""The demo's 2018 decisions priced by the 2018 base salary and the coefficients of NĐ 91/2017, on the decision's
page and in its PDF. Expected figures worked out by hand from the decrees."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from awards.models import Decision
from reports.decision_print import decision_document, decision_pdf

pytestmark = pytest.mark.django_db

BASE_SALARY = 1_300_000  # NĐ 47/2017/NĐ-CP, from 01/7/2017 until 30/6/2018
BK_TINH_INDIVIDUAL = 1 * BASE_SALARY  # NĐ 91/2017 Đ73: Bằng khen of the province, 1,0 × for an individual
BK_TINH_COLLECTIVE = 2 * BASE_SALARY  # twice the individual's for a collective
# Rounded to the nearest 10.000 đồng (NĐ 91/2017 Đ68 k2): both are round already.


def _decision(number):
    return Decision.objects.get(number=number, symbol="QĐ-UBND", date__year=2018)


def test_a_demo_decision_page_shows_the_amount_of_a_known_award_and_the_total(demo, staff_client):
    decision = _decision(603)  # 05/4/2018: 33 collectives and 100 individuals, Bằng khen of the province
    response = staff_client.get(reverse("awards:decision-detail", args=[decision.pk]))
    rows = {award.recipient_name: amount for award, amount in response.context["award_rows"]}
    known = rows["Triệu Văn Bình"]
    assert (known.coefficient, known.base_salary, known.rounded) == (1, BASE_SALARY, BK_TINH_INDIVIDUAL)
    total = 33 * BK_TINH_COLLECTIVE + 100 * BK_TINH_INDIVIDUAL
    assert total == 215_800_000
    page = response.content.decode()
    assert "1.300.000" in page and "2.600.000" in page and 'id="money-total">215.800.000<' in page


@pytest.mark.pdf
def test_the_demo_decisions_pdf_states_the_money_of_decree_91_2017(demo):
    with pdfplumber.open(io.BytesIO(decision_pdf(_decision(603)))) as pdf:
        text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert (
        "theo quy định tại Nghị định số 91/2017/NĐ-CP, mức tiền thưởng như sau: - Mỗi tập thể: 2.600.000 đồng; "
        "- Mỗi cá nhân: 1.300.000 đồng; Tổng số tiền thưởng: 215.800.000 đồng."
    ) in text
    assert "Triệu Văn Bình" in text and "Tổng cộng 215.800.000" in text


@pytest.mark.parametrize(
    ("number", "symbol", "prints"),
    [
        (603, "QĐ-UBND", True),
        (189, "QĐ-TTg", True),  # a State decision whose Bằng khen carries a verified coefficient
        (37, "QĐ-UBND", False),  # lists families: their coefficients are from memory
        (2316, "QĐ-CTN", False),  # families only
        (388, "QĐ-CTN", False),  # orders of the resistance: no coefficient
        (640, "QĐ-TTg", False),  # commemorative medals: no coefficient
    ],
)
def test_the_readme_says_which_demo_decisions_print_their_money(demo, number, symbol, prints):
    decision = Decision.objects.get(number=number, symbol=symbol)
    assert decision.status == Decision.Status.ISSUED
    assert (decision_document(decision=decision).money is not None) is prints
