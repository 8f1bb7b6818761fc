"""Reads for the people pages: the people list with their award counts, a person's and a unit's awards over the
years with the deciding documents, the awards to a person's name not yet linked, each page in a constant number of
queries; and which person and unit pages a user may open from a decision's or a dossier's rows."""

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.urls import reverse

from awards.models import Award, Decision, Nomination, PersonAward, RecipientKind
from clusters.models import Person, Unit
from clusters.selectors import people_matching, unit_of
from kernel.lib.search import Fold, fold, name_words_q
from kernel.types import Viewer

# A draft decides nothing yet; an annulled decision is listed, marked as such.
_DECIDED = [Decision.Status.ISSUED, Decision.Status.ANNULLED]
# Who says whose an award or a nomination is (awards.PersonAward, Nomination.person): the secretariat.
LINK_PERMISSIONS = ["awards.add_personaward", "awards.change_personaward"]
_AWARD_RELATIONS = ("decision__authority", "decision__issuer", "award_type", "commendation_kind", "unit")


def person_awards(*, person: Person) -> QuerySet[Award]:
    """The person's titles and awards, newest first, with their decisions: one query."""
    return (
        Award.objects.filter(person_link__person=person, decision__status__in=_DECIDED)
        .select_related(*_AWARD_RELATIONS)
        .order_by("-decision__date", "-decision__number", "line_no")
    )


def person_nominations(*, person: Person) -> QuerySet[Nomination]:
    """Where the person was nominated, with the dossier and the proposed award: one query."""
    return (
        Nomination.objects.filter(person=person)
        .select_related("dossier", "award_type")
        .order_by("-dossier__created_at", "line_no")
    )


def unit_collective_awards(*, unit: Unit) -> QuerySet[Award]:
    """The unit's awards as a collective, newest first, with their decisions: one query."""
    return (
        Award.objects.filter(unit=unit, recipient_kind=RecipientKind.COLLECTIVE, decision__status__in=_DECIDED)
        .select_related(*_AWARD_RELATIONS)
        .order_by("-decision__date", "-decision__number", "line_no")
    )


def unit_people(*, unit: Unit) -> QuerySet[Person]:
    return Person.objects.filter(current_unit=unit, merged_into__isnull=True).order_by("full_name", "birth_date")


def people_list(*, user: Viewer, text: str = "", unit: Unit | None = None) -> QuerySet[Person]:
    """The people list (clusters.selectors.people_matching), each with `award_count`: their titles and awards in
    issued or annulled decisions, as their page lists them. A correlated count, which PostgreSQL computes for the
    page's rows only: one query per page, whatever the rows."""
    decided = (
        PersonAward.objects.filter(person=OuterRef("pk"), award__decision__status__in=_DECIDED)
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    people = people_matching(user=user, text=text, unit_id=unit.pk if unit else None)
    return people.annotate(award_count=Coalesce(Subquery(decided, output_field=IntegerField()), Value(0)))


def person_unlinked_awards(*, person: Person, limit: int = 50) -> list[Award]:
    """Individual awards of issued decisions to the person's name (ignoring diacritics and case) not yet linked to
    any record: the staff may say they are this person's. One query."""
    key = fold(person.full_name)
    awards = Award.objects.filter(
        name_words_q("recipient_name", key),  # served by the full-text index (awards 0018); then the exact name
        Q(Exact(Fold(F("recipient_name")), key)),
        recipient_kind=RecipientKind.INDIVIDUAL,
        decision__status=Decision.Status.ISSUED,
        person_link__isnull=True,
    )
    awards = awards.select_related("decision", "award_type", "unit").order_by("-decision__date", "line_no")
    return list(awards[:limit])


def url_maker(name: str) -> Callable[[int], str]:
    """pk → the URL `name` gives that pk, with one reverse() for a whole page instead of one per row (290 rows of a
    decision spent 35 ms there)."""
    prefix, _, suffix = reverse(name, args=[0]).rpartition("/0/")
    return lambda pk: f"{prefix}/{pk}/{suffix}"


class PersonKey(Protocol):
    """What people_pages_for reads of a row's person: a Person, or a tuple of its id and unit
    (awards.decisions.shown_rows)."""

    @property
    def pk(self) -> Any: ...

    @property
    def current_unit_id(self) -> int | None: ...


def person_units_needed(user: Viewer) -> bool:
    """Whether people_pages_for reads the current unit of the rows' people for `user`: only for a unit clerk who
    may view people (the others open every person's page, or none). A page may then skip reading them."""
    return unit_of(user) is not None and user.has_perm("clusters.view_person")


def people_pages_for(
    *,
    user: Viewer,
    rows: Iterable[Any],
    person_of: Callable[[Any], PersonKey | None],
    unit_of_row: Callable[[Any], int | None],
) -> None:
    """Sets `person_page` (the person whose page the user may open, or None) and `unit_page` (the id of the unit
    whose page the user may open, or None), with their URLs `person_url` and `unit_url`, on each row (awards or
    nominations) without querying: provincial users who may view people open every page, a unit clerk those of
    their unit's people and of their unit."""
    may_view = user.has_perm("clusters.view_person")
    clerk_unit = unit_of(user)
    person_url, unit_url = url_maker("people:person-detail"), url_maker("people:unit-detail")
    for row in rows:
        person, unit_id = person_of(row), unit_of_row(row)
        row.person_page = person if may_view and person and clerk_unit in (None, person.current_unit_id) else None
        row.unit_page = unit_id if may_view and unit_id and clerk_unit in (None, unit_id) else None
        row.person_url = person_url(row.person_page.pk) if row.person_page else ""
        row.unit_url = unit_url(row.unit_page) if row.unit_page else ""
