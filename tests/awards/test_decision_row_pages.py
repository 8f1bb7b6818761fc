"""A long decision's rows a page at a time: the decision page (rows built in Python, awards/decisions/row_html.py)
and the draft's edit page (awards/decisions/paged_rows.py), with the whole decision's totals, duplicates, rules and
no-lost-updates still holding across pages."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditLog
from awards.decisions.services import decision_update
from awards.models import Authority, PersonAward
from clusters.models import Person
from tests.awards.test_views import _management, _post_data
from tests.clusters.people import person
from tests.factories import decision_fields, make_decision, recipient
from tests.helpers import edit_version, vietnamese

pytestmark = pytest.mark.django_db

PER_PAGE = 5


@pytest.fixture
def small_pages(monkeypatch):
    """Five rows a page, so that a dozen rows make three pages."""
    monkeypatch.setattr("awards.decisions.views.ROWS_PER_PAGE", PER_PAGE)


def _draft(n, **fields):
    return make_decision(issued=False, recipients=[recipient(name=f"Người {i}") for i in range(1, n + 1)], **fields)


def _names(decision):
    return list(decision.awards.order_by("line_no").values_list("line_no", "recipient_name"))


def _table_rows(html):
    body = html.split('id="decision-rows"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def _cells(row):
    """Each cell's text (its first line: the recipient's cell then offers to link a person)."""
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    return [cell.split("\n")[0] for cell in cells]


# The decision page.


def test_a_recipient_named_like_a_script_is_printed_as_text(staff_client):
    decision = make_decision(
        recipients=[recipient(name="<script>alert(1)</script>", position='"><b>x</b>', unit_name="A & B")]
    )
    html = staff_client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&quot;&gt;&lt;b&gt;x&lt;/b&gt;" in html
    assert "A &amp; B" in html


def test_a_row_shows_the_same_columns_as_before(staff_client):
    decision = make_decision(
        date=datetime.date(2018, 8, 1),
        recipients=[recipient(name="Hoàng Văn Phong", position="Giáo viên", unit_name="Trường X", grassroots=True)],
    )
    html = staff_client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
    [row] = _table_rows(html)
    cells = _cells(row)
    assert cells[:4] == ["1", "Hoàng Văn Phong", "Giáo viên", "Trường X"]
    assert cells[4] == decision.awards.get().award_type.name and cells[7] == "✓"
    assert re.fullmatch(r"[0-9.]+\*?", cells[8]), cells  # the amount, in the last column
    assert 'data-label="#"' in row and 'class="text-end"' in row


def test_a_long_decision_shows_its_rows_a_page_at_a_time_with_the_whole_decisions_totals(staff_client, small_pages):
    decision = make_decision(
        date=datetime.date(2018, 8, 1), recipients=[recipient(name=f"Người {i}") for i in range(1, 13)]
    )
    url = reverse("awards:decision-detail", args=[decision.pk])
    first = staff_client.get(url).content.decode()
    assert [_cells(row)[0] for row in _table_rows(first)] == ["1", "2", "3", "4", "5"]
    third = staff_client.get(url, {"trang": 3}).content.decode()
    assert [_cells(row)[1] for row in _table_rows(third)] == ["Người 11", "Người 12"]
    assert f'href="{url}?trang=2"' in third and 'aria-current="page"><span class="page-link">3<' in third
    # Past the end: the last page; not a number: the first.
    assert _table_rows(staff_client.get(url, {"trang": 99}).content.decode()) == _table_rows(third)
    assert len(_table_rows(staff_client.get(url, {"trang": "x"}).content.decode())) == PER_PAGE
    total = re.search(r'id="money-total">([^<]*)<', first)[1]
    assert total == re.search(r'id="money-total">([^<]*)<', third)[1]
    one = int(_cells(_table_rows(first)[0])[8].rstrip("*").replace(".", ""))
    assert int(total.replace(".", "")) == 12 * one  # all twelve, not the page's five
    assert vietnamese("%(c)s collectives, %(i)s individuals, %(f)s families", c=0, i=12, f=0) in third


def test_a_short_decision_has_no_page_links(staff_client):
    html = staff_client.get(reverse("awards:decision-detail", args=[_draft(3).pk])).content.decode()
    assert "?trang=" not in html and len(_table_rows(html)) == 3


def test_a_duplicate_on_another_page_is_shown_on_both_rows(staff_client, small_pages):
    rows = [recipient(name=f"Người {i}") for i in range(1, 12)]
    rows[10] = recipient(name="Người 2")  # line 11 repeats line 2
    draft = make_decision(issued=False, recipients=rows)
    url = reverse("awards:decision-detail", args=[draft.pk])
    first = staff_client.get(url).content.decode()
    assert 'id="duplicates"' in first
    [findings] = re.findall(r'<ul class="list-unstyled small mb-0 row-findings">(.*?)</ul>', first, re.S)
    assert re.search(r"\b11\b", findings)  # line 2's finding names line 11, on page 3
    second = staff_client.get(url, {"trang": 2}).content.decode()  # lines 6-10: no duplicate among them
    assert 'id="duplicates"' in second and "row-findings" not in second


def test_the_decision_page_costs_the_same_queries_for_10_and_300_rows(staff_client):
    def queries(decision, page=1):
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(reverse("awards:decision-detail", args=[decision.pk]), {"trang": page})
            assert response.status_code == 200
        return len(captured)

    drafts = _draft(10), _draft(300)
    issued = (make_decision(recipients=[recipient(name=f"Người {i}") for i in range(n)]) for n in (10, 300))
    for few, many in (drafts, issued):
        assert queries(many) == queries(few) == queries(many, page=2), few.status


def test_a_clerks_decision_page_runs_the_same_queries_as_staffs_whatever_its_linked_people(
    client, staff, clerk_a, unit_a, unit_b
):
    """A unit clerk's page reads the linked people's current units (a person's page opens only for their unit's
    people) in the rows' own query: no query more than the staff's page, for 3 or 30 people."""

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def decision(count):
        made = make_decision(recipients=[recipient(name=f"Người {i}", unit=unit_a) for i in range(count)])
        for index, award in enumerate(made.awards.order_by("line_no")):
            unit = unit_a if index % 2 else unit_b  # every other person has moved to another unit since
            PersonAward.objects.create(award=award, person=person(award.recipient_name, current_unit=unit))
        return made

    few, many = decision(3), decision(30)
    few_url, many_url = (reverse("awards:decision-detail", args=[d.pk]) for d in (few, many))
    client.force_login(staff)
    staffs = queries(few_url)
    client.force_login(clerk_a)
    queries(few_url)
    assert queries(few_url) == queries(many_url) == staffs
    html = client.get(many_url).content.decode()
    people = Person.objects.filter(award_links__award__decision=many)
    here, elsewhere = people.filter(current_unit=unit_a), people.filter(current_unit=unit_b)
    assert here.count() == 15 == elsewhere.count()
    assert all(reverse("people:person-detail", args=[p.pk]) + '"' in html for p in here)
    assert not any(reverse("people:person-detail", args=[p.pk]) + '"' in html for p in elsewhere)


# The draft's edit page.


def _edit_url(decision):
    return reverse("awards:decision-edit", args=[decision.pk])


def _page_post(rows, *, initial, version, **decision):
    data = _post_data(rows, **decision)
    data.update(_management(len(rows), initial=initial), version=version)
    return data


def test_the_edit_page_costs_the_same_queries_for_10_and_300_rows(staff_client):
    def queries(decision):
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(_edit_url(decision)).status_code == 200
        return len(captured)

    assert queries(_draft(300)) == queries(_draft(10))


def test_the_edit_page_of_a_long_draft_holds_one_page_of_rows(staff_client, small_pages):
    draft = _draft(12)
    html = staff_client.get(_edit_url(draft), {"trang": 2}).content.decode()
    assert re.findall(r'name="r-\d+-recipient_name"[^>]*value="([^"]*)"', html) == [f"Người {i}" for i in range(6, 11)]
    assert 'data-first-line="6"' in html and f'href="{_edit_url(draft)}?trang=3"' in html
    assert 'id="rows-page-note"' in html


def test_saving_a_page_changes_adds_and_removes_its_rows_only(staff_client, small_pages):
    draft = _draft(12)
    url = _edit_url(draft) + "?trang=2"
    version = edit_version(staff_client, url)
    rows = [dict(name=n) for n in ("Người 6", "Người bảy", "Người 8", "Người 9", "Người 10", "Mới 1", "Mới 2")]
    data = _page_post(rows, initial=5, version=version, number_and_symbol="…/QĐ-UBND", date="2018-03-01")
    data["r-2-DELETE"] = "on"  # line 8
    response = staff_client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith("?trang=2")
    expected = [f"Người {i}" for i in range(1, 7)] + ["Người bảy", "Người 9", "Người 10", "Mới 1", "Mới 2"]
    expected += ["Người 11", "Người 12"]
    assert _names(draft) == list(enumerate(expected, start=1))
    entry = AuditLog.objects.filter(action="decision.update").latest("id")
    assert entry.after["lines"] == [6, 11] and [a["name"] for a in entry.after["awards"]] == expected[5:11]


def test_removing_every_row_of_a_page_keeps_the_others(staff_client, small_pages):
    draft = _draft(7)
    url = _edit_url(draft) + "?trang=2"
    data = _page_post(
        [dict(name="Người 6"), dict(name="Người 7")],
        initial=2,
        version=edit_version(staff_client, url),
        number_and_symbol="…/QĐ-UBND",
        date="2018-03-01",
    )
    data.update({"r-0-DELETE": "on", "r-1-DELETE": "on"})
    assert staff_client.post(url, data).status_code == 302
    assert _names(draft) == [(i, f"Người {i}") for i in range(1, 6)]


def test_a_page_saved_after_someone_changed_another_page_is_refused(staff_client, small_pages):
    draft = _draft(12)
    url = _edit_url(draft) + "?trang=3"
    version = edit_version(staff_client, url)
    # Meanwhile someone saves page 1 (its first row renamed).
    changed = [recipient(name="Đổi tên")] + [recipient(name=f"Người {i}") for i in range(2, 6)]
    decision_update(
        actor=None, decision=draft, fields=decision_fields(unnumbered=True), recipients=changed, lines=(1, 5)
    )
    before = _names(draft)
    data = _page_post(
        [dict(name="Người 11"), dict(name="Của tôi")],
        initial=2,
        version=version,
        number_and_symbol="…/QĐ-UBND",
        date="2018-03-01",
    )
    response = staff_client.post(url, data)
    assert response.status_code == 409 and 'id="edit-conflict"' in response.content.decode()
    assert _names(draft) == before and before[0] == (1, "Đổi tên")


def test_a_header_change_that_breaks_a_row_on_another_page_is_refused_naming_its_line(staff_client, small_pages):
    draft = _draft(7)
    url = _edit_url(draft) + "?trang=2"
    prime_minister = Authority.objects.get(code="prime_minister")
    data = _page_post(
        [dict(name="Người 6", code="BK_TTCP"), dict(name="Người 7", code="BK_TTCP")],
        initial=2,
        version=edit_version(staff_client, url),
        number_and_symbol="356/QĐ-TTg",
        date="2018-03-01",
        authority=str(prime_minister.pk),
    )
    response = staff_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    line = vietnamese("Line %(line)s (another page): %(messages)s", line=1, messages="")
    assert line.strip() in html
    assert _names(draft) == [(i, f"Người {i}") for i in range(1, 8)]
    assert draft.authority.code == "provincial_chair"


def test_a_short_draft_is_still_saved_whole(staff_client):
    draft = _draft(3)
    url = _edit_url(draft)
    data = _page_post(
        [dict(name="Một"), dict(name="Hai"), dict(name="Ba")],
        initial=3,
        version=edit_version(staff_client, url),
        number_and_symbol="…/QĐ-UBND",
        date="2018-03-01",
    )
    data["r-1-DELETE"] = "on"
    response = staff_client.post(url, data)
    assert response.status_code == 302 and "trang" not in response["Location"]
    assert _names(draft) == [(1, "Một"), (2, "Ba")]
    assert "lines" not in AuditLog.objects.filter(action="decision.update").latest("id").after


@pytest.mark.parametrize("page", [1, 2])
def test_permissions_of_a_page_of_rows(client, staff, clerk_b, page, small_pages):
    draft = _draft(7)
    for url in (_edit_url(draft), reverse("awards:decision-detail", args=[draft.pk])):
        assert client.get(url, {"trang": page}).status_code == 302  # anonymous: to the login page
        client.force_login(clerk_b)
        assert client.get(url, {"trang": page}).status_code in (403, 404)
        client.force_login(staff)
        assert client.get(url, {"trang": page}).status_code == 200
        client.logout()
    client.force_login(staff)
    assert client.put(_edit_url(draft) + f"?trang={page}").status_code == 405
    assert client.post(reverse("awards:decision-detail", args=[draft.pk]) + f"?trang={page}").status_code == 405
