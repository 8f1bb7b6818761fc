"""Units that no longer exist: which a row may not name on a given day (EndedUnitRule, Thông tư 15/2025/TT-BNV), a
unit's history (predecessors, successor) and the years a unit may be placed in a cluster.

The rule is read by the services that write what names a unit: a draft decision's rows (awards.decisions.services,
on the decision's date), a dossier and its nominees (awards.nominations, on the day the list is written) and the
Excel imports into either (through the same services, and awards.imports.rows for the names typed in the file).
Nothing already issued is checked again. No database trigger backs it: it depends on a dated rule staff may edit
(valid from, enabled), like the catalog's validity, which docs/ARCHITECTURE.md leaves to the services."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from clusters.models import EndedUnitRule, Unit
from kernel.lib.formatting import vn_date
from kernel.lib.search import Fold, fold

# A successor that itself ended is followed this far to the unit that exists on the day.
_SUCCESSION_STEPS = 10


def rules_in_force(*, on: datetime.date) -> list[EndedUnitRule]:
    """The enabled rules on ended units valid on `on`. One query."""
    valid = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    return list(EndedUnitRule.objects.filter(valid, enabled=True).order_by("valid_from", "code"))


@dataclass(frozen=True)
class EndedUnits:
    """The units a row dated `on` may not name, by id and by folded name, each with its refusal."""

    on: datetime.date
    by_id: dict[int, str]
    by_name: dict[str, str]

    def refusal_for_unit(self, unit_id: int | None) -> str | None:
        return self.by_id.get(unit_id) if unit_id is not None else None

    def refusal_for_name(self, name: str) -> str | None:
        """A name typed (a collective's, a workplace) that is exactly an ended unit's, ignoring case, spacing and
        diacritics, and no unit existing on the day bears: a longer name ("Phòng Tổ chức, Sở …") is not refused."""
        return self.by_name.get(fold(name)) if name and self.by_name else None

    def __bool__(self) -> bool:
        return bool(self.by_id)


def ended_units(*, on: datetime.date) -> EndedUnits:
    """What rows dated `on` may not name: the units that ended before `on` for a reason a rule in force that day
    covers. One query when no rule is in force (before 04/08/2025, or every rule disabled), four otherwise."""
    rules = {rule.end_reason: rule for rule in reversed(rules_in_force(on=on))}
    if not rules:
        return EndedUnits(on, {}, {})
    ended = list(Unit.objects.filter(end_reason__in=list(rules), active_to__lt=on).select_related("successor"))
    successors = _successions(ended)
    by_id = {unit.pk: _refusal(unit, rules[unit.end_reason], _existing(unit, successors, on)) for unit in ended}
    names = {fold(unit.name): by_id[unit.pk] for unit in ended}
    existing = Unit.objects.annotate(folded=Fold("name")).filter(folded__in=list(names))
    existing = existing.exclude(active_to__lt=on).exclude(active_from__gt=on)
    for key in existing.values_list("folded", flat=True):
        names.pop(key, None)  # another unit of that name exists that day: the name alone does not say which
    return EndedUnits(on, by_id, names)


def _successions(ended: list[Unit]) -> dict[int, Unit]:
    """Every unit that has a predecessor, by id (a few dozen after a reorganisation): one query."""
    if not any(unit.successor_id for unit in ended):
        return {}
    return {unit.pk: unit for unit in Unit.objects.filter(predecessors__isnull=False).distinct()}


def _existing(unit: Unit, successors: dict[int, Unit], on: datetime.date) -> Unit | None:
    """The unit's successor, followed while it too had ended by `on`."""
    current = unit.successor
    for _step in range(_SUCCESSION_STEPS):
        if current is None or current.active_to is None or current.active_to >= on or current.successor_id is None:
            return current
        current = successors.get(current.successor_id, current.successor)
    return current


def _refusal(unit: Unit, rule: EndedUnitRule, successor: Unit | None) -> str:
    assert unit.active_to is not None  # ended units only
    values = {
        "unit": unit.name,
        "date": vn_date(unit.active_to + datetime.timedelta(days=1)),
        "rule": rule.name,
        "article": rule.article,
    }
    if successor is None:
        return _("“%(unit)s” was dissolved from %(date)s and has no successor unit. %(rule)s (%(article)s).") % values
    values["successor"] = successor.name
    return _("“%(unit)s” was dissolved from %(date)s; successor unit: %(successor)s. %(rule)s (%(article)s).") % values


def refusals_of_rows(
    rows: Iterable[tuple[int | None, str, str]], *, units: EndedUnits
) -> dict[int, dict[str, list[str]]]:
    """For rows given as (unit id or None, the collective's name or "", the workplace typed or ""), the refusals by
    row index and field of those naming one of `units` (ended_units, read once by the caller): "workplace" for the
    unit (linked or typed, as the decision form's and the Excel template's column), "recipient_name" for a
    collective named as the unit."""
    if not units:
        return {}
    found: dict[int, dict[str, list[str]]] = {}
    for index, (unit_id, collective_name, workplace) in enumerate(rows):
        refusals = {
            "recipient_name": units.refusal_for_name(collective_name),
            "workplace": units.refusal_for_unit(unit_id) if unit_id is not None else units.refusal_for_name(workplace),
        }
        for field, refusal in refusals.items():
            if refusal:
                found.setdefault(index, {})[field] = [refusal]
    return found


def units_active_in(year: int, *, prefix: str = "") -> Q:
    """Units that existed on at least one day of `year` (Unit.active_in), for a queryset of units (or, with
    `prefix` "unit__", of rows pointing to one)."""
    start, end = f"{prefix}active_from", f"{prefix}active_to"
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__year__lte": year})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__year__gte": year})
    )


def membership_refusal(*, unit: Unit, year: int) -> str | None:
    """Why `unit` may not be placed in a cluster of `year`, or None (the trigger of clusters migration 0013 backs
    it)."""
    if unit.active_in(year):
        return None
    if unit.active_to is not None and unit.active_to.year < year:
        values = {"unit": unit, "date": vn_date(unit.active_to), "year": year, "successor": unit.successor}
        if unit.successor_id:
            return (
                _(
                    "%(unit)s ended on %(date)s: it has no place in a cluster of %(year)s "
                    "(successor unit: %(successor)s)."
                )
                % values
            )
        return _("%(unit)s ended on %(date)s: it has no place in a cluster of %(year)s.") % values
    assert unit.active_from is not None  # not active_in and not ended before: it began after
    return _("%(unit)s began on %(date)s: it has no place in a cluster of %(year)s.") % {
        "unit": unit,
        "date": vn_date(unit.active_from),
        "year": year,
    }


@dataclass(frozen=True)
class UnitHistory:
    predecessors: list[Unit]  # the units whose successor it is, in the order they ended
    successor: Unit | None


def unit_history(*, unit: Unit) -> UnitHistory:
    """A unit's page: the units merged into it and the one it was merged into. Two queries at most."""
    predecessors: QuerySet[Unit] = unit.predecessors.order_by("active_to", "name")
    return UnitHistory(predecessors=list(predecessors), successor=unit.successor if unit.successor_id else None)
