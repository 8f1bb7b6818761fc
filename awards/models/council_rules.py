"""The council's working rules (quy chế hoạt động) as dated data: the quorum, the attendance a meeting that
considers awards needs, what absent members' written opinions count for, and the path each award type takes
(the whole council, or its standing body only). The voting rules (VotingRule) belong to a rule set.

A rule set is either this province's (in force over its dates; at most one on any day, a database constraint) or
another province's, kept as an example staff can read and copy but never applied. The rules in force on a
meeting's date decide it (awards.council.rules), never a year written in code."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.models.catalog import AwardType, ValidityQuerySet, Verification, validity_constraint


class CouncilRuleSet(models.Model):
    class Scope(models.TextChoices):
        IN_FORCE = "in_force", _("this province's rules")
        EXAMPLE = "example", _("another province's rules (an example, never applied)")

    class WrittenOpinions(models.TextChoices):
        NOT_TAKEN = "not_taken", _("not taken")
        RECORDED = "recorded", _("recorded in the minutes, not counted")
        COUNTED = "counted", _("counted in the tally")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    province = models.CharField(_("province"), max_length=64, help_text=_("Whose rules these are."))
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.EXAMPLE)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("legal source"), max_length=500)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )
    # A fraction, not a percent: two thirds of 21 members is 14, where 67% would ask 15.
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum: numerator"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum: denominator"),
        default=3,
        help_text=_("A meeting may vote when at least this fraction of all members attends, e.g. 2/3."),
    )
    quorum_verification = models.CharField(
        _("verification of the quorum"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )
    award_meeting_min_percent = models.PositiveSmallIntegerField(
        _("minimum attendance of a meeting that considers awards (percent of all members)"),
        null=True,
        blank=True,
        help_text=_("Empty when the rules set none. Below it the council may not vote on awards."),
    )
    written_opinions = models.CharField(
        _("written opinions of absent members"),
        max_length=16,
        choices=WrittenOpinions.choices,
        default=WrittenOpinions.NOT_TAKEN,
    )
    standing_body_award_types = models.ManyToManyField(
        AwardType,
        verbose_name=_("appraised by the standing body only"),
        blank=True,
        related_name="+",
        help_text=_("Nominees for these awards are appraised by the council's standing body, with no council vote."),
    )
    party_opinion_award_types = models.ManyToManyField(
        AwardType,
        verbose_name=_("need the written opinion of the provincial Party standing committee"),
        blank=True,
        related_name="+",
        help_text=_("Recorded as a requirement before the proposal (tờ trình) is sent."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("council rule set")
        verbose_name_plural = _("council rule sets")
        ordering = ["scope", "-valid_from", "code"]
        constraints = [
            validity_constraint("councilruleset_validity_ordered"),
            models.CheckConstraint(condition=Q(scope__in=["in_force", "example"]), name="councilruleset_scope_valid"),
            models.CheckConstraint(
                condition=Q(written_opinions__in=["not_taken", "recorded", "counted"]),
                name="councilruleset_written_opinions_valid",
            ),
            models.CheckConstraint(
                condition=Q(quorum_numerator__gte=1)
                & Q(quorum_denominator__gte=1)
                & Q(quorum_numerator__lte=F("quorum_denominator")),
                name="councilruleset_quorum_fraction",
            ),
            models.CheckConstraint(
                condition=Q(award_meeting_min_percent__isnull=True)
                | (Q(award_meeting_min_percent__gte=1) & Q(award_meeting_min_percent__lte=100)),
                name="councilruleset_award_minimum_range",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="councilruleset_has_source"),
        ]

    def __str__(self):
        return self.name

    @property
    def quorum_text(self) -> str:
        return f"{self.quorum_numerator}/{self.quorum_denominator}"
