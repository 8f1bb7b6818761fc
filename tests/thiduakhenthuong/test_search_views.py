"""Searching ignoring diacritics and case from the pages: the site search, the decisions list and the units of the
organisation page; who sees what, and a constant number of queries."""

import dataclasses
import html
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.decisions.services import decision_create, decision_issue
from tests.factories import ClusterFactory, UnitFactory, decision_fields, make_decision, membership, recipient
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


def _decision(*, summary="Về việc tặng Bằng khen", recipients=None, issued=True, **fields):
    values = dataclasses.replace(decision_fields(**fields), summary=summary)
    decision = decision_create(actor=None, fields=values, recipients=recipients or [recipient()])
    return decision_issue(actor=None, decision=decision) if issued else decision


def _found(client, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200
    return response.context


def _for(unit, **fields):
    return _decision(
        recipients=[recipient("CO_TD_TINH", recipient_kind="collective", name=unit.name, unit=unit)], **fields
    )


def test_permissions_of_the_search_page(client, staff, clerk_a, council_member, viewer):
    # Every logged-in user may search: units are public to them, and each section is narrowed by its scope helper.
    assert_permissions(client, url=SEARCH, method="get", allowed=staff, others=[])
    for user in (clerk_a, council_member, viewer):
        client.force_login(user)
        assert client.get(SEARCH, {"q": "x"}).status_code == 200
    client.force_login(staff)
    assert client.post(SEARCH, {"q": "x"}).status_code == 405


@pytest.mark.parametrize("query", ["hoang van phong", "HOÀNG VĂN PHONG", "Hoàng Văn Phong", "phong hoang"])
def test_staff_find_a_decision_by_recipient_name_with_or_without_diacritics(staff_client, query):
    wanted = _decision(recipients=[recipient(name="Hoàng Văn Phong")])
    _decision(recipients=[recipient(name="Hoàng Văn Nam")])
    context = _found(staff_client, query)
    assert [d.pk for d in context["decisions"].rows] == [wanted.pk] and context["decisions"].total == 1


def test_staff_find_decisions_and_units_by_place_name(staff_client):
    about = _decision(summary="Về việc khen thưởng huyện Đình Lập, tỉnh Lạng Sơn")
    _decision(summary="Về việc khen thưởng huyện Lộc Bình")
    unit = UnitFactory(name="UBND huyện Đình Lập")
    UnitFactory(name="UBND huyện Lộc Bình")
    for query in ("đình lập", "dinh lap", "DINH LAP"):
        context = _found(staff_client, query)
        assert [d.pk for d in context["decisions"].rows] == [about.pk]
        assert context["units"].rows == [unit]
    assert [d.pk for d in _found(staff_client, "lang son")["decisions"].rows] == [about.pk]


def test_units_found_are_in_vietnamese_order(staff_client):
    for name in ("Sở Giang", "Sở Bình", "Sở Ân", "Sở An", "Sở Đặng", "Sở Dương"):
        UnitFactory(name=name)
    names = [u.name for u in _found(staff_client, "so")["units"].rows]
    assert names == ["Sở An", "Sở Ân", "Sở Bình", "Sở Dương", "Sở Đặng", "Sở Giang"]


def test_a_clerk_finds_only_the_issued_decisions_awarding_their_unit(client, clerk_a, unit_a, unit_b):
    own = _for(unit_a, summary="Về việc tặng Cờ thi đua năm 2018")
    _for(unit_b, summary="Về việc tặng Cờ thi đua năm 2018")
    _for(unit_a, summary="Về việc tặng Cờ thi đua năm 2018", issued=False)
    client.force_login(clerk_a)
    context = _found(client, "co thi dua")
    assert [d.pk for d in context["decisions"].rows] == [own.pk] and context["decisions"].total == 1


def test_a_council_member_finds_units_but_no_decision(client, council_member):
    _decision(recipients=[recipient(name="Hoàng Văn Phong")])
    unit = UnitFactory(name="Hội Nông dân tỉnh")
    client.force_login(council_member)
    context = _found(client, "hoang")
    assert "decisions" not in context
    assert _found(client, "hoi nong dan")["units"].rows == [unit]
    assert "Hoàng Văn Phong" not in client.get(SEARCH, {"q": "hoang"}).content.decode()


def test_an_empty_search_lists_nothing(staff_client):
    make_decision()
    context = _found(staff_client, "   ")
    assert "decisions" not in context and "units" not in context


def test_the_search_page_runs_the_same_queries_for_3_and_30_matches(staff_client):
    def count():
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(SEARCH, {"q": "phong"})
        assert response.status_code == 200
        return len(captured), response.context["decisions"].total, response.context["units"].total

    def add(n):
        for _ in range(n):
            _decision(recipients=[recipient(name="Hoàng Văn Phong")])
            UnitFactory(name=f"Phòng {UnitFactory._meta.model.objects.count()}")

    add(3)
    few = count()
    add(27)
    many = count()
    assert few[1:] == (3, 3) and many[1:] == (30, 30)
    assert few[0] == many[0]


# The decisions list's own search box (filter q).


def _listed(client, q):
    response = client.get(reverse("awards:decision-list"), {"q": q})
    assert response.status_code == 200
    return [d.pk for d in response.context["page"]]


def test_the_decision_list_searches_ignoring_diacritics(staff_client):
    phong = _decision(recipients=[recipient(name="Hoàng Văn Phong")])
    lang_son = _decision(
        summary="Về việc tặng Bằng khen cho tập thể tỉnh Lạng Sơn", recipients=[recipient(name="Vi Văn Thành")]
    )
    other = _decision(recipients=[recipient(name="Nguyễn Thị Lan")], symbol="QĐ-UBND")
    assert _listed(staff_client, "hoang van phong") == [phong.pk]
    assert _listed(staff_client, "LANG SON") == [lang_son.pk]
    assert _listed(staff_client, "nguyen lan") == [other.pk]
    assert _listed(staff_client, "hoang lan") == []  # every word must match
    assert set(_listed(staff_client, "qd-ubnd")) == {phong.pk, lang_son.pk, other.pk}  # symbols too
    assert _listed(staff_client, other.number_and_symbol) == [other.pk]  # a number and symbol still finds one


# The units on the organisation page.


def test_the_organisation_page_searches_units(client, staff):
    cluster, other_cluster = ClusterFactory(year=2018), ClusterFactory(year=2018)
    for name in ("UBND huyện Đình Lập", "UBND huyện Bình Gia", "UBND huyện Bắc Sơn"):
        membership(cluster=cluster, unit=UnitFactory(name=name))
    membership(cluster=other_cluster, unit=UnitFactory(name="Sở Tài chính"))
    client.force_login(staff)
    url = reverse("clusters:organisation", args=[2018])
    response = client.get(url, {"q": "dinh lap"})
    assert response.status_code == 200
    [bloc] = response.context["blocs"]
    [view] = bloc.clusters
    assert view.cluster == cluster and [m.unit.name for m in view.members] == ["UBND huyện Đình Lập"]
    everything = client.get(url).context["blocs"]
    members = [m.unit.name for b in everything for v in b.clusters for m in v.members if v.cluster == cluster]
    assert members == ["UBND huyện Bắc Sơn", "UBND huyện Bình Gia", "UBND huyện Đình Lập"]  # Vietnamese order
    assert client.get(url, {"q": "khong co"}).context["blocs"] == []


def test_people_are_found_without_diacritics_in_scope_and_in_vietnamese_order(client, staff, clerk_a, unit_a, unit_b):
    from tests.clusters.people import person

    phong = person("Hoàng Văn Phong", current_unit=unit_a)
    person("Hoàng Văn Phóng", current_unit=unit_b)
    merged = person("Hoàng Văn Phong", current_unit=unit_b)
    merged.merged_into = phong
    merged.save(update_fields=["merged_into"])
    person("Nông Thị Hà", current_unit=unit_a)
    client.force_login(staff)
    found = _found(client, "hoang van phong")
    assert [p.full_name for p in found["people"].rows] == ["Hoàng Văn Phong", "Hoàng Văn Phóng"]  # merged one left out
    assert found["people"].total == 2
    assert reverse("people:person-detail", args=[phong.pk]) in client.get(SEARCH, {"q": "PHONG"}).content.decode()
    client.force_login(clerk_a)  # a clerk finds the people of their own unit only
    assert [p.pk for p in _found(client, "hoang van phong")["people"].rows] == [phong.pk]


# Units found link to their page, or to the organisation page filtered on them.


def _unit_links(client, q) -> dict[str, str | None]:
    """Each unit found: the address its name links to (None: not a link), following the link to check it opens."""
    content = client.get(SEARCH, {"q": q}).content.decode()
    section = content[content.index('id="units"') : content.index("</section>", content.index('id="units"'))]
    links = {}
    for item in re.findall(r'<li class="list-group-item py-1">(.*?)</li>', section):
        link = re.match(r'<a href="([^"]+)">([^<]+)</a>', item)
        name = html.unescape(link[2] if link else item.split(" <span")[0])
        links[name] = html.unescape(link[1]) if link else None
        if link:
            page = client.get(links[name])
            assert page.status_code == 200 and name in page.content.decode(), (name, links[name])
    return links


def _organisation(year, unit):
    return f"{reverse('clusters:organisation', args=[year])}?q={quote(unit.name)}"


@pytest.fixture
def organised(unit_a, unit_b):
    """Unit A in a 2017 and a 2018 cluster, unit B in a 2018 one, and a unit never in a cluster."""
    membership(cluster=ClusterFactory(year=2017), unit=unit_a)
    membership(cluster=ClusterFactory(year=2018), unit=unit_a)
    membership(cluster=ClusterFactory(year=2018), unit=unit_b)
    return UnitFactory(name="Đơn vị C")


def test_staff_open_the_page_of_each_unit_found(client, staff, unit_a, unit_b, organised):
    client.force_login(staff)
    assert _unit_links(client, "don vi") == {
        "Đơn vị A": reverse("people:unit-detail", args=[unit_a.pk]),
        "Đơn vị B": reverse("people:unit-detail", args=[unit_b.pk]),
        "Đơn vị C": reverse("people:unit-detail", args=[organised.pk]),
    }


def test_a_clerk_opens_their_own_unit_and_finds_the_others_in_the_organisation(
    client, clerk_a, unit_a, unit_b, organised
):
    client.force_login(clerk_a)
    assert _unit_links(client, "don vi") == {
        "Đơn vị A": reverse("people:unit-detail", args=[unit_a.pk]),
        "Đơn vị B": _organisation(2018, unit_b),  # the last year it belongs to a cluster
        "Đơn vị C": None,  # in no cluster: nothing to show
    }
    assert client.get(reverse("people:unit-detail", args=[unit_b.pk])).status_code == 404  # hence not linked


@pytest.mark.parametrize("persona", ["viewer", "council_member"])
def test_users_without_unit_pages_see_the_units_in_the_organisation(client, request, persona, unit_a, organised):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert _unit_links(client, "don vi a") == {"Đơn vị A": _organisation(2018, unit_a)}
    assert client.get(reverse("people:unit-detail", args=[unit_a.pk])).status_code == 403


def test_units_found_are_not_linked_for_anonymous_users_nor_by_post(client, staff, unit_a, organised):
    response = client.get(SEARCH, {"q": "don vi"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(staff)
    assert client.post(SEARCH, {"q": "don vi"}).status_code == 405
