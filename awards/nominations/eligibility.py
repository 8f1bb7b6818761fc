"""Eligibility rules run on a nominee or an award row, and the audited overrides of a failed rule.

The rules are data (awards.models.EligibilityRule, fixtures/catalog/eligibility_rules.csv): only enabled rules
valid on the date apply. Each gives a RuleResult: passed (True), failed (False) or could not tell (None, e.g.
the portal has no earlier awards of the recipient). A recipient's earlier awards are found by
`recipient_history` (and `recipient_histories`) only: for a recipient with a person record (clusters.Person), the
awards linked to that person or to records merged into them, wherever they worked, and the awards linked to nobody
yet that bear their name and unit; for the others, the awards bearing their name and unit.

Years are calendar years of the decisions' dates. A prerequisite counts the earlier awards up to the year of
the date: the consecutive run must end in that year or the year before (a title for year Y is usually decided
early in Y+1), and "within M years" counts the years from (year − M) on."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, F, Q, QuerySet, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from awards.models import (
    Authority,
    Award,
    AwardType,
    Decision,
    Dossier,
    EligibilityOverride,
    EligibilityRule,
    Nomination,
    PersonAward,
    RecipientKind,
)
from clusters.models import Person, Unit

K = EligibilityRule.Kind
History = list[tuple[int, datetime.date]]  # (award type id, decision date) of a recipient's earlier awards


@dataclass
class RuleResult:
    rule: EligibilityRule
    passed: bool | None  # None: could not tell
    reason: str
    override: EligibilityOverride | None = None

    @property
    def citation(self) -> str:
        return self.rule.citation

    @property
    def blocking(self) -> bool:
        """Failed and not overridden: the nominee cannot be vetted as meeting the criteria."""
        return self.passed is False and self.override is None


@dataclass(frozen=True)
class Recipient:
    name: str
    unit: Unit | str | None  # a clusters.Unit, the workplace as printed, or None
    kind: str
    person_id: int | None = None  # their clusters.Person, when known


def _normal(name: str) -> str:
    return " ".join(name.split())


def _name_and_unit_q(recipient: Recipient) -> Q:
    q = Q(recipient_kind=recipient.kind, recipient_name__iexact=_normal(recipient.name))
    if isinstance(recipient.unit, Unit):
        return q & (Q(unit=recipient.unit) | Q(unit__isnull=True, unit_name__iexact=recipient.unit.name))
    if recipient.unit:
        return q & (Q(unit_name__iexact=recipient.unit) | Q(unit__name__iexact=recipient.unit))
    return q


def _linked_to(person_ids: Iterable[int]) -> QuerySet[Award]:
    """Issued awards linked to these people or to records merged into them. Read from the links (indexed by
    person) and kept apart from the name matching: an OR of both made PostgreSQL read the million awards (2 s)."""
    people = Person.objects.filter(Q(pk__in=person_ids) | Q(merged_into_id__in=person_ids)).values("pk")
    return _issued_awards().filter(person_link__person_id__in=people)


def _same_recipient(row: dict, recipient: Recipient) -> bool:
    """_recipient_q in Python, to share out one query's rows among many recipients."""
    if recipient.person_id is not None:
        if row["person_id"] is not None:
            return recipient.person_id in (row["person_id"], row["merged_into_id"])
    return _same_name_and_unit(row, recipient)


def _same_name_and_unit(row: dict, recipient: Recipient) -> bool:
    if row["recipient_kind"] != recipient.kind or row["recipient_name"].lower() != _normal(recipient.name).lower():
        return False
    if isinstance(recipient.unit, Unit):
        return row["unit_id"] == recipient.unit.pk or (
            row["unit_id"] is None and row["unit_name"].lower() == recipient.unit.name.lower()
        )
    if recipient.unit:
        wanted = recipient.unit.lower()
        return row["unit_name"].lower() == wanted or (row["workplace"] or "").lower() == wanted
    return True


def _issued_awards() -> QuerySet[Award]:
    return Award.objects.filter(decision__status=Decision.Status.ISSUED)


def recipient_history(
    *, recipient_name: str, unit: Unit | str | None, recipient_kind: str, person: Person | int | None = None
) -> QuerySet[Award]:
    """The recipient's awards in issued decisions. With their person (a clusters.Person or its id): the awards
    linked to that person or to records merged into them, in whatever unit, and the awards linked to nobody that
    bear their name and unit. Without: the awards matched by name and unit (a clusters.Unit, or the workplace as
    printed)."""
    recipient = Recipient(recipient_name, unit, recipient_kind, person.pk if isinstance(person, Person) else person)
    by_name = _issued_awards().filter(_name_and_unit_q(recipient))
    if recipient.person_id is None:
        return by_name
    theirs = (
        _linked_to([recipient.person_id])
        .order_by()  # UNION: no ORDER BY in its parts (SQLite refuses one)
        .values("pk")
        .union(by_name.filter(person_link__isnull=True).order_by().values("pk"), all=True)
    )
    return _issued_awards().filter(pk__in=theirs)


_HISTORY_FIELDS = (
    "id",
    "award_type_id",
    "decision__date",
    "recipient_kind",
    "recipient_name",
    "unit_id",
    "unit_name",
    "workplace",
    "person_id",
    "merged_into_id",
)


def _history_rows(awards: QuerySet[Award]) -> QuerySet:
    # No ORDER BY (Award's default ordering): these rows are UNIONed, which SQLite refuses with one.
    return (
        awards.order_by()
        .annotate(  # type: ignore[no-redef]  # values() makes dicts: Award.workplace is not shadowed
            workplace=F("unit__name"),
            person_id=F("person_link__person_id"),
            merged_into_id=F("person_link__person__merged_into_id"),
        )
        .values(*_HISTORY_FIELDS)
    )


def _bearing_names(recipients: list[Recipient]) -> QuerySet[Award]:
    """Issued awards bearing one of the recipients' names, of their kinds (the units are compared in Python).
    On PostgreSQL one `UPPER(recipient_name) IN (…)` read through its expression index (awards 0020): an OR of one
    iexact per recipient read the million awards once per recipient (50 recipients: 5.3 s; 300: 31 s)."""
    awards = _issued_awards().filter(recipient_kind__in={r.kind for r in recipients})
    if connection.vendor != "postgresql":
        by_name = Q()
        for recipient in recipients:
            by_name |= _name_and_unit_q(recipient)
        return awards.filter(by_name)
    names = sorted({_normal(r.name) for r in recipients})
    # "= ANY(ARRAY(…))", not "IN (SELECT …)": PostgreSQL then reads the index once per name (a bitmap scan), where
    # it estimated the IN's rows at random and read the whole table. The names are a parameter, never pasted in.
    bearing = RawSQL(
        'UPPER("awards_award"."recipient_name"::text) = ANY(ARRAY(SELECT UPPER(n) FROM unnest(%s::text[]) AS n))',
        [names],
        output_field=BooleanField(),
    )
    return awards.filter(bearing)


def recipient_histories(recipients: list[Recipient]) -> list[History]:
    """recipient_history of many recipients in one query (the awards of their people, UNION ALL those bearing
    their names), shared out among them: (award type id, decision date) pairs for each."""
    if not recipients:
        return []
    rows = _history_rows(_bearing_names(recipients))
    person_ids = {r.person_id for r in recipients if r.person_id is not None}
    if person_ids:
        rows = _history_rows(_linked_to(person_ids)).union(rows, all=True)
    unique = list({row["id"]: row for row in rows}.values())  # an award may come from both sides
    # Shared out by name and by person rather than each recipient against every row (5,000 × 5,000 comparisons).
    by_name: dict[tuple[str, str], list[dict]] = {}
    by_person: dict[int, list[dict]] = {}
    for row in unique:
        by_name.setdefault((row["recipient_kind"], row["recipient_name"].lower()), []).append(row)
        for person_id in {row["person_id"], row["merged_into_id"]} - {None}:
            by_person.setdefault(person_id, []).append(row)
    histories = []
    for recipient in recipients:
        candidates = by_name.get((recipient.kind, _normal(recipient.name).lower()), [])
        if recipient.person_id is not None:
            candidates = candidates + by_person.get(recipient.person_id, [])
        seen = set()
        history = []
        for row in candidates:
            if row["id"] not in seen and _same_recipient(row, recipient):
                seen.add(row["id"])
                history.append((row["award_type_id"], row["decision__date"]))
        histories.append(history)
    return histories


def rules_on(date: datetime.date) -> list[EligibilityRule]:
    """The enabled rules valid on the date, with what they need to run (load once for many rows)."""
    return list(
        EligibilityRule.objects.filter(enabled=True)
        .valid_on(date)
        .select_related("required_award_type")
        .prefetch_related("award_types")
    )


def _applies(rule: EligibilityRule, award_type: AwardType, recipient_kind: str, authority: Authority | None) -> bool:
    targets = rule.award_types.all()
    if targets and award_type not in targets:
        return False
    if rule.kind in (K.PREREQUISITE_CONSECUTIVE, K.PREREQUISITE_COUNT_WITHIN):
        # A prerequisite for individuals (Chiến sĩ thi đua cơ sở) says nothing about collectives.
        assert rule.required_award_type is not None  # eligibilityrule_prerequisite_has_parameters
        return rule.required_award_type.allows(recipient_kind)
    if rule.kind == K.GRANTOR:
        return authority is not None  # a nominee has no deciding authority yet
    return True


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(years)) or "—"


def _consecutive(rule: EligibilityRule, history: History, date: datetime.date) -> RuleResult:
    years = {d.year for type_id, d in history if type_id == rule.required_award_type_id and d <= date}
    needed = rule.required_count
    assert needed is not None  # eligibilityrule_prerequisite_has_parameters
    for last in (date.year, date.year - 1):
        if all(last - i in years for i in range(needed)):
            return RuleResult(rule, True, "")
    reason = _("Needs %(count)s consecutive years of “%(award)s”; the portal has it for: %(years)s.") % {
        "count": needed,
        "award": rule.required_award_type,
        "years": _years(years),
    }
    return RuleResult(rule, False, reason)


def _count_within(rule: EligibilityRule, history: History, date: datetime.date) -> RuleResult:
    since = date.year - rule.within_years if rule.within_years else None
    years = [
        d.year
        for type_id, d in history
        if type_id == rule.required_award_type_id and d <= date and (since is None or d.year >= since)
    ]
    assert rule.required_count is not None  # eligibilityrule_prerequisite_has_parameters
    if len(years) >= rule.required_count:
        return RuleResult(rule, True, "")
    params = {"count": rule.required_count, "award": rule.required_award_type, "found": len(years)}
    if rule.within_years:
        params.update(years=rule.within_years, since=since)
        reason = _("Needs %(count)s × “%(award)s” since %(since)s (%(years)s years); the portal has %(found)s.")
    else:
        reason = _("Needs %(count)s × “%(award)s” before; the portal has %(found)s.")
    return RuleResult(rule, False, reason % params)


def _run(
    rule: EligibilityRule,
    *,
    award_type: AwardType,
    recipient_kind: str,
    authority: Authority | None,
    date: datetime.date,
    history: History | None,
) -> RuleResult:
    if rule.kind == K.RECIPIENT_KIND:
        if award_type.allows(recipient_kind):
            return RuleResult(rule, True, "")
        allowed = ", ".join(str(RecipientKind(k).label) for k in award_type.allowed_recipient_kinds)
        reason = _("“%(award)s” is not given to a %(kind)s (only: %(allowed)s).") % {
            "award": award_type,
            "kind": RecipientKind(recipient_kind).label,
            "allowed": allowed,
        }
        return RuleResult(rule, False, reason)
    if rule.kind == K.GRANTOR:
        grantors = list(award_type.grantors.all())
        if authority in grantors:
            return RuleResult(rule, True, "")
        reason = _("%(authority)s may not grant “%(award)s” (granted by: %(grantors)s).") % {
            "authority": authority,
            "award": award_type,
            "grantors": ", ".join(str(g) for g in grantors),
        }
        return RuleResult(rule, False, reason)
    if history is None:
        return RuleResult(rule, None, "")
    if rule.kind == K.ONCE_PER_YEAR:
        if any(type_id == award_type.pk and d.year == date.year for type_id, d in history):
            reason = _("Already received “%(award)s” in %(year)s.") % {"award": award_type, "year": date.year}
            return RuleResult(rule, False, reason)
        return RuleResult(rule, True, "")
    if not history:
        reason = _("The portal has no earlier award of this recipient: check the dossier for “%(award)s”.") % {
            "award": rule.required_award_type
        }
        return RuleResult(rule, None, reason)
    if rule.kind == K.PREREQUISITE_CONSECUTIVE:
        return _consecutive(rule, history, date)
    return _count_within(rule, history, date)


def eligibility_check(
    *,
    award_type: AwardType,
    recipient_kind: str,
    recipient_name: str,
    unit: Unit | str | None,
    authority: Authority | None,
    date: datetime.date,
    rules: list[EligibilityRule] | None = None,
    history: History | None = None,
    person: Person | int | None = None,
) -> list[RuleResult]:
    """Every enabled rule valid on the date that applies to the award type, with its result. `authority` None
    (a nominee not yet decided) skips the grantor rules; `person` (a clusters.Person or its id) reads the history
    by person (recipient_history); `rules` from rules_on(date) and `history` from recipient_histories save queries
    when checking many rows."""
    applicable = [
        r for r in (rules_on(date) if rules is None else rules) if _applies(r, award_type, recipient_kind, authority)
    ]
    if history is None and any(r.kind not in (K.RECIPIENT_KIND, K.GRANTOR) for r in applicable):
        awards = recipient_history(
            recipient_name=recipient_name, unit=unit, recipient_kind=recipient_kind, person=person
        )
        history = list(awards.values_list("award_type_id", "decision__date"))
    return [
        _run(r, award_type=award_type, recipient_kind=recipient_kind, authority=authority, date=date, history=history)
        for r in applicable
    ]


def _with_overrides(results: list[RuleResult], overrides: Iterable[EligibilityOverride]) -> list[RuleResult]:
    by_rule = {o.rule_id: o for o in overrides}
    for result in results:
        if result.passed is False:
            result.override = by_rule.get(result.rule.pk)
    return results


def vetting_date() -> datetime.date:
    """Nominees are checked against the rules in force today: the decision will be dated about now."""
    return timezone.localdate()


def _nomination_recipient(nomination: Nomination) -> Recipient:
    return Recipient(
        nomination.recipient_name, nomination.dossier.unit, nomination.recipient_kind, nomination.person_id
    )


def _award_person_id(award: Award) -> int | None:
    try:
        return award.person_link.person_id
    except PersonAward.DoesNotExist:
        return None


def _award_recipient(award: Award) -> Recipient:
    return Recipient(award.recipient_name, award.unit or award.unit_name, award.recipient_kind, _award_person_id(award))


def nomination_eligibility(
    nomination: Nomination,
    *,
    date: datetime.date | None = None,
    rules: list[EligibilityRule] | None = None,
    history: History | None = None,
) -> list[RuleResult]:
    recipient = _nomination_recipient(nomination)
    results = eligibility_check(
        award_type=nomination.award_type,
        recipient_kind=recipient.kind,
        recipient_name=recipient.name,
        unit=recipient.unit,
        authority=None,
        date=date or vetting_date(),
        rules=rules,
        history=history,
        person=recipient.person_id,
    )
    return _with_overrides(results, nomination.eligibility_overrides.all())


def award_eligibility(
    award: Award, *, rules: list[EligibilityRule] | None = None, history: History | None = None
) -> list[RuleResult]:
    """A draft decision's row; its own decision is a draft, so never part of the history."""
    recipient = _award_recipient(award)
    decision = award.decision
    results = eligibility_check(
        award_type=award.award_type,
        recipient_kind=recipient.kind,
        recipient_name=recipient.name,
        unit=recipient.unit,
        authority=decision.authority,
        date=decision.date,
        rules=rules,
        history=history,
        person=recipient.person_id,
    )
    return _with_overrides(results, award.eligibility_overrides.all())


def nominations_eligibility(
    nominations: list[Nomination], *, date: datetime.date | None = None
) -> list[list[RuleResult]]:
    """The results of many nominees (a dossier being vetted) in a constant number of queries; nominations come
    with award_type, dossier__unit and eligibility_overrides loaded."""
    date = date or vetting_date()
    rules = rules_on(date)
    histories = recipient_histories([_nomination_recipient(n) for n in nominations])
    return [nomination_eligibility(n, date=date, rules=rules, history=h) for n, h in zip(nominations, histories)]


def awards_eligibility(awards: list[Award], *, decision: Decision) -> list[list[RuleResult]]:
    """The results of a draft decision's rows in a constant number of queries; awards come with award_type
    (and its grantors), unit and eligibility_overrides loaded (person_link too, or one query reads the links)."""
    prefetch_related_objects(awards, "person_link")
    rules = rules_on(decision.date)
    histories = recipient_histories([_award_recipient(a) for a in awards])
    for award in awards:
        award.decision = decision
    return [award_eligibility(a, rules=rules, history=h) for a, h in zip(awards, histories)]


def eligibility_override(
    *, actor: User, rule: EligibilityRule, nomination: Nomination | None = None, award: Award | None = None, reason: str
) -> EligibilityOverride:
    """Staff let a nominee or an award row go ahead although the rule fails, saying why (audited). The override is
    signed (created_by is required): `actor` is a logged-in user, never None as other services accept."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the rule is overridden."), code="reason")
    if (nomination is None) == (award is None):
        raise ValidationError(_("Override a rule for one nominee or one award row."), code="target")
    if award is not None and not award.decision.is_draft:
        raise ValidationError(_("Only the rows of a draft decision can be overridden."), code="issued")
    with transaction.atomic():
        try:
            with transaction.atomic():
                override = EligibilityOverride.objects.create(
                    rule=rule, nomination=nomination, award=award, reason=reason, created_by=actor
                )
        except IntegrityError:
            raise ValidationError(_("This rule is already overridden for this row."), code="duplicate") from None
        target: Nomination | Award
        audited: Dossier | Decision
        if nomination is not None:
            target, audited = nomination, nomination.dossier
        else:
            assert award is not None  # exactly one of them, checked above
            target, audited = award, award.decision
        audit_record(
            actor=actor,
            action="eligibility.override",
            obj=audited,
            before=None,
            after={"rule": rule.code, "row": str(target), "line": target.line_no},
            reason=reason,
        )
    return override
