"""The award catalog: legal regimes, authorities, award types, kinds of commendation."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kernel.verification import Verification  # re-exported: awards.models.Verification


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("collective")
    INDIVIDUAL = "individual", _("individual")
    FAMILY = "family", _("family")


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=date)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=date)
        )


def validity_constraint(name):
    return models.CheckConstraint(
        condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
        name=name,
    )


class LegalRegime(models.Model):
    """The law and decree that govern awards dated within a period (2003/2013 law + Decree 91/2017, …)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal regime")
        verbose_name_plural = _("legal regimes")
        ordering = ["valid_from"]
        constraints = [validity_constraint("legalregime_validity_ordered")]

    def __str__(self):
        return self.name


class Authority(models.Model):
    """Who decides an award (thẩm quyền quyết định): the President, the Prime Minister, the provincial chair…"""

    class Level(models.TextChoices):
        STATE = "state", _("state level")
        PROVINCIAL = "provincial", _("provincial level")
        DISTRICT = "district", _("district level")
        COMMUNE = "commune", _("commune level")
        GRASSROOTS = "grassroots", _("grassroots level")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    issuer = models.ForeignKey(
        "campaigns.Issuer",
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("The body whose number register its decisions use."),
    )
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class AwardType(models.Model):
    """A title or form of commendation in the catalog (danh hiệu thi đua, hình thức khen thưởng)."""

    class Level(models.TextChoices):
        STATE = "state", _("state level")
        PROVINCIAL = "provincial", _("ministry or provincial level")
        DISTRICT = "district", _("district level")
        COMMUNE = "commune", _("commune level")
        GRASSROOTS = "grassroots", _("grassroots level")

    class Category(models.TextChoices):
        EMULATION_TITLE = "emulation_title", _("emulation title")
        ORDER = "order", _("order (huân chương)")
        MEDAL = "medal", _("medal (huy chương)")
        HONORARY_TITLE = "honorary_title", _("state honorary title")
        PRIZE = "prize", _("prize")
        COMMEMORATIVE_MEDAL = "commemorative_medal", _("commemorative medal")
        CERTIFICATE_OF_MERIT = "certificate_of_merit", _("certificate of merit (bằng khen)")
        CERTIFICATE_OF_COMMENDATION = "certificate_of_commendation", _("certificate of commendation (giấy khen)")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    grantors = models.ManyToManyField(Authority, verbose_name=_("granted by"), related_name="award_types")
    for_collective = models.BooleanField(_("for collectives"), default=False)
    for_individual = models.BooleanField(_("for individuals"), default=False)
    for_family = models.BooleanField(_("for families"), default=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    display_order = models.PositiveIntegerField(_("display order"), default=0)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )
    source = models.TextField(_("legal source"), blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_collective=True) | Q(for_individual=True) | Q(for_family=True),
                name="awardtype_has_a_recipient_kind",
            ),
            validity_constraint("awardtype_validity_ordered"),
        ]

    def __str__(self):
        return self.name

    def allows(self, recipient_kind: str) -> bool:
        return {
            RecipientKind.COLLECTIVE: self.for_collective,
            RecipientKind.INDIVIDUAL: self.for_individual,
            RecipientKind.FAMILY: self.for_family,
        }[recipient_kind]

    @property
    def allowed_recipient_kinds(self) -> list[str]:
        return [kind for kind in RecipientKind.values if self.allows(kind)]


class StatisticsMethod(models.TextChoices):
    """The forms' seven methods of commendation (rows 15–21 of biểu 0602). The 2022 law names its kinds
    differently (công trạng, phong trào…): each kind of commendation maps to one of these as catalog data."""

    REGULAR = "regular", _("regular")
    THEMATIC = "thematic", _("thematic")
    AD_HOC = "ad_hoc", _("ad hoc")
    FOREIGN = "foreign", _("foreign relations")
    DEDICATION = "dedication", _("dedication")
    SENIORITY = "seniority", _("seniority")
    RESISTANCE = "resistance", _("resistance merit")


class CommendationKind(models.Model):
    """Kind of commendation: thường xuyên, chuyên đề, đột xuất, công hiến, đối ngoại, kháng chiến, niên hạn…"""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )
    statistics_method = models.CharField(
        _("method in the statistics"),
        max_length=16,
        choices=StatisticsMethod.choices,
        blank=True,
        help_text=_(
            "The forms' method this kind is counted under (biểu 0602, 0603); empty: counted as not classified."
        ),
    )
    council_review = models.BooleanField(
        _("reviewed by the council"),
        default=True,
        help_text=_("Dossiers of this kind go before the council; Lạng Sơn 2018: all but ad hoc (đột xuất) ones."),
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("kind of commendation")
        verbose_name_plural = _("kinds of commendation")
        ordering = ["display_order", "name"]
        constraints = [validity_constraint("commendationkind_validity_ordered")]

    def __str__(self):
        return self.name
