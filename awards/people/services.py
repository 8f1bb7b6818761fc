"""Writes linking individual awards to their person records (clusters.Person) in bulk: the backfill of awards
entered before people existed (`manage.py link_people`, the demo), and the awards of a decision gathered from
nominees (awards.nominations.services). One transaction per call, one audit entry per person created and per award
linked, written in a few bulk queries whatever the number of rows.

A recipient is linked only to a person who surely is them (clusters.selectors.people_match), or, failing that,
to the one person of that name already linked to an award at the same workplace. Rows that fit several
people are left unlinked and counted: staff merge the duplicates first, never the portal by guessing."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, audit_record_many, model_snapshot
from awards.models import (
    Award,
    Decision,
    Dossier,
    Nomination,
    PersonAward,
    RecipientKind,
)
from clusters.models import Person
from clusters.selectors import MATCH_CHUNK, PersonWanted, people_match, people_match_ids
from clusters.services import PersonFields, person_create
from kernel.bulk import rows_copy
from kernel.concurrency import version_bump
from kernel.lib.search import Fold, fold
from kernel.types import Actor


@dataclass
class PeopleLinked:
    """What people_link_awards did: awards linked (to people found or created), people created, awards left
    unlinked because several people fit (ambiguous) or because nobody did and none was to be created (skipped)."""

    linked: int = 0
    created: int = 0
    ambiguous: int = 0
    skipped: int = 0


def _workplace(award: Award) -> tuple:
    """Where the award places its recipient: a registered unit, or the workplace or address as printed."""
    return ("unit", award.unit_id) if award.unit_id else ("text", fold(award.unit_name))


def _recipient_key(award: Award) -> tuple:
    """The recipient as name and workplace; an award naming no workplace is a recipient of its own (a name alone
    says nothing of who it is)."""
    if not award.unit_id and not fold(award.unit_name):
        return ("award", award.pk)
    return (fold(award.recipient_name), *_workplace(award))


def _people_at_workplaces(awards: list[Award]) -> dict[tuple, set[int]]:
    """For each (name, workplace) of the awards, the people of that name already linked to an award at that
    workplace (a merged record counts as the one kept): one query per MATCH_CHUNK awards, read from the people's
    folded names (indexed, clusters migration 0007) rather than the million awards'."""
    found: dict[tuple, set[int]] = defaultdict(set)
    for start in range(0, len(awards), MATCH_CHUNK):
        chunk = awards[start : start + MATCH_CHUNK]
        units = {a.unit_id for a in chunk if a.unit_id}
        texts = {fold(a.unit_name) for a in chunk if not a.unit_id} - {""}
        where = Q(award__unit_id__in=units) | Q(award__unit__isnull=True, workplace_folded__in=texts)
        rows = (
            PersonAward.objects.annotate(
                name_folded=Fold("person__full_name"),
                workplace_folded=Fold("award__unit_name"),
                kept=Coalesce("person__merged_into_id", "person_id"),
            )
            .filter(where, name_folded__in={fold(a.recipient_name) for a in chunk})
            .values_list("person__full_name", "award__unit_id", "award__unit_name", "kept")
        )
        for name, unit_id, unit_name, kept in rows:
            if unit_id or fold(unit_name):
                workplace = ("unit", unit_id) if unit_id else ("text", fold(unit_name))
                found[(fold(name), *workplace)].add(kept)
    return found


# The columns _links_write writes, in its rows' order.
_LINK_COLUMNS = ("award_id", "person_id", "linked_at")


def _link(*, actor: Actor, pairs: list[tuple[Award, Person]], reason: str) -> list[PersonAward]:
    """New links for awards that have none, with their audit entries; the nominations that led to these awards
    get the person too when they have none."""
    if not pairs:
        return []
    links = _links_write(actor=actor, pairs=[(award, person.pk) for award, person in pairs], reason=reason)
    person_of = {award.pk: person for award, person in pairs}
    nominations = list(Nomination.objects.filter(award_id__in=person_of, person__isnull=True).select_related("dossier"))
    found = [(n, person_of[n.award_id]) for n in nominations if n.award_id is not None]  # all: award_id__in
    _nominations_person_set(actor=actor, found=found, reason=reason)
    return links


def _links_write(*, actor: Actor, pairs: list[tuple[Award, int]], reason: str) -> list[PersonAward]:
    """New links of awards that have none to people (by id), with their audit entries."""
    now = timezone.now()
    links = [PersonAward(award=award, person_id=person_id, linked_at=now) for award, person_id in pairs]
    # One COPY (kernel.bulk): bulk_create prepared every value of thousands of links, field by field.
    rows_copy(PersonAward, _LINK_COLUMNS, ((link.award_id, link.person_id, now) for link in links))
    audit_record_many(
        actor=actor,
        action="award.person_link",
        entries=((link.award, None, model_snapshot(link)) for link in links),
        reason=reason,
    )
    return links


def _nominations_person_set(*, actor: Actor, found: list[tuple[Nomination, Person]], reason: str) -> None:
    """Nominees given the person found for them, audited on their dossier as nomination_person_link does
    (`dossier.person_link`), in two queries."""
    _dossiers_moved_on({nomination.dossier_id: nomination.dossier for nomination, _p in found}.values())
    entries = []
    for nomination, person in found:
        before = model_snapshot(nomination)
        nomination.person = person
        entries.append(
            (
                nomination.dossier,
                {"nomination": before},
                {"nomination": model_snapshot(nomination), "person": person.full_name},
            )
        )
    if entries:
        Nomination.objects.bulk_update([n for n, _p in found], ["person"])
        audit_record_many(actor=actor, action="dossier.person_link", entries=entries, reason=reason)


def _dossiers_moved_on(dossiers: Iterable[Dossier]) -> None:
    """A dossier's edit form carries each nominee's person (a hidden field): a link made while it is open moves the
    dossier's version on, so that saving that form is refused (409) instead of unlinking the nominee silently."""
    for dossier in sorted(dossiers, key=lambda d: d.pk):  # in one order, as two linkers may lock the same ones
        version_bump(dossier, expected_version=None)


def _people_create(*, actor: Actor, groups: list[list[Award]], reason: str) -> list[Person]:
    """One person per group of awards to the same recipient, named, placed and titled as in the latest award."""
    people = []
    for awards in groups:
        latest = awards[-1]
        people.append(
            Person(
                full_name=" ".join(latest.recipient_name.split()),
                current_unit_id=latest.unit_id,
                position=" ".join(latest.position.split()),
            )
        )
    people = Person.objects.bulk_create(people)
    audit_record_many(
        actor=actor,
        action="person.create",
        entries=((person, None, model_snapshot(person)) for person in people),
        reason=reason,
    )
    return people


def _targets(awards: Iterable[Award] | None) -> list[Award]:
    targets = Award.objects.filter(recipient_kind=RecipientKind.INDIVIDUAL, person_link__isnull=True)
    if awards is None:  # a draft's rows may still change; what was decided is linked
        targets = targets.filter(decision__status__in=[Decision.Status.ISSUED, Decision.Status.ANNULLED])
    else:
        targets = targets.filter(pk__in=[a.pk for a in awards])
    return list(targets.select_related("award_type", "decision").order_by("decision__date", "decision_id", "line_no"))


@transaction.atomic
def people_link_awards(
    *, actor: Actor, awards: Iterable[Award] | None = None, create_missing: bool, reason: str
) -> PeopleLinked:
    """Links individual awards without a person (all those of issued and annulled decisions, or `awards`) to
    the person each surely is: found by people_match with the award's unit, else the one person of that name
    already linked to an award at the same workplace. With `create_missing`, the recipients nobody fits get a
    new person (name, unit and position from their latest award), one per name and workplace, so that awards to
    the same name at the same workplace over the years end up on one person. Rows several people fit, and names
    listed twice at one workplace in one decision (two namesakes), are left unlinked and counted as ambiguous."""
    targets = _targets(awards)
    result = PeopleLinked()
    found = people_match([PersonWanted(full_name=a.recipient_name, unit_id=a.unit_id) for a in targets])
    pairs: list[tuple[Award, Person]] = []
    unfound: list[Award] = []
    for award, match in zip(targets, found):
        if match.person is not None:
            pairs.append((award, match.person))
        elif match.ambiguous:
            result.ambiguous += 1
        else:
            unfound.append(award)

    at_workplaces = _people_at_workplaces(unfound) if unfound else {}
    kept = Person.objects.in_bulk({pk for ids in at_workplaces.values() for pk in ids})
    groups: dict[tuple, list[Award]] = defaultdict(list)
    for award in unfound:
        people = at_workplaces.get(_recipient_key(award), set())
        if len(people) == 1:
            pairs.append((award, kept[next(iter(people))]))
        elif people:
            result.ambiguous += 1
        else:
            groups[_recipient_key(award)].append(award)

    new_groups = []
    for awards_of_one in groups.values():
        given = [(a.decision_id, a.award_type_id) for a in awards_of_one]
        if len(set(given)) < len(given):  # the same award twice in one decision: two people of that name there
            result.ambiguous += len(awards_of_one)
        elif create_missing:
            new_groups.append(awards_of_one)
        else:
            result.skipped += len(awards_of_one)
    if new_groups:
        created = _people_create(actor=actor, groups=new_groups, reason=reason)
        result.created = len(created)
        pairs += [(award, person) for awards_of_one, person in zip(new_groups, created) for award in awards_of_one]

    _link(actor=actor, pairs=pairs, reason=reason)
    result.linked = len(pairs)
    return result


@transaction.atomic
def nominees_link_awards(*, actor: Actor, pairs: Iterable[tuple[Nomination, Award]], reason: str) -> int:
    """Each individual nominee's person onto the award given them (a decision gathered from nominees, and again
    when it is issued, its draft rows having possibly been rewritten). A nominee entered without a person gets the
    one people_match surely finds, their dossier's unit being where they work. Returns the awards linked."""
    pairs = [
        (nomination, award)
        for nomination, award in pairs
        if nomination.recipient_kind == RecipientKind.INDIVIDUAL and award.recipient_kind == RecipientKind.INDIVIDUAL
    ]
    missing = [nomination for nomination, _award in pairs if nomination.person_id is None]
    found = people_match([PersonWanted(full_name=n.recipient_name, unit_id=n.dossier.unit_id) for n in missing])
    matched = [(nomination, match.person) for nomination, match in zip(missing, found) if match.person is not None]
    _nominations_person_set(actor=actor, found=matched, reason=reason)
    linked = set(PersonAward.objects.filter(award__in=[a for _n, a in pairs]).values_list("award_id", flat=True))
    wanted = [
        (award, nomination.person)
        for nomination, award in pairs
        if award.pk not in linked and nomination.person is not None  # no query when person_id is None
    ]
    return len(_link(actor=actor, pairs=wanted, reason=reason)) if wanted else 0


@transaction.atomic
def imported_awards_link(*, actor: Actor, rows: Iterable[tuple[Award, PersonWanted]], reason: str) -> PeopleLinked:
    """The individual awards an Excel import has just written, each with what the file says of its recipient
    (name, unit, date of birth, identity card number), linked to the person people_match surely finds. Nobody is
    created: a row nobody fits is counted as skipped, one several people fit as ambiguous; staff link them later."""
    rows = [(award, wanted) for award, wanted in rows if award.recipient_kind == RecipientKind.INDIVIDUAL]
    # A row naming the same recipient as a linked row of the draft already has its person (decision_update).
    # Read by decision, not by award: a list of 10,000 awards is 10,000 parameters pasted into the query's text.
    ids = {award.pk for award, _w in rows}
    linked = PersonAward.objects.filter(award__decision_id__in={a.decision_id for a, _w in rows})
    already = {pk for pk in linked.values_list("award_id", flat=True) if pk in ids}
    rows = [(award, wanted) for award, wanted in rows if award.pk not in already]
    # The people's ids only: the links and their audit entries need nothing else of them.
    found = people_match_ids([wanted for _award, wanted in rows])
    result = PeopleLinked(linked=len(already))
    pairs = []
    for (award, _wanted), (person_id, candidates) in zip(rows, found):
        if person_id is not None:
            pairs.append((award, person_id))
        elif candidates > 1:
            result.ambiguous += 1
        else:
            result.skipped += 1
    # Not _link: no nominee names awards just written (decision_update), to be given the person too.
    result.linked += len(_links_write(actor=actor, pairs=pairs, reason=reason))
    return result


@transaction.atomic
def imported_nominations_link(
    *, actor: Actor, dossier: Dossier, rows: Iterable[tuple[Nomination, PersonWanted]], reason: str
) -> PeopleLinked:
    """The individual nominees of an Excel import given the person people_match surely finds, audited on the
    dossier as nomination_person_link does (`dossier.person_link`), in a few queries. A nominee already holding a
    person (kept by name when the list was rewritten) counts as linked; nobody is created."""
    rows = [(n, wanted) for n, wanted in rows if n.recipient_kind == RecipientKind.INDIVIDUAL]
    result = PeopleLinked(linked=sum(1 for n, _wanted in rows if n.person_id))
    missing = [(n, wanted) for n, wanted in rows if not n.person_id]
    found = people_match([wanted for _n, wanted in missing])
    linked, entries = [], []
    for (nomination, _wanted), match in zip(missing, found):
        if match.person is None:
            result.ambiguous += match.ambiguous
            result.skipped += not match.ambiguous
            continue
        before = model_snapshot(nomination)
        nomination.person = match.person
        linked.append(nomination)
        after = {"nomination": model_snapshot(nomination), "person": match.person.full_name}
        entries.append((dossier, {"nomination": before}, after))
    if linked:
        _dossiers_moved_on([dossier])
        Nomination.objects.bulk_update(linked, ["person"])
        audit_record_many(actor=actor, action="dossier.person_link", entries=entries, reason=reason)
    result.linked += len(linked)
    return result


# People: an individual nominee linked to their person record (clusters.Person).


@transaction.atomic
def nomination_person_link(*, actor: Actor, nomination: Nomination, person: Person, reason: str = "") -> Nomination:
    """Says which person record an individual nominee is; audited on the dossier, whose history shows it."""
    dossier = Dossier.objects.get(pk=nomination.dossier_id)
    _dossiers_moved_on([dossier])  # first: the dossier's row is what its edit saves lock, then its nominees
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    nomination.dossier = dossier
    if nomination.recipient_kind != RecipientKind.INDIVIDUAL:
        raise ValidationError(_("Only an individual nominee has a person record."))
    if person.merged_into_id is not None:
        raise ValidationError(_("%(name)s was merged into another record: link that one.") % {"name": person})
    before = model_snapshot(nomination)
    nomination.person = person
    nomination.save(update_fields=["person"])
    audit_record(
        actor=actor,
        action="dossier.person_link",
        obj=nomination.dossier,
        before={"nomination": before},
        after={"nomination": model_snapshot(nomination), "person": person.full_name},
        reason=reason,
    )
    return nomination


@transaction.atomic
def nomination_person_create(*, actor: Actor, nomination: Nomination, fields: PersonFields, reason: str = "") -> Person:
    """A new person record for an individual nominee, linked to them: both or neither."""
    person = person_create(actor=actor, fields=fields)
    nomination_person_link(actor=actor, nomination=nomination, person=person, reason=reason)
    return person


@transaction.atomic
def award_person_link(*, actor: Actor, award: Award, person: Person, reason: str = "") -> PersonAward:
    """Links (or re-links) an individual's award to a person record. Allowed on issued decisions too: the link
    is a separate table, the award itself stays as signed. A draft's row is locked first, as its edit saves lock
    it: a save rewriting the rows then carries this link over (decision_update keeps each row's person), so the
    draft's version stays, since its edit form does not show people."""
    Decision.objects.select_for_update().filter(pk=award.decision_id, status=Decision.Status.DRAFT).first()
    if award.recipient_kind != RecipientKind.INDIVIDUAL:
        raise ValidationError(_("Only an award to an individual belongs to a person."))
    if person.merged_into_id is not None:
        raise ValidationError(_("%(name)s was merged into another record: link that one.") % {"name": person})
    existing = PersonAward.objects.select_for_update().filter(award=award).first()
    before = model_snapshot(existing) if existing else None
    link, _created = PersonAward.objects.update_or_create(award=award, defaults={"person": person})
    audit_record(
        actor=actor, action="award.person_link", obj=award, before=before, after=model_snapshot(link), reason=reason
    )
    return link


@transaction.atomic
def award_person_create(*, actor: Actor, award: Award, fields: PersonFields, reason: str = "") -> Person:
    """A new person record for an individual's award, linked to it: both or neither."""
    person = person_create(actor=actor, fields=fields)
    award_person_link(actor=actor, award=award, person=person, reason=reason)
    return person
