"""Searches that stop counting: each section of the site search shows its first rows, a total counted up to the
cap ("hơn 3" past it, with a cap of 3 here) and a link to its own list, which finds the same rows; the people list
pages through the first matches only. Scope and accent-insensitive matching hold on both sides of the cap, and the
number of queries does not grow with the matches."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import Person
from tests.clusters.people import person
from tests.factories import UnitFactory, make_decision, recipient

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")
PEOPLE = reverse("people:person-list")
DECISIONS = reverse("awards:decision-list")


@pytest.fixture
def cap(settings):
    """Three rows counted, two shown per section."""
    settings.LIST_COUNT_CAP = 3
    settings.SEARCH_SECTION_ROWS = 2
    return 3


def _decisions(n, *, name="Hoàng Văn Phong", unit=None, start=datetime.date(2018, 1, 1)):
    """`n` issued decisions, one a day, each awarding `name` (of `unit`, when given); oldest first."""
    return [
        make_decision(recipients=[recipient(name=name, unit=unit)], date=start + datetime.timedelta(days=i))
        for i in range(n)
    ]


def _section(content: str, name: str) -> str:
    start = content.index(f'id="{name}"')
    return content[start : content.index("</section>", start)]


def _badge(content: str, name: str) -> str:
    return html.unescape(re.search(r'<span class="badge[^"]*">([^<]*)</span>', _section(content, name))[1])


def _more_link(content: str, name: str) -> str | None:
    link = re.search(r'<a class="search-more" href="([^"]+)">', _section(content, name))
    return html.unescape(link[1]) if link else None


def test_past_the_cap_each_section_says_more_than_and_links_to_its_list(staff_client, cap):
    made = _decisions(5)
    for i in range(5):
        person(f"Hoàng Văn Phong {i}")
    response = staff_client.get(SEARCH, {"q": "hoang van phong"})
    content = response.content.decode()

    decisions, people = response.context["decisions"], response.context["people"]
    assert decisions.more and decisions.total == 4 and people.more and people.total == 4
    assert _badge(content, "decisions") == "hơn 3" and _badge(content, "people") == "hơn 3"
    newest_first = [d.pk for d in reversed(made)]
    assert [d.pk for d in decisions.rows] == newest_first[:2]
    assert [p.full_name for p in people.rows] == ["Hoàng Văn Phong 0", "Hoàng Văn Phong 1"]
    assert "Xem tất cả" in _section(content, "decisions")

    # Each "see all" link opens the section's list filtered on the same words: the same rows, first ones first.
    listed = staff_client.get(_more_link(content, "decisions"))
    assert _more_link(content, "decisions") == f"{DECISIONS}?q=hoang%20van%20phong"
    assert [d.pk for d in listed.context["page"]] == newest_first
    listed = staff_client.get(_more_link(content, "people"))
    assert _more_link(content, "people") == f"{PEOPLE}?q=hoang%20van%20phong"
    names = [p.full_name for p in listed.context["page"]]
    assert names == [f"Hoàng Văn Phong {i}" for i in range(3)]  # the first `cap` of the five
    assert "Hơn 3 cá nhân" in listed.content.decode()


def test_up_to_the_cap_totals_are_exact_and_the_same_rows_are_found(staff_client, cap):
    made = _decisions(3)
    _decisions(2, name="Nông Thị Hà")
    response = staff_client.get(SEARCH, {"q": "HOÀNG văn"})
    decisions = response.context["decisions"]
    assert not decisions.more and decisions.total == 3
    assert _badge(response.content.decode(), "decisions") == "3"
    assert [d.pk for d in decisions.rows] == [made[2].pk, made[1].pk]
    assert _more_link(response.content.decode(), "decisions") == f"{DECISIONS}?q=HO%C3%80NG%20v%C4%83n"
    assert [d.pk for d in staff_client.get(DECISIONS, {"q": "HOÀNG văn"}).context["page"]] == [
        d.pk for d in reversed(made)
    ]
    everything = staff_client.get(SEARCH, {"q": "phong"}).context["decisions"]
    assert everything.total == 3 and not everything.more


def test_a_section_within_its_rows_has_no_more_link(staff_client, cap):
    [only] = _decisions(1)
    content = staff_client.get(SEARCH, {"q": "phong hoang"}).content.decode()
    assert _badge(content, "decisions") == "1" and _more_link(content, "decisions") is None


def test_units_past_the_cap_say_more_than(staff_client, cap):
    for i in range(5):
        UnitFactory(name=f"Phòng Văn hóa {i}")
    response = staff_client.get(SEARCH, {"q": "van hoa"})
    units = response.context["units"]
    assert units.more and len(units.rows) == 2 and _badge(response.content.decode(), "units") == "hơn 3"


def test_a_clerk_counts_only_their_own_unit_past_the_cap(client, clerk_a, unit_a, unit_b, cap):
    own = _decisions(4, unit=unit_a)
    _decisions(4, unit=unit_b, start=datetime.date(2019, 1, 1))  # newer, another unit's
    for i in range(2):
        person(f"Hoàng Văn Phong {i}", current_unit=unit_a)
    for i in range(5):
        person(f"Hoàng Văn Phong B{i}", current_unit=unit_b)
    client.force_login(clerk_a)
    found = client.get(SEARCH, {"q": "hoang van"}).context
    assert found["decisions"].more and [d.pk for d in found["decisions"].rows] == [own[3].pk, own[2].pk]
    assert found["people"].total == 2 and not found["people"].more  # unit B's five are not counted
    listed = client.get(PEOPLE, {"q": "hoang van"})
    assert [p.current_unit_id for p in listed.context["page"]] == [unit_a.pk, unit_a.pk]


def test_people_are_found_by_the_beginnings_of_their_words_ignoring_accents(staff_client):
    person("Nguyễn Thị Ánh")
    person("Đặng Văn Nguyên")
    person("Hoàng Evan")
    assert [p.full_name for p in staff_client.get(PEOPLE, {"q": "NGUYEN"}).context["page"]] == [
        "Đặng Văn Nguyên",
        "Nguyễn Thị Ánh",
    ]
    assert [p.full_name for p in staff_client.get(PEOPLE, {"q": "dang ng"}).context["page"]] == ["Đặng Văn Nguyên"]
    assert [p.full_name for p in staff_client.get(SEARCH, {"q": "van"}).context["people"].rows] == [
        "Đặng Văn Nguyên"  # not "Evan": words are matched from their beginning
    ]


def test_the_people_list_pages_through_the_first_matches_only(staff_client, settings):
    settings.LIST_COUNT_CAP = 60
    Person.objects.bulk_create(Person(full_name=f"Lò Văn {i:03}") for i in range(70))
    Person.objects.bulk_create(Person(full_name=f"Hà Thị {i:03}") for i in range(3))
    first = staff_client.get(PEOPLE, {"q": "lo van"})
    assert first.context["page"].paginator.num_pages == 2 and len(first.context["page"]) == 50
    content = first.content.decode()
    assert "Hơn 60 cá nhân" in content and "Trang 1/2 trang đầu" in content
    second = staff_client.get(PEOPLE, {"q": "lo van", "page": 2})
    assert [p.full_name for p in second.context["page"]] == [f"Lò Văn {i:03}" for i in range(50, 60)]
    beyond = staff_client.get(PEOPLE, {"q": "lo van", "page": 3})  # not offered: the last page of the cap
    assert [p.full_name for p in beyond.context["page"]][-1] == "Lò Văn 059"
    # The whole list and a search within the cap keep their exact count.
    assert staff_client.get(PEOPLE).context["page"].paginator.count == 73
    assert "3 cá nhân" in staff_client.get(PEOPLE, {"q": "ha thi"}).content.decode()


def _queries(client, url, q):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"q": q})
    assert response.status_code == 200
    return len(captured)


def test_the_search_page_runs_as_many_queries_under_and_past_the_cap(staff_client, cap):
    _decisions(2)
    [person(f"Hoàng Văn Phong {i}") for i in range(2)]
    [UnitFactory(name=f"Phòng {i}") for i in range(2)]
    under = _queries(staff_client, SEARCH, "phong")
    _decisions(8, start=datetime.date(2019, 1, 1))
    [person(f"Hoàng Văn Phong {i}") for i in range(2, 10)]
    [UnitFactory(name=f"Phòng {i}") for i in range(2, 10)]
    assert staff_client.get(SEARCH, {"q": "phong"}).context["decisions"].more  # the walk past the cap
    assert _queries(staff_client, SEARCH, "phong") == under


def test_the_people_list_search_runs_as_many_queries_under_and_past_the_cap(staff_client, settings):
    settings.LIST_COUNT_CAP = 5
    Person.objects.bulk_create(Person(full_name=f"Lò Văn {i}") for i in range(3))
    under = _queries(staff_client, PEOPLE, "lo van")
    Person.objects.bulk_create(Person(full_name=f"Lò Văn {i}") for i in range(3, 30))
    assert staff_client.get(PEOPLE, {"q": "lo van"}).context["page"].paginator.capped
    assert _queries(staff_client, PEOPLE, "lo van") == under


def test_the_person_picker_says_when_it_stopped_counting(staff_client, cap):
    for i in range(5):
        person(f"Hoàng Văn Phong {i}")
    url = reverse("people:person-suggestions")
    many = staff_client.get(url, {"q": "hoang phong"}).json()
    assert many["more"] is True and many["total"] == 4 and len(many["results"]) == 5  # its own 10 rows, not 2
    few = staff_client.get(url, {"q": "hoang phong 3"}).json()
    assert few["more"] is False and few["total"] == 1 and few["results"][0]["name"] == "Hoàng Văn Phong 3"
