"""Council meetings: attendance, a ballot per nominee, named votes of open ballots."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.models.council import Council, CouncilComposition, VotingRule
from awards.models.dossiers import Dossier, Nomination


class Meeting(models.Model):
    """A council meeting that reviews dossiers (phiên họp xét khen thưởng): its agenda, who attended, and a
    ballot per nominee. The composition in force on its date is fixed when the meeting is created."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CLOSED = "closed", _("closed")

    council = models.ForeignKey(Council, verbose_name=_("council"), on_delete=models.PROTECT, related_name="meetings")
    composition = models.ForeignKey(
        CouncilComposition, verbose_name=_("composition"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    title = models.CharField(_("title"), max_length=255)
    agenda = models.ManyToManyField(Dossier, verbose_name=_("agenda"), related_name="meetings", blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="meeting_title_not_empty"),
            models.CheckConstraint(
                condition=Q(status="planned", closed_at__isnull=True) | Q(status="closed", closed_at__isnull=False),
                name="meeting_closed_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("awards.CouncilMember", verbose_name=_("member"), on_delete=models.PROTECT)
    present = models.BooleanField(_("present"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member")]


class Ballot(models.Model):
    """The council's vote on one nominee: the rule applied, the tally, and the result it gives."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="ballots")
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="ballots"
    )
    rule = models.ForeignKey(
        VotingRule, verbose_name=_("rule applied"), on_delete=models.PROTECT, related_name="ballots"
    )
    ballot = models.CharField(_("ballot"), max_length=16, choices=VotingRule.Ballot.choices)
    members_total = models.PositiveSmallIntegerField(_("members of the council"))
    present = models.PositiveSmallIntegerField(_("members present"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"))
    # Absent members' written opinions on the nominee, as recorded when the ballot was; whether they count
    # towards the result is the council rules' (CouncilRuleSet.written_opinions), said in the explanation.
    written_for = models.PositiveSmallIntegerField(_("written opinions for"), default=0)
    written_against = models.PositiveSmallIntegerField(_("written opinions against"), default=0)
    passed = models.BooleanField(_("passed"))
    explanation = models.TextField(_("result and rule"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["meeting", "nomination__dossier", "nomination__line_no"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "nomination"], name="ballot_once_per_nomination_and_meeting"),
            models.CheckConstraint(
                condition=Q(votes_for__lte=F("present"))
                & Q(votes_against__lte=F("present"))
                & Q(present__lte=F("members_total")),
                name="ballot_votes_within_attendance",
            ),
            models.CheckConstraint(
                condition=Q(written_for__lte=F("members_total") - F("present") - F("written_against")),
                name="ballot_written_opinions_of_absent_members",
            ),
        ]


class NamedVote(models.Model):
    """One member's vote in an open (named) ballot; a secret ballot keeps only its totals."""

    ballot = models.ForeignKey(Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="named_votes")
    member = models.ForeignKey("awards.CouncilMember", verbose_name=_("member"), on_delete=models.PROTECT)
    agrees = models.BooleanField(_("agrees"))

    class Meta:
        verbose_name = _("named vote")
        verbose_name_plural = _("named votes")
        constraints = [models.UniqueConstraint(fields=["ballot", "member"], name="namedvote_once_per_member")]


class MemberVote(models.Model):
    """A present member's own vote on an open-ballot nominee, cast from the portal before the ballot is
    recorded. It may change until then; once every present member has voted, the ballot is recorded from these
    votes (as NamedVote rows of the Ballot, which stay the official record)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="member_votes"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="member_votes"
    )
    member = models.ForeignKey("awards.CouncilMember", verbose_name=_("member"), on_delete=models.PROTECT)
    agrees = models.BooleanField(_("agrees"))
    cast_at = models.DateTimeField(_("cast at"))

    class Meta:
        verbose_name = _("member's vote")
        verbose_name_plural = _("members' votes")
        ordering = ["meeting", "nomination", "member__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "nomination", "member"], name="membervote_once_per_member_and_nominee"
            )
        ]


class WrittenOpinion(models.Model):
    """An absent member's written opinion (ý kiến bằng văn bản) on one nominee, recorded by staff from the
    member's signed document. The council rules say whether it counts in the tally (CouncilRuleSet)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="written_opinions"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="written_opinions"
    )
    member = models.ForeignKey("awards.CouncilMember", verbose_name=_("member"), on_delete=models.PROTECT)
    agrees = models.BooleanField(_("agrees"))
    document_date = models.DateField(_("date of the written opinion"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("written opinion")
        verbose_name_plural = _("written opinions")
        ordering = ["meeting", "member__position", "nomination"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "nomination", "member"], name="writtenopinion_once_per_member_and_nominee"
            )
        ]


class StandingAppraisal(models.Model):
    """The standing body's appraisal (Thường trực Hội đồng thẩm định) of a nominee whose award the council rules
    in force leave to it: the result it gives, with no council vote."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="standing_appraisals"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="standing_appraisals"
    )
    rule_set = models.ForeignKey(
        "awards.CouncilRuleSet", verbose_name=_("council rules applied"), on_delete=models.PROTECT, related_name="+"
    )
    agrees = models.BooleanField(_("approved"))
    remark = models.TextField(_("remark"), blank=True)
    explanation = models.TextField(_("result and rule"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("standing body's appraisal")
        verbose_name_plural = _("standing body's appraisals")
        ordering = ["meeting", "nomination__dossier", "nomination__line_no"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "nomination"], name="standingappraisal_once_per_nomination"),
            models.CheckConstraint(condition=Q(agrees=True) | ~Q(remark=""), name="standingappraisal_refusal_says_why"),
        ]
