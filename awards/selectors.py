"""Reads for decisions. Every list a user sees goes through decisions_visible_to, so scope is decided once."""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Coalesce

from awards.meetings import meeting_conflicts
from awards.models import (
    Attendance,
    Award,
    Ballot,
    CouncilMember,
    Decision,
    Dossier,
    Meeting,
    MemberVote,
    NamedVote,
    Nomination,
    VotingRule,
)
from awards.voting import votes_required, voting_rule_for, voting_rules_on
from clusters.selectors import unit_of
from thiduakhenthuong.lib.search import first_and_total, name_words_q, search_q
from thiduakhenthuong.lib.symbols import SymbolError, parse_symbol


def decisions_visible_to(*, user) -> QuerySet[Decision]:
    """The one scope helper for decisions. Provincial users who may view decisions (secretariat, leaders) see
    every one; a unit clerk sees the issued decisions awarding their unit; everyone else none."""
    if not (user.is_authenticated and user.has_perm("awards.view_decision")):
        return Decision.objects.none()
    unit_id = unit_of(user)
    if unit_id is None:
        return Decision.objects.all()
    naming_unit = Award.objects.filter(decision=OuterRef("pk"), unit_id=unit_id)
    return Decision.objects.filter(Exists(naming_unit), status=Decision.Status.ISSUED)


def decision_list(*, user, date_from=None, date_to=None, authority=None, award_type=None, status="", q="") -> QuerySet:
    decisions = decisions_visible_to(user=user).select_related("authority", "issuer")
    if date_from:
        decisions = decisions.filter(date__gte=date_from)
    if date_to:
        decisions = decisions.filter(date__lte=date_to)
    if authority:
        decisions = decisions.filter(authority=authority)
    if status:
        decisions = decisions.filter(status=status)
    if award_type:
        decisions = decisions.filter(Exists(Award.objects.filter(decision=OuterRef("pk"), award_type=award_type)))
    q = (q or "").strip()
    if q:
        decisions = decisions.filter(_search(q))
    # A subquery, not a join: the paginator's count then ignores it instead of grouping every award.
    # .order_by(): without it Award's default ordering joins awards_decision into every count (measured at 1M
    # awards: 194 ms instead of 6 ms for page 50).
    award_count = (
        Award.objects.filter(decision=OuterRef("pk")).order_by().values("decision").annotate(n=Count("id")).values("n")
    )
    return decisions.annotate(award_count=Coalesce(Subquery(award_count), 0)).order_by("-date", "-number", "-pk")


def _search(q: str) -> Q:
    """A number and symbol ("651/QĐ-UBND") finds that decision; a bare number finds decisions with that
    number; in other text every word must be in the symbol or the summary, or begin a word of one recipient's
    name, ignoring diacritics and case ("hoang van phong" finds "Hoàng Văn Phong")."""
    try:
        parsed = parse_symbol(q)
    except SymbolError:
        parsed = None
    if parsed:
        return Q(number=parsed.number, symbol__iexact=parsed.symbol)
    if re.fullmatch(r"[0-9]{1,9}", q):
        return Q(number=int(q))
    # Two uncorrelated INs, each answered by its index: an OR of the folded columns themselves made PostgreSQL
    # fold the symbol and the summary of every decision (115 ms for a first page at 27,385 decisions).
    described = Decision.objects.filter(search_q(fields=[DecisionText()], text=q)).order_by().values("pk")
    return Q(pk__in=described) | _recipient_named(q)


class DecisionText(Func):
    """`symbol || ' ' || summary`, the one text the trigram index of migration awards 0018 is built on."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def __init__(self):
        super().__init__(F("symbol"), F("summary"))


def _recipient_named(q: str) -> Q:
    """Decisions with a recipient whose name has a word beginning with each word of the query. One full-text
    condition on the name lets PostgreSQL answer from its index alone, and an uncorrelated IN reads the matches
    once (a per-word, per-decision EXISTS took 8 s at 1,000,000 awards)."""
    named = Award.objects.filter(name_words_q("recipient_name", q))
    return Q(pk__in=named.order_by().values("decision_id"))


def decision_search(*, user, text: str, limit: int) -> tuple[list[Decision], int]:
    """The decisions in the user's scope matching `text` (ignoring diacritics and case), newest first: the first
    `limit` and how many there are, in one query."""
    decisions = decisions_visible_to(user=user).filter(_search(text.strip())).select_related("authority")
    return first_and_total(decisions.order_by("-date", "-number", "-pk"), limit=limit)


def decision_awards(*, decision: Decision) -> QuerySet[Award]:
    return decision.awards.select_related("award_type", "commendation_kind", "unit", "person_link").order_by("line_no")


def decision_counts(*, decision: Decision) -> dict[str, int]:
    rows = decision.awards.values("recipient_kind").annotate(n=Count("id"))
    return {row["recipient_kind"]: row["n"] for row in rows}


def nominations_to_decide(*, user) -> QuerySet:
    """Approved nominees still without a decision, for staff gathering a decision: council-approved ones of
    reviewed dossiers (State awards only once forwarded), and vetted ones of kinds that skip the council.
    Constant queries. Mirrors awards.dossiers._decidable."""
    if not user.has_perm("awards.add_decision"):
        return Nomination.objects.none()
    # A State award is decided centrally: its nominee waits until the province's letter has forwarded it.
    provincial = ~Q(award_type__level="state")
    approved = Q(dossier__status=Dossier.Status.REVIEWED, result="passed") & provincial
    forwarded = Q(dossier__status=Dossier.Status.FORWARDED, result="passed")
    vetted = (
        Q(dossier__status=Dossier.Status.VETTED, dossier__commendation_kind__council_review=False, vetting_ok=True)
        & provincial
    )
    return (
        Nomination.objects.filter(approved | forwarded | vetted, award__isnull=True)
        .exclude(decisions__status__in=["draft", "issued"])
        .select_related("dossier__unit", "dossier__commendation_kind", "award_type")
        .order_by("dossier__unit__name", "dossier_id", "line_no")
    )


def dossiers_visible_to(*, user) -> QuerySet[Dossier]:
    """The one scope helper for nomination dossiers. A unit clerk sees their unit's dossiers (drafts too);
    provincial users who may view dossiers (secretariat, leaders) see every dossier a unit has submitted, never
    another unit's draft; everyone else none."""
    if not (user.is_authenticated and user.has_perm("awards.view_dossier")):
        return Dossier.objects.none()
    unit_id = unit_of(user)
    if unit_id is not None:
        return Dossier.objects.filter(unit_id=unit_id)
    return Dossier.objects.exclude(status=Dossier.Status.DRAFT)


def dossier_list(*, user, statuses=None) -> QuerySet[Dossier]:
    """Dossiers in scope, optionally of some statuses, with their nominee count, in one query."""
    dossiers = dossiers_visible_to(user=user).select_related("unit", "commendation_kind", "campaign")
    if statuses:
        dossiers = dossiers.filter(status__in=statuses)
    nominees = Nomination.objects.filter(dossier=OuterRef("pk")).values("dossier").annotate(n=Count("id")).values("n")
    return dossiers.annotate(nominee_count=Coalesce(Subquery(nominees), 0)).order_by("-created_at", "-pk")


# Council meetings.


def meetings_visible_to(*, user) -> QuerySet[Meeting]:
    """The one scope helper for meetings. Secretariat staff (who may change meetings) see every one; a council
    member sees the meetings of the compositions listing them; everyone else none."""
    if not (user.is_authenticated and user.has_perm("awards.view_meeting")):
        return Meeting.objects.none()
    if user.has_perm("awards.change_meeting"):
        return Meeting.objects.all()
    listed = CouncilMember.objects.filter(composition=OuterRef("composition"), user=user)
    return Meeting.objects.filter(Exists(listed))


def meeting_list(*, user) -> QuerySet[Meeting]:
    agenda_count = (
        Meeting.agenda.through.objects.filter(meeting=OuterRef("pk"))
        .values("meeting")
        .annotate(n=Count("id"))
        .values("n")
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


def meeting_items_waiting(*, user) -> list[WaitingItem]:
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
    voted = set(
        Ballot.objects.filter(meeting__in={row.meeting_id for row in agenda}).values_list("meeting_id", "nomination_id")
    )
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


def _waiting_for_my_vote(user, pairs: list[tuple[Meeting, Nomination]]) -> set[tuple[int, int]]:
    """(meeting id, nomination id) of the open-ballot nominees on which the user, a member of the meeting's
    composition not recorded absent, has not voted yet (four queries at most)."""
    if not pairs:
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
    all_rules = list(VotingRule.objects.prefetch_related(Prefetch("award_types", to_attr="types")))
    rules_on: dict = {}
    waiting = set()
    for meeting, nomination in pairs:
        member_id = member_of.get(meeting.composition_id)
        if member_id is None or (meeting.pk, member_id) in absent or (meeting.pk, nomination.pk, member_id) in cast:
            continue
        if meeting.date not in rules_on:
            rules_on[meeting.date] = [rule for rule in all_rules if _valid_on(rule, meeting.date)]
        rule = voting_rule_for(award_type=nomination.award_type, rules=rules_on[meeting.date])
        if rule is not None and rule.ballot == VotingRule.Ballot.NAMED:
            waiting.add((meeting.pk, nomination.pk))
    return waiting


def _valid_on(rule: VotingRule, date) -> bool:
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


def meeting_agenda(*, meeting: Meeting, members: int) -> list[AgendaItem]:
    """Every nominee on the agenda with the rule that applies on the meeting's date, the votes it requires of
    the council's `members`, the members in conflict, its ballot if recorded and the votes present members have
    cast from the portal."""
    rules = voting_rules_on(meeting.date)
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
