"""The register of certificates ("sổ vàng"): the number printed on each award's certificate (số sổ vàng), given when
its decision is issued, by a numbering rule kept as data per grantor, and the log of certificates printed again.

NĐ 98/2023 Điều 104 (PARTIAL in the research notes) says the number is the recipient's ordinal in the decision;
a yearly register per grantor is the alternative a province may choose. Numbers live in a table of their own,
as PersonAward does: an issued decision's awards are frozen (migration 0002), and migration 0024 freezes the
numbers too (inserted only in the issuing transaction, never changed or deleted)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models.catalog import Authority, ValidityQuerySet, validity_constraint
from awards.models.decisions import Award, Decision
from kernel.verification import Verification

# The placeholders a grantor's number format may hold; anything else in braces is refused (no str.format).
FORMAT_PLACEHOLDERS = ("{number}", "{year}")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


class RegisterMode(models.TextChoices):
    POSITION = "position", _("the recipient's position in the decision")
    YEARLY = "yearly", _("a yearly register of the grantor")


def register_text(number_format: str, *, number: int, year: int) -> str:
    """The number as printed: the grantor's format with its placeholders filled ("{number}/BK" → "1234/BK")."""
    return number_format.replace("{number}", str(number)).replace("{year}", str(year))


class RegisterRule(models.Model):
    """How a grantor numbers its certificates, from a date: by position in the decision (the default, NĐ 98/2023
    Điều 104) or in a yearly register, gap-free, and the format printed. A grantor without a rule numbers by
    position, printing the bare number."""

    authority = models.ForeignKey(
        Authority, verbose_name=_("grantor"), on_delete=models.PROTECT, related_name="register_rules"
    )
    mode = models.CharField(_("numbering"), max_length=16, choices=RegisterMode.choices, default=RegisterMode.POSITION)
    number_format = models.CharField(
        _("format"),
        max_length=64,
        default="{number}",
        help_text=_("How the number is printed: {number} is the number, {year} the decision's year, e.g. {number}/BK."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.PARTIAL
    )
    source = models.TextField(_("legal source"), blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("register numbering rule")
        verbose_name_plural = _("register numbering rules")
        ordering = ["authority", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "valid_from"], name="registerrule_one_per_grantor_and_start"),
            models.UniqueConstraint(
                fields=["authority"], condition=Q(valid_from__isnull=True), name="registerrule_one_open_start"
            ),
            models.CheckConstraint(condition=Q(mode__in=RegisterMode.values), name="registerrule_mode_valid"),
            models.CheckConstraint(condition=Q(number_format__contains="{number}"), name="registerrule_has_number"),
            validity_constraint("registerrule_validity_ordered"),
        ]

    def __str__(self):
        return f"{self.authority}: {self.get_mode_display()} ({self.number_format})"

    def clean(self):
        unknown = [p for p in _PLACEHOLDER.findall(self.number_format or "") if p not in FORMAT_PLACEHOLDERS]
        if unknown or "{number}" not in (self.number_format or ""):
            raise ValidationError(
                {"number_format": _("The format must hold {number} and may hold {year}; nothing else in braces.")}
            )


class RegisterCounter(models.Model):
    """The last number of a grantor's yearly register: locked FOR UPDATE while a decision is issued, so that
    decisions issued at the same moment take consecutive numbers and a rolled-back issue leaves no gap."""

    authority = models.ForeignKey(Authority, verbose_name=_("grantor"), on_delete=models.PROTECT)
    year = models.PositiveIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("yearly certificate register")
        verbose_name_plural = _("yearly certificate registers")
        ordering = ["-year", "authority"]
        constraints = [models.UniqueConstraint(fields=["authority", "year"], name="registercounter_one_per_year")]

    def __str__(self):
        return f"{self.authority} {self.year}"


class RegisterNumber(models.Model):
    """The register number of one award (số sổ vàng), given when its decision was issued, with the rule and
    format it was given under, so that a later change of rule never renumbers a printed certificate."""

    award = models.OneToOneField(
        Award, verbose_name=_("award"), primary_key=True, on_delete=models.DO_NOTHING, related_name="register_number"
    )
    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.DO_NOTHING, related_name="register_numbers"
    )
    authority = models.ForeignKey(Authority, verbose_name=_("grantor"), on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("numbering"), max_length=16, choices=RegisterMode.choices)
    year = models.PositiveIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    text = models.CharField(_("register number"), max_length=80)

    class Meta:
        verbose_name = _("register number")
        verbose_name_plural = _("register numbers")
        ordering = ["decision", "number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="registernumber_positive"),
            models.CheckConstraint(condition=Q(mode__in=RegisterMode.values), name="registernumber_mode_valid"),
            models.CheckConstraint(condition=~Q(text=""), name="registernumber_printed"),
            models.UniqueConstraint(
                fields=["decision", "number"],
                condition=Q(mode="position"),
                name="registernumber_once_per_decision",
            ),
            models.UniqueConstraint(
                fields=["authority", "year", "number"],
                condition=Q(mode="yearly"),
                name="registernumber_once_per_register_year",
            ),
        ]

    def __str__(self):
        return self.text


class CertificatePrint(models.Model):
    """A certificate printed, printed again (lost, damaged, misprinted) or replaced (cấp đổi, cấp lại): always with
    the award's register number, never a new one. A reprint or replacement says why."""

    class Kind(models.TextChoices):
        FIRST = "first", _("first print")
        REPRINT = "reprint", _("reprint")
        REPLACEMENT = "replacement", _("replacement")

    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="certificate_prints"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    register_text = models.CharField(_("register number"), max_length=80)
    printed_at = models.DateTimeField(_("printed at"), auto_now_add=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("printed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("certificate printed")
        verbose_name_plural = _("certificates printed")
        ordering = ["-printed_at", "-id"]
        permissions = [("print_certificate", _("Can print certificates and their register"))]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["first", "reprint", "replacement"]), name="certprint_kind"),
            models.CheckConstraint(condition=Q(kind="first") | ~Q(reason=""), name="certprint_reprint_has_reason"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.award} ({self.register_text})"
