"""Certificate templates (Bằng khen, Giấy khen…) as data, per award type and grantor: the page, whether the text is
printed on a pre-printed blank (phôi) or over an uploaded artwork, and where and how each field is printed, in
millimetres. The layout of NĐ 98/2023 Điều 104 (PARTIAL) is the default loaded from fixtures/catalog; sizes other
than the issue's defaults are unconfirmed and labelled so."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from kernel.verification import Verification

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class CertificateTemplate(models.Model):
    class Mode(models.TextChoices):
        TEXT = "text", _("text only, for pre-printed blanks")
        ARTWORK = "artwork", _("full artwork over the uploaded background")

    award_type = models.ForeignKey(
        "awards.AwardType", verbose_name=_("award type"), on_delete=models.PROTECT, related_name="+"
    )
    authority = models.ForeignKey(
        "awards.Authority", verbose_name=_("grantor"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    page_width_mm = models.DecimalField(_("page width (mm)"), max_digits=6, decimal_places=1)
    page_height_mm = models.DecimalField(_("page height (mm)"), max_digits=6, decimal_places=1)
    mode = models.CharField(_("printing"), max_length=16, choices=Mode.choices, default=Mode.TEXT)
    background = models.FileField(
        _("background image"),
        upload_to="certificates/backgrounds/",
        blank=True,
        help_text=_("PNG or JPEG of the whole page (border, emblem), printed under the text in full-artwork mode."),
    )
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.PARTIAL
    )
    source = models.TextField(_("source"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["award_type__display_order", "authority__display_order"]
        constraints = [
            models.UniqueConstraint(fields=["award_type", "authority"], name="certtemplate_one_per_award_grantor"),
            models.CheckConstraint(
                condition=Q(page_width_mm__gte=50, page_width_mm__lte=1000, page_height_mm__gte=50)
                & Q(page_height_mm__lte=1000),
                name="certtemplate_page_size_sane",
            ),
            models.CheckConstraint(condition=Q(mode__in=["text", "artwork"]), name="certtemplate_mode_valid"),
            models.CheckConstraint(
                condition=Q(mode="text") | ~Q(background=""), name="certtemplate_artwork_has_background"
            ),
        ]

    def __str__(self):
        return self.name


class CertificateField(models.Model):
    """Where one field is printed: its box starts `x_mm` from the page's left edge and is `width_mm` wide (the text is
    aligned in it and wraps within it); `y_mm` is the baseline of its first line, from the page's top edge."""

    class Key(models.TextChoices):
        # Printed only in full-artwork mode when marked so: a pre-printed blank already carries these lines.
        NATIONAL_NAME = "national_name", _("national name (Quốc hiệu)")
        MOTTO = "motto", _("motto (Tiêu ngữ)")
        GRANTOR_TITLE = "grantor_title", _("grantor's title")
        OFFER = "offer", _("“TẶNG” line")
        AWARD_NAME = "award_name", _("name of the award")
        # The certificate's data.
        RECIPIENT = "recipient", _("recipient")
        POSITION = "position", _("position")
        UNIT = "unit", _("unit or address")
        ACHIEVEMENT = "achievement", _("achievement")
        DECISION = "decision", _("decision number and date")
        REGISTER = "register", _("register number (số sổ vàng)")
        PLACE_DATE = "place_date", _("place and date")
        SIGNER_TITLE = "signer_title", _("signer's title")
        SIGNER_NAME = "signer_name", _("signer's name")

    class Align(models.TextChoices):
        LEFT = "left", _("left")
        CENTER = "center", _("centre")
        RIGHT = "right", _("right")

    template = models.ForeignKey(
        CertificateTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="fields"
    )
    key = models.CharField(_("field"), max_length=32, choices=Key.choices)
    text = models.CharField(
        _("text"),
        max_length=300,
        blank=True,
        help_text=_(
            "Printed before the value (e.g. “Số sổ vàng: ”); for the fixed lines, the whole line. {grantor} is "
            "the grantor's title with the province."
        ),
    )
    x_mm = models.DecimalField(_("x (mm)"), max_digits=6, decimal_places=1)
    y_mm = models.DecimalField(_("baseline y (mm)"), max_digits=6, decimal_places=1)
    width_mm = models.DecimalField(_("width (mm)"), max_digits=6, decimal_places=1)
    font_size_pt = models.DecimalField(_("font size (pt)"), max_digits=4, decimal_places=1)
    colour = models.CharField(_("colour"), max_length=7, default="#000000")
    bold = models.BooleanField(_("bold"), default=False)
    italic = models.BooleanField(_("italic"), default=False)
    uppercase = models.BooleanField(_("upper case"), default=False)
    align = models.CharField(_("alignment"), max_length=8, choices=Align.choices, default=Align.CENTER)
    artwork_only = models.BooleanField(
        _("full artwork only"), default=False, help_text=_("Not printed on pre-printed blanks, which carry it.")
    )

    class Meta:
        verbose_name = _("certificate field")
        verbose_name_plural = _("certificate fields")
        ordering = ["template", "y_mm", "x_mm"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="certfield_once_per_template"),
            models.CheckConstraint(
                condition=Q(x_mm__gte=0, y_mm__gte=0, width_mm__gt=0, font_size_pt__gte=4, font_size_pt__lte=96),
                name="certfield_position_sane",
            ),
            # "#" and six characters (the admin form checks they are hexadecimal digits; no REGEXP in SQLite).
            models.CheckConstraint(condition=Q(colour__startswith="#"), name="certfield_colour_hash"),
            models.CheckConstraint(condition=Exact(Length("colour"), 7), name="certfield_colour_length"),
            models.CheckConstraint(condition=Q(align__in=["left", "center", "right"]), name="certfield_align_valid"),
        ]

    def __str__(self):
        return self.get_key_display()

    def clean(self):
        errors = {}
        if not COLOUR.match(self.colour or ""):
            errors["colour"] = _("Write the colour as # and six hexadecimal digits, e.g. #C00000.")
        template = getattr(self, "template", None)
        if template is not None and self.x_mm is not None and self.width_mm is not None:
            if self.x_mm + self.width_mm > template.page_width_mm:
                errors["width_mm"] = _("The field runs past the page's right edge.")
        if template is not None and self.y_mm is not None and self.y_mm > template.page_height_mm:
            errors["y_mm"] = _("The field is below the page's bottom edge.")
        if errors:
            raise ValidationError(errors)
