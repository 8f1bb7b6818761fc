"""Campaigns, the document register, units' registrations and clusters' covenants."""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from kernel.lib.symbols import DOCUMENT_TYPES, format_symbol


class Issuer(models.Model):
    """A body that issues numbered documents (cơ quan ban hành) and keeps its own number register.

    `code` is the abbreviation that follows the type in a symbol: "UBND" in 651/QĐ-UBND, "TTg" in
    1234/QĐ-TTg, "CTN" in 56/QĐ-CTN. Numbers restart every year, per issuer and symbol.
    """

    class Level(models.TextChoices):
        CENTRAL = "central", _("central")
        PROVINCIAL = "provincial", _("provincial")
        OTHER = "other", _("other")

    code = models.CharField(_("symbol code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)

    class Meta:
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        ordering = ["level", "name"]

    def __str__(self):
        return self.name


class Document(models.Model):
    """One entry of the document register: a document the province issued or received for emulation and
    commendation work. Number and symbol are stored parsed (see kernel.lib.symbols), so the
    register can be searched by type, issuer and drafting unit."""

    class Direction(models.TextChoices):
        ISSUED = "issued", _("issued by the province")
        RECEIVED = "received", _("received")

    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices, default=Direction.ISSUED)
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=64, help_text=_("What follows the number: BC-UBND, UBND-KGVX."))
    symbol_year = models.PositiveIntegerField(
        _("year in the symbol"), null=True, blank=True, help_text=_("Only normative documents: 30/2014/QĐ-UBND.")
    )
    type_code = models.CharField(
        _("type abbreviation"), max_length=8, blank=True, help_text=_("Empty for an official letter (công văn).")
    )
    issuer_code = models.CharField(_("issuer code"), max_length=32)
    drafting_unit = models.CharField(_("drafting unit"), max_length=32, blank=True)
    date = models.DateField(_("date"))
    issued_by = models.CharField(
        _("issued by (as printed)"),
        max_length=255,
        blank=True,
        help_text=_("Printed after “của” in Phụ lục 1, e.g. “UBND tỉnh”, “Chủ tịch UBND tỉnh”; may be empty."),
    )
    summary = models.TextField(_("summary (trích yếu)"), help_text=_("As printed: “về việc …”."))
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["date", "number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gt=0), name="document_number_positive"),
            models.CheckConstraint(condition=~Q(symbol=""), name="document_symbol_not_empty"),
            models.CheckConstraint(condition=~Q(summary=""), name="document_summary_not_empty"),
            # One document per number and symbol in a year (the register of its issuer restarts every year).
            models.UniqueConstraint(
                "number", "symbol", ExtractYear("date"), "direction", name="document_number_unique_per_year"
            ),
        ]
        indexes = [models.Index(fields=["direction", "date"], name="document_direction_date")]

    def __str__(self):
        return self.number_symbol

    @property
    def number_symbol(self) -> str:
        return format_symbol(self.number, self.symbol, year=self.symbol_year)

    @property
    def type_name(self) -> str:
        return DOCUMENT_TYPES.get(self.type_code, "Công văn")


class Campaign(models.Model):
    """An emulation campaign (phong trào thi đua): regular, periodic or thematic, at a level, possibly
    answering a campaign of the level above."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular (thường xuyên)")
        PERIODIC = "periodic", _("periodic (theo đợt)")
        THEMATIC = "thematic", _("thematic (chuyên đề)")

    class Level(models.TextChoices):
        CENTRAL = "central", _("central")
        PROVINCIAL = "provincial", _("provincial")
        UNIT = "unit", _("unit")

    class Scope(models.TextChoices):
        """Who emulates (Luật TĐKT 2022 Điều 16 khoản 2; rows 02–05 of biểu 0601)."""

        NATIONAL = "national", _("nationwide")
        SECTOR_LOCAL = "sector_local", _("ministry, sector, mass organisation or locality")
        CLUSTER_BLOC = "cluster_bloc", _("emulation clusters and blocs")
        UNIT = "unit", _("agency, organisation or unit")

    class Method(models.TextChoices):
        """Rows 11–12 of biểu 0601."""

        THEMATIC = "thematic", _("thematic")
        REGULAR = "regular", _("regular, yearly")

    class DurationClass(models.TextChoices):
        """Rows 06–10 of biểu 0601 (0701 stops at "3 years and more")."""

        UNDER_ONE_YEAR = "under_1", _("under 1 year")
        ONE_YEAR = "1", _("1 year")
        ONE_TO_THREE = "1_to_3", _("1 to under 3 years")
        THREE_TO_FIVE = "3_to_5", _("3 to under 5 years")
        FIVE_AND_MORE = "5_plus", _("5 years and more")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ACTIVE = "active", _("under way")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("answers the campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    launching_document = models.ForeignKey(
        Document,
        verbose_name=_("launching document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="launched_campaigns",
    )
    organiser = models.CharField(_("organiser"), max_length=255, help_text=_("E.g. “UBND tỉnh Lạng Sơn”."))
    organising_unit = models.ForeignKey(
        "clusters.Unit",
        verbose_name=_("organising unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organised_campaigns",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    description = models.TextField(_("description"), blank=True)
    # The annual statistics' classes (biểu 0601). Empty: not classified, counted as such.
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, blank=True)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, blank=True)
    duration_class = models.CharField(
        _("duration"),
        max_length=8,
        choices=DurationClass.choices,
        blank=True,
        help_text=_("Only for a campaign without an end date: otherwise its dates tell it."),
    )
    # Moved on by every write of what its edit form shows (kernel.concurrency): a save over a newer one is refused.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="campaign_name_not_empty"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="campaign_period_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(level="unit") | Q(organising_unit__isnull=False), name="campaign_unit_level_has_unit"
            ),
        ]

    def __str__(self):
        return self.name


class Registration(models.Model):
    """A unit's registration of emulation targets and titles (đăng ký thi đua) for a year, or for a
    campaign in that year."""

    unit = models.ForeignKey("clusters.Unit", verbose_name=_("unit"), on_delete=models.PROTECT)
    year = models.PositiveIntegerField(_("year"))
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.PROTECT)
    registered_on = models.DateField(_("registered on"))
    targets = models.TextField(_("targets"), blank=True)
    titles = models.ManyToManyField("awards.AwardType", verbose_name=_("registered titles"), blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], condition=Q(campaign__isnull=True), name="registration_one_per_unit_year"
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "campaign"],
                condition=Q(campaign__isnull=False),
                name="registration_one_per_unit_campaign_year",
            ),
            models.CheckConstraint(condition=Q(year__gte=1945) & Q(year__lte=2100), name="registration_year_sane"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.year}"


class Covenant(models.Model):
    """A cluster's emulation covenant for its year (giao ước thi đua), signed by its member units."""

    cluster = models.OneToOneField(
        "clusters.Cluster", verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="covenant"
    )
    signed_on = models.DateField(_("signed on"))
    content = models.TextField(_("content"))
    file = models.FileField(_("file"), upload_to="covenants/%Y/", blank=True)

    class Meta:
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")
        ordering = ["-signed_on"]
        constraints = [models.CheckConstraint(condition=~Q(content=""), name="covenant_content_not_empty")]

    def __str__(self):
        return str(self.cluster)
