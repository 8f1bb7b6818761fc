"""The people list's order: Vietnamese alphabetical whether or not it is filtered, read from the ordered index
(clusters migration 0008) when nothing filters it, and sorted after the search when something does."""

import pytest
from django.db import connection

from clusters.selectors import people_matching
from tests.clusters.people import person

pytestmark = pytest.mark.django_db

NAMES = ["Vy Văn An", "Đặng Thị Ân", "Bế Văn Bình", "Dương Văn Đức", "Ân Văn Dũng", "An Thị Hoa"]
IN_ORDER = ["An Thị Hoa", "Ân Văn Dũng", "Bế Văn Bình", "Dương Văn Đức", "Đặng Thị Ân", "Vy Văn An"]


@pytest.fixture
def everyone(unit_a):
    return [person(full_name=name, current_unit=unit_a) for name in NAMES]


def _names(queryset) -> list[str]:
    return [p.full_name for p in queryset]


def test_the_whole_list_and_a_search_are_both_in_vietnamese_order(staff, everyone, unit_a):
    assert _names(people_matching(user=staff)) == IN_ORDER
    assert _names(people_matching(user=staff, text="van")) == [n for n in IN_ORDER if "Văn" in n]
    assert _names(people_matching(user=staff, unit_id=unit_a.pk)) == IN_ORDER


def _plan(queryset) -> str:
    sql, params = queryset[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as on 200,000 people
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_only_the_unfiltered_list_walks_the_ordered_index(staff, everyone):
    whole = _plan(people_matching(user=staff))
    assert "clusters_person_vi_order" in whole and "Sort" not in whole, whole
    # Walking it in order while filtering would read every name before the first match: the matches are sorted.
    searched = _plan(people_matching(user=staff, text="nguyen"))
    assert "Sort Key:" in searched and 'COLLATE "vi-x-icu"' in searched, searched
