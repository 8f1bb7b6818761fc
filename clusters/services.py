"""Writes for people. Each service runs in one transaction and writes its audit entry in it."""

import datetime
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from audit.services import audit_record, model_snapshot
from clusters.models import Person, Unit
from clusters.selectors import unit_of
from kernel.lib.names import id_number_key
from kernel.types import Actor

# Filled on the person kept from the merged one when empty there.
MERGE_FILLED_FIELDS = ("birth_date", "sex", "id_number", "current_unit", "position")


@dataclass
class PersonFields:
    full_name: str
    birth_date: datetime.date | None = None
    sex: str | None = None
    id_number: str | None = None
    current_unit: Unit | None = None
    position: str = ""


class PersonInvalid(ValidationError):
    pass


def _clean(fields: PersonFields) -> PersonFields:
    fields.full_name = " ".join((fields.full_name or "").split())
    fields.id_number = id_number_key(fields.id_number) or (fields.id_number or "").strip() or None
    fields.sex = fields.sex or None
    fields.position = (fields.position or "").strip()
    return fields


def _check(fields: PersonFields, *, actor: Actor, exclude_pk: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if not fields.full_name:
        errors.setdefault("full_name", []).append(_("Enter the person's full name."))
    if fields.id_number:
        taken = Person.objects.filter(id_number=fields.id_number, merged_into__isnull=True).exclude(pk=exclude_pk)  # type: ignore[misc]  # None excludes nothing
        other = taken.select_related("current_unit").first()
        if other is not None and _may_see(actor, other):
            errors.setdefault("id_number", []).append(
                _("Identity card number %(number)s is already recorded for %(name)s.")
                % {"number": fields.id_number, "name": other.full_name}
            )
        elif other is not None:  # a unit clerk learns that the number is taken, not whose it is
            errors.setdefault("id_number", []).append(
                _("Identity card number %(number)s is already recorded for a person of another unit.")
                % {"number": fields.id_number}
            )
    if errors:
        raise PersonInvalid(errors)


def _may_see(actor: Actor, person: Person) -> bool:
    """Whether the acting user may read this person's record: anyone but a unit clerk (clusters.selectors
    people_visible_to), who sees their own unit's people only. Commands and the demo act without a user."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return True
    unit_id = unit_of(actor)
    return unit_id is None or person.current_unit_id == unit_id


@transaction.atomic
def person_create(*, actor: Actor, fields: PersonFields) -> Person:
    fields = _clean(fields)
    _check(fields, actor=actor)
    person = Person.objects.create(**{f.name: getattr(fields, f.name) for f in dataclass_fields(fields)})
    audit_record(actor=actor, action="person.create", obj=person, before=None, after=model_snapshot(person))
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, fields: PersonFields, reason: str = "") -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_merged:
        raise PersonInvalid(_("%(name)s was merged into another record: edit that one.") % {"name": person})
    fields = _clean(fields)
    _check(fields, actor=actor, exclude_pk=person.pk)
    before = model_snapshot(person)
    for f in dataclass_fields(fields):
        setattr(person, f.name, getattr(fields, f.name))
    person.save()
    audit_record(
        actor=actor, action="person.update", obj=person, before=before, after=model_snapshot(person), reason=reason
    )
    return person


def _links_to(person_model: type[Person]) -> list[tuple[type[Model], str]]:
    """Every foreign key to Person from any app (award links, nominations, merged records…), found from the
    model's relations so that clusters needs no import of the apps linking to it."""
    return [
        (relation.related_model, relation.field.name)
        for relation in person_model._meta.related_objects
        if relation.one_to_many or relation.one_to_one
    ]


@transaction.atomic
def person_merge(*, actor: Actor, survivor: Person, duplicate: Person, reason: str) -> Person:
    """Merges `duplicate` into `survivor`: every award, nomination and earlier merged record pointing to the
    duplicate then points to the survivor, the survivor's empty fields take the duplicate's values, and the
    duplicate stays, marked as merged into the survivor. Never done automatically."""
    if not (reason or "").strip():
        raise PersonInvalid({"reason": [_("Give the reason for merging.")]})
    if survivor.pk == duplicate.pk:
        raise PersonInvalid(_("A person cannot be merged into themselves."))
    # Locked in primary-key order, so two merges of the same people cannot deadlock.
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk])}
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    for person in (survivor, duplicate):
        if person.is_merged:
            raise PersonInvalid(_("%(name)s was already merged into another record.") % {"name": person})
    ids = id_number_key(survivor.id_number), id_number_key(duplicate.id_number)
    if all(ids) and ids[0] != ids[1]:
        raise PersonInvalid(
            _("These records have different identity card numbers (%(first)s, %(second)s): they are two people.")
            % {"first": survivor.id_number, "second": duplicate.id_number}
        )
    before = {"survivor": model_snapshot(survivor), "duplicate": model_snapshot(duplicate)}

    moved = {}
    for model, field_name in _links_to(Person):
        count = model._default_manager.filter(**{field_name: duplicate}).update(**{field_name: survivor})
        if count:
            moved[f"{model._meta.label}.{field_name}"] = count

    duplicate.merged_into = survivor
    duplicate.save(update_fields=["merged_into", "updated_at"])  # first, so its identity number is free
    for name in MERGE_FILLED_FIELDS:
        if getattr(survivor, name) in (None, "") and getattr(duplicate, name) not in (None, ""):
            setattr(survivor, name, getattr(duplicate, name))
    survivor.save()

    after = {"survivor": model_snapshot(survivor), "duplicate": model_snapshot(duplicate), "moved": moved}
    audit_record(actor=actor, action="person.merge", obj=survivor, before=before, after=after, reason=reason)
    audit_record(actor=actor, action="person.merged", obj=duplicate, before=before, after=after, reason=reason)
    return survivor
