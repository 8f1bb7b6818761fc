"""Public consultation on nominees before a proposal (công khai, lấy ý kiến Nhân dân): which awards need it and
for how long (ConsultationRule, data by legal regime), a consultation of a dossier's nominees with its notice
(Consultation, ConsultationEntry), and what citizens send (ConsultationFeedback), which is never shown publicly."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from awards.models.catalog import AwardType, ValidityQuerySet, Verification, validity_constraint
from awards.models.dossiers import Dossier, Nomination


def _staff_member(label: "str | Promise") -> models.ForeignKey:
    """Who did a step (no one for a data load), kept while any record names them."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=label, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class ConsultationRule(models.Model):
    """Which award types must be published for the people's opinion before they are proposed, and the shortest
    window, under one legal regime (fixtures/catalog/consultation_rules.csv). The obligation and the window carry
    their own citation and verification: the 2022 law's obligation is verified, NĐ 152/2025's window is not."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    award_types = models.ManyToManyField(AwardType, verbose_name=_("award types"), blank=True, related_name="+")
    award_categories = models.CharField(
        _("award categories"), max_length=255, blank=True, help_text=_("Comma-separated, e.g. order,prize.")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    citation = models.CharField(_("legal basis of the obligation"), max_length=500)
    verification = models.CharField(_("verification of the obligation"), max_length=16, choices=Verification.choices)
    min_working_days = models.PositiveSmallIntegerField(_("shortest window (working days)"))
    window_citation = models.CharField(_("legal basis of the window"), max_length=500)
    window_verification = models.CharField(_("verification of the window"), max_length=16, choices=Verification.choices)
    note = models.TextField(_("note"), blank=True)
    source = models.TextField(_("sources"), blank=True)
    enabled = models.BooleanField(
        _("enabled"), default=True, help_text=_("A rule the notes could not verify is loaded off until staff check it.")
    )

    objects = ValidityQuerySet.as_manager()

    # The award types, as a list, on the rules awards.consultations.rules reads (a to_attr prefetch).
    types: list[AwardType]

    class Meta:
        verbose_name = _("consultation rule")
        verbose_name_plural = _("consultation rules")
        ordering = ["valid_from", "code"]
        constraints = [
            validity_constraint("consultationrule_validity_ordered"),
            models.CheckConstraint(condition=Q(min_working_days__gte=1), name="consultationrule_window_positive"),
            models.CheckConstraint(condition=~Q(citation=""), name="consultationrule_cited"),
        ]

    def __str__(self) -> str:
        return self.name

    def categories(self) -> set[str]:
        return {c.strip() for c in self.award_categories.split(",") if c.strip()}


class Consultation(models.Model):
    """One published notice asking the people's opinion on nominees of a dossier, with its window."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):
        NO_FEEDBACK = "no_feedback", _("no feedback received")
        CONSIDERED = "considered", _("feedback received and considered")

    # The only identifier the public pages show: no internal id leaves the staff portal.
    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="consultations"
    )
    rule = models.ForeignKey(
        ConsultationRule, verbose_name=_("rule"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=500)
    legal_basis = models.TextField(_("legal basis"))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    working_days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    published_where = models.CharField(_("published on"), max_length=500)
    contact = models.TextField(_("where to send feedback"))
    no_feedback_rule = models.CharField(_("when no feedback is received"), max_length=500)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_text = models.TextField(_("outcome in words"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = _staff_member(_("closed by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = _staff_member(_("created by"))

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="consultation_window_ordered"),
            models.CheckConstraint(condition=Q(status__in=["open", "closed"]), name="consultation_status_valid"),
            models.CheckConstraint(
                condition=~Q(title="") & ~Q(legal_basis="") & ~Q(published_where="") & ~Q(contact=""),
                name="consultation_notice_complete",
            ),
            models.CheckConstraint(
                condition=(Q(status="open") & Q(outcome="") & Q(closed_at__isnull=True))
                | (Q(status="closed") & Q(outcome__in=["no_feedback", "considered"]) & Q(closed_at__isnull=False)),
                name="consultation_outcome_when_closed",
            ),
        ]
        indexes = [models.Index(fields=["status", "end_date"], name="consultation_status_end_idx")]

    def __str__(self) -> str:
        return self.title


class ConsultationEntry(models.Model):
    """A nominee as the notice lists them, copied from the nomination when the consultation is opened, so that
    the published list stays as it was published."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="entries"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="consultation_entries"
    )
    line_no = models.PositiveIntegerField(_("line"))
    name = models.CharField(_("name"), max_length=255)
    position_and_unit = models.CharField(_("position and unit"), max_length=500, blank=True)
    award_name = models.CharField(_("proposed award"), max_length=255)

    class Meta:
        verbose_name = _("nominee consulted on")
        verbose_name_plural = _("nominees consulted on")
        ordering = ["consultation", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "nomination"], name="consultationentry_once"),
            models.UniqueConstraint(fields=["consultation", "line_no"], name="consultationentry_line_unique"),
            models.CheckConstraint(condition=~Q(name="") & ~Q(award_name=""), name="consultationentry_named"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.award_name}"


class ConsultationFeedback(models.Model):
    """What a citizen sent on a consultation, with who they are (name, address, a phone or e-mail: an anonymous
    letter is not taken), and staff's answer. Never shown on the public pages."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.PROTECT, related_name="feedback"
    )
    entry = models.ForeignKey(
        ConsultationEntry,
        verbose_name=_("about the nominee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    sender_name = models.CharField(_("full name"), max_length=128)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    address = models.CharField(_("address"), max_length=500)
    content = models.TextField(_("feedback"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = _staff_member(_("answered by"))

    class Meta:
        verbose_name = _("consultation feedback")
        verbose_name_plural = _("consultation feedback")
        ordering = ["consultation", "received_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender_name="") & ~Q(address="") & ~Q(content=""), name="consultationfeedback_complete"
            ),
            models.CheckConstraint(condition=~Q(phone="") | ~Q(email=""), name="consultationfeedback_reachable"),
            models.CheckConstraint(
                condition=(Q(answer="") & Q(answered_at__isnull=True)) | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="consultationfeedback_answered_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender_name} ({self.received_at:%d/%m/%Y})"
