"""Nomination dossiers: nominees and typed files; they move through awards.nominations.services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards.models.catalog import AwardType, CommendationKind, RecipientKind


class Dossier(models.Model):
    """A unit's nomination dossier (hồ sơ đề nghị khen thưởng): nominees, attached files, and where it stands.

    It moves only along awards.nominations.services.DOSSIER_TRANSITIONS, one service per step, each audited."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned to the unit")
        RECEIVED = "received", pgettext_lazy("dossier status", "received")
        VETTED = "vetted", _("vetted")
        AT_MEETING = "at_meeting", _("on a council meeting's agenda")
        REVIEWED = "reviewed", _("reviewed by the council")
        FORWARDED = "forwarded", _("forwarded to the central level")
        DECIDED = "decided", _("decided")

    unit = models.ForeignKey("clusters.Unit", verbose_name=_("proposing unit"), on_delete=models.PROTECT)
    commendation_kind = models.ForeignKey(
        CommendationKind, verbose_name=_("kind of commendation"), on_delete=models.PROTECT
    )
    year = models.PositiveIntegerField(_("year of the achievements"))
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), null=True, blank=True, on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=500)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Moved on by every write of what its edit form shows (kernel.concurrency): a save over a newer one is refused.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    # The forwarding letter (tờ trình) with which the province proposes the State awards to the central level.
    forwarding_number = models.PositiveIntegerField(_("forwarding letter number"), null=True, blank=True)
    forwarding_symbol = models.CharField(_("forwarding letter symbol"), max_length=64, blank=True)
    forwarding_date = models.DateField(_("forwarding letter date"), null=True, blank=True)
    forwarding_signer_name = models.CharField(_("forwarding letter signer"), max_length=128, blank=True)
    forwarding_signer_title = models.CharField(_("forwarding letter signer's title"), max_length=128, blank=True)
    forwarding_document = models.ForeignKey(
        "campaigns.Document",
        verbose_name=_("forwarding letter in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_dossiers",
    )

    class Meta:
        verbose_name = _("nomination dossier")
        verbose_name_plural = _("nomination dossiers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="dossier_title_not_empty"),
            models.CheckConstraint(condition=Q(year__gte=1945) & Q(year__lte=2100), name="dossier_year_sane"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="dossier_left_draft_when_submitted"
            ),
            models.CheckConstraint(
                condition=~Q(status="forwarded")
                | (Q(forwarding_number__isnull=False) & Q(forwarding_date__isnull=False) & ~Q(forwarding_symbol="")),
                name="dossier_forwarded_has_letter",
            ),
            # A letter the province sent is in its document register (and so in Phụ lục 1).
            models.CheckConstraint(
                condition=Q(forwarding_number__isnull=True) | Q(forwarding_document__isnull=False),
                name="dossier_forwarding_letter_registered",
            ),
        ]
        indexes = [models.Index(fields=["status", "unit"], name="dossier_status_unit_idx")]

    def __str__(self):
        return self.title


class Nomination(models.Model):
    """One nominee of a dossier, for one award type; vetted by staff, then voted by the council."""

    class Result(models.TextChoices):
        PENDING = "pending", _("pending")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("not passed")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="nominations"
    )
    line_no = models.PositiveIntegerField(_("line"))
    recipient_kind = models.CharField(_("recipient kind"), max_length=16, choices=RecipientKind.choices)
    recipient_name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    award_type = models.ForeignKey(AwardType, verbose_name=_("proposed award"), on_delete=models.PROTECT)
    achievements = models.TextField(_("summary of achievements"))
    vetting_remark = models.TextField(_("vetting remark"), blank=True)
    vetting_ok = models.BooleanField(_("meets the criteria"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, default=Result.PENDING)
    award = models.OneToOneField(
        "awards.Award",
        verbose_name=_("award given"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nomination",
    )
    person = models.ForeignKey(
        "clusters.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        help_text=_("The nominee's person record, for an individual."),
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["dossier", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "line_no"], name="nomination_line_unique"),
            models.CheckConstraint(condition=~Q(recipient_name=""), name="nomination_name_not_empty"),
            models.CheckConstraint(condition=~Q(achievements=""), name="nomination_achievements_not_empty"),
            models.CheckConstraint(
                condition=Q(award__isnull=True) | Q(result="passed"), name="nomination_award_if_passed"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(recipient_kind="individual"), name="nomination_person_individual"
            ),
        ]

    def __str__(self):
        return f"{self.recipient_name} – {self.award_type}"


class DossierFile(models.Model):
    """A typed file of a dossier, stored outside the web root (MEDIA_ROOT is never served as such) and given
    only to users in the dossier's scope. Its type is read from its content (campaigns.files)."""

    class Kind(models.TextChoices):
        SUBMISSION = "submission", _("submission (tờ trình)")
        ACHIEVEMENTS = "achievements", _("achievement report (báo cáo thành tích)")
        MINUTES = "minutes", _("minutes (biên bản)")
        OTHER = "other", _("other")

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind of file"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/")
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["dossier", "uploaded_at"]

    def __str__(self):
        return self.original_name
