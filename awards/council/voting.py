"""The council's voting rules applied to a proposal: which rule, and whether a tally passes it.

Thresholds are shares, rounded up, of ALL the council's members or of the members taking part, as the rule says
(VotingRule.denominator): 70% of 19 members is 13.3, so 14 must agree; 90% of 19 is 17.1, so 18. Absent members'
written opinions count when the council rules in force say so (CouncilRuleSet.written_opinions). The voting
rules applied on a day are those of this province's rule set in force that day."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from awards.models import AwardType, CouncilRuleSet, VotingRule
from kernel.lib.formatting import vn_percent


def votes_required(*, members: int, percent: int) -> int:
    """The fewest members whose agreement reaches `percent` of `members` (integer arithmetic, no float)."""
    return (members * percent + 99) // 100


def voting_rules_on(date: datetime.date) -> list[VotingRule]:
    in_force = CouncilRuleSet.objects.filter(scope=CouncilRuleSet.Scope.IN_FORCE).valid_on(date)
    rules = VotingRule.objects.valid_on(date).filter(rule_set__in=in_force)
    return list(rules.prefetch_related(Prefetch("award_types", to_attr="types")))


def voting_rule_for(*, award_type: AwardType, rules: list[VotingRule]) -> VotingRule | None:
    """The rule naming the award type or its category (the strictest if several), else the general rule."""
    specific = [
        rule
        for rule in rules
        if award_type.pk in {t.pk for t in rule.types} or award_type.category in rule.categories()
    ]
    if specific:
        return max(specific, key=lambda rule: rule.threshold_percent)
    general = [rule for rule in rules if not rule.types and not rule.categories()]
    return max(general, key=lambda rule: rule.threshold_percent) if general else None


@dataclass(frozen=True)
class Outcome:
    passed: bool
    votes_for: int  # agreeing: of those present, plus written opinions when they count
    required: int
    members: int  # what the threshold is a share of: all members, or those taking part
    rule: VotingRule
    written_for: int = 0  # counted written opinions among votes_for

    @property
    def explanation(self) -> str:
        """What the minutes say: the tally, the threshold and the rule applied."""
        verdict = _("Passed") if self.passed else _("Not passed")
        values = {
            "verdict": verdict,
            "for": self.votes_for,
            "members": self.members,
            "share": vn_percent(self.votes_for, self.members),
            "required": self.required,
            "percent": self.rule.threshold_percent,
            "ballot": self.rule.get_ballot_display(),
            "source": self.rule.source,
            "written": self.written_for,
        }
        if self.rule.denominator == VotingRule.Denominator.PRESENT:
            text = _(
                "%(verdict)s: %(for)s of the %(members)s members taking part agreed (%(share)s), %(written)s of them "
                "by written opinion; at least %(required)s needed (%(percent)s%% of the members taking part, "
                "%(ballot)s), under %(source)s."
            )
        elif self.written_for:
            text = _(
                "%(verdict)s: %(for)s of %(members)s members agreed (%(share)s), %(written)s of them by written "
                "opinion; at least %(required)s needed (%(percent)s%% of all members, %(ballot)s), under %(source)s."
            )
        else:
            text = _(
                "%(verdict)s: %(for)s of %(members)s members agreed (%(share)s); at least %(required)s needed "
                "(%(percent)s%% of all members, %(ballot)s), under %(source)s."
            )
        return text % values


def ballot_outcome(
    *,
    rule: VotingRule,
    members: int,
    votes_for: int,
    present: int | None = None,
    written_for: int = 0,
    written_against: int = 0,
) -> Outcome:
    """`votes_for` of those present; `written_for`/`written_against`: the absent members' written opinions that
    count (none unless the council rules count them). Over those present, the threshold is a share of the
    members present plus those whose written opinion counts."""
    present = members if present is None else present
    if not 0 <= votes_for <= present <= members or written_for + written_against > members - present:
        raise ValueError(
            f"{votes_for} votes for, {present} present, {written_for + written_against} written, of {members}"
        )
    agreeing = votes_for + written_for
    base = (
        members if rule.denominator == VotingRule.Denominator.ALL_MEMBERS else present + written_for + written_against
    )
    required = votes_required(members=base, percent=rule.threshold_percent)
    return Outcome(
        passed=base > 0 and agreeing >= required,
        votes_for=agreeing,
        required=required,
        members=base,
        rule=rule,
        written_for=written_for,
    )
