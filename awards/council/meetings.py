"""Council meetings: the agenda, attendance and quorum, a ballot per nominee under the voting rule of its award
type, conflicts of interest, members casting their own open votes (the ballot is recorded when the last present
member has voted), and closing the meeting, which gives every nominee its result. The council rules in force on
the meeting's date (awards.council.rules) set the quorum, the attendance a vote on awards needs, whether absent
members' written opinions count, and which nominees the standing body appraises instead of a vote
(awards.council.opinions records those opinions and appraisals).

Each write runs in one transaction with its audit entry."""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import acting_user, audit_record
from awards.consultations.gate import consultation_waiting
from awards.council.notices import meeting_planned_notify, votes_waiting_notify
from awards.council.rules import (  # MeetingRefused, Quorum and meeting_quorum are part of this module's API
    STANDING_BODY,
    CouncilRules,
    MeetingRefused,
    Quorum,
    meeting_quorum,
    no_rules_text,
    refuse_unless_voting,
)
from awards.council.services import council_composition_on
from awards.council.voting import Outcome, ballot_outcome, voting_rule_for, voting_rules_on
from awards.models import (
    Attendance,
    Ballot,
    Council,
    CouncilMember,
    Dossier,
    Meeting,
    MemberVote,
    NamedVote,
    Nomination,
    StandingAppraisal,
    VotingRule,
    WrittenOpinion,
)
from awards.nominations.services import dossier_mark_reviewed
from kernel.types import Actor


def _meeting_snapshot(meeting: Meeting) -> dict:
    return {
        "status": meeting.status,
        "date": meeting.date.isoformat(),
        "agenda": sorted(meeting.agenda.values_list("pk", flat=True)),
        "present": sorted(meeting.attendance.filter(present=True).values_list("member_id", flat=True)),
    }


def _agenda_check(dossiers: Collection[Dossier]) -> None:
    """A dossier joins an agenda once sent to the council, only one open meeting's agenda at a time, and once the
    public consultation its nominees need is over (awards.consultations.gate)."""
    waiting = [d for d in dossiers if d.status != Dossier.Status.AT_MEETING]
    if waiting:
        raise MeetingRefused(
            _("Only dossiers sent to the council can be on the agenda: %(titles)s.")
            % {"titles": ", ".join(d.title for d in waiting)}
        )
    on_agendas = set(
        Meeting.agenda.through.objects.filter(
            dossier_id__in=[d.pk for d in dossiers], meeting__status=Meeting.Status.PLANNED
        ).values_list("dossier_id", flat=True)
    )
    elsewhere = [d for d in dossiers if d.pk in on_agendas]
    if elsewhere:
        raise MeetingRefused(
            _("Already on the agenda of another meeting: %(titles)s.")
            % {"titles": ", ".join(d.title for d in elsewhere)}
        )
    pending = consultation_waiting(nominations=Nomination.objects.filter(dossier__in=[d.pk for d in dossiers]))
    if pending:
        raise MeetingRefused(pending)


@transaction.atomic
def meeting_create(
    *, actor: Actor, council: Council, date: datetime.date, place: str, title: str, dossiers: Collection[Dossier]
) -> Meeting:
    """A meeting of the council as composed on its date, with dossiers sent to the council on its agenda."""
    composition = council_composition_on(council=council, date=date)
    if composition is None:
        raise MeetingRefused(_("The council has no members on that date: enter its reconstitution decision first."))
    _agenda_check(dossiers)
    meeting = Meeting.objects.create(
        council=council, composition=composition, date=date, place=place.strip(), title=title.strip()
    )
    meeting.agenda.set(dossiers)
    audit_record(actor=actor, action="meeting.create", obj=meeting, before=None, after=_meeting_snapshot(meeting))
    meeting_planned_notify(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_agenda_add(*, actor: Actor, meeting: Meeting, dossiers: Iterable[Dossier]) -> Meeting:
    """Dossiers sent to the council after the meeting was planned join its agenda while it is open."""
    meeting = meeting_locked_open(meeting)
    dossiers = list(dossiers)
    if not dossiers:
        raise MeetingRefused(_("Tick the dossiers to add to the agenda."))
    _agenda_check(dossiers)
    before = _meeting_snapshot(meeting)
    meeting.agenda.add(*dossiers)
    audit_record(actor=actor, action="meeting.agenda", obj=meeting, before=before, after=_meeting_snapshot(meeting))
    return meeting


def meeting_locked_open(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().select_related("council", "composition").get(pk=meeting.pk)
    if locked.status != Meeting.Status.PLANNED:
        raise MeetingRefused(_("This meeting is closed: its record can no longer change."))
    return locked


@transaction.atomic
def meeting_attendance_set(*, actor: Actor, meeting: Meeting, present_member_ids: set[int]) -> Quorum:
    meeting = meeting_locked_open(meeting)
    if meeting.ballots.exists():
        raise MeetingRefused(_("Ballots were recorded with this attendance: it can no longer change."))
    if meeting.written_opinions.exists():
        raise MeetingRefused(
            _("Absent members' written opinions were recorded with this attendance: it can no longer change.")
        )
    members = list(meeting.composition.members.all())
    unknown = set(present_member_ids) - {m.pk for m in members}
    if unknown:
        raise MeetingRefused(_("Only members of the council as composed on the meeting's date can attend."))
    before = _meeting_snapshot(meeting)
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=member, present=member.pk in present_member_ids) for member in members
    )
    audit_record(actor=actor, action="meeting.attendance", obj=meeting, before=before, after=_meeting_snapshot(meeting))
    quorum = meeting_quorum(meeting=meeting)
    # Members are asked to vote only when the rules let this attendance vote (quorum, and an award meeting's minimum).
    votes_waiting_notify(meeting=meeting, quorum=quorum)
    return quorum


def meeting_conflicts(*, meeting: Meeting) -> dict[int, list[CouncilMember]]:
    """Members whose own unit proposed the dossier, by nomination id: they are flagged when voting."""
    members = [m for m in meeting.composition.members.all() if m.unit_id]
    conflicts: dict[int, list[CouncilMember]] = {}
    for nomination in Nomination.objects.filter(dossier__in=meeting.agenda.all()).select_related("dossier"):
        flagged = [m for m in members if m.unit_id == nomination.dossier.unit_id]
        if flagged:
            conflicts[nomination.pk] = flagged
    return conflicts


def _rule(meeting: Meeting, nomination: Nomination, rules: CouncilRules | None) -> VotingRule:
    """The voting rule of a nominee the council votes on; refused for one the standing body appraises."""
    if rules is None:
        raise MeetingRefused(no_rules_text(meeting.date))
    if rules.path(nomination.award_type) == STANDING_BODY:
        raise MeetingRefused(
            rules.standing_path_text(nomination.award_type) + " " + _("Record the standing body's appraisal instead.")
        )
    rule = voting_rule_for(award_type=nomination.award_type, rules=voting_rules_on(meeting.date))
    if rule is None:
        raise MeetingRefused(_("No voting rule applies on this date: add one in the administration."))
    return rule


def _ballot_snapshot(ballot: Ballot) -> dict:
    """The whole ballot for the audit log: the tally, the result, the rule and, in an open vote, who voted how
    (member ids as text, as JSON keeps them)."""
    return {
        "nomination": ballot.nomination_id,
        "rule": ballot.rule_id,
        "ballot": ballot.ballot,
        "for": ballot.votes_for,
        "against": ballot.votes_against,
        # absent members' written opinions, where any were recorded
        **(
            {"written_for": ballot.written_for, "written_against": ballot.written_against}
            if ballot.written_for or ballot.written_against
            else {}
        ),
        "passed": ballot.passed,
        "explanation": ballot.explanation,
        "named_votes": {str(member_id): agrees for member_id, agrees in _named_votes_of(ballot).items()},
    }


def _named_votes_of(ballot: Ballot) -> dict[int, bool]:
    return dict(NamedVote.objects.filter(ballot=ballot).order_by("member_id").values_list("member_id", "agrees"))


@dataclass(frozen=True)
class _Tally:
    rule: VotingRule
    quorum: Quorum
    votes_for: int
    votes_against: int
    named_votes: dict[int, bool] | None
    written: dict[int, bool]  # absent members' written opinions on the nominee

    def outcome(self) -> Outcome:
        counted = self.quorum.rules is not None and self.quorum.rules.counts_written_opinions
        written_for = sum(self.written.values()) if counted else 0
        return ballot_outcome(
            rule=self.rule,
            members=self.quorum.members,
            present=self.quorum.present,
            votes_for=self.votes_for,
            written_for=written_for,
            written_against=len(self.written) - written_for if counted else 0,
        )


def _tally(
    meeting: Meeting,
    nomination: Nomination,
    votes_for: int | None,
    votes_against: int | None,
    named_votes: dict[int, bool] | None,
) -> _Tally:
    """Checks shared by recording and correcting a ballot (on a meeting already locked and open)."""
    if not meeting.agenda.filter(pk=nomination.dossier_id).exists():
        raise MeetingRefused(_("This nominee's dossier is not on the meeting's agenda."))
    quorum = meeting_quorum(meeting=meeting)
    rule = _rule(meeting, nomination, quorum.rules)
    refuse_unless_voting(meeting=meeting, quorum=quorum)
    present = set(meeting.attendance.filter(present=True).values_list("member_id", flat=True))
    if rule.ballot == VotingRule.Ballot.NAMED:
        if named_votes is None or set(named_votes) != present:
            raise MeetingRefused(_("An open vote records the vote of every member present, and only theirs."))
        _refuse_overriding_members(meeting, nomination, present, named_votes)
        votes_for = sum(1 for agrees in named_votes.values() if agrees)
        votes_against = len(named_votes) - votes_for
    elif named_votes is not None:
        raise MeetingRefused(_("A secret ballot records only its totals, never who voted how."))
    if votes_for is None or votes_against is None or votes_for < 0 or votes_against < 0:
        raise MeetingRefused(_("Enter the votes for and against."))
    if votes_for + votes_against > quorum.present:
        raise MeetingRefused(
            _("%(votes)s votes counted but only %(present)s members present.")
            % {"votes": votes_for + votes_against, "present": quorum.present}
        )
    written = dict(
        WrittenOpinion.objects.filter(meeting=meeting, nomination=nomination).values_list("member_id", "agrees")
    )
    return _Tally(rule, quorum, votes_for, votes_against, named_votes, written)


def _refuse_overriding_members(
    meeting: Meeting, nomination: Nomination, present: set[int], named_votes: dict[int, bool]
) -> None:
    """A vote a member cast themself from the portal is theirs: the secretary only fills in the others."""
    cast = _present_member_votes(meeting, nomination, present)
    changed = sorted(member_id for member_id, agrees in cast.items() if named_votes.get(member_id) != agrees)
    if changed:
        names = CouncilMember.objects.filter(pk__in=changed).order_by("position").values_list("full_name", flat=True)
        raise MeetingRefused(
            _(
                "These members cast their own vote from the portal, and only they can change it: %(names)s. "
                "Enter the votes of the other members only."
            )
            % {"names": ", ".join(names)}
        )


def _rules_note(tally: _Tally) -> str:
    """The council rules applied, when the voting rule's source does not already name them, and absent members'
    written opinions the rules record but do not count."""
    rules, note = tally.quorum.rules, ""
    if rules is None:
        return note
    if rules.rule_set.source not in tally.rule.source:
        note += " " + _("Council rules: %(rules)s.") % {"rules": rules.citation}
    if tally.written and not rules.counts_written_opinions:
        note += " " + _("%(count)s written opinions of absent members are recorded, not counted.") % {
            "count": len(tally.written)
        }
    return note


def _ballot_write(ballot: Ballot, tally: _Tally) -> Ballot:
    outcome = tally.outcome()
    ballot.rule, ballot.ballot = tally.rule, tally.rule.ballot
    ballot.members_total, ballot.present = tally.quorum.members, tally.quorum.present
    ballot.votes_for, ballot.votes_against = tally.votes_for, tally.votes_against
    ballot.written_for = sum(tally.written.values())
    ballot.written_against = len(tally.written) - ballot.written_for
    ballot.passed, ballot.explanation = outcome.passed, outcome.explanation + _rules_note(tally)
    ballot.save()
    ballot.named_votes.all().delete()
    if tally.named_votes:
        NamedVote.objects.bulk_create(
            NamedVote(ballot=ballot, member_id=member_id, agrees=agrees)
            for member_id, agrees in tally.named_votes.items()
        )
    return ballot


@transaction.atomic
def ballot_record(
    *,
    actor: Actor,
    meeting: Meeting,
    nomination: Nomination,
    votes_for: int | None = None,
    votes_against: int | None = None,
    named_votes: dict[int, bool] | None = None,
) -> Ballot:
    """The secretary enters a secret ballot's totals, or each present member's vote in an open one (never
    changing a vote a member cast themself); the result is computed against all the council's members under the
    rule of the nominee's award type. A ballot is recorded once: changing it is a correction (ballot_correct)."""
    meeting = meeting_locked_open(meeting)
    if meeting.ballots.filter(nomination=nomination).exists():
        raise MeetingRefused(
            _("The ballot on this nominee is already recorded: correct it, giving the reason, instead.")
        )
    tally = _tally(meeting, nomination, votes_for, votes_against, named_votes)
    ballot = _ballot_write(Ballot(meeting=meeting, nomination=nomination, recorded_by=acting_user(actor)), tally)
    audit_record(
        actor=actor,
        action="meeting.ballot",
        obj=meeting,
        before=None,
        after=_ballot_snapshot(ballot),
        reason=ballot.explanation,
    )
    return ballot


@transaction.atomic
def ballot_correct(
    *,
    actor: Actor,
    meeting: Meeting,
    nomination: Nomination,
    reason: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    named_votes: dict[int, bool] | None = None,
) -> Ballot:
    """The secretary corrects a recorded ballot while the meeting is open, saying why; the audit entry keeps the
    whole ballot before and after. Votes members cast themselves from the portal still cannot be changed."""
    reason = (reason or "").strip()
    if not reason:
        raise MeetingRefused(_("Give the reason for correcting the ballot."))
    meeting = meeting_locked_open(meeting)
    ballot = meeting.ballots.select_for_update().filter(nomination=nomination).first()
    if ballot is None:
        raise MeetingRefused(_("No ballot is recorded on this nominee yet: record it first."))
    before = _ballot_snapshot(ballot)
    tally = _tally(meeting, nomination, votes_for, votes_against, named_votes)
    ballot = _ballot_write(ballot, tally)
    after = _ballot_snapshot(ballot)
    if {**after, "explanation": ""} == {**before, "explanation": ""}:  # the wording follows the language
        raise MeetingRefused(_("The correction changes nothing in the ballot."))
    audit_record(actor=actor, action="meeting.ballot_correct", obj=meeting, before=before, after=after, reason=reason)
    return ballot


def _present_member_votes(meeting: Meeting, nomination: Nomination, present: set[int]) -> dict[int, bool]:
    votes = MemberVote.objects.filter(meeting=meeting, nomination=nomination, member_id__in=present)
    return dict(votes.values_list("member_id", "agrees"))


class VoteCast(NamedTuple):
    vote: MemberVote
    ballot: Ballot | None  # recorded by this vote, the last one awaited
    changed: bool  # False: the member cast again the vote already recorded


@transaction.atomic
def member_vote_cast(*, actor: Actor, meeting: Meeting, nomination: Nomination, agrees: bool) -> VoteCast:
    """A council member present at an open meeting casts (or changes) their own vote on an open-ballot nominee.
    When every present member has voted on it, its ballot is recorded from their votes, with the member who
    voted last as its author. Returns the vote, the ballot if this vote completed it, and whether anything
    changed: casting again the vote already recorded changes nothing and writes no audit entry.

    Only the member themself votes: the member is found from `actor`'s portal account, never passed in."""
    meeting = meeting_locked_open(meeting)  # locks the meeting: two last votes cannot both miss each other
    user = acting_user(actor)
    member = meeting.composition.members.filter(user=user).order_by("position").first() if user is not None else None
    if member is None:
        raise MeetingRefused(_("Only members of the council as composed on the meeting's date can vote."))
    if not meeting.agenda.filter(pk=nomination.dossier_id).exists():
        raise MeetingRefused(_("This nominee's dossier is not on the meeting's agenda."))
    present = set(meeting.attendance.filter(present=True).values_list("member_id", flat=True))
    if member.pk not in present:
        raise MeetingRefused(_("You are not recorded as present at this meeting: only members present vote."))
    quorum = meeting_quorum(meeting=meeting)
    rule = _rule(meeting, nomination, quorum.rules)
    refuse_unless_voting(meeting=meeting, quorum=quorum)
    if rule.ballot != VotingRule.Ballot.NAMED:
        raise MeetingRefused(
            _("This nominee is voted by secret ballot: secret ballots are counted on paper by the counting committee.")
        )
    if meeting.ballots.filter(nomination=nomination).exists():
        raise MeetingRefused(_("The ballot on this nominee is already recorded: votes can no longer change."))
    conflict = member.unit_id is not None and member.unit_id == nomination.dossier.unit_id
    previous = MemberVote.objects.filter(meeting=meeting, nomination=nomination, member=member).first()
    if previous is not None and previous.agrees == agrees:
        return VoteCast(previous, None, changed=False)
    vote, _created = MemberVote.objects.update_or_create(
        meeting=meeting, nomination=nomination, member=member, defaults={"agrees": agrees, "cast_at": timezone.now()}
    )
    snapshot = {"nomination": nomination.pk, "member": member.pk, "conflict_of_interest": conflict}
    audit_record(
        actor=actor,
        action="meeting.vote_cast",
        obj=meeting,
        before=None if previous is None else {**snapshot, "agrees": previous.agrees},
        after={**snapshot, "agrees": agrees},
        reason=_("Conflict of interest: the member's own unit proposed this nominee.") if conflict else "",
    )
    votes = _present_member_votes(meeting, nomination, present)
    ballot = None
    if set(votes) == present:
        ballot = ballot_record(actor=actor, meeting=meeting, nomination=nomination, named_votes=votes)
    return VoteCast(vote, ballot, changed=True)


@transaction.atomic
def meeting_close(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Every nominee on the agenda has been voted on, or appraised by the standing body where the council rules
    leave it to it: record the results and move the dossiers on."""
    meeting = meeting_locked_open(meeting)
    nominations = list(Nomination.objects.filter(dossier__in=meeting.agenda.all()).select_related("award_type"))
    ballots: dict[int, Ballot | StandingAppraisal] = {b.nomination_id: b for b in meeting.ballots.all()}
    quorum = meeting_quorum(meeting=meeting)
    if nominations and quorum.rules is None:
        raise MeetingRefused(no_rules_text(meeting.date))
    rules = quorum.rules
    voted = [n for n in nominations if rules is not None and rules.path(n.award_type) != STANDING_BODY]
    if voted:
        refuse_unless_voting(meeting=meeting, quorum=quorum)
    ballots.update({a.nomination_id: a for a in meeting.standing_appraisals.all()})
    unvoted = [n for n in nominations if n.pk not in ballots]
    unappraised = [n for n in unvoted if n not in voted]
    if unappraised:
        raise MeetingRefused(
            _("Record the standing body's appraisal of every nominee it appraises before closing: %(names)s.")
            % {"names": ", ".join(n.recipient_name for n in unappraised)}
        )
    if unvoted:
        raise MeetingRefused(
            _("Vote on every nominee before closing: %(names)s.")
            % {"names": ", ".join(n.recipient_name for n in unvoted)}
        )
    before = _meeting_snapshot(meeting)
    for nomination in nominations:
        record = ballots[nomination.pk]
        passed = record.passed if isinstance(record, Ballot) else record.agrees
        nomination.result = Nomination.Result.PASSED if passed else Nomination.Result.FAILED
        nomination.save(update_fields=["result"])
    for dossier in meeting.agenda.all():
        dossier_mark_reviewed(actor=actor, dossier=dossier)
    meeting.status, meeting.closed_at = Meeting.Status.CLOSED, timezone.now()
    meeting.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, action="meeting.close", obj=meeting, before=before, after=_meeting_snapshot(meeting))
    return meeting
