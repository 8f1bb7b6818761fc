"""Search ignoring diacritics and case, and Vietnamese order: the pure-Python parts, the SQLite fallback, and the
PostgreSQL function, indexes and collation they stand for."""

import sqlite3
from types import SimpleNamespace

import pytest
from django.core.checks import Warning as CheckWarning
from django.db import connection
from django.db.models.functions import Collate

from awards.models import Award
from clusters.models import Unit
from kernel.lib.search import (
    Fold,
    _sqlite_functions,
    fold,
    name_tokens,
    name_words_q,
    search,
    vi_order,
    vi_sort_key,
    words,
)
from tests.factories import UnitFactory, make_decision, recipient
from thiduakhenthuong import checks

ORDERED = ["An", "An Bình", "Anh", "ăn", "Ân", "Ấn", "Bình", "Dương", "Đặng", "Giang", "Uy", "Ưng", "Vy"]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hoàng Văn Phong", "hoang van phong"),
        ("  LẠNG   SƠN ", "lang son"),
        ("Đình Lập", "dinh lap"),
        ("đình lập", "dinh lap"),
        ("Nguyễn Thị Ưng", "nguyen thi ung"),
        ("Hoa\u0300ng", "hoang"),  # decomposed input folds the same as composed
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_words_are_folded_and_distinct():
    assert words("Lạng  Sơn lang") == ["lang", "son"]


def test_the_python_key_sorts_in_vietnamese_order():
    shuffled = list(reversed(ORDERED))
    assert sorted(shuffled, key=vi_sort_key) == ORDERED
    # Tones are secondary: they decide only between otherwise equal words (level < huyền < hỏi < ngã < sắc < nặng).
    assert sorted(["ma", "mạ", "má", "mã", "mả", "mà"], key=vi_sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(["má", "mai"], key=vi_sort_key) == ["má", "mai"]
    # Plain code-point order gets Vietnamese wrong, which is why the key exists.
    assert sorted(["Bình", "Ân"]) == ["Bình", "Ân"]


def _sqlite():
    raw = sqlite3.connect(":memory:")
    _sqlite_functions(sender=None, connection=SimpleNamespace(vendor="sqlite", connection=raw))
    raw.execute("CREATE TABLE unit (name TEXT)")
    raw.executemany("INSERT INTO unit VALUES (?)", [(name,) for name in reversed(ORDERED)])
    raw.execute("INSERT INTO unit VALUES ('UBND huyện Đình Lập')")
    return raw


def test_the_sqlite_fallback_folds_and_collates_like_postgresql():
    raw = _sqlite()
    assert raw.execute("SELECT tdkt_fold('Đình LẬP')").fetchone() == ("dinh lap",)
    found = raw.execute("SELECT name FROM unit WHERE tdkt_fold(name) LIKE '%dinh%' AND tdkt_fold(name) LIKE '%lap%'")
    assert found.fetchall() == [("UBND huyện Đình Lập",)]
    names = [
        row[0]
        for row in raw.execute(
            'SELECT name FROM unit WHERE name <> ? ORDER BY name COLLATE "vi-x-icu"', ["UBND huyện Đình Lập"]
        )
    ]
    assert names == ORDERED


@pytest.mark.django_db
def test_postgresql_folds_as_python_does():
    samples = ["Hoàng Văn Phong", "LẠNG SƠN", "Đình Lập", "đình lập", "Nguyễn Thị Ưng Ấn Ỹ"]
    with connection.cursor() as cursor:
        for sample in samples:
            cursor.execute("SELECT tdkt_fold(%s)", [sample])
            assert cursor.fetchone()[0] == fold(sample)
        cursor.execute("SELECT provolatile FROM pg_proc WHERE proname = 'tdkt_fold'")
        assert cursor.fetchone()[0] == "i"  # IMMUTABLE, or no index could be built on it


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["đình lập", "dinh lap", "DINH LAP", "Đình Lập", "lap dinh", "  dinh   LAP "])
def test_search_ignores_diacritics_case_and_word_order(query):
    wanted = UnitFactory(name="UBND huyện Đình Lập")
    UnitFactory(name="UBND huyện Lộc Bình")
    UnitFactory(name="Đình làng")  # has "dinh" but not "lap"
    assert list(search(Unit.objects.all(), fields=["name", "short_name"], text=query)) == [wanted]


@pytest.mark.django_db
def test_search_treats_like_wildcards_as_letters():
    UnitFactory(name="Sở 100% vốn")
    UnitFactory(name="Sở 1000 vốn")
    assert [u.name for u in search(Unit.objects.all(), fields=["name"], text="100%")] == ["Sở 100% vốn"]
    assert list(search(Unit.objects.all(), fields=["name"], text="_")) == []


@pytest.mark.django_db
def test_an_empty_search_keeps_everything():
    UnitFactory.create_batch(2)
    assert search(Unit.objects.all(), fields=["name"], text="  ").count() == 2


@pytest.mark.django_db
def test_vi_order_on_postgresql():
    for name in reversed(ORDERED):
        UnitFactory(name=name)
    assert list(Unit.objects.order_by(vi_order("name")).values_list("name", flat=True)) == ORDERED
    assert (
        list(Unit.objects.order_by(vi_order("name", descending=True)).values_list("name", flat=True)) == ORDERED[::-1]
    )
    # The collation is explicit: byte order ("C") would put "Ân" after "Bình" and "Đặng" after "Giang".
    byte_order = list(Unit.objects.order_by(Collate("name", "C")).values_list("name", flat=True))
    assert byte_order.index("Ân") > byte_order.index("Bình") and byte_order.index("Đặng") > byte_order.index("Giang")


@pytest.mark.django_db
def test_fold_in_the_orm_matches_python():
    UnitFactory(name="Sở Văn hóa, Thể thao và Du lịch")
    assert Unit.objects.annotate(folded=Fold("name")).get().folded == "so van hoa, the thao va du lich"


def _plan(sql, params):
    with connection.cursor() as cursor:
        # As on a large table: neither reading it all nor walking another index is worth it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model_path", "field", "index"),
    [
        ("clusters.Unit", "name", "clusters_unit_name_fold_trgm"),
    ],
)
def test_the_folded_search_can_use_the_trigram_index(model_path, field, index):
    from django.apps import apps

    model = apps.get_model(model_path)
    queryset = search(model.objects.order_by(), fields=[field], text="Hoàng Phong").values("pk")
    sql, params = queryset.query.sql_with_params()
    assert "tdkt_fold" in sql
    plan = _plan(sql, params)
    assert f"Bitmap Index Scan on {index}" in plan, plan


def test_name_tokens_are_the_folded_letters_and_digits():
    assert name_tokens("Hoàng  Văn-Phong, K12_a") == ["hoang", "van", "phong", "k12", "a"]
    assert name_tokens("'&:* !") == []  # nothing the full-text query syntax would read as an operator


NAMES = ["Hoàng Văn Phong", "Vy Thu Phương", "Nguyễn Hoàng", "Evan Thủy"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("hoang van phong", ["Hoàng Văn Phong"]),
        ("PHONG hoàng", ["Hoàng Văn Phong"]),  # any order, any case and accents
        ("hoa", ["Hoàng Văn Phong", "Nguyễn Hoàng"]),  # the beginning of a word
        ("van", ["Hoàng Văn Phong"]),  # not "Evan": a word's beginning, not any part of it
        ("vy thu", ["Vy Thu Phương"]),  # two-letter words count as much as long ones
        ("oang", []),
        ("hoang lan", []),  # every word must match
    ],
)
@pytest.mark.django_db
def test_names_match_by_word_beginnings_on_sqlite_and_postgresql(query, found):
    raw = sqlite3.connect(":memory:")
    _sqlite_functions(sender=None, connection=SimpleNamespace(vendor="sqlite", connection=raw))
    raw.execute("CREATE TABLE award (name TEXT)")
    raw.executemany("INSERT INTO award VALUES (?)", [(name,) for name in NAMES])
    words_only = " ".join(name_tokens(query))
    in_sqlite = raw.execute("SELECT name FROM award WHERE tdkt_begins_words(name, ?) ORDER BY rowid", [words_only])
    assert [row[0] for row in in_sqlite] == found

    make_decision(recipients=[recipient(name=name) for name in NAMES], issued=False)
    in_postgresql = Award.objects.filter(name_words_q("recipient_name", query)).order_by("pk")
    assert [a.recipient_name for a in in_postgresql] == found


@pytest.mark.django_db
def test_an_empty_name_query_matches_everything():
    make_decision(recipients=[recipient(name="Hoàng Văn Phong")], issued=False)
    assert Award.objects.filter(name_words_q("recipient_name", " ,; ")).count() == 1


@pytest.mark.django_db
def test_the_decision_text_search_uses_its_trigram_index():
    from awards.decisions.selectors import DecisionText
    from awards.models import Decision

    queryset = search(Decision.objects.order_by(), fields=[DecisionText()], text="Hoàng Phong").values("pk")
    sql, params = queryset.query.sql_with_params()
    assert "Bitmap Index Scan on awards_decision_text_fold_trgm" in _plan(sql, params)


@pytest.mark.django_db
def test_the_name_search_uses_the_full_text_index():
    queryset = Award.objects.order_by().filter(name_words_q("recipient_name", "Vy Thu Phương")).values("pk")
    sql, params = queryset.query.sql_with_params()
    plan = _plan(sql, params)
    assert "Bitmap Index Scan on awards_award_recipient_words" in plan, plan


@pytest.mark.django_db
def test_the_check_is_silent_when_search_is_ready():
    assert checks.check_search_extensions(databases=["default"]) == []
    assert checks.check_search_extensions() == []  # without a database (plain `manage.py check`) nothing is asked


@pytest.mark.django_db
def test_the_check_warns_when_the_extensions_are_missing():
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION pg_trgm CASCADE")  # rolled back with the test's transaction
    warnings = checks.check_search_extensions(databases=["default"])
    assert [(type(w), w.id) for w in warnings] == [(CheckWarning, "tdkt.W010")]
    assert "pg_trgm" in warnings[0].msg and "unaccent" not in warnings[0].msg


@pytest.mark.django_db
def test_the_check_is_silent_before_the_migration_that_creates_them():
    """`migrate` runs the checks on a new database before it migrates: nothing is missing yet, nothing to warn."""
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION pg_trgm CASCADE")  # rolled back with the test's transaction
        cursor.execute("DELETE FROM django_migrations WHERE app = 'clusters' AND name = '0005_search'")
    assert checks.check_search_extensions(databases=["default"]) == []
