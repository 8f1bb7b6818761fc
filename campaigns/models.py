"""Campaigns and the document register. For now: the bodies that issue documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
