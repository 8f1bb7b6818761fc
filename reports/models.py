"""Report layouts as data (which lines a statistics table has, in which order, counting what), and the
register of half-year and year-end reports with their narrative and, once issued, their frozen copy."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.lib.symbols import format_symbol


class ReportLayout(models.Model):
    """A stored table layout, e.g. the Phụ lục 2 table of the half-year report.

    Layouts chosen by date (`is_default`) are picked for a period by its last day: the table of a period is that of
    the catalog it closes under (a statistical year 01/12/2023–30/11/2024 reports with the 2024 layout). Other
    layouts are used only when a report names them."""

    class Kind(models.TextChoices):
        APPENDIX2 = "appendix2", _("Appendix 2: award results")
        AWARD_SUMMARY = "award_summary", _("Award figures written in a report's text")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    is_default = models.BooleanField(
        _("chosen by the period's dates"),
        default=False,
        help_text=_("Used for every period whose last day falls within its validity, unless a report names another."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("report layout")
        verbose_name_plural = _("report layouts")
        ordering = ["kind", "valid_from", "name"]
        permissions = [("view_statistics", _("Can view award statistics and export them"))]
        constraints = [
            # One layout chosen by date per kind and start of validity: the choice of a day is never a tie.
            models.UniqueConstraint(
                F("kind"),
                Coalesce("valid_from", Value(datetime.date(1, 1, 1))),
                condition=Q(is_default=True),
                name="layout_one_default_per_kind_and_start",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="reportlayout_validity_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """Two layouts chosen by date may not both be valid on a day: which one a period gets would be a guess."""
        if not self.is_default:
            return
        overlapping = ReportLayout.objects.filter(kind=self.kind, is_default=True).exclude(pk=self.pk)
        if self.valid_to:
            overlapping = overlapping.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=self.valid_to))
        if self.valid_from:
            overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        clash = overlapping.first()
        if clash:
            raise ValidationError(
                _("“%(layout)s” is chosen by date over the same days; change its validity first.") % {"layout": clash}
            )


class LayoutRow(models.Model):
    """One printed line. A line with children shows the sum of its children; a line without children counts
    the awards of its award types (or its parent's, when it names none) and, when it names kinds of
    commendation, only those kinds."""

    layout = models.ForeignKey(ReportLayout, verbose_name=_("layout"), on_delete=models.CASCADE, related_name="rows")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent line"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    position = models.PositiveIntegerField(pgettext_lazy("order of a line", "position"))
    number = models.CharField(_("number printed"), max_length=16, blank=True, help_text=_("I, II, 1, 2… or empty."))
    label = models.CharField(_("label"), max_length=255)
    award_types = models.ManyToManyField("awards.AwardType", verbose_name=_("award types"), blank=True)
    commendation_kinds = models.ManyToManyField(
        "awards.CommendationKind", verbose_name=_("kinds of commendation"), blank=True
    )
    # Only for award-figure layouts: how a report's text places the line ([[code]]) and words it.
    code = models.SlugField(_("code in the text"), max_length=64, blank=True)
    template = models.CharField(
        _("wording"),
        max_length=500,
        blank=True,
        help_text=_(
            "Placeholders: {label}, {total}, {kinds}, {breakdown}, {collective_share}, {individual_share}, "
            "{family_share}."
        ),
    )
    note = models.TextField(_("definition printed as a footnote"), blank=True)

    class Meta:
        verbose_name = _("layout line")
        verbose_name_plural = _("layout lines")
        ordering = ["layout", "position"]
        constraints = [
            models.UniqueConstraint(fields=["layout", "position"], name="layoutrow_position_unique"),
            models.CheckConstraint(condition=~Q(label=""), name="layoutrow_label_not_empty"),
            models.UniqueConstraint(fields=["layout", "code"], condition=~Q(code=""), name="layoutrow_code_unique"),
        ]

    def __str__(self):
        return f"{self.number} {self.label}".strip()

    def clean(self):
        """The lines form a tree of at most three levels (level, award line, breakdown line) in one layout."""
        if self.parent_id is None:
            return
        if self.parent.layout_id != self.layout_id:
            raise ValidationError({"parent": _("The parent line belongs to another layout.")})
        ancestor, depth = self.parent, 1
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A line cannot sit under itself or under one of its own lines.")})
            ancestor, depth = ancestor.parent, depth + 1
        if depth > 3:
            raise ValidationError({"parent": _("A layout has three levels: a level, an award line, a breakdown line.")})


class Report(models.Model):
    """A half-year or year-end report (báo cáo sơ kết / tổng kết). Its narrative is edited while it is a
    draft; issuing stores the snapshot of its computed figures and the exact bytes of its PDF, and the
    database refuses any later change (migration 0003). A correction is a new report."""

    class Kind(models.TextChoices):
        HALF_YEAR = "half_year", _("half-year report")
        YEAR_END = "year_end", _("year-end report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    period_start = models.DateField(_("figures from"))
    period_end = models.DateField(_("figures to"))
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=64, default="BC-UBND")
    place = models.CharField(_("place"), max_length=64, default="Lạng Sơn")
    date = models.DateField(_("date"))
    parent_body = models.CharField(_("governing body"), max_length=255, blank=True)
    issuing_body = models.CharField(
        _("issuing body"), max_length=255, help_text=_("As printed in the header, one line per line.")
    )
    issuing_body_name = models.CharField(
        _("issuing body in running text"), max_length=255, help_text=_("E.g. “Ủy ban nhân dân tỉnh Lạng Sơn”.")
    )
    title = models.CharField(_("document type as printed"), max_length=64, default="BÁO CÁO")
    summary = models.TextField(_("summary (trích yếu)"))
    signature_lines = models.TextField(
        _("signature block"), help_text=_("One line per line: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH.")
    )
    signer_name = models.CharField(_("signer"), max_length=128)
    recipients = models.TextField(_("distribution list (Nơi nhận)"), help_text=_("One recipient per line."))
    appendix1_title = models.CharField(_("title of Phụ lục 1"), max_length=500, blank=True)
    appendix2_layout = models.ForeignKey(
        ReportLayout,
        verbose_name=_("layout of Phụ lục 2"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": ReportLayout.Kind.APPENDIX2},
    )
    summary_layout = models.ForeignKey(
        ReportLayout,
        verbose_name=_("layout of the award figures in the text"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": ReportLayout.Kind.AWARD_SUMMARY},
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects the report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Moved on by every write of what its edit form shows (kernel.concurrency): a save over a newer one is refused.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
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
    snapshot = models.JSONField(_("figures as issued"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF as issued"), null=True, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    pdf_signed = models.BooleanField(_("digitally signed"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-date", "-number"]
        permissions = [("issue_report", _("Can issue a report"))]
        constraints = [
            models.UniqueConstraint(
                "number", "symbol", ExtractYear("date"), name="report_number_unique_per_symbol_year"
            ),
            models.CheckConstraint(condition=Q(number__gt=0), name="report_number_positive"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="report_period_ordered"),
            models.CheckConstraint(condition=Q(date__gte=F("period_end")), name="report_dated_after_its_period"),
            models.CheckConstraint(
                condition=(
                    Q(status="draft", issued_at__isnull=True, snapshot__isnull=True, pdf__isnull=True, pdf_sha256="")
                    | Q(status="issued", issued_at__isnull=False, snapshot__isnull=False, pdf__isnull=False)
                    & ~Q(pdf_sha256="")
                ),
                name="report_issued_fields_match_status",
            ),
        ]

    def __str__(self):
        return self.number_symbol

    @property
    def number_symbol(self) -> str:
        return format_symbol(self.number, self.symbol)

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED


class ReportSection(models.Model):
    """A heading and the text under it. The text is light markup (reports.markup): blank lines between
    paragraphs, "- " for bullets, [^…] for a footnote, **bold**, *italic*, and [[code]] for computed figures."""

    class Style(models.TextChoices):
        NONE = "none", _("no heading")
        PART = "part", _("part (Phần thứ …)")
        LEVEL1 = "level1", _("I., II. …")
        LEVEL2 = "level2", _("1., 2. …")
        LEVEL3 = "level3", _("1.1., 1.2. …")

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(pgettext_lazy("order of a line", "position"))
    style = models.CharField(_("heading style"), max_length=16, choices=Style.choices, default=Style.NONE)
    heading = models.TextField(_("heading"), blank=True)
    body = models.TextField(_("text"), blank=True)
    # Moved on by every write of what its edit form shows (kernel.concurrency): a save over a newer one is refused.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="reportsection_position_unique"),
            models.CheckConstraint(
                condition=Q(style="none", heading="") | (~Q(style="none") & ~Q(heading="")),
                name="reportsection_heading_matches_style",
            ),
        ]

    def __str__(self):
        return self.heading.splitlines()[0] if self.heading else f"#{self.position}"


class DocumentProfile(models.Model):
    """How administrative documents of a period are laid out (Circular 01/2011 until 04/3/2020, Decree 30/2020
    from 05/3/2020). A document takes the profile valid on its date; both are data, so a new decree is a new row."""

    class PageNumber(models.TextChoices):
        BOTTOM_RIGHT = "bottom-right", _("bottom right")
        TOP_CENTER = "top-center", _("top centre")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    source = models.CharField(_("legal source"), max_length=255)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    page_number = models.CharField(_("page number"), max_length=16, choices=PageNumber.choices)
    margin_top_mm = models.PositiveSmallIntegerField(_("top margin (mm)"))
    margin_bottom_mm = models.PositiveSmallIntegerField(_("bottom margin (mm)"))
    margin_left_mm = models.PositiveSmallIntegerField(_("left margin (mm)"))
    margin_right_mm = models.PositiveSmallIntegerField(_("right margin (mm)"))
    body_size_pt = models.PositiveSmallIntegerField(_("body text size (pt)"))
    first_line_indent_mm = models.PositiveSmallIntegerField(_("first-line indent (mm)"))

    class Meta:
        verbose_name = _("document formatting profile")
        verbose_name_plural = _("document formatting profiles")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="documentprofile_validity_ordered",
            ),
            # Decree 30/2020 and Circular 01/2011 agree: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
            models.CheckConstraint(
                condition=Q(margin_top_mm__range=(20, 25), margin_bottom_mm__range=(20, 25))
                & Q(margin_left_mm__range=(30, 35), margin_right_mm__range=(15, 20)),
                name="documentprofile_margins_lawful",
            ),
            models.CheckConstraint(condition=Q(body_size_pt__range=(13, 14)), name="documentprofile_body_size"),
        ]

    def __str__(self):
        return self.name


# The annual statistical forms live in their own module (this one is the report register's); Django finds their
# models through this import; certificate templates likewise (reports/certificate_models.py).
from reports.certificate_models import CertificateField, CertificateTemplate  # noqa: E402
from reports.signature_models import (  # noqa: E402
    RevisionSignature,
    SealAppearance,
    SignedDocument,
    SignedRevision,
    TrustRoot,
)
from reports.statistics_models import (  # noqa: E402
    IssuedStatistics,
    StatisticsColumn,
    StatisticsForm,
    StatisticsRegime,
    StatisticsRow,
)
from reports.ticket_models import SigningTicket  # noqa: E402  (signing through the VGCA service, reports/vgca.py)

__all__ = [
    "CertificateField",
    "CertificateTemplate",
    "DocumentProfile",
    "IssuedStatistics",
    "LayoutRow",
    "Report",
    "ReportLayout",
    "ReportSection",
    "RevisionSignature",
    "SealAppearance",
    "SignedDocument",
    "SignedRevision",
    "SigningTicket",
    "StatisticsColumn",
    "StatisticsForm",
    "StatisticsRegime",
    "StatisticsRow",
    "TrustRoot",
]
