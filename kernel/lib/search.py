"""Search that ignores diacritics and case, and Vietnamese alphabetical order.

`fold("Đình Lập")` is "dinh lap": lower case, combining marks stripped, đ read as d, spaces collapsed. `search()`
keeps the rows where every word of the folded query is contained in one of the given fields, folded the same way
by the database:

- on PostgreSQL by the SQL function `tdkt_fold(text)` (clusters migrations 0005_search and 0009, which made it
  fold exactly as fold() does): an IMMUTABLE wrapper around the `unaccent` extension, so that the GIN trigram
  indexes (`pg_trgm`, `gin_trgm_ops`) on `tdkt_fold(name)` and the like serve `tdkt_fold(name) LIKE '%word%'`;
- on SQLite (quick start only) by a Python function of the same name registered on every new connection.

Recipients' names on awards (a million rows at scale) are searched by word beginnings instead, through
`name_words_q`: every query word begins a word of the name ("hoang van phong", "hoa" for "Hoàng"). On PostgreSQL a
GIN index on `to_tsvector('simple', tdkt_fold(name))` answers the whole query exactly, with no recheck of each
candidate row (measured at 1,000,000 awards: 25 ms instead of 59 ms for a full name, 48 instead of 113 ms for
"hoang van"); on SQLite a Python function of the same meaning.

`vi_order(field)` orders by a field in Vietnamese alphabetical order (a < ă < â < b … d < đ …, tones secondary):
the ICU collation "vi-x-icu" on PostgreSQL, and a collation of the same name backed by `vi_sort_key` on SQLite.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from math import ceil
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import BooleanField, Count, Exists, F, Func, Model, OrderBy, Q, QuerySet, TextField, Value, Window
from django.db.models.functions import Collate
from django.db.models.lookups import Contains
from django.db.models.sql.compiler import SQLCompiler
from django.dispatch import receiver
from django.utils.functional import cached_property

FOLD_FUNCTION = "tdkt_fold"
BEGINS_WORDS_FUNCTION = "tdkt_begins_words"
VI_COLLATION = "vi-x-icu"
EXTENSIONS = ("unaccent", "pg_trgm")
_M = TypeVar("_M", bound=Model)
_T = TypeVar("_T")
# The white space fold() collapses, spelled once for Python's re and PostgreSQL's regular expressions alike (both
# read \uXXXX): what str.split() splits on, without the ASCII separators \x1c-\x1f that no one types in a name.
WHITESPACE_CLASS = r"[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
_WHITESPACE = re.compile(WHITESPACE_CLASS + "+")
# Letters with a mark Unicode does not decompose, read as PostgreSQL's unaccent reads them (after lower case), so
# that fold() and tdkt_fold agree on foreign names too: "Søren", "Łukasz", "Straße".
_UNDECOMPOSED_LETTERS = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss"})

_COMBINING_BREVE, _COMBINING_CIRCUMFLEX, _COMBINING_HORN = "\u0306", "\u0302", "\u031b"
# The five tone marks, in the order dictionaries list them after the level tone: huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# The 29 letters of the Vietnamese alphabet (and f, j, w, z for foreign names), as base letter + letter-forming mark.
_ALPHABET = [
    ("a", ""),
    ("a", _COMBINING_BREVE),
    ("a", _COMBINING_CIRCUMFLEX),
    ("b", ""),
    ("c", ""),
    ("d", ""),
    ("đ", ""),
    ("e", ""),
    ("e", _COMBINING_CIRCUMFLEX),
    ("f", ""),
    ("g", ""),
    ("h", ""),
    ("i", ""),
    ("j", ""),
    ("k", ""),
    ("l", ""),
    ("m", ""),
    ("n", ""),
    ("o", ""),
    ("o", _COMBINING_CIRCUMFLEX),
    ("o", _COMBINING_HORN),
    ("p", ""),
    ("q", ""),
    ("r", ""),
    ("s", ""),
    ("t", ""),
    ("u", ""),
    ("u", _COMBINING_HORN),
    ("v", ""),
    ("w", ""),
    ("x", ""),
    ("y", ""),
    ("z", ""),
]
_LETTER_RANK = {letter: 1000 + rank for rank, letter in enumerate(_ALPHABET)}


def fold(text: str | None) -> str:
    """The one fold of the portal, for searching and for matching names: "  Hoàng  VĂN Phong" → "hoang van phong",
    "Đình Lập" → "dinh lap". Lower case; every combining mark stripped, whether typed precomposed or combining;
    đ read as d; runs of white space (tabs, no-break spaces too) made one space, none at the ends. The database's
    `tdkt_fold` (clusters migration 0009) gives the same result, which tests/kernel/test_fold.py checks."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.lower().translate(_UNDECOMPOSED_LETTERS))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _WHITESPACE.sub(" ", stripped).strip(" ")


def words(text: str | None) -> list[str]:
    """The distinct folded words of a query, in order."""
    return list(dict.fromkeys(fold(text).split()))


class Fold(Func):
    """`tdkt_fold(expression)`: the database's `fold`, which the trigram indexes are built on."""

    function = FOLD_FUNCTION
    arity = 1
    output_field = TextField()


def word_matches(word: str, fields: Iterable) -> Q:
    """One folded word contained in one of the fields (names or expressions, each folded by the database)."""
    condition = Q()
    for field in fields:
        condition |= Q(Contains(Fold(F(field) if isinstance(field, str) else field), word))
    return condition


def search_q(*, fields: Iterable, text: str | None, related: Callable[[str], Exists] | None = None) -> Q:
    """Every word of `text` is in one of `fields` (or satisfies `related(word)`, e.g. an Exists over a child
    table). An empty query matches everything."""
    fields = list(fields)
    condition = Q()
    for word in words(text):
        match = word_matches(word, fields)
        if related is not None:
            match |= Q(related(word))
        condition &= match
    return condition


def name_tokens(text: str | None) -> list[str]:
    """The folded words of a name or query as the full-text parser splits them: letters and digits only."""
    return list(dict.fromkeys(re.findall(r"[^\W_]+", fold(text))))


def _begins_words(value: str | None, query: str) -> bool:
    """SQLite's `tdkt_begins_words(value, "hoang van")`: every query word begins a word of the value."""
    tokens = name_tokens(value)
    return all(any(token.startswith(word) for token in tokens) for word in query.split())


class BeginsWords(Func):
    """True when every word of `text` begins a word of the field, ignoring diacritics and case."""

    output_field = BooleanField()

    def __init__(self, field: str, text: str | None):
        self.tokens = name_tokens(text)
        super().__init__(F(field), Value(" ".join(self.tokens)))

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        query = " & ".join(f"{token}:*" for token in self.tokens)
        # Written exactly as the index expression (migration awards 0018_faster_decision_search), or it is not used.
        sql = f"to_tsvector('simple'::regconfig, {FOLD_FUNCTION}({field_sql})) @@ to_tsquery('simple'::regconfig, %s)"
        return sql, (*field_params, query)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        return self.as_sql(compiler, connection, function=BEGINS_WORDS_FUNCTION, **extra_context)


def name_words_q(field: str, text: str | None) -> Q:
    """The rows whose `field` has a word beginning with each word of `text`; an empty query matches everything."""
    match = BeginsWords(field, text)
    return Q(match) if match.tokens else Q()


def search(
    queryset: QuerySet[_M], *, fields: Iterable[str], text: str | None, related: Callable[[str], Exists] | None = None
) -> QuerySet[_M]:
    """`queryset` narrowed to the rows where every word of `text` matches, ignoring diacritics and case."""
    return queryset.filter(search_q(fields=fields, text=text, related=related))


def first_and_total(queryset: QuerySet[_M], *, limit: int) -> tuple[list[_M], int]:
    """The first `limit` rows of an ordered queryset and how many rows it has, in one query: a window count
    instead of a second query, which would find every match again (at 1,000,000 awards, 80 ms per search)."""
    rows = list(queryset.annotate(search_total=Window(Count("pk")))[:limit])
    return rows, rows[0].search_total if rows else 0  # type: ignore[attr-defined]  # the Window annotated above


@dataclass(frozen=True)
class Found(Generic[_T]):
    """A search's first rows and how many match, counted up to `cap + 1` only: `more` says the count passed the cap
    (shown as "more than 1.000"), so that no query counts every match of a common word."""

    rows: list[_T]
    total: int
    cap: int

    @property
    def more(self) -> bool:
        return self.total > self.cap


def capped_ids(queryset: QuerySet[Any], *, cap: int) -> QuerySet[Any]:
    """The ids of `queryset`'s first `cap + 1` rows in no order, without its annotations (a count per row would
    otherwise be computed for every row counted): what a capped count counts."""
    return queryset.order_by().values("pk")[: cap + 1]


def capped_count(queryset: QuerySet[Any], *, cap: int) -> int:
    """How many rows `queryset` has, counting no further than `cap + 1`: one
    `SELECT count(*) FROM (SELECT … LIMIT cap + 1)`, which stops reading matches past the cap."""
    return capped_ids(queryset, cap=cap).count()


def first_and_capped_total(queryset: QuerySet[_M], *, limit: int, cap: int) -> Found[_M]:
    """The first `limit` rows of an ordered queryset and its count capped at `cap + 1`, in two queries whatever the
    number of matches. Replaces a window count, which builds every match before the first rows are cut (17,306
    awards to "hoang van" at 1,000,000)."""
    return Found(rows=list(queryset[:limit]), total=capped_count(queryset, cap=cap), cap=cap)


def distinct_values_capped(querysets: Sequence[QuerySet[Any]], *, cap: int, chunk: int = 2000) -> tuple[set[Any], bool]:
    """The distinct values of one-column querysets (`values_list(…, flat=True)`), read until more than `cap` are
    found: (the values, whether they are all of them). One query, read through a server-side cursor so that the
    database stops where the reading stops. Each queryset is a MATERIALIZED common table expression, planned to
    give every row (a bitmap scan of its index) rather than the first few (a walk that folds every row it passes,
    which PostgreSQL deems cheap: 3 s for awards to "nguyen")."""
    parts: list[str] = []
    params: list[Any] = []
    for queryset in querysets:
        try:
            sql, part_params = queryset.query.sql_with_params()
        except EmptyResultSet:  # a queryset.none()
            continue
        parts.append(sql)
        params.extend(part_params)
    values: set[Any] = set()
    if not parts:
        return values, True
    names = [f"part{index}" for index in range(len(parts))]
    ctes = ", ".join(f"{name} AS MATERIALIZED ({sql})" for name, sql in zip(names, parts, strict=True))
    union = " UNION ALL ".join(f"SELECT * FROM {name}" for name in names)
    database = querysets[0].db
    # A server-side cursor outside a transaction is WITH HOLD, which runs the whole query at once.
    with transaction.atomic(using=database), connections[database].chunked_cursor() as cursor:
        cursor.execute(f"WITH {ctes} {union}", params)
        while rows := cursor.fetchmany(chunk):
            values.update(row[0] for row in rows)
            if len(values) > cap:
                return values, False
    return values, True


class CappedPaginator(Paginator):
    """A paginator whose count stops at `cap + 1` (capped_count): past the cap, `capped` is true and only the pages
    holding the first `cap` rows are offered."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return capped_count(self.queryset, cap=self.cap)

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return max(1, ceil(min(self.count, self.cap) / self.per_page))

    def page(self, number: Any) -> Page:
        """Paginator.page, whose last page would run to `count`, one row past the cap."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.cap)
        return Page(self.queryset[bottom:top], number, self)


def vi_order(field: str, *, descending: bool = False) -> OrderBy:
    """An order_by() term putting `field` in Vietnamese alphabetical order on PostgreSQL and SQLite alike."""
    expression = Collate(F(field), VI_COLLATION)
    return expression.desc() if descending else expression.asc()


def vi_sort_key(text: str | None) -> tuple:
    """A key sorting strings as Vietnamese dictionaries do: letters first (a < ă < â < b < … d < đ …), then tones
    (level < huyền < hỏi < ngã < sắc < nặng), then case. Other characters keep their code point order, before
    letters; a space sorts before everything."""
    primary: list[tuple[int, str]] = []  # (rank, letter)
    tones: list[int] = []
    cases: list[int] = []
    for ch in unicodedata.normalize("NFD", text or ""):
        if unicodedata.combining(ch):
            if ch in (_COMBINING_BREVE, _COMBINING_CIRCUMFLEX, _COMBINING_HORN) and primary:
                rank, letter = primary[-1]
                primary[-1] = (_LETTER_RANK.get((letter, ch), rank), letter)
            elif ch in _TONES and tones:
                tones[-1] = _TONES[ch]
            continue
        lower = ch.lower()
        primary.append((_LETTER_RANK.get((lower, ""), 0 if ch.isspace() else 1 + ord(lower)), lower))
        tones.append(0)
        cases.append(0 if ch == lower else 1)
    return tuple(rank for rank, _ in primary), tuple(tones), tuple(cases)


def _vi_collate(left: str, right: str) -> int:
    a, b = vi_sort_key(left), vi_sort_key(right)
    return (a > b) - (a < b)


@receiver(connection_created)
def _sqlite_functions(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """SQLite (the quick start) gets `tdkt_fold` and the "vi-x-icu" collation in Python, so the same ORM
    expressions run there."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)
    connection.connection.create_function(BEGINS_WORDS_FUNCTION, 2, _begins_words, deterministic=True)
    connection.connection.create_collation(VI_COLLATION, _vi_collate)
