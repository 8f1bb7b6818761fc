"""Writing the checked rows, all or nothing, in one transaction, through the existing services (decision_update,
dossier_update), which audit the change as they always do.

Importing appends: a row already on the decision or dossier (same award, kind, recipient kind, name, position and
unit) is skipped, so importing the same file twice adds nothing.

Each individual row added is then matched, in the same transaction and in a few queries for the whole file, with
the person record it surely is (clusters.selectors.people_match: identity card number, else name and date of
birth, else name and unit: the row's registered workplace for a decision, the dossier's unit for a nominee) and
linked to it, audited; a row nobody or several people fit is left for staff to link from the decision's or the
dossier's page. The import never creates a person."""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from awards.decisions import services
from awards.decisions.row_classes import CLASS_FIELDS, classes_of
from awards.imports.columns import DECISION_COLUMNS, DOSSIER_COLUMNS, column_label, normalise
from awards.imports.results import ImportProblem, ImportResult, ImportRow
from awards.imports.rows import nominees_from_xlsx, recipients_from_xlsx
from awards.models import Award, Decision, Dossier, RecipientKind
from awards.nominations import services as dossiers
from awards.people.services import PeopleLinked, imported_awards_link, imported_nominations_link
from clusters.models import Unit
from clusters.selectors import PersonWanted
from kernel.types import Actor


def _nothing() -> None:
    pass


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a file is imported. The import holds tens of thousands of objects at
    once (cells, rows, model instances, audit entries), and each full collection walks all of them and the rest of
    the process: a 10,000-row import spent a third of its time there. Its objects are bounded by the file's limits
    and freed by reference counting; whatever cycles remain are collected once the collector runs again."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _link_units(rows: list[ImportRow]) -> None:
    """A registered unit's name links the award to that unit (as the decision form does)."""
    units = {}
    for unit in Unit.objects.order_by(F("active_to").desc(nulls_first=True)):
        units.setdefault(unit.name.casefold(), unit)
    for row in rows:
        unit = units.get(row.values.unit_name.casefold()) if row.values.unit_name else None
        if unit is not None:
            row.values.unit, row.values.unit_name = unit, ""


def _wanted(row: ImportRow, unit_id: int | None) -> PersonWanted:
    return PersonWanted(
        full_name=row.values.recipient_name,
        unit_id=unit_id,
        birth_date=row.birth_date,
        id_number=row.id_number or None,
    )


def _counted(result: ImportResult, linked: PeopleLinked) -> ImportResult:
    result.linked, result.unlinked = linked.linked, linked.ambiguous + linked.skipped
    return result


def _recipient_key(r) -> tuple:
    workplace = r.unit.name if r.unit else r.unit_name
    return (
        r.award_type.pk,
        r.commendation_kind.pk,
        r.recipient_kind,
        normalise(r.recipient_name),
        normalise(r.position),
        normalise(workplace or ""),
    )


def _row_problems(error, rows: list[ImportRow], offset: int, columns) -> list[ImportProblem]:
    """The service's errors by row index onto the Excel rows and columns they concern."""
    index_of = {c.key: i for i, c in enumerate(columns)}
    problems = []
    for index, row_errors in sorted(error.rows.items()):
        excel_row = rows[index - offset].row if index >= offset else None
        for field_name, messages in row_errors.items():
            position = index_of.get(field_name)
            column = column_label(position, columns[position]) if position is not None else ""
            problems += [ImportProblem(excel_row, column, message) for message in messages]
    general = [m for ms in error.fields.values() for m in ms] + list(error.general)
    problems += [ImportProblem(None, "", message) for message in general]
    return problems


def _only_new(rows: list[ImportRow], existing: list, *, key) -> list[ImportRow]:
    """The file's rows not already present (nor repeated earlier in the file): importing twice adds nothing."""
    seen = {key(item) for item in existing}
    new = []
    for row in rows:
        row_key = key(row.values)
        if row_key not in seen:
            seen.add(row_key)
            new.append(row)
    return new


def decision_import(
    *, actor: Actor, decision: Decision, upload, checked: Callable[[], None] = _nothing
) -> ImportResult:
    """Appends the file's recipients to a draft decision, skipping those already on it; all or nothing.
    `checked` is called once every row is checked, before writing (a background import's progress)."""
    with _collector_paused():
        return _decision_import(actor=actor, decision=decision, upload=upload, checked=checked)


def _decision_import(*, actor: Actor, decision: Decision, upload, checked: Callable[[], None]) -> ImportResult:
    rows, problems = recipients_from_xlsx(upload, date=decision.date, authority=decision.authority)
    if problems:
        return ImportResult(errors=problems)
    checked()
    _link_units(rows)
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.status != Decision.Status.DRAFT:
            raise services.TransitionNotAllowed(_("An issued decision can no longer be edited; annul it instead."))
        existing = [
            services.RecipientFields(
                award_type=a.award_type,
                commendation_kind=a.commendation_kind,
                recipient_kind=a.recipient_kind,
                recipient_name=a.recipient_name,
                position=a.position,
                unit=a.unit,
                unit_name=a.unit_name,
                is_grassroots=a.is_grassroots,
                # The rows are rewritten with the file's: their classes stay.
                **dict(zip(CLASS_FIELDS, classes_of(a), strict=True)),
            )
            for a in Award.objects.filter(decision=decision)
            .select_related("award_type", "commendation_kind", "unit", "classification")
            .order_by("line_no")
        ]
        new = _only_new(rows, existing, key=_recipient_key)
        result = ImportResult(added=len(new), skipped=len(rows) - len(new))
        if not new:
            return result
        fields = services.DecisionFields(
            issuer=decision.issuer,
            authority=decision.authority,
            number=decision.number,
            symbol=decision.symbol,
            date=decision.date,
            signer_name=decision.signer_name,
            signer_title=decision.signer_title,
            summary=decision.summary,
            is_illustrative=decision.is_illustrative,
            campaign=decision.campaign,
        )
        try:
            services.decision_update(
                actor=actor, decision=decision, fields=fields, recipients=existing + [r.values for r in new]
            )
        except services.DecisionInvalid as error:
            return ImportResult(errors=_row_problems(error, new, len(existing), DECISION_COLUMNS))
        # decision_update kept the person records of the rows already there.
        # Only the individuals added: decision_update wrote the list in order, the file's rows after the others.
        row_at = {line_no: row for line_no, row in enumerate(new, start=len(existing) + 1)}
        added = list(
            Award.objects.filter(
                decision=decision, line_no__gt=len(existing), recipient_kind=RecipientKind.INDIVIDUAL
            ).order_by("line_no")
        )
        for award in added:  # the file's award types, already read (an audit entry names the award by its type)
            Award.award_type.field.set_cached_value(award, row_at[award.line_no].values.award_type)
        linked = imported_awards_link(
            actor=actor,
            rows=[(award, _wanted(row_at[award.line_no], award.unit_id)) for award in added],
            reason=_("Found on import from Excel"),
        )
    return _counted(result, linked)


def _nominee_key(n) -> tuple:
    return (n.award_type.pk, n.recipient_kind, normalise(n.recipient_name), normalise(n.position))


def dossier_import(*, actor: Actor, dossier: Dossier, upload, checked: Callable[[], None] = _nothing) -> ImportResult:
    """Appends the file's nominees to a dossier being prepared or returned, skipping those already on it."""
    with _collector_paused():
        return _dossier_import(actor=actor, dossier=dossier, upload=upload, checked=checked)


def _dossier_import(*, actor: Actor, dossier: Dossier, upload, checked: Callable[[], None]) -> ImportResult:
    rows, problems = nominees_from_xlsx(upload)
    if problems:
        return ImportResult(errors=problems)
    checked()
    with transaction.atomic():
        dossier = dossiers.dossier_lock_editable(
            dossier, refusal=_("Only a dossier being prepared or returned can be edited.")
        )
        existing = [
            dossiers.NomineeFields(
                recipient_kind=n.recipient_kind,
                recipient_name=n.recipient_name,
                award_type=n.award_type,
                achievements=n.achievements,
                position=n.position,
            )
            for n in dossier.nominations.select_related("award_type").order_by("line_no")
        ]
        new = _only_new(rows, existing, key=_nominee_key)
        result = ImportResult(added=len(new), skipped=len(rows) - len(new))
        if not new:
            return result
        fields = dossiers.DossierFields(
            unit=dossier.unit,
            commendation_kind=dossier.commendation_kind,
            year=dossier.year,
            title=dossier.title,
            campaign=dossier.campaign,
        )
        try:
            dossiers.dossier_update(
                actor=actor, dossier=dossier, fields=fields, nominees=existing + [r.values for r in new]
            )
        except dossiers.DossierInvalid as error:
            return ImportResult(errors=_row_problems(error, new, len(existing), DOSSIER_COLUMNS))
        added = list(dossier.nominations.filter(line_no__gt=len(existing)).order_by("line_no"))
        linked = imported_nominations_link(
            actor=actor,
            dossier=dossier,
            rows=[(nomination, _wanted(row, dossier.unit_id)) for nomination, row in zip(added, new)],
            reason=_("Found on import from Excel"),
        )
    return _counted(result, linked)
