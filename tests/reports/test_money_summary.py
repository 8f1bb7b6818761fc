import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import RoundingRule, Verification
from tests.factories import make_decision, recipient
from tests.helpers import vietnamese
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db
PERIOD = {"date_from": "2018-01-01", "date_to": "2018-12-31"}


@pytest.mark.parametrize("name", ["reports:money-summary", "reports:money-summary-xlsx"])
def test_permissions(client, staff, leader, clerk_a, clerk_b, council_member, name):
    url = reverse(name) + "?date_from=2018-01-01&date_to=2018-12-31"
    assert_permissions(
        client, url=url, method="get", allowed=staff, others=[clerk_a, clerk_b, council_member], wrong_method="post"
    )
    client.force_login(leader)
    assert client.get(url).status_code == 200


def test_the_route_is_the_vietnamese_path():
    assert reverse("reports:money-summary") == "/bao-cao/tien-thuong/"


def _decisions():
    make_decision(date=datetime.date(2018, 3, 1), recipients=[recipient("CSTD_TINH"), recipient("BK_TINH", name="B")])
    make_decision(
        date=datetime.date(2018, 8, 1), recipients=[recipient("CSTD_TINH", name="C"), recipient("KNC_TINH", name="D")]
    )


def test_the_page_lists_the_rows_the_total_and_the_unpriced(staff_client):
    _decisions()
    response = staff_client.get(reverse("reports:money-summary"), PERIOD)
    page = response.content.decode()
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.total == 9_370_000 and [r.award_type_code for r in summary.unpriced] == ["KNC_TINH"]
    assert 'id="money-grand-total">9.370.000<' in page
    assert "Kỷ niệm chương của tỉnh" in page and "8.070.000" in page
    assert "tien-thuong.xlsx?date_from=2018-01-01&amp;date_to=2018-12-31" in page


def test_a_reversed_period_is_refused(staff_client):
    response = staff_client.get(reverse("reports:money-summary"), {"date_from": "2018-12-31", "date_to": "2018-01-01"})
    assert response.status_code == 400 and response.context["form"].errors["date_to"]
    assert staff_client.get(reverse("reports:money-summary-xlsx"), {"date_from": "x"}).status_code == 400


def test_the_excel_file_reads_back_with_the_figures(staff_client):
    _decisions()
    response = staff_client.get(reverse("reports:money-summary-xlsx"), PERIOD)
    assert response["Content-Disposition"] == 'attachment; filename="tien-thuong_2018-01-01_2018-12-31.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Tổng hợp tiền thưởng từ 01/01/2018 đến 31/12/2018"
    lines = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert lines[0] == [1, "Chiến sĩ thi đua cấp tỉnh", "Cá nhân", 2, "Nhiều mức", 8_070_000]
    assert lines[1] == [2, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "Cá nhân", 1, 1_300_000, 1_300_000]
    assert lines[2][0] == "Tổng cộng" and lines[2][3] == 3 and lines[2][5] == 9_370_000
    assert [None, "Kỷ niệm chương của tỉnh", "Cá nhân", 1, None, None] in lines


def test_an_amount_from_unverified_data_is_marked_and_explained_under_the_table(staff_client):
    _decisions()  # the base salary of March 2018 is only partly verified; August's is, but not its rounding
    page = staff_client.get(reverse("reports:money-summary"), PERIOD).content.decode()
    assert "<sup>*</sup>" in page
    note = vietnamese(
        "* The amount rests on a coefficient, base salary or rounding rule not yet verified against the decree it "
        "comes from: check it before relying on it."
    )
    assert f'<p class="small text-muted" id="money-note">{note}</p>' in page
    assert page.index('id="money-grand-total"') < page.index('id="money-note"')


def test_no_mark_and_no_note_when_the_data_is_verified(staff_client):
    RoundingRule.objects.update(verification=Verification.VERIFIED)
    make_decision(date=datetime.date(2018, 8, 1), recipients=[recipient("CSTD_TINH")])
    page = staff_client.get(reverse("reports:money-summary"), PERIOD).content.decode()
    assert 'id="money-grand-total">4.170.000<' in page
    assert "<sup>*</sup>" not in page and 'id="money-note"' not in page
