"""Reads for the yearly emulation organisation."""

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import BooleanField, F, OrderBy, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate, Concat
from django.db.models.lookups import Exact

from clusters.models import Bloc, Cluster, ClusterMembership, Person, Unit, UnitUser
from clusters.reorganisation import units_active_in
from kernel.lib.names import id_number_key
from kernel.lib.search import (
    FOLD_FUNCTION,
    VI_COLLATION,
    Fold,
    Found,
    first_and_capped_total,
    fold,
    name_tokens,
    name_words_q,
    search,
    search_q,
    vi_order,
)
from kernel.types import Actor, Viewer


@dataclass
class ClusterView:
    cluster: Cluster
    leader: ClusterMembership | None = None
    deputy: ClusterMembership | None = None
    members: list[ClusterMembership] = field(default_factory=list)


@dataclass
class BlocView:
    bloc: Bloc
    clusters: list[ClusterView] = field(default_factory=list)

    @property
    def unit_count(self) -> int:
        return sum(len(c.members) for c in self.clusters)


def organisation_years() -> list[int]:
    return list(Cluster.objects.order_by("-year").values_list("year", flat=True).distinct())


def organisation_for_year(*, year: int, q: str = "") -> list[BlocView]:
    """Blocs → clusters → units of one year, in two queries; units in Vietnamese alphabetical order. With `q`,
    only the units whose name holds every word of it (ignoring diacritics and case), and the clusters having one.
    Only units that existed that year (the database refuses any other place; a unit's period corrected since in
    the administration is refused too, clusters migration 0013): clusters follow the units of their year."""
    placed = ClusterMembership.objects.select_related("unit").filter(units_active_in(year, prefix="unit__"))
    memberships = search(placed, fields=["unit__name"], text=q)
    memberships = memberships.order_by(vi_order("unit__name"), "pk")
    clusters = (
        Cluster.objects.filter(year=year)
        .select_related("bloc")
        .prefetch_related(Prefetch("memberships", queryset=memberships))
        .order_by("bloc__display_order", "bloc__name", "display_order", "name")
    )
    if q.strip():
        clusters = clusters.filter(pk__in=memberships.values("cluster"))
    blocs: dict[int, BlocView] = {}
    for cluster in clusters:
        view = ClusterView(cluster=cluster)
        for membership in cluster.memberships.all():
            view.members.append(membership)
            if membership.role == ClusterMembership.Role.LEADER:
                view.leader = membership
            elif membership.role == ClusterMembership.Role.DEPUTY:
                view.deputy = membership
        role_rank: dict[str, int] = {ClusterMembership.Role.LEADER: 0, ClusterMembership.Role.DEPUTY: 1}
        view.members.sort(key=lambda m: role_rank.get(m.role, 2))
        blocs.setdefault(cluster.bloc_id, BlocView(bloc=cluster.bloc)).clusters.append(view)
    return list(blocs.values())


def unit_search(*, text: str, limit: int, cap: int) -> Found[Unit]:
    """Units whose name has a word beginning with each word of `text` (ignoring diacritics and case), in
    Vietnamese alphabetical order: the first `limit` and how many there are up to `cap + 1`, in two queries, each
    answered by the full-text index of clusters migration 0011 (the trigram index rechecked every candidate by
    folding its name: 466 units hold "van", 13 ms). Units are public to every
    logged-in user. Each carries `organisation_year`, the last year it belongs to a cluster (None if it never did):
    the organisation page of that year shows it."""
    last_year = ClusterMembership.objects.filter(unit=OuterRef("pk")).order_by("-year").values("year")[:1]
    units = Unit.objects.annotate(organisation_year=Subquery(last_year)).filter(name_words_q("name", text))
    return first_and_capped_total(units.order_by(vi_order("name"), "pk"), limit=limit, cap=cap)


def person_search(*, user: Viewer, text: str, limit: int, cap: int) -> Found[Person]:
    """People in the user's scope named by `text` (people_matching), in Vietnamese alphabetical order: the first
    `limit` and how many there are up to `cap + 1`, in two queries."""
    return first_and_capped_total(people_matching(user=user, text=text), limit=limit, cap=cap)


def people_matching(*, user: Viewer, text: str = "", unit_id: int | None = None) -> QuerySet[Person]:
    """The people list: people in the user's scope, not merged into another record, whose full name has a word
    beginning with each word of `text` (ignoring diacritics and case: "hoang van" and "hoa v" find "Hoàng Văn
    Phong"), optionally of one current unit; in Vietnamese alphabetical order, with their unit. On PostgreSQL the
    full-text index of clusters migration 0010 answers the words without rechecking rows: the trigram index
    rechecked every candidate by folding its name again (5,638 people named Nguyễn: 54 ms of 60)."""
    people = people_visible_to(user=user).filter(merged_into__isnull=True)
    people = people.filter(name_words_q("full_name", text))
    if unit_id is not None:
        people = people.filter(current_unit_id=unit_id)
    name: Collate | OrderBy
    if name_tokens(text) or unit_id is not None or unit_of(user) is not None:
        # The same order through an expression the index of migration 0008 does not match: walking that index
        # while filtering reads every name before the first match (a search for "nguyen" at 200,000 people: 606
        # ms instead of 49 ms), whereas sorting the few matches is quick.
        name = Collate(Concat(F("full_name"), Value("")), VI_COLLATION)
        # Their units in a second query: joined, they put the join between the sort and the LIMIT, and PostgreSQL
        # then sorts every match instead of keeping the page's best (19,359 people for "van": 119 ms, not 83).
        return people.prefetch_related("current_unit").order_by(name, "birth_date", "pk")
    name = vi_order("full_name")  # the whole list: read in order from that index
    return people.select_related("current_unit").order_by(name, "birth_date", "pk")


def _same_name(name: str) -> Q:
    """The full name is `name`, ignoring diacritics, case and spacing. Every word is also looked for with LIKE,
    which the trigram index on the folded name serves."""
    key = fold(name)
    return search_q(fields=["full_name"], text=key) & Q(Exact(Fold(F("full_name")), key))


def person_namesakes(*, user: Viewer, name: str) -> QuerySet[Person]:
    """People in the user's scope, not merged, named `name` (ignoring diacritics and case): whose an award or a
    nomination to that name may be. One query."""
    if not fold(name):
        return Person.objects.none()
    people = people_visible_to(user=user).filter(_same_name(name), merged_into__isnull=True)
    return people.select_related("current_unit").order_by(vi_order("full_name"), "birth_date", "pk")


def person_likely_duplicates(
    *,
    full_name: str,
    birth_date: datetime.date | None = None,
    id_number: str | None = None,
    unit_id: int | None = None,
    exclude_pk: int | None = None,
) -> QuerySet[Person]:
    """The people in use who may be the person described, by the rules of person_duplicates: the same identity
    card number; or the same name (ignoring case and diacritics) and date of birth; or the same name in the same
    unit. A record with another identity card number is another person. Every scope: the caller shows what the
    user may see. One query."""
    digits = id_number_key(id_number)
    condition = Q()
    if digits:
        condition |= Q(id_number=digits)
    if fold(full_name) and birth_date:
        condition |= _same_name(full_name) & Q(birth_date=birth_date)
    if fold(full_name) and unit_id:
        condition |= _same_name(full_name) & Q(current_unit_id=unit_id)
    if not condition:
        return Person.objects.none()
    people = Person.objects.filter(condition, merged_into__isnull=True).exclude(pk=exclude_pk)  # type: ignore[misc]  # None excludes nothing
    if digits:
        people = people.exclude(Q(id_number__isnull=False) & ~Q(id_number=digits))
    return people.select_related("current_unit").order_by(vi_order("full_name"), "birth_date", "pk")


def unit_of(user: Actor) -> int | None:
    """The id of the unit a user acts for, or None for provincial users; looked up once per request's user."""
    if user is None or not user.is_authenticated:
        return None
    # Cached on the user object, which lives as long as its request.
    if not hasattr(user, "_unit_id"):
        if get_user_model().unit_account.is_cached(user):  # read with the user (kernel.auth)
            account = getattr(user, "unit_account", None)
            user._unit_id = account.unit_id if account else None  # type: ignore[attr-defined]
        else:
            user._unit_id = UnitUser.objects.filter(user=user).values_list("unit_id", flat=True).first()  # type: ignore[attr-defined]
    return user._unit_id  # type: ignore[attr-defined]


def people_visible_to(*, user: Viewer) -> QuerySet[Person]:
    """The one scope helper for people. Provincial users who may view people (secretariat, leaders) see every
    one; a unit clerk sees the people whose current unit is theirs; everyone else none."""
    if not (user.is_authenticated and user.has_perm("clusters.view_person")):
        return Person.objects.none()
    unit_id = unit_of(user)
    if unit_id is None:
        return Person.objects.all()
    return Person.objects.filter(current_unit_id=unit_id)


def units_visible_to(*, user: Viewer) -> QuerySet[Unit]:
    """Units whose page (collective awards, people) a user may read: all for provincial users who may view people,
    their own for a unit clerk."""
    if not (user.is_authenticated and user.has_perm("clusters.view_person")):
        return Unit.objects.none()
    unit_id = unit_of(user)
    return Unit.objects.all() if unit_id is None else Unit.objects.filter(pk=unit_id)


class DuplicateReason:
    ID_NUMBER = "id_number"
    NAME_AND_BIRTH_DATE = "name_birth_date"
    NAME_AND_UNIT = "name_unit"


@dataclass
class DuplicatePair:
    first: Person
    second: Person
    reasons: list[str] = field(default_factory=list)

    @property
    def choices(self) -> list[tuple[Person, Person]]:
        """(kept, merged) either way, for the form choosing which record to keep."""
        return [(self.first, self.second), (self.second, self.first)]


def person_duplicates(*, person: Person | None = None) -> list[DuplicatePair]:
    """Likely duplicate pairs among the people in use (never merged automatically): the same identity card number
    (its digits: the database refuses the same text twice, but not “020075000123” and “020 075 000 123” typed in
    the administration or imported);
    or the same name (ignoring case and diacritics) and date of birth; or the same name in the same unit. With
    `person`, only the pairs including them. One query."""
    people = list(Person.objects.filter(merged_into__isnull=True).select_related("current_unit").order_by("pk"))
    groups: dict[tuple, list[Person]] = defaultdict(list)
    for p in people:
        key = fold(p.full_name)
        if id_number_key(p.id_number):
            groups[(DuplicateReason.ID_NUMBER, id_number_key(p.id_number))].append(p)
        if p.birth_date:
            groups[(DuplicateReason.NAME_AND_BIRTH_DATE, key, p.birth_date)].append(p)
        if p.current_unit_id:
            groups[(DuplicateReason.NAME_AND_UNIT, key, p.current_unit_id)].append(p)
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    for (reason, *_key), members in groups.items():
        for first, second in combinations(members, 2):
            if person is not None and person.pk not in (first.pk, second.pk):
                continue
            # Two different identity numbers are two people, whatever their names.
            first_id, second_id = id_number_key(first.id_number), id_number_key(second.id_number)
            if first_id and second_id and first_id != second_id:
                continue
            pair = pairs.setdefault((first.pk, second.pk), DuplicatePair(first=first, second=second))
            pair.reasons.append(reason)
    return sorted(pairs.values(), key=lambda pair: (fold(pair.first.full_name), pair.first.pk, pair.second.pk))


# Finding the person a recipient is: for imports, the backfill of awards (awards.people.services) and nominees.


@dataclass(frozen=True)
class PersonWanted:
    """A recipient to find among the people: the name as printed, the unit they work in, what else is known."""

    full_name: str
    unit_id: int | None = None
    birth_date: datetime.date | None = None
    id_number: str | None = None


@dataclass(frozen=True)
class PersonFound:
    """What the matcher found for one recipient: the person, or None with how many records fitted equally well
    (0: nobody; 2 or more: ambiguous, never guessed between)."""

    person: Person | None
    candidates: int

    @property
    def ambiguous(self) -> bool:
        return self.candidates > 1


# Recipients matched per query where the database takes no array parameter (SQLite: under its variable limit).
MATCH_CHUNK = 500
# What is read of each person who may be a recipient, as a tuple: the chosen ones are then read whole.
_PERSON_COLUMNS = ("id", "full_name", "birth_date", "id_number", "current_unit_id")
_PK, _NAME, _BORN, _ID_NUMBER, _UNIT = range(len(_PERSON_COLUMNS))


def person_match(
    *, full_name: str, unit_id: int | None, birth_date: datetime.date | None = None, id_number: str | None = None
) -> Person | None:
    """The one person in use (not merged) who surely is this recipient, or None when none or several fit.
    See people_match for the criteria."""
    wanted = PersonWanted(full_name=full_name, unit_id=unit_id, birth_date=birth_date, id_number=id_number)
    return people_match([wanted])[0].person


def people_match(wanted: Sequence[PersonWanted]) -> list[PersonFound]:
    """person_match for many recipients, in one query on PostgreSQL whatever their number (one per MATCH_CHUNK of
    them elsewhere). The first criterion that finds anyone decides:

    1. the same identity card number (its digits), when the recipient's is known;
    2. the same name (ignoring case and diacritics) and date of birth, when the recipient's is known;
    3. the same name and the unit the recipient works in as the person's current unit.

    A record whose identity number or date of birth differs from the recipient's is another person, whatever its
    name. When several records fit the deciding criterion, nobody is returned (likely duplicates: staff merge
    them on the duplicates page)."""
    decided = _decided(wanted)
    people = _people_by_pk({row[_PK] for row, _candidates in decided if row is not None})
    return [PersonFound(None if row is None else people[row[_PK]], count) for row, count in decided]


def people_match_ids(wanted: Sequence[PersonWanted]) -> list[tuple[int | None, int]]:
    """people_match's answers as (the person's id or None, how many records fitted), without reading the people
    found: for a caller that only links them (an import's thousands of rows, whose records cost a query and a
    model instance each)."""
    return [(None if row is None else row[_PK], count) for row, count in _decided(wanted)]


def _decided(wanted: Sequence[PersonWanted]) -> list[tuple[tuple | None, int]]:
    """For each of `wanted`, the candidate row (_PERSON_COLUMNS) people_match decides on, and how many fitted."""
    folded: dict[str, str] = {}  # namesakes are many: each name folded once

    def fold_once(name: str) -> str:
        if name not in folded:
            folded[name] = fold(name)
        return folded[name]

    keys = [fold_once(w.full_name) for w in wanted]
    rows: dict[int, tuple] = {}
    step = max(len(wanted), 1) if connection.vendor == "postgresql" else MATCH_CHUNK
    for start in range(0, len(wanted), step):
        part = slice(start, start + step)
        rows |= {row[_PK]: row for row in _candidates(wanted[part], keys[part])}
    by_id, by_birth, by_unit = defaultdict(list), defaultdict(list), defaultdict(list)
    for pk, name, born, id_number, unit_id in sorted(rows.values()):
        key = fold_once(name)
        digits = id_number if not id_number or id_number.isdigit() else id_number_key(id_number)  # stored as digits
        row = (pk, key, born, digits, unit_id)  # as _decide compares them
        if row[_ID_NUMBER]:
            by_id[row[_ID_NUMBER]].append(row)
        if born:
            by_birth[(key, born)].append(row)
        if unit_id:
            by_unit[(key, unit_id)].append(row)
    return [
        _decide(w, key, by_id=by_id, by_birth=by_birth, by_unit=by_unit) for w, key in zip(wanted, keys, strict=True)
    ]


def _people_by_pk(pks: set[int]) -> dict[int, Person]:
    """in_bulk through one array parameter (on PostgreSQL) rather than one parameter per record."""
    if not pks or connection.vendor != "postgresql":
        return Person.objects.in_bulk(pks)
    sql = '"clusters_person"."id" = ANY(%s::bigint[])'
    return {p.pk: p for p in Person.objects.filter(RawSQL(sql, [sorted(pks)], output_field=BooleanField()))}


def _candidates(wanted: Sequence[PersonWanted], keys: Sequence[str]) -> list[tuple]:
    """The rows of the people in use who may be one of `wanted` (`keys`: their folded names): the same identity
    number, or the same name and date of birth, or the same name and current unit."""
    ids = {id_number_key(w.id_number) for w in wanted} - {""}
    by_birth = {(key, w.birth_date) for w, key in zip(wanted, keys, strict=True) if key and w.birth_date}
    by_unit = {(key, w.unit_id) for w, key in zip(wanted, keys, strict=True) if key and w.unit_id}
    if not ids and not by_birth and not by_unit:
        return []
    people = Person.objects.filter(merged_into__isnull=True).order_by()
    if connection.vendor != "postgresql":
        names = {key for key, _date in by_birth} | {key for key, _unit in by_unit}
        dates, units = {date for _key, date in by_birth}, {unit for _key, unit in by_unit}
        condition = Q(id_number__in=ids) | Q(name_folded__in=names, birth_date__in=dates)
        condition |= Q(name_folded__in=names, current_unit_id__in=units)
        people = people.annotate(name_folded=Fold("full_name")).filter(condition)
        return list(people.values_list(*_PERSON_COLUMNS))
    # Each criterion's values as array parameters, whatever their number (an IN list is one parameter per value,
    # pasted into the query's text one by one). Each (name, date) or (name, unit) pair is looked up in the B-tree
    # of folded names (migration 0007), the folded name never computed again: 8,000 recipients among 200,000
    # people, 0.3 s. The lateral subqueries (OFFSET 0 keeps them apart) force that lookup: as a join, the planner
    # estimated a few hundred pairs and folded every name of the table (2.5 s); as `folded name = ANY(array)` it
    # took the trigram index (37 s) and namesakes born another day came back too, to be sorted out in Python.
    columns = ", ".join(f'p."{column}"' for column in _PERSON_COLUMNS)
    table = Person._meta.db_table
    branches: list[str] = []
    params: list[list] = []
    if ids:
        branches.append(
            f'SELECT {columns} FROM "{table}" p WHERE p."merged_into_id" IS NULL'
            ' AND p."id_number"::text = ANY(ARRAY(SELECT unnest(%s::text[])))'
        )
        params.append(sorted(ids))
    pairs_by_column: list[tuple[set, str, str]] = [
        (by_birth, "birth_date", "date"),
        (by_unit, "current_unit_id", "bigint"),
    ]
    for pairs, column, kind in pairs_by_column:
        if pairs:
            branches.append(
                f"SELECT {columns} FROM unnest(%s::text[], %s::{kind}[]) AS k(name, value) CROSS JOIN LATERAL ("
                f'SELECT p.* FROM "{table}" p WHERE {FOLD_FUNCTION}(p."full_name"::text) = k.name'
                f' AND p."{column}" = k.value AND p."merged_into_id" IS NULL OFFSET 0) p'
            )
            params += [[key for key, _value in pairs], [value for _key, value in pairs]]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), params)  # a person found twice is kept once by people_match
        return cursor.fetchall()


def _decide(
    wanted: PersonWanted,
    key: str,
    *,
    by_id: Mapping[str, Sequence[tuple]],
    by_birth: Mapping[tuple[str, datetime.date], Sequence[tuple]],
    by_unit: Mapping[tuple[str, int], Sequence[tuple]],
) -> tuple[tuple | None, int]:
    """The row of the one person `wanted` (named `key` once folded) surely is, or None, and how many fitted the
    deciding criterion."""
    id_number = id_number_key(wanted.id_number)

    def may_be(row: tuple) -> bool:
        other_id = row[_ID_NUMBER]  # its digits
        if id_number and other_id and other_id != id_number:
            return False
        return not (wanted.birth_date and row[_BORN] and row[_BORN] != wanted.birth_date)

    levels = []
    if id_number:
        levels.append(by_id.get(id_number, []))
    if key and wanted.birth_date:
        levels.append([row for row in by_birth.get((key, wanted.birth_date), []) if may_be(row)])
    if key and wanted.unit_id:
        levels.append([row for row in by_unit.get((key, wanted.unit_id), []) if may_be(row)])
    for candidates in levels:
        if candidates:
            return (candidates[0] if len(candidates) == 1 else None), len(candidates)
    return None, 0
