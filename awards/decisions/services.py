"""Writes for decisions. Each service runs in one transaction and writes its audit entry in it.

Business rules are checked here (once) and again by database constraints and triggers; forms only parse
the user's input, and views attach a DecisionInvalid's messages to the fields and rows they concern."""

import datetime
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import acting_user, audit_record, audit_record_many, model_snapshot
from awards.decisions.paged_rows import rows_errors_split, rows_make_room, rows_outside
from awards.decisions.register import register_numbers_assign
from awards.decisions.row_checks import decision_duplicates_message, decision_ended_units_message, ended_units_named
from awards.decisions.row_classes import decision_snapshot, row_class_errors, rows_classes_write
from awards.decisions.selectors import decision_number_peek
from awards.models import (
    Authority,
    Award,
    AwardType,
    CommendationKind,
    Decision,
    NumberRegister,
    PersonAward,
    RecipientKind,
)
from awards.nominations.services import nominations_dated_after, nominations_link_awards
from campaigns.models import Campaign, Issuer
from clusters.models import Unit
from clusters.reorganisation import ended_units
from kernel.bulk import rows_copy
from kernel.concurrency import version_bump
from kernel.lib.formatting import vn_date
from kernel.lib.search import fold
from kernel.types import Actor

DECISION_TRANSITIONS: dict[str, set[str]] = {
    Decision.Status.DRAFT: {Decision.Status.ISSUED},
    Decision.Status.ISSUED: {Decision.Status.ANNULLED},
    Decision.Status.ANNULLED: set(),
}


@dataclass
class DecisionFields:
    issuer: Issuer
    authority: Authority
    number: int | None  # None: the portal gives the next number of the issuer's register when issuing
    symbol: str
    date: datetime.date
    signer_name: str
    signer_title: str
    summary: str = ""
    is_illustrative: bool = False
    campaign: Campaign | None = None


@dataclass
class RecipientFields:
    award_type: AwardType
    commendation_kind: CommendationKind
    recipient_kind: str
    recipient_name: str
    position: str = ""
    unit: Unit | None = None
    unit_name: str = ""
    is_grassroots: bool = False
    # The statistics' classes (awards.decisions.row_classes): "" or None where not said.
    individual_class: str = ""
    is_enterprise: bool | None = None
    proposing_body: str = ""


class DecisionInvalid(ValidationError):
    """Errors by field of the decision (`fields`), by recipient row (`rows`, index → field → messages)
    and for the decision as a whole (`general`)."""

    def __init__(
        self,
        *,
        fields: dict[str, list[str]] | None = None,
        rows: dict[int, dict[str, list[str]]] | None = None,
        general: list[str] | None = None,
    ) -> None:
        self.fields = fields or {}
        self.rows = rows or {}
        self.general = general or []
        messages = [m for ms in self.fields.values() for m in ms] + self.general
        messages += [m for row in self.rows.values() for ms in row.values() for m in ms]
        super().__init__(messages)


class TransitionNotAllowed(ValidationError):
    pass


def _recipient_kind_label(kind: str) -> str:
    return str(RecipientKind(kind).label)


def _decision_errors(
    fields: DecisionFields, recipients: list[RecipientFields], *, exclude_pk: int | None = None
) -> None:
    field_errors: dict[str, list[str]] = {}
    row_errors: dict[int, dict[str, list[str]]] = {}
    general: list[str] = []

    def field_error(name: str, message: str) -> None:
        field_errors.setdefault(name, []).append(message)

    def row_error(index: int, name: str, message: str) -> None:
        row_errors.setdefault(index, {}).setdefault(name, []).append(message)

    today = timezone.localdate()
    # A future date is refused on its own: the checks made against the date (the campaign's start, the catalog's
    # validity on each row) would only repeat it on every row.
    date_valid = fields.date <= today
    if not date_valid:
        field_error("date", _("The decision date cannot be later than today (%(today)s).") % {"today": vn_date(today)})
    if fields.authority.issuer_id and fields.authority.issuer_id != fields.issuer.pk:
        assert fields.authority.issuer is not None  # issuer_id is set
        field_error(
            "number_and_symbol",
            _("A decision of %(authority)s carries the symbol of %(issuer)s (…/QĐ-%(code)s).")
            % {"authority": fields.authority, "issuer": fields.authority.issuer, "code": fields.authority.issuer.code},
        )
    if date_valid and fields.campaign is not None and fields.campaign.start_date > fields.date:
        # A decision rewards a campaign already launched; it may come after the campaign closed (its review).
        field_error(
            "campaign",
            _("The campaign “%(campaign)s” starts on %(start)s, after the decision's date.")
            % {"campaign": fields.campaign, "start": vn_date(fields.campaign.start_date)},
        )
    if fields.number is None and fields.issuer.level != Issuer.Level.PROVINCIAL:
        field_error(
            "number_and_symbol",
            _("Enter the number of the decision received from %(issuer)s: the portal numbers only the province's own.")
            % {"issuer": fields.issuer},
        )
    taken = Decision.objects.annotate(year=ExtractYear("date")).filter(
        issuer=fields.issuer, number=fields.number, year=fields.date.year
    )
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    existing = taken.first() if fields.number is not None else None
    if existing:
        field_error(
            "number_and_symbol",
            _("Number %(number)s of %(year)s is already used by decision %(existing)s of %(date)s (%(issuer)s).")
            % {
                "number": f"{fields.number:02d}",
                "year": fields.date.year,
                "existing": existing.number_and_symbol,
                "date": vn_date(existing.date),
                "issuer": fields.issuer,
            },
        )

    if not recipients:
        general.append(_("A decision must list at least one collective, individual or family."))
    # Three queries whatever the number of rows: a decision may list several hundred recipients.
    granted = set(fields.authority.award_types.values_list("pk", flat=True))
    valid_types, valid_kinds = set(), set()
    if date_valid:
        valid_types = set(AwardType.objects.valid_on(fields.date).values_list("pk", flat=True))
        valid_kinds = set(CommendationKind.objects.valid_on(fields.date).values_list("pk", flat=True))
    for index, recipient in enumerate(recipients):
        award_type = recipient.award_type
        if not award_type.allows(recipient.recipient_kind):
            allowed = ", ".join(_recipient_kind_label(k) for k in award_type.allowed_recipient_kinds)
            row_error(
                index,
                "recipient_kind",
                _("“%(award)s” is not given to a %(kind)s; it is given to: %(allowed)s.")
                % {"award": award_type, "kind": _recipient_kind_label(recipient.recipient_kind), "allowed": allowed},
            )
        if award_type.pk not in granted:
            row_error(
                index,
                "award_type",
                _("“%(award)s” is not granted by %(authority)s.")
                % {"award": award_type, "authority": fields.authority},
            )
        elif date_valid and award_type.pk not in valid_types:
            row_error(
                index,
                "award_type",
                _("“%(award)s” did not exist on %(date)s.") % {"award": award_type, "date": vn_date(fields.date)},
            )
        if date_valid and recipient.commendation_kind.pk not in valid_kinds:
            row_error(
                index,
                "commendation_kind",
                _("“%(kind)s” was not a kind of commendation on %(date)s.")
                % {"kind": recipient.commendation_kind, "date": vn_date(fields.date)},
            )
        if not recipient.recipient_name.strip():
            row_error(index, "recipient_name", _("Enter the name of the recipient."))
        for name, message in row_class_errors(recipient):
            row_error(index, name, message)
    if date_valid:  # the day the award is made is the day its unit must exist (Thông tư 15/2025/TT-BNV)
        ended_units_named(recipients, units=ended_units(on=fields.date), into=row_errors)
    if field_errors or row_errors or general:
        raise DecisionInvalid(fields=field_errors, rows=row_errors, general=general)


def _as_kwargs(data: DecisionFields | RecipientFields) -> dict:
    # Not dataclasses.asdict: it deep-copies the model instances held in the fields.
    return {field.name: getattr(data, field.name) for field in dataclass_fields(data)}


# The columns _write_awards writes, in its rows' order.
_AWARD_COLUMNS = (
    "decision_id line_no award_type_id commendation_kind_id recipient_kind recipient_name position unit_id unit_name"
    " is_grassroots"
).split()


def _write_awards(decision: Decision, recipients: list[RecipientFields], *, first_line: int = 1) -> None:
    """The rows as tuples in one COPY (kernel.bulk): an Award instance per row cost half a 10,000-row import's
    writing. Nobody reads their ids here: callers read the rows back by line number."""
    rows = []
    for line_no, r in enumerate(recipients, start=first_line):
        kinds = (r.award_type.pk, r.commendation_kind.pk, r.recipient_kind)
        unit = (r.unit.pk, "") if r.unit else (None, r.unit_name.strip())
        # A family is a grassroots recipient by nature: the report counts every family there.
        grassroots = r.is_grassroots or r.recipient_kind == RecipientKind.FAMILY
        rows.append((decision.pk, line_no, *kinds, r.recipient_name.strip(), r.position.strip(), *unit, grassroots))
    rows_copy(Award, _AWARD_COLUMNS, rows)
    rows_classes_write(decision, recipients, first_line=first_line)


def _row_key(award: Award) -> tuple:
    """Who a row names and what it gives them, ignoring case, accents and spacing (but not the position, which an
    edit may correct)."""
    workplace = award.unit_id or fold(award.unit_name)
    return (
        award.award_type_id,
        award.commendation_kind_id,
        award.recipient_kind,
        fold(award.recipient_name),
        workplace,
    )


def _rows_in(decision: Decision, lines: tuple[int, int] | None) -> QuerySet[Award]:
    awards = decision.awards.all()
    return awards if lines is None else awards.filter(line_no__range=lines)


def _people_of_rows(decision: Decision, lines: tuple[int, int] | None = None) -> dict[tuple, list[int]]:
    """The person records of a draft's linked rows (of `lines` only, when given), by _row_key in line order, before
    its rows are rewritten: two namesakes of one unit given the same award keep their own records, in the order
    they were listed."""
    people: dict[tuple, list[int]] = {}
    linked = _rows_in(decision, lines).filter(person_link__isnull=False)
    for award in linked.select_related("person_link").order_by("line_no"):
        people.setdefault(_row_key(award), []).append(award.person_link.person_id)
    return people


def _people_put_back(
    *, actor: Actor, decision: Decision, people: dict[tuple, list[int]], lines: tuple[int, int] | None = None
) -> None:
    """Editing a draft rewrites its rows (of `lines` only, when given): the rows that still name the same recipient
    for the same award keep their person record (one audited link per row), instead of losing it silently."""
    if not people:
        return
    links = []
    for award in _rows_in(decision, lines).select_related("award_type").order_by("line_no"):
        waiting = people.get(_row_key(award))
        if waiting:
            links.append(PersonAward(award=award, person_id=waiting.pop(0)))
    PersonAward.objects.bulk_create(links)
    audit_record_many(
        actor=actor,
        action="award.person_link",
        entries=((link.award, None, model_snapshot(link)) for link in links),
        reason=_("Kept when the draft decision was edited"),
    )


def _raise_if_symbol_taken(error: IntegrityError) -> NoReturn:
    if "decision_number_unique_per_issuer_year" in str(error):
        raise DecisionInvalid(
            fields={"number_and_symbol": [_("This number and symbol was taken by another decision a moment ago.")]}
        ) from error
    raise error


def decision_create(
    *, actor: Actor, fields: DecisionFields, recipients: list[RecipientFields], reason: str = ""
) -> Decision:
    _decision_errors(fields, recipients)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(**_as_kwargs(fields), created_by=acting_user(actor))
            _write_awards(decision, recipients)
            audit_record(
                actor=actor,
                action="decision.create",
                obj=decision,
                before=None,
                after=decision_snapshot(decision),
                reason=reason,
            )
    except IntegrityError as error:
        _raise_if_symbol_taken(error)
    return decision


def decision_update(
    *,
    actor: Actor,
    decision: Decision,
    fields: DecisionFields,
    recipients: list[RecipientFields],
    expected_version: int | None = None,
    lines: tuple[int, int] | None = None,
) -> Decision:
    """Rewrite a draft's header and rows. `expected_version`: the version its form was loaded from (EditConflict
    when someone saved since); None for callers that loaded no form.

    `lines` (first, last): `recipients` replace only the rows of those line numbers (one page of a long draft's
    rows; last = first - 1 inserts before `first`), the rows after them move up or down, and every row of the
    decision is checked against the header as when all are sent (awards.decisions.paged_rows)."""
    try:
        with transaction.atomic():
            decision = Decision.objects.select_for_update().get(pk=decision.pk)
            if decision.status != Decision.Status.DRAFT:
                raise TransitionNotAllowed(_("An issued decision can no longer be edited; annul it instead."))
            version_bump(decision, expected_version=expected_version)
            if lines is None:
                _decision_errors(fields, recipients, exclude_pk=decision.pk)
            else:
                _page_errors(decision, lines, fields, recipients)
            before = decision_snapshot(decision, lines=lines)
            for name, value in _as_kwargs(fields).items():
                setattr(decision, name, value)
            decision.save()
            people = _people_of_rows(decision, lines)
            if lines is None:
                decision.awards.all().delete()
                _write_awards(decision, recipients)
                written = None
            else:
                first = lines[0]
                rows_make_room(decision, lines, len(recipients))
                _write_awards(decision, recipients, first_line=first)
                written = (first, first + len(recipients) - 1)
            _people_put_back(actor=actor, decision=decision, people=people, lines=written)
            audit_record(
                actor=actor,
                action="decision.update",
                obj=decision,
                before=before,
                after=decision_snapshot(decision, lines=written),
            )
    except IntegrityError as error:
        _raise_if_symbol_taken(error)
    return decision


def _page_errors(
    decision: Decision, lines: tuple[int, int], fields: DecisionFields, recipients: list[RecipientFields]
) -> None:
    """The header's rules over every row the decision will hold: the other pages' rows around this page's."""
    before, after = rows_outside(decision, lines)
    try:
        # The other pages' rows are OtherRows: they have what the rules read of a RecipientFields.
        _decision_errors(fields, [*before, *recipients, *after], exclude_pk=decision.pk)  # type: ignore[list-item]
    except DecisionInvalid as error:
        on_page, elsewhere = rows_errors_split(error.rows, before=before, count=len(recipients), after=after)
        raise DecisionInvalid(fields=error.fields, rows=on_page, general=error.general + elsewhere) from error


def _transition(decision: Decision, target: str) -> Decision:
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if target not in DECISION_TRANSITIONS[locked.status]:
        raise TransitionNotAllowed(
            _("A %(status)s decision cannot become %(target)s.")
            % {"status": locked.get_status_display(), "target": Decision.Status(target).label}
        )
    return locked


def decision_number_next(*, issuer: Issuer, year: int) -> int:
    """The next number of the issuer's register for the year. Call inside the issuing transaction: the register's
    row stays locked until it commits, so concurrent issues wait and take consecutive numbers, and a rolled-back
    issue gives its number back. Numbers typed for received or past decisions are never given again."""
    register, _ = NumberRegister.objects.select_for_update().get_or_create(issuer=issuer, year=year)
    register.last_number = decision_number_peek(issuer_id=issuer.pk, year=year)
    register.save(update_fields=["last_number"])
    return register.last_number


@transaction.atomic
def decision_issue(*, actor: Actor, decision: Decision, reason: str = "") -> Decision:
    decision = _transition(decision, Decision.Status.ISSUED)
    if not decision.awards.exists():
        raise TransitionNotAllowed(_("A decision without recipients cannot be issued."))
    refusal = decision_duplicates_message(decision) or decision_ended_units_message(decision)
    if refusal:  # the same recipient twice for the same award, or a unit ended since (awards.decisions.row_checks)
        raise TransitionNotAllowed(refusal)
    late = nominations_dated_after(nominations=decision.nominations.select_related("dossier"), date=decision.date)
    if late:  # the draft's date was changed after its nominees were gathered
        raise TransitionNotAllowed(
            _("The decision cannot be dated before the council's vote or the forwarding letter: %(names)s.")
            % {"names": ", ".join(late)}
        )
    before: dict[str, object] = {"status": decision.status}
    version_bump(decision, expected_version=None)  # a draft form still open is now out of date
    if decision.number is None:
        before["number"] = None  # the audit entry shows the number the register gave
        decision.number = decision_number_next(issuer=decision.issuer, year=decision.date.year)
    # Register numbers (số sổ vàng) before the status flips: the database takes them only for a draft being issued.
    numbers = register_numbers_assign(decision=decision)
    decision.status = Decision.Status.ISSUED
    decision.issued_at = timezone.now()
    decision.issued_by = acting_user(actor)
    decision.save(update_fields=["number", "status", "issued_at", "issued_by", "updated_at"])
    nominations_link_awards(actor=actor, decision=decision)
    audit_record(
        actor=actor,
        action="decision.issue",
        obj=decision,
        before=before,
        after={**decision_snapshot(decision), "register_numbers": [numbers[0].text, numbers[-1].text]},
        reason=reason,
    )
    return decision


@transaction.atomic
def decision_annul(*, actor: Actor, decision: Decision, reason: str) -> Decision:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for annulling this decision.")})
    decision = _transition(decision, Decision.Status.ANNULLED)
    before = {"status": decision.status}
    decision.status = Decision.Status.ANNULLED
    decision.annulled_at = timezone.now()
    decision.annulled_by = acting_user(actor)
    decision.annulment_reason = reason
    decision.save(update_fields=["status", "annulled_at", "annulled_by", "annulment_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="decision.annul",
        obj=decision,
        before=before,
        after={"status": decision.status},
        reason=reason,
    )
    return decision
