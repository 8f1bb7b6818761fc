"""Reads for the yearly emulation organisation."""

import datetime
import operator
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce
from itertools import combinations

from django.contrib.auth import get_user_model
from django.db.models import F, OrderBy, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Collate, Concat
from django.db.models.lookups import Exact

from clusters.models import Bloc, Cluster, ClusterMembership, Person, Unit, UnitUser
from kernel.lib.names import id_number_key
from kernel.lib.search import (
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
    only the units whose name holds every word of it (ignoring diacritics and case), and the clusters having one."""
    memberships = search(ClusterMembership.objects.select_related("unit"), fields=["unit__name"], text=q)
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


# Recipients matched per query: a few queries for thousands of rows, and well under SQLite's variable limit.
MATCH_CHUNK = 500


def person_match(
    *, full_name: str, unit_id: int | None, birth_date: datetime.date | None = None, id_number: str | None = None
) -> Person | None:
    """The one person in use (not merged) who surely is this recipient, or None when none or several fit.
    See people_match for the criteria."""
    wanted = PersonWanted(full_name=full_name, unit_id=unit_id, birth_date=birth_date, id_number=id_number)
    return people_match([wanted])[0].person


def people_match(wanted: Sequence[PersonWanted]) -> list[PersonFound]:
    """person_match for many recipients, one query per MATCH_CHUNK of them. The first criterion that finds
    anyone decides:

    1. the same identity card number (its digits), when the recipient's is known;
    2. the same name (ignoring case and diacritics) and date of birth, when the recipient's is known;
    3. the same name and the unit the recipient works in as the person's current unit.

    A record whose identity number or date of birth differs from the recipient's is another person, whatever its
    name. When several records fit the deciding criterion, nobody is returned (likely duplicates: staff merge
    them on the duplicates page)."""
    found: list[PersonFound] = []
    for start in range(0, len(wanted), MATCH_CHUNK):
        found += _match_chunk(wanted[start : start + MATCH_CHUNK])
    return found


def _match_chunk(wanted: Sequence[PersonWanted]) -> list[PersonFound]:
    ids = {id_number_key(w.id_number) for w in wanted} - {""}
    keys = {fold(w.full_name) for w in wanted} - {""}
    dates = {w.birth_date for w in wanted if w.birth_date}
    units = {w.unit_id for w in wanted if w.unit_id}
    conditions = []
    if ids:
        conditions.append(Q(id_number__in=ids))
    if keys and dates:
        conditions.append(Q(name_folded__in=keys, birth_date__in=dates))
    if keys and units:
        conditions.append(Q(name_folded__in=keys, current_unit_id__in=units))
    by_id, by_birth, by_unit = defaultdict(list), defaultdict(list), defaultdict(list)
    if conditions:
        people = Person.objects.filter(merged_into__isnull=True).annotate(name_folded=Fold("full_name"))
        for person in people.filter(reduce(operator.or_, conditions)).order_by("pk"):
            key = fold(person.full_name)
            if id_number_key(person.id_number):
                by_id[id_number_key(person.id_number)].append(person)
            if person.birth_date:
                by_birth[(key, person.birth_date)].append(person)
            if person.current_unit_id:
                by_unit[(key, person.current_unit_id)].append(person)
    return [_decide(w, by_id=by_id, by_birth=by_birth, by_unit=by_unit) for w in wanted]


def _decide(
    wanted: PersonWanted,
    *,
    by_id: Mapping[str, Sequence[Person]],
    by_birth: Mapping[tuple[str, datetime.date], Sequence[Person]],
    by_unit: Mapping[tuple[str, int], Sequence[Person]],
) -> PersonFound:
    id_number, key = id_number_key(wanted.id_number), fold(wanted.full_name)

    def may_be(person: Person) -> bool:
        other_id = id_number_key(person.id_number)
        if id_number and other_id and other_id != id_number:
            return False
        return not (wanted.birth_date and person.birth_date and person.birth_date != wanted.birth_date)

    levels = []
    if id_number:
        levels.append(by_id.get(id_number, []))
    if key and wanted.birth_date:
        levels.append([p for p in by_birth.get((key, wanted.birth_date), []) if may_be(p)])
    if key and wanted.unit_id:
        levels.append([p for p in by_unit.get((key, wanted.unit_id), []) if may_be(p)])
    for candidates in levels:
        if candidates:
            return PersonFound(candidates[0] if len(candidates) == 1 else None, len(candidates))
    return PersonFound(None, 0)
