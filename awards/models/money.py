"""Reward money (tiền thưởng): the base salary (mức lương cơ sở) by date, the coefficient of each award type and
recipient kind by period, and how amounts are rounded. Data from fixtures/catalog, never code: an amount is
coefficient × the base salary in force on the decision's date, rounded (awards.decisions.money computes it; nothing is
stored on the awards)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.models.catalog import AwardType, RecipientKind, ValidityQuerySet, Verification


class BaseSalary(models.Model):
    """The mức lương cơ sở set by a decree, in force from a date until the next row's date."""

    amount = models.PositiveIntegerField(_("amount (VND per month)"))
    effective_from = models.DateField(_("effective from"), unique=True)
    source = models.CharField(_("legal source"), max_length=500)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["effective_from"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=1), name="basesalary_amount_positive")]

    def __str__(self):
        return f"{self.amount:,} – {self.effective_from:%d/%m/%Y}".replace(",", ".")


class RewardCoefficient(models.Model):
    """How many times the base salary an award type is worth to one recipient of a kind, over a period (the
    decree in force: NĐ 42/2010, 91/2017, 98/2023, 152/2025)."""

    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award type"), on_delete=models.PROTECT, related_name="coefficients"
    )
    recipient_kind = models.CharField(_("recipient kind"), max_length=16, choices=RecipientKind.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    coefficient = models.DecimalField(_("coefficient"), max_digits=7, decimal_places=2)
    source = models.CharField(_("legal source"), max_length=500)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("reward coefficient")
        verbose_name_plural = _("reward coefficients")
        ordering = ["award_type", "recipient_kind", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_type", "recipient_kind", "valid_from"], name="rewardcoefficient_unique_per_start"
            ),
            models.CheckConstraint(condition=Q(coefficient__gt=0), name="rewardcoefficient_positive"),
            models.CheckConstraint(
                condition=Q(recipient_kind__in=RecipientKind.values), name="rewardcoefficient_recipient_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="rewardcoefficient_validity_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.award_type} ({self.get_recipient_kind_display()}) × {self.coefficient}"


class RoundingRule(models.Model):
    """How an amount (coefficient × base salary) is rounded: "làm tròn số lên hàng chục nghìn đồng"."""

    class Mode(models.TextChoices):
        UP = "up", _("up to the next step")
        NEAREST = "nearest", _("to the nearest step (half up)")

    valid_from = models.DateField(_("valid from"), unique=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    step = models.PositiveIntegerField(_("step (VND)"), default=10000)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.NEAREST)
    source = models.CharField(_("legal source"), max_length=500)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("rounding rule")
        verbose_name_plural = _("rounding rules")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(step__gte=1), name="roundingrule_step_positive"),
            models.CheckConstraint(condition=Q(mode__in=["up", "nearest"]), name="roundingrule_mode_valid"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="roundingrule_validity_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.get_mode_display()} {self.step:,}".replace(",", ".")
