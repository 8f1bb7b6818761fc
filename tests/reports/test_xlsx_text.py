"""What a person typed is written to every exported Excel file as text, never as a live formula."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from awards.models import AwardType
from kernel.lib.xlsx import put
from reports.models import LayoutRow
from tests.factories import make_decision, recipient

pytestmark = pytest.mark.django_db
HYPERLINK = '=HYPERLINK("http://x")'


def _cells(content: bytes, value: str) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value == value]


def test_put_stores_a_formula_like_string_as_text_and_leaves_numbers_alone():
    sheet = Workbook().active
    for column, value in enumerate(["=1+1", "+84 912", "-x", "@sum", "\tA", "an ordinary name"], start=1):
        put(sheet, 1, column, value)
    put(sheet, 2, 1, 7)
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    back = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [(c.value, c.data_type) for c in back[1]] == [
        ("=1+1", "s"),
        ("+84 912", "s"),
        ("-x", "s"),
        ("@sum", "s"),
        ("\tA", "s"),
        ("an ordinary name", "s"),
    ]
    assert back["A1"].quotePrefix and not back["F1"].quotePrefix
    assert (back["A2"].value, back["A2"].data_type) == (7, "n")


def test_a_catalog_name_beginning_with_equals_is_text_in_the_money_summary(staff_client):
    AwardType.objects.filter(code="BK_TINH").update(name=HYPERLINK)
    make_decision(date=datetime.date(2018, 3, 1), recipients=[recipient("BK_TINH", name="=1+1")])
    response = staff_client.get(
        reverse("reports:money-summary-xlsx"), {"date_from": "2018-01-01", "date_to": "2018-12-31"}
    )
    cells = _cells(response.content, HYPERLINK)
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_catalog_names_are_text_in_the_import_template(staff_client):
    AwardType.objects.filter(code="BK_TINH").update(name=HYPERLINK)
    decision = make_decision(
        date=datetime.date(2018, 3, 1), recipients=[recipient("BK_TINH", name="=1+1")], issued=False
    )
    response = staff_client.get(reverse("awards:decision-import-template", args=[decision.pk]))
    assert response.status_code == 200
    cells = _cells(response.content, HYPERLINK)
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_a_layout_label_is_text_in_appendix2(staff_client):
    LayoutRow.objects.filter(parent__isnull=False).update(label="=1+1")
    response = staff_client.get(reverse("reports:appendix2-xlsx"), {"date_from": "20/12/2017", "date_to": "20/6/2018"})
    assert response.status_code == 200
    cells = _cells(response.content, "=1+1")
    assert cells and all(cell.data_type == "s" for cell in cells)
