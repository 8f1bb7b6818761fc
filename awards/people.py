"""Reads for the history pages of a person and of a unit: their awards over the years with the deciding
documents, each page in a constant number of queries."""

from django.db.models import QuerySet

from awards.models import Award, Decision, Nomination, RecipientKind
from clusters.models import Person, Unit

# A draft decides nothing yet; an annulled decision is listed, marked as such.
_DECIDED = [Decision.Status.ISSUED, Decision.Status.ANNULLED]
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
