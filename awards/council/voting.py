"""The council's voting rules applied to a proposal: which rule, and whether a tally passes it.

Thresholds are shares of ALL the council's members (not of those present), rounded up: 70% of 19 members is
13.3, so 14 must agree; 90% of 19 is 17.1, so 18."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from awards.models import AwardType, VotingRule
from kernel.lib.formatting import vn_percent


def votes_required(*, members: int, percent: int) -> int:
    """The fewest members whose agreement reaches `percent` of `members` (integer arithmetic, no float)."""
    return (members * percent + 99) // 100


def voting_rules_on(date: datetime.date) -> list[VotingRule]:
    return list(VotingRule.objects.valid_on(date).prefetch_related(Prefetch("award_types", to_attr="types")))


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
    votes_for: int
    required: int
    members: int
    rule: VotingRule

    @property
    def explanation(self) -> str:
        """What the minutes say: the tally, the threshold and the rule applied."""
        verdict = _("Passed") if self.passed else _("Not passed")
        return _(
            "%(verdict)s: %(for)s of %(members)s members agreed (%(share)s); at least %(required)s needed "
            "(%(percent)s%% of all members, %(ballot)s), under %(source)s."
        ) % {
            "verdict": verdict,
            "for": self.votes_for,
            "members": self.members,
            "share": vn_percent(self.votes_for, self.members),
            "required": self.required,
            "percent": self.rule.threshold_percent,
            "ballot": self.rule.get_ballot_display(),
            "source": self.rule.source,
        }


def ballot_outcome(*, rule: VotingRule, members: int, votes_for: int) -> Outcome:
    if not 0 <= votes_for <= members:
        raise ValueError(f"{votes_for} votes for, out of {members} members")
    required = votes_required(members=members, percent=rule.threshold_percent)
    return Outcome(passed=votes_for >= required, votes_for=votes_for, required=required, members=members, rule=rule)
