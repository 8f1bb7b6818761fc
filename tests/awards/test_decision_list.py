"""The decisions list at a constant cost: pages found from the row before (keyset), totals counted up to a cap,
rows built without the template engine and still escaped."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Decision
from tests.factories import make_decision, recipient

pytestmark = pytest.mark.django_db

LIST = reverse("awards:decision-list")


def decisions_on_days(count: int, *, first=datetime.date(2018, 1, 1), **fields) -> list[Decision]:
    return [make_decision(date=first + datetime.timedelta(days=day), **fields) for day in range(count)]


def shown(response) -> list[int]:
    return [decision.pk for decision in response.context["page"].rows]


def link(response, rel: str) -> str:
    match = re.search(rf'rel="{rel}" href="\?([^"]*)"', response.content.decode())
    assert match, f"no {rel} link"
    return match[1].replace("&amp;", "&")


def test_next_and_previous_walk_the_list_newest_first_without_gaps_or_repeats(staff_client):
    made = decisions_on_days(110)
    # Drafts waiting for their number, on the same days as numbered ones; the one of day 62 ends the first page.
    made += [make_decision(date=made[day].date, unnumbered=True, issued=False) for day in (109, 109, 62, 60, 59)]
    newest_first = [
        d.pk for d in sorted(made, key=lambda d: (d.date, d.number is None, d.number or 0, d.pk), reverse=True)
    ]
    first = staff_client.get(LIST)
    assert first.context["page"].rows[-1].number is None  # the cursor holds an empty number
    second = staff_client.get(LIST + "?" + link(first, "next"))
    third = staff_client.get(LIST + "?" + link(second, "next"))
    assert shown(first) + shown(second) + shown(third) == newest_first
    assert "Trang 3/3" in third.content.decode() and 'rel="next"' not in third.content.decode()
    back = staff_client.get(LIST + "?" + link(third, "prev"))
    assert shown(back) == shown(second) and "Trang 2/3" in back.content.decode()
    assert shown(staff_client.get(LIST + "?" + link(back, "prev"))) == shown(first)
    # An older link by page number finds the same rows.
    assert shown(staff_client.get(LIST, {"page": 2})) == shown(second)


def test_the_filters_stay_on_the_links_and_the_pages_keep_to_them(staff_client, catalog):
    decisions_on_days(60, summary="Khen thưởng phong trào trồng cây")
    decisions_on_days(60, first=datetime.date(2019, 1, 1), summary="Khen thưởng phong trào xóa đói giảm nghèo")
    first = staff_client.get(LIST, {"q": "giảm nghèo"})
    assert "q=gi" in link(first, "next")
    second = staff_client.get(LIST + "?" + link(first, "next"))
    summaries = {d.summary for d in second.context["page"].rows}
    assert summaries == {"Khen thưởng phong trào xóa đói giảm nghèo"} and len(second.context["page"].rows) == 10


def test_past_the_cap_the_total_reads_more_than(staff_client, settings):
    settings.LIST_COUNT_CAP = 5
    decisions_on_days(6)
    page = staff_client.get(LIST).content.decode()
    assert "Hơn 5 quyết định" in page
    settings.LIST_COUNT_CAP = 6
    assert "6 quyết định" in staff_client.get(LIST).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"after": "garbage"},
        {"after": "2018-13-01.1.1"},
        {"before": "2018-01-01.x.1"},
        {"after": "2018-01-01.1"},
        {"page": "-3"},
        {"page": "abc"},
    ],
)
def test_a_tampered_cursor_opens_the_first_page(staff_client, params):
    decisions_on_days(3)
    response = staff_client.get(LIST, params)
    assert response.status_code == 200 and len(shown(response)) == 3


def test_a_page_past_the_end_offers_the_first(staff_client):
    decisions_on_days(3)
    response = staff_client.get(LIST, {"page": 9})
    assert shown(response) == [] and link(response, "prev") == ""


def test_names_and_summaries_are_escaped_in_the_rows_built_in_python(staff_client):
    make_decision(summary='<script>alert("x")</script> & khen', recipients=[recipient(name="Người <b>")])
    page = staff_client.get(LIST).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; khen" in page


def test_the_list_runs_the_same_queries_for_3_or_60_decisions_and_on_any_page(staff_client):
    decisions_on_days(3)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        return len(captured)

    few = queries(LIST)
    assert few == 4  # the session, the user with their permissions, the page with its total, both filter catalogs
    decisions_on_days(60, first=datetime.date(2019, 1, 1))
    first = staff_client.get(LIST)
    assert queries(LIST) == few
    assert queries(LIST + "?" + link(first, "next")) == few
    assert queries(LIST + "?page=2") == few


@pytest.mark.parametrize(
    "cursor", ["2018-01-01.99999999999999999999.1", "2018-01-01.1.99999999999999999999", "9999-12-31.-1.-1"]
)
def test_a_cursor_out_of_any_range_is_an_empty_or_first_page_not_an_error(staff_client, cursor):
    decisions_on_days(3)
    for direction in ("after", "before"):
        response = staff_client.get(LIST, {direction: cursor, "page": 2})
        assert response.status_code == 200


def filter_options(response, name: str) -> list[str]:
    page = response.content.decode()
    select = page[page.index(f'name="{name}"') : page.index("</select>", page.index(f'name="{name}"'))]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_filters_show_a_catalog_change_at_once_and_a_filled_in_filter_never_reaches_an_empty_one(
    staff_client, catalog
):
    from awards.models import AwardType

    before = filter_options(staff_client.get(LIST), "award_type")
    AwardType.objects.create(
        code="TEST_NEW", name="Danh hiệu <thử> mới", level="provincial", category="prize", for_individual=True
    )
    after = filter_options(staff_client.get(LIST), "award_type")
    assert sorted(after) == sorted([*before, "Danh hiệu &lt;thử&gt; mới"])  # escaped, in the catalog's order
    refused = staff_client.get(LIST, {"date_from": "2020-01-01", "date_to": "2019-01-01", "q": "Lê Văn"})
    error = "Ngày kết thúc không được trước ngày bắt đầu."
    assert 'value="Lê Văn"' in refused.content.decode() and error in refused.content.decode()
    empty = staff_client.get(LIST).content.decode()
    assert "Lê Văn" not in empty and error not in empty and 'class="errorlist"' not in empty


def test_a_chosen_authority_and_award_stay_selected_in_the_filters(staff_client, catalog):
    from awards.models import Authority, AwardType

    authority = Authority.objects.filter(issuer__isnull=False).first()
    award = AwardType.objects.order_by("pk").last()
    page = staff_client.get(LIST, {"authority": authority.pk, "award_type": award.pk}).content.decode()
    assert re.findall(r'<option value="(\d+)" selected>', page) == [str(authority.pk), str(award.pk)]
