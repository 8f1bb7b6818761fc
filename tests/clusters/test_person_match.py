"""Finding the person a recipient surely is (imports, the backfill of awards, nominees): by identity number, else
name and date of birth, else name and unit; nobody when several records fit; a few queries for many rows."""

import datetime

import pytest

from clusters import selectors
from clusters.models import Person
from clusters.selectors import PersonWanted, people_match, person_match
from clusters.services import person_merge
from tests.clusters.people import person
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1975, 4, 2)


@pytest.fixture
def unit():
    return UnitFactory(name="Sở Tài chính")


def test_the_same_identity_number_typed_differently_finds_the_person_whatever_the_name(unit):
    phong = person("Hoàng Văn Phong", id_number="020075000123")
    assert person_match(full_name="Hoàng Phong", unit_id=None, id_number="020 075 000 123") == phong


def test_an_unknown_number_falls_back_to_name_and_birth_date_but_never_to_another_number():
    phong = person("Hoàng Văn Phong", birth_date=BORN)
    assert person_match(full_name="Hoàng Văn Phong", unit_id=None, birth_date=BORN, id_number="020075000999") == phong
    phong.id_number = "020075000123"
    phong.save()
    assert person_match(full_name="Hoàng Văn Phong", unit_id=None, birth_date=BORN, id_number="020075000999") is None


@pytest.mark.parametrize("typed", ["Hoàng Văn Phong", "hoang van phong", "HOÀNG  VĂN PHONG", " Hoang Van Phong "])
def test_the_name_with_or_without_diacritics_and_the_birth_date_find_the_person(typed):
    phong = person("Hoàng Văn Phong", birth_date=BORN)
    person("Hoàng Văn Phong", birth_date=datetime.date(1980, 1, 1))
    assert person_match(full_name=typed, unit_id=None, birth_date=BORN) == phong


def test_the_name_and_the_unit_find_the_person_and_a_known_different_birth_date_does_not(unit):
    ha = person("Đinh Thị Hà", current_unit=unit)
    assert person_match(full_name="dinh thi ha", unit_id=unit.pk) == ha
    assert person_match(full_name="Đinh Thị Hà", unit_id=UnitFactory().pk) is None
    assert person_match(full_name="Đinh Thị Hà", unit_id=None) is None  # a name alone is nobody in particular
    ha.birth_date = BORN
    ha.save()
    assert person_match(full_name="Đinh Thị Hà", unit_id=unit.pk, birth_date=datetime.date(1990, 5, 5)) is None
    assert person_match(full_name="Đinh Thị Hà", unit_id=unit.pk, birth_date=BORN) == ha


def test_two_records_that_fit_equally_give_nobody(unit):
    person("Đinh Thị Hà", current_unit=unit)
    person("Dinh Thi Ha", current_unit=unit)
    assert person_match(full_name="Đinh Thị Hà", unit_id=unit.pk) is None
    [found] = people_match([PersonWanted(full_name="Đinh Thị Hà", unit_id=unit.pk)])
    assert found.person is None and found.ambiguous and found.candidates == 2


def test_a_merged_record_is_never_found_only_the_one_kept(unit):
    kept = person("Đinh Thị Hà", current_unit=unit)
    merged = person("Dinh Thi Ha", current_unit=unit, birth_date=BORN)
    person_merge(actor=None, survivor=kept, duplicate=merged, reason="Cùng một người")
    assert person_match(full_name="Đinh Thị Hà", unit_id=unit.pk) == kept
    assert person_match(full_name="Đinh Thị Hà", unit_id=None, birth_date=BORN) == kept  # took the birth date


def test_many_rows_take_two_queries_and_find_what_one_by_one_finds(unit, django_assert_num_queries):
    other = UnitFactory()
    ha, phong = person("Đinh Thị Hà", current_unit=unit), person("Hoàng Văn Phong", birth_date=BORN)
    person("Lý Văn Tâm", current_unit=other)
    person("Lý Văn Tâm", current_unit=other)
    asked = [
        PersonWanted(full_name="Đinh Thị Hà", unit_id=unit.pk),
        PersonWanted(full_name="hoang van phong", unit_id=other.pk, birth_date=BORN),
        PersonWanted(full_name="Lý Văn Tâm", unit_id=other.pk),
        PersonWanted(full_name="Nông Thị Mai", unit_id=unit.pk),
    ] * 10
    with django_assert_num_queries(2):  # who may be whom, then the chosen records
        found = people_match(asked)
    assert [f.person for f in found[:4]] == [ha, phong, None, None]
    assert [f.candidates for f in found[:4]] == [1, 1, 2, 0]
    one_by_one = [person_match(full_name=w.full_name, unit_id=w.unit_id, birth_date=w.birth_date) for w in asked]
    assert [f.person for f in found] == one_by_one


def test_the_ids_alone_are_what_people_match_finds_in_one_query(unit, django_assert_num_queries):
    """An import links thousands of rows by id: the people found are not read (their query and instances)."""
    ha, phong = person("Đinh Thị Hà", current_unit=unit), person("Hoàng Văn Phong", birth_date=BORN)
    person("Lý Văn Tâm", current_unit=unit)
    person("Ly Van Tam", current_unit=unit)
    asked = [
        PersonWanted(full_name="đinh thị hà", unit_id=unit.pk),
        PersonWanted(full_name="Hoàng Văn Phong", birth_date=BORN),
        PersonWanted(full_name="Lý Văn Tâm", unit_id=unit.pk),
        PersonWanted(full_name="Nông Thị Mai", unit_id=unit.pk),
    ]
    with django_assert_num_queries(1):
        ids = selectors.people_match_ids(asked)
    assert ids == [(ha.pk, 1), (phong.pk, 1), (None, 2), (None, 0)]
    assert ids == [(f.person.pk if f.person else None, f.candidates) for f in people_match(asked)]


def test_rows_beyond_a_chunk_take_the_same_queries_on_postgresql(unit, monkeypatch, django_assert_num_queries):
    """Each criterion's values go as one array parameter: no chunk, whatever the number of rows (10,000 rows of
    an import took 20 queries, a chunk of 500 each)."""
    monkeypatch.setattr(selectors, "MATCH_CHUNK", 2)
    ha = person("Đinh Thị Hà", current_unit=unit)
    asked = [PersonWanted(full_name="Đinh Thị Hà", unit_id=unit.pk)] * 5
    asked += [PersonWanted(full_name=f"Người {i}", id_number=f"020075{i:06d}") for i in range(5)]
    with django_assert_num_queries(2):
        found = people_match(asked)
    assert [f.person for f in found] == [ha] * 5 + [None] * 5


def test_nothing_to_look_for_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert people_match([PersonWanted(full_name="Đinh Thị Hà")]) == [selectors.PersonFound(None, 0)]
        assert people_match([]) == []


def test_the_names_are_looked_up_by_the_folded_name_index_not_the_trigram_one():
    """On 200,000 people the trigram index took 2.8 s for 500 names; the B-tree of migration 0007 a few ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with connection.cursor() as cursor:
        # The plan of a table this small depends on its history: the dead rows and index entries that earlier
        # tests' rolled-back transactions left in this worker's database make the planner estimate dozens of rows
        # and AND two bitmaps, or prefer another index. Emptied here (rolled back with the test), the table and its
        # indexes are as freshly migrated, whichever tests ran before.
        cursor.execute("TRUNCATE clusters_person CASCADE")
    person("Hoàng Văn Phong", birth_date=BORN)
    # A few thousand people, so that statistics (ANALYZE below) describe a table where, as on a real one, every
    # record in use has merged_into_id NULL: on a handful of rows any index is as cheap as another.
    Person.objects.bulk_create(Person(full_name=f"Người Thứ {i}", birth_date=BORN) for i in range(3000))
    with CaptureQueriesContext(connection) as queries:
        people_match([PersonWanted(full_name="Hoàng Văn Phong", birth_date=BORN)])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as on a large table
        # On a handful of rows the people list's order index (0008) would serve the birth date as well; among
        # 200,000 people it means reading the whole index, which the planner never prefers. Rolled back.
        cursor.execute("DROP INDEX clusters_person_vi_order")
        cursor.execute("ANALYZE clusters_person")
        cursor.execute("EXPLAIN " + queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "using clusters_person_name_fold on" in plan or "on clusters_person_name_fold\n" in plan + "\n", plan
