"""Notices to council members with a portal account: a meeting of their council's composition is planned, and,
once the attendance is recorded with a quorum, the open-ballot nominees waiting for their own vote. Called by the
meeting services inside their transaction (kernel.notices queues them and e-mails them after the commit)."""

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from awards.council.rules import STANDING_BODY, Quorum
from awards.council.voting import voting_rule_for, voting_rules_on
from awards.models import Ballot, Meeting, MemberVote, Nomination, VotingRule
from kernel.lib.formatting import vn_date
from kernel.models import NoticeKind
from kernel.notices import notices_queue, notices_queue_each


def meeting_planned_notify(*, meeting: Meeting) -> None:
    """Every member of the meeting's composition who has a portal account."""
    members = User.objects.filter(council_memberships__composition_id=meeting.composition_id).distinct()
    with override(settings.LANGUAGE_CODE):
        dossiers = meeting.agenda.count()
        subject = _("Council meeting planned: %(title)s, %(date)s") % {
            "title": meeting.title,
            "date": vn_date(meeting.date),
        }
        body = _("The meeting “%(title)s” of %(council)s is planned on %(date)s at %(place)s.") % {
            "title": meeting.title,
            "council": meeting.council.name,
            "date": vn_date(meeting.date),
            "place": meeting.place,
        }
        body += " " + ngettext(
            "%(count)s dossier is on its agenda.", "%(count)s dossiers are on its agenda.", dossiers
        ) % {"count": dossiers}
    notices_queue(
        recipients=members,
        kind=NoticeKind.MEETING_PLANNED,
        subject=subject,
        body=body,
        url=reverse("awards:meeting-detail", args=[meeting.pk]),
    )


def votes_waiting_notify(*, meeting: Meeting, quorum: Quorum) -> None:
    """Each present member with an account who has open-ballot nominees to vote on, once per meeting (setting the
    attendance again sends no other). Nothing while this attendance may not vote (no rules, no quorum, or short of
    the attendance an award meeting needs): no one can vote then."""
    council_rules = quorum.rules  # the rules in force on the meeting's date, read once by meeting_quorum
    if not quorum.may_vote or council_rules is None:
        return
    ballots = Ballot.objects.filter(meeting=meeting).values("nomination_id")
    rules = voting_rules_on(meeting.date)
    open_ballot = [
        nomination
        for nomination in Nomination.objects.filter(dossier__in=meeting.agenda.all())
        .exclude(pk__in=ballots)
        .select_related("award_type")
        # The standing body appraises its nominees itself: the members have no vote on them.
        if council_rules.path(nomination.award_type) != STANDING_BODY
        and (rule := voting_rule_for(award_type=nomination.award_type, rules=rules)) is not None
        and rule.ballot == VotingRule.Ballot.NAMED
    ]
    if not open_ballot:
        return
    cast = set(MemberVote.objects.filter(meeting=meeting).values_list("member_id", "nomination_id"))
    present = meeting.attendance.filter(present=True, member__user__isnull=False).select_related("member__user")
    messages = []
    for attendance in present:
        waiting = [n for n in open_ballot if (attendance.member_id, n.pk) not in cast]
        user = attendance.member.user
        if not waiting or user is None:
            continue
        with override(settings.LANGUAGE_CODE):
            subject = _("Nominees wait for your vote: %(title)s") % {"title": meeting.title}
            body = ngettext(
                "You are recorded present at the meeting “%(title)s”: %(count)s nominee waits for your vote: "
                "%(names)s.",
                "You are recorded present at the meeting “%(title)s”: %(count)s nominees wait for your vote: "
                "%(names)s.",
                len(waiting),
            ) % {"title": meeting.title, "count": len(waiting), "names": ", ".join(n.recipient_name for n in waiting)}
        messages.append((user, subject, body))
    notices_queue_each(  # one write for the whole council, not one per member
        messages=messages,
        kind=NoticeKind.VOTE_WAITING,
        url=reverse("awards:meeting-detail", args=[meeting.pk]),
        dedupe_key=f"vote:meeting:{meeting.pk}",
    )
