"""A draft's rows' statistics classes (awards.models.statistics) and the decision's audit snapshot, which shows
them: a row's class of individual, whether a collective is an enterprise, and who proposed a State award.

The classes are typed with the row and written with it, in the same transaction (decision_create,
decision_update). Rewriting a draft's rows writes their classes again from what the caller sends: the edit form
sends each row's classes as it shows them, the Excel import those of the rows already there."""

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from django.utils.translation import gettext as _

from awards.models import (
    Award,
    AwardClassification,
    AwardType,
    Decision,
    IndividualClass,
    ProposingBody,
    RecipientKind,
)
from kernel.bulk import rows_copy


class Classes(NamedTuple):
    """An award's three classes as stored (or as a page showed them): "" or None where not said."""

    individual_class: str = ""
    is_enterprise: bool | None = None
    proposing_body: str = ""


CLASS_FIELDS = Classes._fields


class ClassedRow(Protocol):
    """What a row's classes are read from (services.RecipientFields)."""

    award_type: AwardType
    recipient_kind: str
    individual_class: str
    is_enterprise: bool | None
    proposing_body: str


def classes_applying(*, recipient_kind: str, level: str) -> tuple[str, ...]:
    """The classes an award may carry, by field name: an individual's class on an individual's award, the
    enterprise flag on a collective's, the proposing body on a State award (the database's checks say the same)."""
    applying = []
    if recipient_kind == RecipientKind.INDIVIDUAL:
        applying.append("individual_class")
    if recipient_kind == RecipientKind.COLLECTIVE:
        applying.append("is_enterprise")
    if level == AwardType.Level.STATE:
        applying.append("proposing_body")
    return tuple(applying)


def row_class_errors(row: ClassedRow) -> list[tuple[str, str]]:
    """(field, message) for each class the row gives that does not apply to it; the database refuses them too."""
    errors = []
    if row.individual_class and row.recipient_kind != RecipientKind.INDIVIDUAL:
        errors.append(("individual_class", _("Only an individual has a class of individual.")))
    if row.is_enterprise is not None and row.recipient_kind != RecipientKind.COLLECTIVE:
        errors.append(("is_enterprise", _("Only a collective is or is not an enterprise.")))
    if row.proposing_body and row.award_type.level != AwardType.Level.STATE:
        errors.append(("proposing_body", _("Only a State award has a proposing body.")))
    return errors


def rows_classes_write(decision: Decision, rows: Sequence[ClassedRow], *, first_line: int) -> None:
    """The classes of rows just written from line `first_line` on: one query reading their ids and one COPY,
    only when a row has any class (most imports have none)."""
    classed = {
        line_no: row
        for line_no, row in enumerate(rows, start=first_line)
        if row.individual_class or row.is_enterprise is not None or row.proposing_body
    }
    if not classed:
        return
    # A range, not an IN list of up to 10,000 line numbers (each one a parameter to send and plan).
    lines = (first_line, first_line + len(rows) - 1)
    ids = Award.objects.filter(decision=decision, line_no__range=lines).values_list("line_no", "pk")
    records = []
    for line_no, pk in ids:
        row = classed.get(line_no)
        if row is not None:
            records.append((pk, row.individual_class, row.is_enterprise, row.proposing_body, decision.updated_at))
    rows_copy(AwardClassification, ["award_id", *CLASS_FIELDS, "updated_at"], records)


def decision_snapshot(decision: Decision, *, lines: tuple[int, int] | None = None) -> dict:
    """The decision and its list as plain JSON, for the audit log; with `lines` (first, last), only the rows of
    those line numbers, as a save of one page of a long draft's rows changes no other."""
    awards = decision.awards.order_by("line_no")
    if lines is not None:
        awards = awards.filter(line_no__range=lines)
    snapshot: dict[str, object] = {
        "number_and_symbol": decision.number_and_symbol,
        "issuer": decision.issuer.code,
        "authority": decision.authority.code,
        "date": decision.date.isoformat(),
        "summary": decision.summary,
        "signer_name": decision.signer_name,
        "signer_title": decision.signer_title,
        "campaign": str(decision.campaign) if decision.campaign_id else None,
        "status": decision.status,
        # Read as values, not Award objects with their types: a 10,000-row list took 0.3 s as objects.
        "awards": [
            {
                "line": line_no,
                "award_type": award_type,
                "kind": kind,
                "recipient_kind": recipient_kind,
                "name": name,
                "position": position,
                "unit": unit,
                "unit_name": unit_name,
                "grassroots": grassroots,
                # The statistics classes, only when the row has any (most rows of older decisions have none).
                **(
                    {"individual_class": individual_class, "is_enterprise": enterprise, "proposing_body": body}
                    if individual_class or enterprise is not None or body
                    else {}
                ),
            }
            for (
                line_no,
                award_type,
                kind,
                recipient_kind,
                name,
                position,
                unit,
                unit_name,
                grassroots,
                individual_class,
                enterprise,
                body,
            ) in awards.values_list(
                "line_no",
                "award_type__code",
                "commendation_kind__code",
                "recipient_kind",
                "recipient_name",
                "position",
                "unit_id",
                "unit_name",
                "is_grassroots",
                "classification__individual_class",
                "classification__is_enterprise",
                "classification__proposing_body",
            )
        ],
    }
    if lines is not None:
        snapshot["lines"] = list(lines)
    return snapshot


def classes_of(award: Award) -> Classes:
    """The award's classes, from its classification row when there is one (select_related it)."""
    try:
        row = award.classification
    except AwardClassification.DoesNotExist:
        return Classes()
    return Classes(row.individual_class, row.is_enterprise, row.proposing_body)


def award_classes_shown(award: Award) -> list[str]:
    """The award's classes as words, for the lines a refused save compares (kernel.edit_versions)."""
    individual_class, enterprise, body = classes_of(award)
    shown = [str(IndividualClass(individual_class).label)] if individual_class else []
    if enterprise is not None:
        shown.append(_("enterprise") if enterprise else _("not an enterprise"))
    if body:
        shown.append(str(ProposingBody(body).label))
    return shown
