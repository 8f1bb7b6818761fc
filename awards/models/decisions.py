"""Decisions with their awards (one row = one recipient of one award type), and the number registers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from awards.models.catalog import Authority, AwardType, CommendationKind, RecipientKind
from kernel.lib.symbols import format_symbol


class Decision(models.Model):
    """A signed award decision. Issued decisions are frozen (triggers in migration 0002); corrections are
    new decisions, and a wrong one is annulled with a reason."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")
        ANNULLED = "annulled", _("annulled")

    issuer = models.ForeignKey("campaigns.Issuer", verbose_name=_("issuing body"), on_delete=models.PROTECT)
    authority = models.ForeignKey(Authority, verbose_name=_("authority"), on_delete=models.PROTECT)
    number = models.PositiveIntegerField(
        _("number"), null=True, blank=True, help_text=_("Empty on a draft the portal numbers when it is issued.")
    )
    symbol = models.CharField(_("symbol"), max_length=64, help_text=_("What follows the number: QĐ-UBND."))
    date = models.DateField(_("date signed"))
    summary = models.TextField(_("summary (trích yếu)"), blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text=_("The campaign whose results this decision rewards, if any."),
    )
    nominations = models.ManyToManyField(
        "awards.Nomination",
        verbose_name=_("nominations it decides"),
        blank=True,
        related_name="decisions",
        help_text=_("Set when the decision is gathered from approved nominees; issuing links their awards."),
    )
    signer_name = models.CharField(_("signer"), max_length=128)
    signer_title = models.CharField(_("signer's title"), max_length=128)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Moved on by every write of what its edit form shows (kernel.concurrency): a save over a newer one is refused.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demo data invented for illustration, not from the seed.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    annulled_at = models.DateTimeField(_("annulled at"), null=True, blank=True)
    annulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("annulled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    annulment_reason = models.TextField(_("reason for annulment"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "-number"]
        permissions = [
            ("issue_decision", _("Can issue a decision")),
            ("annul_decision", _("Can annul an issued decision")),
        ]
        constraints = [
            # An issuing body numbers its decisions in one series per year (reports, plans… have their own):
            # 86/QĐ-UBND and 86/QĐ-UBND-VP cannot both exist in 2018.
            models.UniqueConstraint(
                "issuer", "number", ExtractYear("date"), name="decision_number_unique_per_issuer_year"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="decision_number_positive"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__isnull=False), name="decision_issued_has_number"
            ),
            models.CheckConstraint(condition=Q(symbol__startswith="QĐ-"), name="decision_symbol_is_a_decision"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "issued", "annulled"]), name="decision_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status="draft") & Q(issued_at__isnull=True) & Q(issued_by__isnull=True))
                | (~Q(status="draft") & Q(issued_at__isnull=False)),
                name="decision_issued_has_time",
            ),
            models.CheckConstraint(
                condition=(Q(status="annulled") & Q(annulled_at__isnull=False) & ~Q(annulment_reason=""))
                | (
                    ~Q(status="annulled")
                    & Q(annulled_at__isnull=True)
                    & Q(annulled_by__isnull=True)
                    & Q(annulment_reason="")
                ),
                name="decision_annulled_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "date"], name="decision_status_date_idx"),
            # The decisions list's order: its first page reads 20 rows instead of sorting every decision.
            models.Index(fields=["-date", "-number", "-id"], name="decision_list_order_idx"),
        ]

    def __str__(self):
        return self.number_and_symbol

    @property
    def number_and_symbol(self) -> str:
        return number_and_symbol(self.number, self.symbol)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


def number_and_symbol(number: int | None, symbol: str) -> str:
    """651/QĐ-UBND; a draft still waiting for its number prints as …/QĐ-UBND."""
    return f"…/{symbol}" if number is None else format_symbol(number, symbol)


class NumberRegister(models.Model):
    """The register of numbers (sổ đăng ký văn bản) an issuing body gives its decisions in a year. The portal
    takes the next number from it when it issues a decision that has none, under a row lock, so that two
    decisions issued at the same moment get consecutive numbers and a failed issue leaves no gap."""

    issuer = models.ForeignKey("campaigns.Issuer", verbose_name=_("issuing body"), on_delete=models.PROTECT)
    year = models.PositiveIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("number register")
        verbose_name_plural = _("number registers")
        ordering = ["-year", "issuer"]
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="numberregister_one_per_issuer_year")]

    def __str__(self):
        return f"{self.issuer} {self.year}"


class Award(models.Model):
    """One recipient of one award type in one decision: a collective, an individual or a family."""

    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="awards")
    line_no = models.PositiveIntegerField(_("line"))
    award_type = models.ForeignKey(AwardType, verbose_name=_("award type"), on_delete=models.PROTECT)
    commendation_kind = models.ForeignKey(
        CommendationKind, verbose_name=_("kind of commendation"), on_delete=models.PROTECT
    )
    recipient_kind = models.CharField(_("recipient kind"), max_length=16, choices=RecipientKind.choices)
    recipient_name = models.CharField(_("recipient"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "clusters.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    unit_name = models.CharField(
        _("workplace or address"),
        max_length=255,
        blank=True,
        help_text=_("As printed in the decision's list when the recipient is not one of the registered units."),
    )
    # Stored as it was when awarded: a unit or a person may stop being grassroots later.
    is_grassroots = models.BooleanField(_("grassroots / direct worker"), default=False)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["decision", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "line_no"], name="award_line_unique_in_decision"),
            models.CheckConstraint(condition=Q(line_no__gte=1), name="award_line_positive"),
            models.CheckConstraint(condition=~Q(recipient_name=""), name="award_recipient_named"),
            models.CheckConstraint(
                condition=Q(recipient_kind__in=RecipientKind.values), name="award_recipient_kind_valid"
            ),
            # A family is a grassroots recipient by nature; the seed counts every family there.
            models.CheckConstraint(
                condition=~Q(recipient_kind="family") | Q(is_grassroots=True), name="award_family_is_grassroots"
            ),
        ]
        # Allowed recipient kinds per award type, and "no change once issued", are enforced by triggers
        # (migration 0002) because they look at other tables.

    def __str__(self):
        return f"{self.recipient_name} – {self.award_type}"

    @property
    def workplace(self) -> str:
        return self.unit.name if self.unit_id else self.unit_name


class PersonAward(models.Model):
    """Links an individual's award to their person record (clusters.Person). A separate table, not a column of
    Award: awards of an issued decision are frozen by triggers (migration 0002), yet a person may be recognised
    in them, or two records merged, years later."""

    award = models.OneToOneField(
        Award, verbose_name=_("award"), primary_key=True, on_delete=models.CASCADE, related_name="person_link"
    )
    person = models.ForeignKey(
        "clusters.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="award_links"
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("award of a person")
        verbose_name_plural = _("awards of people")
        ordering = ["person", "award"]

    def __str__(self):
        return f"{self.person} – {self.award}"
