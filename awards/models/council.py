"""The council: its voting rules, and its members as reconstitution decisions set them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models.catalog import AwardType, ValidityQuerySet, Verification, validity_constraint


class VotingRule(models.Model):
    """How the council votes on a proposal: the ballot and the share that must agree, of ALL its members or of
    those taking part (present, and absent members whose written opinion counts), as the rule says.

    Data by legal regime and province (fixtures/catalog/voting_rules.csv), never code, part of a council rule set
    (CouncilRuleSet): a rule naming award types or categories applies to them; the rule naming none applies to
    every other proposal."""

    class Ballot(models.TextChoices):
        SECRET = "secret", _("secret ballot")
        NAMED = "named", _("open vote")

    class Denominator(models.TextChoices):
        ALL_MEMBERS = "all", _("all members of the council")
        PRESENT = "present", _("members taking part (present, or by a counted written opinion)")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    rule_set = models.ForeignKey(
        "awards.CouncilRuleSet",
        verbose_name=_("council rule set"),
        on_delete=models.PROTECT,
        related_name="voting_rules",
    )
    ballot = models.CharField(_("ballot"), max_length=16, choices=Ballot.choices)
    threshold_percent = models.PositiveSmallIntegerField(_("share needed (%)"))
    denominator = models.CharField(
        _("share of"), max_length=16, choices=Denominator.choices, default=Denominator.ALL_MEMBERS
    )
    award_types = models.ManyToManyField(AwardType, verbose_name=_("award types"), blank=True)
    award_categories = models.CharField(
        _("award categories"), max_length=255, blank=True, help_text=_("Comma-separated, e.g. honorary_title.")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("legal source"), max_length=500)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )

    objects = ValidityQuerySet.as_manager()

    # The award types, as a list, on the rules awards.council.voting.voting_rules_on reads (a to_attr prefetch).
    types: list[AwardType]

    class Meta:
        verbose_name = _("council voting rule")
        verbose_name_plural = _("council voting rules")
        ordering = ["-threshold_percent", "code"]
        constraints = [
            validity_constraint("votingrule_validity_ordered"),
            models.CheckConstraint(
                condition=Q(threshold_percent__gte=1) & Q(threshold_percent__lte=100), name="votingrule_threshold_range"
            ),
            models.CheckConstraint(
                condition=Q(denominator__in=["all", "present"]), name="votingrule_denominator_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def categories(self) -> set[str]:
        return {c.strip() for c in self.award_categories.split(",") if c.strip()}


class Council(models.Model):
    """An emulation and commendation council (Hội đồng Thi đua - Khen thưởng). Its members are set by
    reconstitution decisions (compositions), each valid from its date until the next one. Its quorum and the
    other working rules are dated data (CouncilRuleSet), not fields of the council."""

    name = models.CharField(_("name"), max_length=255, unique=True)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="council_name_not_empty")]

    def __str__(self):
        return self.name


class CouncilComposition(models.Model):
    """The council's members as a signed decision (quyết định kiện toàn) sets them from a date. The
    composition valid on a day is the latest one that took effect on or before it; a later one replaces it.

    A record of a signed decision: written and corrected only through awards.council.services, with a reason
    and an audit entry (before and after)."""

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.PROTECT, related_name="compositions"
    )
    document = models.ForeignKey(
        "campaigns.Document",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="council_compositions",
        help_text=_("The reconstitution decision, as entered in the document register."),
    )
    effective_from = models.DateField(_("effective from"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("council composition")
        verbose_name_plural = _("council compositions")
        ordering = ["council", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "effective_from"], name="councilcomposition_one_per_council_and_date"
            ),
        ]

    def __str__(self):
        return f"{self.council} – {self.effective_from:%d/%m/%Y}"


class CouncilRole(models.TextChoices):
    # In the order a decision lists the members.
    CHAIR = "chair", _("chair")
    FIRST_VICE_CHAIR = "first_vice_chair", _("first vice-chair")
    STANDING_VICE_CHAIR = "standing_vice_chair", _("standing vice-chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    STANDING_MEMBER = "standing_member", _("standing member")
    MEMBER = "member", _("ordinary member")


# Roles that at most one member of a composition holds (the chair: exactly one, checked by the services).
COUNCIL_SINGLE_ROLES = (
    CouncilRole.CHAIR,
    CouncilRole.FIRST_VICE_CHAIR,
    CouncilRole.STANDING_VICE_CHAIR,
    CouncilRole.STANDING_MEMBER,
)


class CouncilMember(models.Model):
    """One member of a composition, as the decision lists them."""

    composition = models.ForeignKey(
        CouncilComposition, verbose_name=_("composition"), on_delete=models.CASCADE, related_name="members"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    role = models.CharField(_("role in the council"), max_length=32, choices=CouncilRole.choices)
    full_name = models.CharField(_("full name"), max_length=128)
    title = models.CharField(_("title"), max_length=255, help_text=_("Chức vụ, e.g. “Chủ tịch UBND tỉnh”."))
    unit = models.ForeignKey(
        "clusters.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_members",
        help_text=_("The member's own unit: flags a conflict of interest when that unit is nominated."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_memberships",
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demo data invented for illustration, not from the seed.")
    )
    standing_body = models.BooleanField(
        _("member of the standing body"),
        default=False,
        help_text=_(
            "Thường trực Hội đồng: appraises on its own the awards the council's rules leave to it. By default the "
            "chair, the vice-chairs and the standing member."
        ),
    )

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["composition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["composition", "position"], name="councilmember_position_unique"),
            models.CheckConstraint(condition=Q(position__gte=1), name="councilmember_position_positive"),
            models.CheckConstraint(condition=Q(role__in=CouncilRole.values), name="councilmember_role_valid"),
            models.CheckConstraint(condition=~Q(full_name=""), name="councilmember_named"),
            models.CheckConstraint(condition=~Q(title=""), name="councilmember_has_title"),
        ]
        constraints += [
            models.UniqueConstraint(
                fields=["composition"], condition=Q(role=role), name=f"councilmember_one_{role.value}"
            )
            for role in COUNCIL_SINGLE_ROLES
        ]

    def __str__(self):
        return f"{self.full_name} – {self.get_role_display()}"
