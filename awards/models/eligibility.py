"""Eligibility rules (điều kiện, tiêu chuẩn khen thưởng) as data, and the audited overrides of a failed rule.

The rules come from fixtures/catalog/eligibility_rules.csv (awards.decisions.catalog);
awards.nominations.eligibility runs them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models.catalog import AwardType, ValidityQuerySet, Verification, validity_constraint


class EligibilityRule(models.Model):
    """One condition an award must meet, valid for a period (a legal regime). Rules the research notes could
    not verify (from memory, leads) are loaded disabled: staff enable them once checked against the text."""

    class Kind(models.TextChoices):
        PREREQUISITE_CONSECUTIVE = "prerequisite_consecutive", _("N consecutive years of an award before")
        PREREQUISITE_COUNT_WITHIN = "prerequisite_count_within", _("N awards of a type within M years before")
        ONCE_PER_YEAR = "once_per_year", _("not the same award twice in a calendar year")
        GRANTOR = "grantor", _("the decision's authority may grant the award")
        RECIPIENT_KIND = "recipient_kind", _("the award allows the kind of recipient")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind of rule"), max_length=32, choices=Kind.choices)
    award_types = models.ManyToManyField(
        AwardType,
        verbose_name=_("award types it applies to"),
        blank=True,
        related_name="eligibility_rules",
        help_text=_("None: the rule applies to every award type."),
    )
    required_award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("required earlier award"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    required_count = models.PositiveSmallIntegerField(_("number of times required"), null=True, blank=True)
    within_years = models.PositiveSmallIntegerField(
        _("within years"), null=True, blank=True, help_text=_("Empty: at any time before.")
    )
    article = models.CharField(_("article"), max_length=255, blank=True)
    legal_text = models.TextField(_("legal text"), blank=True)
    source = models.TextField(_("source of the note"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["display_order", "code"]
        constraints = [
            validity_constraint("eligibilityrule_validity_ordered"),
            models.CheckConstraint(
                condition=~Q(kind__in=["prerequisite_consecutive", "prerequisite_count_within"])
                | (Q(required_award_type__isnull=False) & Q(required_count__gte=1)),
                name="eligibilityrule_prerequisite_has_parameters",
            ),
            models.CheckConstraint(
                condition=Q(kind="prerequisite_consecutive") | Q(within_years__isnull=True) | Q(within_years__gte=1),
                name="eligibilityrule_within_years_positive",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def citation(self) -> str:
        return "; ".join(part for part in (self.article, self.legal_text) if part)


class EligibilityOverride(models.Model):
    """Staff's decision that a nominee or an award row may go ahead although a rule fails, with the reason."""

    rule = models.ForeignKey(
        EligibilityRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="overrides"
    )
    nomination = models.ForeignKey(
        "awards.Nomination",
        verbose_name=_("nominee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="eligibility_overrides",
    )
    award = models.ForeignKey(
        "awards.Award",
        verbose_name=_("award row"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="eligibility_overrides",
    )
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("eligibility override")
        verbose_name_plural = _("eligibility overrides")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nomination__isnull=False, award__isnull=True)
                | Q(nomination__isnull=True, award__isnull=False),
                name="eligibilityoverride_one_target",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="eligibilityoverride_has_reason"),
            models.UniqueConstraint(
                fields=["rule", "nomination"],
                condition=Q(nomination__isnull=False),
                name="eligibilityoverride_once_per_nomination",
            ),
            models.UniqueConstraint(
                fields=["rule", "award"], condition=Q(award__isnull=False), name="eligibilityoverride_once_per_award"
            ),
        ]

    def __str__(self):
        return f"{self.rule} – {self.nomination or self.award}"
