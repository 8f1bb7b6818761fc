"""Report layouts as data: which lines a statistics table has, in which order, counting what."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportLayout(models.Model):
    """A stored table layout, e.g. the Phụ lục 2 table of the half-year report."""

    class Kind(models.TextChoices):
        APPENDIX2 = "appendix2", _("Appendix 2: award results")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    is_default = models.BooleanField(_("default for its kind"), default=False)

    class Meta:
        verbose_name = _("report layout")
        verbose_name_plural = _("report layouts")
        ordering = ["kind", "name"]
        permissions = [("view_statistics", _("Can view award statistics and export them"))]
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=Q(is_default=True), name="layout_one_default_per_kind")
        ]

    def __str__(self):
        return self.name


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

    class Meta:
        verbose_name = _("layout line")
        verbose_name_plural = _("layout lines")
        ordering = ["layout", "position"]
        constraints = [
            models.UniqueConstraint(fields=["layout", "position"], name="layoutrow_position_unique"),
            models.CheckConstraint(condition=~Q(label=""), name="layoutrow_label_not_empty"),
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
