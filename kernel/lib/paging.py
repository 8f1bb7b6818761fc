"""Paging long lists at a constant cost, however far the reader goes and however many rows there are.

A page is found from the last row of the page before (keyset: `?after=…`) or the first row of the page after
(`?before=…`), through the index the list is ordered by, instead of an OFFSET that reads and drops every row
before it. The total is counted up to settings.LIST_COUNT_CAP ("more than 1,000"): counting all 27,385
decisions of a province's ten years cost more than finding the page. A bare `?page=N` (older links, bookmarks)
still works, by an OFFSET over the ordering index alone.
"""

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import F, IntegerField, Model, OrderBy, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import QueryDict

from kernel.lib.search import capped_count, capped_ids

_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class Keyset:
    """The columns a list is ordered by, all descending (newest first) with empty values first (PostgreSQL's
    order for DESC, which its index follows), the first never empty, the last unique; how to read a cursor's
    values back from text; and which columns may be empty (a draft decision waiting for its number)."""

    columns: tuple[str, ...]
    parsers: tuple[Callable[[str], Any], ...]
    nullable: frozenset[str] = frozenset()

    def cursor(self, row: Model) -> str:
        values = (getattr(row, column) for column in self.columns)
        return ".".join("" if value is None else str(value) for value in values)

    def parse(self, text: str) -> tuple | None:
        parts = text.split(".")
        if len(parts) != len(self.columns):
            return None
        values = []
        try:
            for column, parse, part in zip(self.columns, self.parsers, parts, strict=True):
                if part == "" and column not in self.nullable:
                    return None
                values.append(None if part == "" else parse(part))
        except (TypeError, ValueError, OverflowError):
            return None
        return tuple(values)

    def beyond(self, queryset: QuerySet[_M], values: tuple, *, older: bool) -> QuerySet[_M]:
        """The rows after the cursor in the list's order (older) or before it: the rows sharing the first i
        columns with the cursor and beyond it on the next one, for each i. The first column's bound alone is
        what the index answers, so a page far down costs what the first one does."""
        beyond, same = Q(pk__in=[]), Q()
        for column, value in zip(self.columns, values, strict=True):
            beyond |= same & self._past(column, value, older=older)
            same &= Q(**{f"{column}__isnull": True} if value is None else {column: value})
        first, bound = self.columns[0], values[0]
        return queryset.filter(Q(**{f"{first}__{'lte' if older else 'gte'}": bound}) & beyond)

    @staticmethod
    def _past(column: str, value: Any, *, older: bool) -> Q:
        # An empty value sorts above every other (first in descending order).
        if value is None:
            return Q(**{f"{column}__isnull": False}) if older else Q(pk__in=[])
        if older:
            return Q(**{f"{column}__lt": value})
        return Q(**{f"{column}__gt": value}) | Q(**{f"{column}__isnull": True})

    def order(self, *, newest_first: bool) -> list[OrderBy]:
        if newest_first:
            return [F(column).desc(nulls_first=True) for column in self.columns]
        return [F(column).asc(nulls_last=True) for column in self.columns]


DATE_NUMBER_ID = Keyset(
    columns=("date", "number", "pk"),
    parsers=(datetime.date.fromisoformat, int, int),
    nullable=frozenset({"number"}),
)


@dataclass(frozen=True)
class ListPage(Generic[_M]):
    rows: Sequence[_M]
    number: int
    total: int  # exact up to `cap`, then cap + 1
    cap: int
    size: int
    previous_query: str | None  # the query string of the page before, or None on the first page
    next_query: str | None

    @property
    def total_capped(self) -> bool:
        return self.total > self.cap

    @property
    def page_count(self) -> int | None:
        """How many pages there are, when the total is known (not past the cap)."""
        return None if self.total_capped else max(1, -(-self.total // self.size))

    def __iter__(self) -> Iterator[_M]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def list_page(
    queryset: QuerySet[_M], *, keyset: Keyset, params: QueryDict, size: int, fields: Sequence[str] = ()
) -> ListPage[Any]:
    """One page of `queryset` (ordered newest first by `keyset`), from the request's `after`, `before` or
    `page`; one query (two past the end), none growing with the rows or the page's distance from the first.
    With `fields` (which must include the keyset's columns), the rows are named tuples of them, lighter than
    model instances; the total is counted over `queryset` alone, without the joins those fields may need."""
    number = _positive(params.get("page")) or 1
    after, before = keyset.parse(params.get("after", "")), keyset.parse(params.get("before", ""))
    newest_first = keyset.order(newest_first=True)
    cap = settings.LIST_COUNT_CAP
    if queryset.query.is_empty():  # .none(): a scope that sees nothing, a filter refused
        return ListPage((), 1, 0, cap, size, previous_query=None, next_query=None)
    # The total comes with the page's rows, one round trip: an uncorrelated subquery PostgreSQL runs once.
    capped, params_of_capped = capped_ids(queryset, cap=cap).query.sql_with_params()
    total_column = RawSQL(f"SELECT COUNT(*) FROM ({capped}) capped", params_of_capped, output_field=IntegerField())
    unpaged, queryset = queryset, queryset.annotate(list_total=total_column)  # type: ignore[assignment]
    if fields:
        queryset = queryset.values_list(*fields, "list_total", named=True)
    if after:
        rows = list(keyset.beyond(queryset, after, older=True).order_by(*newest_first)[: size + 1])
        more_after, more_before = len(rows) > size, True
        rows = rows[:size]
    elif before:
        rows = list(
            keyset.beyond(queryset, before, older=False).order_by(*keyset.order(newest_first=False))[: size + 1]
        )
        more_after, more_before = True, len(rows) > size
        rows = rows[:size][::-1]
        number = max(number, 2) if more_before else 1
    elif number == 1:
        rows = list(queryset.order_by(*newest_first)[: size + 1])
        more_after, more_before = len(rows) > size, False
        rows = rows[:size]
    else:
        start = (number - 1) * size
        # An old link's page: the OFFSET over the ids alone, through the ordering index; the page's rows are then
        # read by id (the list's filters run twice, which only such links pay).
        ids = unpaged.order_by(*newest_first).values("pk")[start : start + size + 1]
        rows = list(queryset.filter(pk__in=ids).order_by(*newest_first))
        more_after, more_before = len(rows) > size, bool(rows)
        rows = rows[:size]
    total = rows[0].list_total if rows else capped_count(unpaged, cap=cap)  # type: ignore[attr-defined]
    if not rows and number > 1:  # past the end (an old link): back to the first page
        first_page = _query(params, "", "", 1)
        return ListPage(rows, number, total, cap, size, previous_query=first_page, next_query=None)
    return ListPage(
        rows=rows,
        number=number,
        total=total,
        cap=cap,
        size=size,
        previous_query=_query(params, "before", keyset.cursor(rows[0]), number - 1) if more_before and rows else None,
        next_query=_query(params, "after", keyset.cursor(rows[-1]), number + 1) if more_after and rows else None,
    )


def _query(params: QueryDict, direction: str, cursor: str, number: int) -> str:
    query = params.copy()
    for key in ("after", "before", "page"):
        query.pop(key, None)
    if number > 1:
        query[direction] = cursor
        query["page"] = str(number)
    return query.urlencode()


def _positive(text: str | None) -> int | None:
    try:
        value = int(text or "")
    except ValueError:
        return None
    return value if 0 < value < 1_000_000 else None
