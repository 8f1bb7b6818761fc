"""The annual statistical forms of the emulation and commendation field (biểu 0601–0605 of Thông tư
02/2023/TT-BNV, 0701–0703 of Thông tư 03/2018/TT-BNV) as stored layouts, like Phụ lục 2's: the circular that
sets them and the statistical years it governs, each form's header and footer, its columns and its rows with
what each counts. Re-exported by reports.models."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards.models import Verification


class StatisticsRegime(models.Model):
    """A circular's statistical reporting regime and the statistical years it governs. The year runs from a
    day of the year before (01/12 by default) to the day before the same date of the year itself."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    circular = models.CharField(_("circular"), max_length=255, help_text=_("E.g. “Thông tư số 02/2023/TT-BNV”."))
    signed_on = models.DateField(_("signed on"))
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    first_year = models.PositiveIntegerField(_("first statistical year"), null=True, blank=True)
    last_year = models.PositiveIntegerField(_("last statistical year"), null=True, blank=True)
    period_start_month = models.PositiveSmallIntegerField(_("statistical year starts in month"), default=12)
    period_start_day = models.PositiveSmallIntegerField(_("statistical year starts on day"), default=1)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("statistical reporting regime")
        verbose_name_plural = _("statistical reporting regimes")
        ordering = ["signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__isnull=True) | Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="statisticsregime_years_ordered",
            ),
            models.CheckConstraint(
                condition=Q(period_start_month__range=(1, 12), period_start_day__range=(1, 28)),
                name="statisticsregime_period_start_valid",
            ),
        ]

    def __str__(self):
        return self.circular


class StatisticsForm(models.Model):
    """One form (biểu) of a regime: its printed header and footer, and what it counts."""

    class Source(models.TextChoices):
        AWARDS = "awards", _("awards of issued decisions")
        CAMPAIGNS = "campaigns", _("emulation campaigns launched")
        BODIES = "bodies", _("emulation and commendation bodies")
        OFFICERS = "officers", _("emulation and commendation officers")

    class Orientation(models.TextChoices):
        PORTRAIT = "portrait", _("portrait")
        LANDSCAPE = "landscape", _("landscape")

    regime = models.ForeignKey(
        StatisticsRegime, verbose_name=_("regime"), on_delete=models.CASCADE, related_name="forms"
    )
    code = models.CharField(_("code"), max_length=8, help_text=_("E.g. “0602”."))
    number = models.CharField(_("form number as printed"), max_length=64, help_text=_("E.g. “0602.N/BNV-TĐKT”."))
    title = models.CharField(_("title"), max_length=255)
    source = models.CharField(_("counts"), max_length=16, choices=Source.choices)
    scope = models.CharField(
        _("which items it counts"), max_length=255, blank=True, help_text=_("Criteria, e.g. “level=state”.")
    )
    issued_by_line = models.CharField(_("“issued by” line"), max_length=255)
    deadline_line = models.CharField(_("deadline line"), max_length=255, blank=True)
    reporting_unit = models.CharField(_("reporting unit"), max_length=255, blank=True)
    receiving_unit = models.CharField(_("receiving unit"), max_length=255, blank=True)
    preparer_title = models.CharField(_("preparer"), max_length=64, default="Người lập biểu")
    head_title = models.CharField(_("head's title"), max_length=128, default="THỦ TRƯỞNG ĐƠN VỊ")
    place = models.CharField(_("place"), max_length=64, default="Lạng Sơn")
    orientation = models.CharField(
        _("orientation"), max_length=16, choices=Orientation.choices, default=Orientation.PORTRAIT
    )
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )
    source_note = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("statistical form")
        verbose_name_plural = _("statistical forms")
        ordering = ["regime", "code"]
        constraints = [models.UniqueConstraint(fields=["regime", "code"], name="statisticsform_code_unique")]

    def __str__(self):
        return self.number


class StatisticsColumn(models.Model):
    """A data column. Its heading is the path of merged header cells, " | " between levels. The total column
        counts every item; part columns share them out, each item to the first that matches; the rest column
        takes what no part matches, so that the total is always the sum of the parts; an "of which" column (trong
    đó nữ) counts a subset of the total, outside the sums."""

    class Role(models.TextChoices):
        TOTAL = "total", _("total")
        PART = "part", _("part")
        REST = "rest", _("the rest (not classified)")
        OF_WHICH = "of_which", _("of which")

    form = models.ForeignKey(StatisticsForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="columns")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order of a line", "position"))
    number = models.CharField(_("number printed"), max_length=8)
    heading = models.CharField(_("heading"), max_length=500)
    label = models.CharField(_("label"), max_length=255)
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    criteria = models.CharField(_("criteria"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("statistical form column")
        verbose_name_plural = _("statistical form columns")
        ordering = ["form", "position"]
        constraints = [
            models.UniqueConstraint(fields=["form", "position"], name="statisticscolumn_position_unique"),
            models.CheckConstraint(
                condition=Q(role__in=["total", "part", "rest", "of_which"]), name="statisticscolumn_role"
            ),
        ]

    def __str__(self):
        return self.label


class StatisticsRow(models.Model):
    """A printed row. The total row counts every item; a section row (1. Chia theo …) counts its parent's items
    and its parts share them out; a part counts the items of its parent that match it and no earlier sibling;
    a rest row (Chưa phân loại) those no sibling part matches; an "of which" row (trong đó) a subset of its
    parent, outside the sums."""

    class Role(models.TextChoices):
        TOTAL = "total", _("total")
        SECTION = "section", _("section")
        PART = "part", _("part")
        REST = "rest", _("the rest (not classified)")
        OF_WHICH = "of_which", _("of which")

    form = models.ForeignKey(StatisticsForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order of a line", "position"))
    key = models.SlugField(_("key"), max_length=32, help_text=_("Names the row for its children."))
    parent_key = models.SlugField(_("parent's key"), max_length=32, blank=True)
    code = models.CharField(_("code printed"), max_length=8, blank=True)
    label = models.CharField(_("label"), max_length=255)
    indent = models.PositiveSmallIntegerField(_("indentation"), default=0)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    criteria = models.CharField(_("criteria"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("statistical form row")
        verbose_name_plural = _("statistical form rows")
        ordering = ["form", "position"]
        constraints = [
            models.UniqueConstraint(fields=["form", "position"], name="statisticsrow_position_unique"),
            models.UniqueConstraint(fields=["form", "key"], name="statisticsrow_key_unique"),
            models.CheckConstraint(
                condition=Q(role__in=["total", "section", "part", "rest", "of_which"]), name="statisticsrow_role"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.label}".strip()


class IssuedStatistics(models.Model):
    """A form of a statistical year as issued: its figures and the exact bytes of its PDF, frozen. Inserted
    whole by statistics_issue; the database refuses any change or deletion (migration 0008)."""

    form_number = models.CharField(_("form"), max_length=64)
    form_code = models.CharField(_("form code"), max_length=8)
    year = models.PositiveIntegerField(_("statistical year"))
    period_start = models.DateField(_("figures from"))
    period_end = models.DateField(_("figures to"))
    title = models.CharField(_("title"), max_length=255)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField(_("figures as issued"))
    pdf = models.BinaryField(_("PDF as issued"))
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)

    class Meta:
        verbose_name = _("issued statistical form")
        verbose_name_plural = _("issued statistical forms")
        ordering = ["-year", "form_code"]
        constraints = [
            models.UniqueConstraint(fields=["form_code", "year"], name="issuedstatistics_once_per_form_year"),
            models.CheckConstraint(condition=~Q(pdf_sha256=""), name="issuedstatistics_has_sha256"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="issuedstatistics_period"),
        ]

    def __str__(self):
        return f"{self.form_number} ({self.year})"
