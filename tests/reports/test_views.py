import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import make_decision, recipient
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db
PERIOD = {"date_from": "2017-12-20", "date_to": "2018-06-20"}


@pytest.mark.parametrize(
    "name",
    ["reports:appendix2", "reports:appendix2-xlsx", pytest.param("reports:appendix2-pdf", marks=pytest.mark.pdf)],
)
def test_permissions(client, staff, clerk_a, clerk_b, council_member, name):
    url = reverse(name) + "?date_from=2017-12-20&date_to=2018-06-20"
    assert_permissions(
        client, url=url, method="get", allowed=staff, others=[clerk_a, clerk_b, council_member], wrong_method="post"
    )


def test_the_page_shows_the_computed_table_for_the_period(staff_client):
    make_decision(recipients=[recipient("CO_TD_TINH", recipient_kind="collective", name="Sở Tư pháp", grassroots=True)])
    response = staff_client.get(reverse("reports:appendix2"), PERIOD)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Phụ lục 2: Kết quả khen thưởng 6 tháng đầu năm 2018" in content
    assert "* Số liệu tính từ 20/12/2017 đến hết 20/6/2018./." in content
    table = response.context["table"]
    assert next(r for r in table.rows if r.label == "Cờ Thi đua của tỉnh").counts == (1, 0, 0, 1, 0, 0)
    assert "phu-luc-2.xlsx?date_from=2017-12-20&amp;date_to=2018-06-20" in content


def test_without_a_period_the_page_opens_on_the_half_year_of_the_latest_decision(staff_client):
    make_decision()  # dated 1/3/2018
    table = staff_client.get(reverse("reports:appendix2")).context["table"]
    assert (table.start.isoformat(), table.end.isoformat()) == ("2017-12-20", "2018-06-20")


def test_a_reversed_period_is_refused_with_a_message(staff_client):
    response = staff_client.get(reverse("reports:appendix2"), {"date_from": "2018-06-20", "date_to": "2017-12-20"})
    assert response.status_code == 400 and response.context["table"] is None
    assert response.context["form"].errors["date_to"]
    assert staff_client.get(reverse("reports:appendix2-xlsx"), {"date_from": "x"}).status_code == 400


@pytest.mark.pdf
def test_the_downloads_are_named_by_period_and_open(staff_client):
    make_decision()
    response = staff_client.get(reverse("reports:appendix2-xlsx"), PERIOD)
    assert response["Content-Disposition"] == 'attachment; filename="phu-luc-2_2017-12-20_2018-06-20.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("Phụ lục 2")
    pdf = staff_client.get(reverse("reports:appendix2-pdf"), PERIOD)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_broken_layout_shows_a_message(staff_client):
    from reports.models import LayoutRow, ReportLayout

    layout = ReportLayout.objects.get(code="appendix2-235-2018")  # PERIOD is in 2018
    first, second = LayoutRow.objects.filter(layout=layout, parent__isnull=True)[:2]
    LayoutRow.objects.filter(pk=first.pk).update(parent=second)
    LayoutRow.objects.filter(pk=second.pk).update(parent=first)
    response = staff_client.get(reverse("reports:appendix2"), PERIOD)
    assert response.status_code == 409 and "Mẫu biểu Phụ lục 2 bị lỗi" in response.content.decode()
    assert staff_client.get(reverse("reports:appendix2-xlsx"), PERIOD).status_code == 409


def test_exports_carry_the_layout_warnings(staff_client):
    make_decision(recipients=[recipient("BK_TINH", "dedication", "individual")])  # no line counts it
    sheet = load_workbook(io.BytesIO(staff_client.get(reverse("reports:appendix2-xlsx"), PERIOD).content)).active
    texts = [row[0] for row in sheet.iter_rows(values_only=True) if row[0]]
    assert any("không thuộc dòng nào của mẫu biểu" in str(text) for text in texts)
    page = staff_client.get(reverse("reports:appendix2"), PERIOD).content.decode()
    assert "không thuộc dòng nào của mẫu biểu" in page
