"""The council's rules in force on a day (CouncilRuleSet, as data): which rule set decides a meeting, the quorum
and the attendance a meeting that considers awards needs, and the path each award type takes.

Only this province's rule sets apply (at most one on any day, a database constraint); other provinces' are
examples. A date with no rule set in force has no rules: the council may not vote until staff enter them."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from awards.council.voting import votes_required
from awards.models import AwardType, CouncilRuleSet, Meeting

STANDING_BODY, FULL_COUNCIL = "standing_body", "full_council"


class MeetingRefused(ValidationError):
    pass


def members_required(*, members: int, numerator: int, denominator: int) -> int:
    """The fewest members making up `numerator`/`denominator` of `members` (integer arithmetic, rounded up)."""
    return (members * numerator + denominator - 1) // denominator


@dataclass(frozen=True)
class CouncilRules:
    """A rule set with its award types read once: `path` and `needs_party_opinion` ask no query."""

    rule_set: CouncilRuleSet
    standing_body_type_ids: frozenset[int]
    party_opinion_type_ids: frozenset[int]

    def path(self, award_type: AwardType) -> str:
        return STANDING_BODY if award_type.pk in self.standing_body_type_ids else FULL_COUNCIL

    def needs_party_opinion(self, award_type: AwardType) -> bool:
        return award_type.pk in self.party_opinion_type_ids

    @property
    def counts_written_opinions(self) -> bool:
        return self.rule_set.written_opinions == CouncilRuleSet.WrittenOpinions.COUNTED

    @property
    def takes_written_opinions(self) -> bool:
        return self.rule_set.written_opinions != CouncilRuleSet.WrittenOpinions.NOT_TAKEN

    @property
    def citation(self) -> str:
        """ "<name> (<source>)", as the minutes and refusals name the rules."""
        return f"{self.rule_set.name} ({self.rule_set.source})"

    def standing_path_text(self, award_type: AwardType) -> str:
        return _(
            "Under %(rules)s, %(award)s is appraised by the council's standing body only: no council vote is needed."
        ) % {"rules": self.citation, "award": award_type.name}


def council_rules_on(date: datetime.date) -> CouncilRules | None:
    """This province's rule set in force on `date` (three queries), or None."""
    rule_set = CouncilRuleSet.objects.filter(scope=CouncilRuleSet.Scope.IN_FORCE).valid_on(date).first()
    if rule_set is None:
        return None
    return CouncilRules(
        rule_set,
        frozenset(rule_set.standing_body_award_types.values_list("pk", flat=True)),
        frozenset(rule_set.party_opinion_award_types.values_list("pk", flat=True)),
    )


def no_rules_text(date: datetime.date) -> str:
    return _(
        "No council rules are in force on %(date)s: enter this province's rules (council rule sets) in the "
        "administration first."
    ) % {"date": date.strftime("%d/%m/%Y")}


@dataclass(frozen=True)
class Quorum:
    present: int
    members: int
    required: int
    rules: CouncilRules | None = None  # in force on the meeting's date
    award_required: int | None = None  # the attendance a vote on awards needs, where the rules set one

    @property
    def reached(self) -> bool:
        return self.rules is not None and self.present >= self.required

    @property
    def may_vote(self) -> bool:
        """A quorum, and the attendance the rules ask of a meeting that considers awards."""
        return self.reached and (self.award_required is None or self.present >= self.award_required)


def meeting_quorum(*, meeting: Meeting) -> Quorum:
    members = meeting.composition.members.count()
    present = meeting.attendance.filter(present=True).count()
    rules = council_rules_on(meeting.date)
    if rules is None:
        return Quorum(present, members, members)
    rule_set = rules.rule_set
    required = members_required(
        members=members, numerator=rule_set.quorum_numerator, denominator=rule_set.quorum_denominator
    )
    percent = rule_set.award_meeting_min_percent
    award_required = None if percent is None else votes_required(members=members, percent=percent)
    return Quorum(present, members, required, rules, award_required)


def refuse_unless_voting(*, meeting: Meeting, quorum: Quorum) -> None:
    """No vote without the rules, a quorum, and the attendance the rules ask of a meeting on awards."""
    if quorum.rules is None:
        raise MeetingRefused(no_rules_text(meeting.date))
    if not quorum.reached:
        raise MeetingRefused(
            _("No quorum: %(present)s of %(members)s members present, %(required)s needed.")
            % {"present": quorum.present, "members": quorum.members, "required": quorum.required}
        )
    if not quorum.may_vote:
        raise MeetingRefused(
            _(
                "Under %(rules)s a meeting that considers awards needs at least %(percent)s%% of all members "
                "present: %(required)s of %(members)s, and %(present)s are present. Absent members may give "
                "written opinions, but the council may not vote on awards."
            )
            % {
                "rules": quorum.rules.citation,
                "percent": quorum.rules.rule_set.award_meeting_min_percent,
                "required": quorum.award_required,
                "members": quorum.members,
                "present": quorum.present,
            }
        )
