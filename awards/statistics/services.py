"""Writes of awards' statistics classes on issued decisions: staff complete the classes of awards entered before
the portal asked for them. (A draft's rows carry their classes through the decision's own services.)"""

import enum
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record_many
from awards.decisions.row_classes import Classes, classes_applying
from awards.models import Award, AwardClassification, Decision, IndividualClass, ProposingBody
from kernel.types import Actor

MESSAGE_ROWS = 5  # the rows an error names; the rest are counted


class Keep(enum.Enum):
    """A class the call leaves as it is (distinct from "" or None, which clear it)."""

    KEEP = 0


KEEP = Keep.KEEP


class ClassificationConflict(ValidationError):
    """Someone else set a different class on some of the rows since the page was shown: nothing was written.
    `rows`: (award, field, the value stored now)."""

    def __init__(self, rows: list[tuple[Award, str, object]]) -> None:
        self.rows = rows
        names = ", ".join(f"{award.recipient_name} (#{award.line_no})" for award, _f, _v in rows[:MESSAGE_ROWS])
        if len(rows) > MESSAGE_ROWS:
            names += " " + _("and %(count)s more") % {"count": len(rows) - MESSAGE_ROWS}
        super().__init__(
            _(
                "Someone else classified these rows differently since this page was opened: %(names)s. Nothing was "
                "saved; the page now shows their classes. Check them and save again."
            )
            % {"names": names}
        )


def _applies(award: Award, field: str, value: object) -> bool:
    """Whether a class may be set on the award: an individual's class on an individual's award, the enterprise
    flag on a collective's, the proposing body on a State award. Clearing is always allowed."""
    if value in ("", None):
        return True
    return field in classes_applying(recipient_kind=award.recipient_kind, level=award.award_type.level)


_NOT_APPLICABLE = {
    "individual_class": gettext_lazy("Only an individual's award has a class of individual"),
    "is_enterprise": gettext_lazy("Only a collective's award says whether the collective is an enterprise"),
    "proposing_body": gettext_lazy("Only a State award has a proposing body"),
}


def _check(awards: list[Award], values: dict[str, object]) -> None:
    problems = []
    for field, value in values.items():
        wrong = [a for a in awards if not _applies(a, field, value)]
        if wrong:
            names = ", ".join(f"{a.recipient_name} (#{a.line_no})" for a in wrong[:MESSAGE_ROWS])
            if len(wrong) > MESSAGE_ROWS:
                names += " " + _("and %(count)s more") % {"count": len(wrong) - MESSAGE_ROWS}
            problems.append(f"{_NOT_APPLICABLE[field]}: {names}.")
    not_issued = [a for a in awards if a.decision.status != Decision.Status.ISSUED]
    if not_issued:
        problems.append(
            _("Only the awards of issued decisions are classified here; a draft's rows are classified in its editor.")
        )
    if values.get("individual_class") not in (None, "", *IndividualClass.values):
        problems.append(_("This class of individual is not in the list."))
    if values.get("proposing_body") not in (None, "", *ProposingBody.values):
        problems.append(_("This proposing body is not in the list."))
    if problems:
        raise ValidationError(problems)


def award_classifications_set(
    *,
    actor: Actor,
    awards: Iterable[Award],
    individual_class: str | Keep = KEEP,
    is_enterprise: bool | None | Keep = KEEP,
    proposing_body: str | Keep = KEEP,
    seen: Mapping[int, Classes] | None = None,
    reason: str = "",
) -> int:
    """Set the given classes (those not KEEP) on the awards of issued decisions, in one transaction with one audit
    entry per award changed; returns how many were changed.

    `seen`: per award id, the classes the page showed when it was opened. A row whose stored class differs from
    what was seen and from the new value was classified by someone else meanwhile: the whole call is refused
    (ClassificationConflict) rather than undo their value silently. Two calls on the same awards wait for each
    other (the awards are locked, in id order), so the second always compares with what the first wrote."""
    values: dict[str, object] = {
        name: value
        for name, value in (
            ("individual_class", individual_class),
            ("is_enterprise", is_enterprise),
            ("proposing_body", proposing_body),
        )
        if value is not KEEP
    }
    ids = sorted({award.pk for award in awards})
    if not values or not ids:
        return 0
    with transaction.atomic():
        # FOR NO KEY UPDATE: enough to order two classifiers, and it does not block the classification's foreign
        # key check (FOR KEY SHARE) of anyone else.
        locked = list(
            Award.objects.select_for_update(no_key=True, of=("self",))
            .filter(pk__in=ids)
            .select_related("decision", "award_type")
            .order_by("pk")
        )
        _check(locked, values)
        stored = {row.award_id: row for row in AwardClassification.objects.filter(award_id__in=ids)}
        conflicts: list[tuple[Award, str, object]] = []
        changes: list[tuple[Award, AwardClassification | None, Classes]] = []
        for award in locked:
            row = stored.get(award.pk)
            before = Classes(row.individual_class, row.is_enterprise, row.proposing_body) if row else Classes()
            after = before._replace(**values)  # type: ignore[arg-type]  # checked by _check
            if seen is not None and award.pk in seen:
                shown = seen[award.pk]
                for field in values:
                    now = getattr(before, field)
                    if now != getattr(shown, field) and now != getattr(after, field):
                        conflicts.append((award, field, now))
            if after != before:
                changes.append((award, row, after))
        if conflicts:
            raise ClassificationConflict(conflicts)
        now = timezone.now()
        created, updated, entries = [], [], []
        for award, row, after in changes:
            before_snapshot = None if row is None else _snapshot(row)
            if row is None:
                row = AwardClassification(award=award)
                created.append(row)
            else:
                row.award = award  # str() of the audit entry, without a query
                updated.append(row)
            row.individual_class, row.is_enterprise, row.proposing_body = after
            row.updated_at = now
            entries.append((row, before_snapshot, _snapshot(row)))
        AwardClassification.objects.bulk_create(created)
        AwardClassification.objects.bulk_update(updated, [*Classes._fields, "updated_at"])
        audit_record_many(actor=actor, action="award.classify", entries=entries, reason=reason)
    return len(changes)


def _snapshot(row: AwardClassification) -> dict:
    return {
        "award": row.award_id,
        "individual_class": row.individual_class,
        "is_enterprise": row.is_enterprise,
        "proposing_body": row.proposing_body,
    }
