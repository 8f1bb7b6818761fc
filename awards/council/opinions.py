"""What the council rules add to a meeting besides ballots: absent members' written opinions on the nominees
(ý kiến bằng văn bản, recorded by staff from the signed document; counted in the tally where the rules say so),
and the standing body's appraisal of the nominees whose award the rules leave to it (Thường trực Hội đồng thẩm
định), which gives their result with no council vote.

Each write runs in one transaction with its audit entry, on an open meeting."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import acting_user, audit_record
from awards.council.meetings import meeting_locked_open
from awards.council.rules import STANDING_BODY, CouncilRules, MeetingRefused, council_rules_on, no_rules_text
from awards.models import CouncilMember, Meeting, Nomination, StandingAppraisal, WrittenOpinion
from kernel.lib.formatting import vn_date
from kernel.types import Actor


def _rules(meeting: Meeting) -> CouncilRules:
    rules = council_rules_on(meeting.date)
    if rules is None:
        raise MeetingRefused(no_rules_text(meeting.date))
    return rules


def _opinions_of(meeting: Meeting, member: CouncilMember) -> dict[str, object]:
    rows = WrittenOpinion.objects.filter(meeting=meeting, member=member).order_by("nomination_id")
    return {
        "member": member.pk,
        "opinions": {str(o.nomination_id): o.agrees for o in rows},
        "dates": sorted({o.document_date.isoformat() for o in rows}),
    }


@transaction.atomic
def written_opinion_record(
    *,
    actor: Actor,
    meeting: Meeting,
    member: CouncilMember,
    document_date: datetime.date,
    opinions: dict[int, bool | None],
) -> list[WrittenOpinion]:
    """An absent member's written opinion, by nominee id (True agrees, False disagrees, None gives none), dated
    by its document. It replaces what was recorded for them on those nominees, until their ballot is recorded."""
    meeting = meeting_locked_open(meeting)
    rules = _rules(meeting)
    if not rules.takes_written_opinions:
        raise MeetingRefused(
            _("Under %(rules)s absent members' written opinions are not taken.") % {"rules": rules.citation}
        )
    attendance = meeting.attendance.filter(member=member).first()
    if attendance is None or attendance.present:
        raise MeetingRefused(
            _("Only a member recorded absent from this meeting gives a written opinion: record attendance first.")
        )
    if document_date > meeting.date or document_date > timezone.localdate():
        raise MeetingRefused(
            _("A written opinion is dated on or before the meeting (%(date)s).") % {"date": vn_date(meeting.date)}
        )
    nominations = {
        n.pk: n
        for n in Nomination.objects.filter(dossier__in=meeting.agenda.all(), pk__in=opinions).select_related(
            "award_type"
        )
    }
    if set(opinions) - set(nominations):
        raise MeetingRefused(_("This nominee's dossier is not on the meeting's agenda."))
    appraised = [n.recipient_name for n in nominations.values() if rules.path(n.award_type) == STANDING_BODY]
    voted = meeting.ballots.filter(nomination__in=list(nominations)).select_related("nomination")
    closed = [b.nomination.recipient_name for b in voted] + appraised
    if closed:
        raise MeetingRefused(
            _("No written opinion on nominees already voted on or appraised by the standing body: %(names)s.")
            % {"names": ", ".join(closed)}
        )
    if all(agrees is None for agrees in opinions.values()):
        raise MeetingRefused(_("Choose the member's opinion on at least one nominee."))
    before = _opinions_of(meeting, member)
    WrittenOpinion.objects.filter(meeting=meeting, member=member, nomination_id__in=list(opinions)).delete()
    written = WrittenOpinion.objects.bulk_create(
        WrittenOpinion(
            meeting=meeting,
            member=member,
            nomination_id=nomination_id,
            agrees=agrees,
            document_date=document_date,
            recorded_by=acting_user(actor),
        )
        for nomination_id, agrees in opinions.items()
        if agrees is not None
    )
    audit_record(
        actor=actor,
        action="meeting.written_opinion",
        obj=meeting,
        before=before,
        after=_opinions_of(meeting, member),
        reason=_("Written opinion of %(name)s dated %(date)s.")
        % {"name": member.full_name, "date": vn_date(document_date)},
    )
    return written


def _appraisal_snapshot(appraisal: StandingAppraisal | None) -> dict | None:
    if appraisal is None:
        return None
    return {
        "nomination": appraisal.nomination_id,
        "rule_set": appraisal.rule_set_id,
        "agrees": appraisal.agrees,
        "remark": appraisal.remark,
    }


@transaction.atomic
def standing_appraisal_record(
    *, actor: Actor, meeting: Meeting, nomination: Nomination, agrees: bool, remark: str = ""
) -> StandingAppraisal:
    """The standing body's appraisal of a nominee whose award the council rules in force leave to it; recorded
    again while the meeting is open, the audit entry keeping the appraisal before and after."""
    meeting = meeting_locked_open(meeting)
    rules = _rules(meeting)
    if not meeting.agenda.filter(pk=nomination.dossier_id).exists():
        raise MeetingRefused(_("This nominee's dossier is not on the meeting's agenda."))
    if rules.path(nomination.award_type) != STANDING_BODY:
        raise MeetingRefused(
            _("Under %(rules)s the council votes on %(award)s: record its ballot, not an appraisal.")
            % {"rules": rules.citation, "award": nomination.award_type.name}
        )
    remark = (remark or "").strip()
    if not agrees and not remark:
        raise MeetingRefused(_("Say why the standing body does not approve this nominee."))
    standing = list(meeting.composition.members.filter(standing_body=True).order_by("position"))
    if not standing:
        raise MeetingRefused(
            _("No member of this composition is marked as of the standing body: correct the composition first.")
        )
    appraisal = meeting.standing_appraisals.select_for_update().filter(nomination=nomination).first()
    before = _appraisal_snapshot(appraisal)
    appraisal = appraisal or StandingAppraisal(meeting=meeting, nomination=nomination)
    verdict = _("Approved") if agrees else _("Not approved")
    appraisal.rule_set, appraisal.agrees, appraisal.remark = rules.rule_set, agrees, remark
    appraisal.recorded_by = acting_user(actor)
    appraisal.explanation = _("%(verdict)s by the council's standing body (%(members)s). %(path)s") % {
        "verdict": verdict,
        "members": ", ".join(m.full_name for m in standing),
        "path": rules.standing_path_text(nomination.award_type),
    }
    appraisal.save()
    audit_record(
        actor=actor,
        action="meeting.standing_appraisal",
        obj=meeting,
        before=before,
        after=_appraisal_snapshot(appraisal),
        reason=appraisal.explanation,
    )
    return appraisal
