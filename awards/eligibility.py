"""Eligibility rules run on a nominee or an award row, and the audited overrides of a failed rule.

The rules are data (awards.models.EligibilityRule, fixtures/catalog/eligibility_rules.csv): only enabled rules
valid on the date apply. Each gives a RuleResult: passed (True), failed (False) or could not tell (None, e.g.
the portal has no earlier awards of the recipient). A recipient's earlier awards are found by
`recipient_history` only, the one place to switch to a person register later.

Years are calendar years of the decisions' dates. A prerequisite counts the earlier awards up to the year of
the date: the consecutive run must end in that year or the year before (a title for year Y is usually decided
early in Y+1), and "within M years" counts the years from (year − M) on."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from awards.models import (
    Authority,
    Award,
    AwardType,
    Decision,
    EligibilityOverride,
    EligibilityRule,
    Nomination,
    RecipientKind,
)
from clusters.models import Unit

K = EligibilityRule.Kind


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


def recipient_history(*, recipient_name: str, unit, recipient_kind: str) -> QuerySet[Award]:
    """The recipient's awards in issued decisions, matched by name and unit (a clusters.Unit, or the
    workplace as printed). The single place to switch to a person register when there is one."""
    name = " ".join(recipient_name.split())
    awards = Award.objects.filter(
        decision__status=Decision.Status.ISSUED, recipient_kind=recipient_kind, recipient_name__iexact=name
    )
    if isinstance(unit, Unit):
        awards = awards.filter(Q(unit=unit) | Q(unit__isnull=True, unit_name__iexact=unit.name))
    elif unit:
        awards = awards.filter(Q(unit_name__iexact=unit) | Q(unit__name__iexact=unit))
    return awards


def rules_on(date: datetime.date) -> list[EligibilityRule]:
    """The enabled rules valid on the date, with what they need to run (load once for many rows)."""
    return list(
        EligibilityRule.objects.filter(enabled=True)
        .valid_on(date)
        .select_related("required_award_type")
        .prefetch_related("award_types")
    )


def _applies(rule: EligibilityRule, award_type: AwardType, recipient_kind: str, authority) -> bool:
    targets = rule.award_types.all()
    if targets and award_type not in targets:
        return False
    if rule.kind in (K.PREREQUISITE_CONSECUTIVE, K.PREREQUISITE_COUNT_WITHIN):
        # A prerequisite for individuals (Chiến sĩ thi đua cơ sở) says nothing about collectives.
        return rule.required_award_type.allows(recipient_kind)
    if rule.kind == K.GRANTOR:
        return authority is not None  # a nominee has no deciding authority yet
    return True


def _years(years) -> str:
    return ", ".join(str(y) for y in sorted(years)) or "—"


def _consecutive(rule, history, date) -> RuleResult:
    years = {d.year for type_id, d in history if type_id == rule.required_award_type_id and d <= date}
    needed = rule.required_count
    for last in (date.year, date.year - 1):
        if all(last - i in years for i in range(needed)):
            return RuleResult(rule, True, "")
    reason = _("Needs %(count)s consecutive years of “%(award)s”; the portal has it for: %(years)s.") % {
        "count": needed,
        "award": rule.required_award_type,
        "years": _years(years),
    }
    return RuleResult(rule, False, reason)


def _count_within(rule, history, date) -> RuleResult:
    since = date.year - rule.within_years if rule.within_years else None
    years = [
        d.year
        for type_id, d in history
        if type_id == rule.required_award_type_id and d <= date and (since is None or d.year >= since)
    ]
    if len(years) >= rule.required_count:
        return RuleResult(rule, True, "")
    params = {"count": rule.required_count, "award": rule.required_award_type, "found": len(years)}
    if rule.within_years:
        params.update(years=rule.within_years, since=since)
        reason = _("Needs %(count)s × “%(award)s” since %(since)s (%(years)s years); the portal has %(found)s.")
    else:
        reason = _("Needs %(count)s × “%(award)s” before; the portal has %(found)s.")
    return RuleResult(rule, False, reason % params)


def _run(rule, *, award_type, recipient_kind, authority, date, history) -> RuleResult:
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
    unit,
    authority: Authority | None,
    date: datetime.date,
    rules: list[EligibilityRule] | None = None,
    exclude_award: Award | None = None,
) -> list[RuleResult]:
    """Every enabled rule valid on the date that applies to the award type, with its result. `authority` None
    (a nominee not yet decided) skips the grantor rules; `rules` from rules_on(date) saves queries."""
    applicable = [
        r for r in (rules_on(date) if rules is None else rules) if _applies(r, award_type, recipient_kind, authority)
    ]
    history = None
    if any(r.kind not in (K.RECIPIENT_KIND, K.GRANTOR) for r in applicable):
        awards = recipient_history(recipient_name=recipient_name, unit=unit, recipient_kind=recipient_kind)
        if exclude_award is not None:
            awards = awards.exclude(pk=exclude_award.pk)
        history = list(awards.values_list("award_type_id", "decision__date"))
    return [
        _run(r, award_type=award_type, recipient_kind=recipient_kind, authority=authority, date=date, history=history)
        for r in applicable
    ]


def _with_overrides(results: list[RuleResult], overrides) -> list[RuleResult]:
    by_rule = {o.rule_id: o for o in overrides}
    for result in results:
        if result.passed is False:
            result.override = by_rule.get(result.rule.pk)
    return results


def vetting_date() -> datetime.date:
    """Nominees are checked against the rules in force today: the decision will be dated about now."""
    return timezone.localdate()


def nomination_eligibility(nomination: Nomination, *, date=None, rules=None) -> list[RuleResult]:
    date = date or vetting_date()
    results = eligibility_check(
        award_type=nomination.award_type,
        recipient_kind=nomination.recipient_kind,
        recipient_name=nomination.recipient_name,
        unit=nomination.dossier.unit,
        authority=None,
        date=date,
        rules=rules,
    )
    return _with_overrides(results, nomination.eligibility_overrides.all())


def award_eligibility(award: Award, *, rules=None) -> list[RuleResult]:
    decision = award.decision
    results = eligibility_check(
        award_type=award.award_type,
        recipient_kind=award.recipient_kind,
        recipient_name=award.recipient_name,
        unit=award.unit or award.unit_name,
        authority=decision.authority,
        date=decision.date,
        rules=rules,
        exclude_award=award,
    )
    return _with_overrides(results, award.eligibility_overrides.all())


def eligibility_override(
    *, actor, rule: EligibilityRule, nomination: Nomination | None = None, award: Award | None = None, reason: str
) -> EligibilityOverride:
    """Staff let a nominee or an award row go ahead although the rule fails, saying why (audited)."""
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
        target = nomination or award
        audit_record(
            actor=actor,
            action="eligibility.override",
            obj=target.dossier if nomination is not None else award.decision,
            before=None,
            after={"rule": rule.code, "row": str(target), "line": target.line_no},
            reason=reason,
        )
    return override
