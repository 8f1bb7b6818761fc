"""Reads for council meetings: the lists, what waits for a member's vote, the agenda with its rules."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from awards.council.meetings import meeting_conflicts
from awards.council.rules import STANDING_BODY, CouncilRules, council_rules_on
from awards.council.voting import votes_required, voting_rule_for, voting_rules_on
from awards.models import (
    Attendance,
    Ballot,
    CouncilMember,
    CouncilRuleSet,
    Meeting,
    MemberVote,
    NamedVote,
    Nomination,
    StandingAppraisal,
    VotingRule,
    WrittenOpinion,
)
from awards.scopes import meetings_visible_to
from kernel.types import Viewer


def meeting_list(*, user: Viewer) -> QuerySet[Meeting]:
    agenda_count = (
        Meeting.agenda.through.objects.filter(meeting=OuterRef("pk"))
        .values("meeting")
        .annotate(n=Count("id"))
        .values("n")  # type: ignore[misc]  # django-stubs misses an annotation made after values()
    )
    return (
        meetings_visible_to(user=user)
        .select_related("council", "composition__document")
        .annotate(agenda_count=Coalesce(Subquery(agenda_count), 0))
        .order_by("-date", "-pk")
    )


@dataclass(frozen=True)
class WaitingItem:
    meeting: Meeting
    nomination: Nomination
    mine: bool = False  # an open-ballot nominee still waiting for the user's own vote


def meeting_items_waiting(*, user: Viewer) -> list[WaitingItem]:
    """The nominees on the agendas of the user's open meetings that have no ballot yet, meeting by meeting
    (earliest first), in the dossier's order. For a council member, the open-ballot nominees still waiting for
    their own vote come first; those they have voted on, and secret-ballot ones (counted on paper, not in the
    portal), after. A constant number of queries, however many meetings and nominees."""
    agenda = list(
        Meeting.agenda.through.objects.filter(
            meeting__in=meetings_visible_to(user=user), meeting__status=Meeting.Status.PLANNED
        ).select_related("meeting")
    )
    if not agenda:
        return []
    nominations: dict[int, list[Nomination]] = {}
    for nomination in Nomination.objects.filter(dossier__in={row.dossier_id for row in agenda}).select_related(
        "award_type", "dossier"
    ):
        nominations.setdefault(nomination.dossier_id, []).append(nomination)
    meeting_ids = {row.meeting_id for row in agenda}
    voted = set(Ballot.objects.filter(meeting__in=meeting_ids).values_list("meeting_id", "nomination_id"))
    voted |= set(StandingAppraisal.objects.filter(meeting__in=meeting_ids).values_list("meeting_id", "nomination_id"))
    pairs = [
        (row.meeting, nomination)
        for row in agenda
        for nomination in nominations.get(row.dossier_id, [])
        if (row.meeting_id, nomination.pk) not in voted
    ]
    mine = _waiting_for_my_vote(user, pairs)
    items = [WaitingItem(meeting, nomination, (meeting.pk, nomination.pk) in mine) for meeting, nomination in pairs]
    return sorted(
        items,
        key=lambda i: (not i.mine, i.meeting.date, i.meeting.pk, i.nomination.dossier_id, i.nomination.line_no),
    )


def _waiting_for_my_vote(user: Viewer, pairs: list[tuple[Meeting, Nomination]]) -> set[tuple[int, int]]:
    """(meeting id, nomination id) of the open-ballot nominees on which the user, a member of the meeting's
    composition not recorded absent, has not voted yet (four queries at most)."""
    if not pairs or not user.is_authenticated:  # an anonymous user has no meeting anyway
        return set()
    meetings = {meeting.pk: meeting for meeting, _ in pairs}
    listed = CouncilMember.objects.filter(user=user, composition__in={m.composition_id for m in meetings.values()})
    member_of = dict(listed.order_by("-position").values_list("composition_id", "pk"))  # the first listing wins
    if not member_of:
        return set()
    absent = set(
        Attendance.objects.filter(meeting__in=meetings, member__in=member_of.values(), present=False).values_list(
            "meeting_id", "member_id"
        )
    )
    cast = set(
        MemberVote.objects.filter(meeting__in=meetings, member__in=member_of.values()).values_list(
            "meeting_id", "nomination_id", "member_id"
        )
    )
    # VotingRule declares `types` for this prefetch, which django-stubs then takes for a clash.
    in_force = VotingRule.objects.filter(rule_set__scope=CouncilRuleSet.Scope.IN_FORCE).select_related("rule_set")
    all_rules = list(in_force.prefetch_related(Prefetch("award_types", to_attr="types")))  # type: ignore[no-redef]
    rules_on: dict = {}
    council_rules: dict = {}
    waiting = set()
    for meeting, nomination in pairs:
        member_id = member_of.get(meeting.composition_id)
        if member_id is None or (meeting.pk, member_id) in absent or (meeting.pk, nomination.pk, member_id) in cast:
            continue
        if meeting.date not in rules_on:
            council_rules[meeting.date] = council_rules_on(meeting.date)
            rules_on[meeting.date] = [
                rule for rule in all_rules if _valid_on(rule, meeting.date) and _valid_on(rule.rule_set, meeting.date)
            ]
        in_force = council_rules[meeting.date]
        if in_force is None or in_force.path(nomination.award_type) == STANDING_BODY:
            continue
        rule = voting_rule_for(award_type=nomination.award_type, rules=rules_on[meeting.date])
        if rule is not None and rule.ballot == VotingRule.Ballot.NAMED:
            waiting.add((meeting.pk, nomination.pk))
    return waiting


def _valid_on(rule: VotingRule | CouncilRuleSet, date: datetime.date) -> bool:
    """In Python, as VotingRule.objects.valid_on(date) in SQL."""
    return (rule.valid_from is None or rule.valid_from <= date) and (rule.valid_to is None or rule.valid_to >= date)


@dataclass
class AgendaItem:
    nomination: Nomination
    rule: VotingRule | None
    required: int | None
    conflicts: list[CouncilMember]
    ballot: Ballot | None
    member_votes: dict[int, bool] = field(default_factory=dict)  # cast from the portal by present members
    standing_body: bool = False  # appraised by the standing body, with no council vote (the rules in force)
    needs_party_opinion: bool = False  # the provincial Party standing committee's written opinion (the rules)
    appraisal: StandingAppraisal | None = None
    written: dict[int, WrittenOpinion] = field(default_factory=dict)  # absent members' written opinions, by member


def meeting_agenda(*, meeting: Meeting, members: int) -> list[AgendaItem]:
    """Every nominee on the agenda with the rule that applies on the meeting's date, the votes it requires of
    the council's `members`, the members in conflict, its ballot if recorded and the votes present members have
    cast from the portal."""
    rules = voting_rules_on(meeting.date)
    in_force: CouncilRules | None = council_rules_on(meeting.date)
    appraisals = {a.nomination_id: a for a in meeting.standing_appraisals.all()}
    written: dict[int, dict[int, WrittenOpinion]] = {}
    for opinion in meeting.written_opinions.select_related("member").order_by("member__position"):
        written.setdefault(opinion.nomination_id, {})[opinion.member_id] = opinion
    member_votes = meeting_member_votes(meeting=meeting)
    conflicts = meeting_conflicts(meeting=meeting)
    ballots = {
        b.nomination_id: b
        for b in meeting.ballots.select_related("rule").prefetch_related(
            Prefetch("named_votes", queryset=NamedVote.objects.select_related("member").order_by("member__position"))
        )
    }
    items = []
    nominations = Nomination.objects.filter(dossier__in=meeting.agenda.all()).select_related(
        "award_type", "dossier__unit"
    )
    for nomination in nominations.order_by("dossier__title", "dossier_id", "line_no"):
        rule = voting_rule_for(award_type=nomination.award_type, rules=rules)
        required = votes_required(members=members, percent=rule.threshold_percent) if rule else None
        items.append(
            AgendaItem(
                nomination,
                rule,
                required,
                conflicts.get(nomination.pk, []),
                ballots.get(nomination.pk),
                member_votes.get(nomination.pk, {}),
                in_force is not None and in_force.path(nomination.award_type) == STANDING_BODY,
                in_force is not None and in_force.needs_party_opinion(nomination.award_type),
                appraisals.get(nomination.pk),
                written.get(nomination.pk, {}),
            )
        )
    return items


def meeting_member_votes(*, meeting: Meeting) -> dict[int, dict[int, bool]]:
    """The votes present members have cast from the portal, by nomination id then member id (one query)."""
    present = meeting.attendance.filter(present=True).values("member_id")
    votes: dict[int, dict[int, bool]] = {}
    rows = MemberVote.objects.filter(meeting=meeting, member_id__in=present)
    for nomination_id, member_id, agrees in rows.values_list("nomination_id", "member_id", "agrees"):
        votes.setdefault(nomination_id, {})[member_id] = agrees
    return votes
