"""The emulation organisation: blocs, clusters regrouped every year, and the units taking part."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kernel.verification import Verification


class Bloc(models.Model):
    """Khối thi đua: the top grouping of clusters (the seed has three)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("bloc")
        verbose_name_plural = _("blocs")
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """Đơn vị: an agency, locality or enterprise taking part in emulation."""

    class Kind(models.TextChoices):
        PROVINCIAL_AGENCY = "provincial_agency", _("provincial department or agency")
        DISTRICT = "district", _("district or city")
        COMMUNE = "commune", _("commune, ward or township")
        ENTERPRISE = "enterprise", _("enterprise or cooperative")
        CENTRAL_AGENCY = "central_agency", _("central agency in the province")
        PARTY_AGENCY = "party_agency", _("Party agency")
        MASS_ORGANISATION = "mass_organisation", _("mass organisation or association")
        ARMED_FORCES = "armed_forces", _("armed forces")
        PUBLIC_SERVICE = "public_service", _("public service unit")
        OTHER = "other", _("other")

    class EndReason(models.TextChoices):
        # What EndedUnitRule reads: Thông tư 15/2025/TT-BNV forbids awards to bodies dissolved in the
        # reorganisation of the apparatus (sắp xếp tổ chức bộ máy), not to a company that closed.
        REORGANISATION = "reorganisation", _("merged or dissolved in the reorganisation of the apparatus")
        OTHER = "other", _("other (closed, split…)")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor (after a merger)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    end_reason = models.CharField(
        _("why it ended"),
        max_length=16,
        choices=EndReason.choices,
        blank=True,
        db_default="",  # rows written by COPY (the synthetic data set) name only the columns they fill
        help_text=_("Only for a unit that ended: the rules on ended units apply to the reorganisation's."),
    )
    end_source = models.CharField(
        _("source of the end"),
        max_length=500,
        blank=True,
        db_default="",
        help_text=_("The decision that ended it, and how sure that is when not verified in the text itself."),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demo data invented for illustration, not from the seed.")
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_from__isnull=True) | Q(active_to__gte=F("active_from")),
                name="unit_active_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(active_to__isnull=False),
                name="unit_successor_only_when_ended",
            ),
            models.CheckConstraint(
                condition=(Q(end_reason="") & Q(end_source="")) | Q(active_to__isnull=False),
                name="unit_end_reason_only_when_ended",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="unit_not_own_parent"),
            models.CheckConstraint(condition=~Q(successor=F("pk")), name="unit_not_own_successor"),
        ]

    def __str__(self):
        return self.name

    def active_in(self, year: int) -> bool:
        """Whether the unit existed on at least one day of `year` (a unit merged on 01/3 still emulated that
        year's first two months); the same test as clusters.selectors.units_active_in."""
        return (self.active_from is None or self.active_from.year <= year) and (
            self.active_to is None or self.active_to.year >= year
        )


class EndedUnitRule(models.Model):
    """From `valid_from`, no award, nomination or imported row may name a unit that ended, for `end_reason`, before
    the date that row is judged on (clusters.reorganisation). Data, with its citation and how sure the research
    notes are of it, so that staff correct it in the administration instead of the code."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    end_reason = models.CharField(
        _("units ended because"), max_length=16, choices=Unit.EndReason.choices, default=Unit.EndReason.REORGANISATION
    )
    article = models.CharField(_("article"), max_length=255, help_text=_("The legal text cited in the refusal."))
    legal_text = models.TextField(_("legal text"), blank=True)
    source = models.TextField(_("source of the note"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("rule on ended units")
        verbose_name_plural = _("rules on ended units")
        ordering = ["valid_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="endedunitrule_validity_ordered",
            ),
            models.CheckConstraint(condition=~Q(end_reason=""), name="endedunitrule_has_end_reason"),
        ]

    def __str__(self):
        return self.name


class Cluster(models.Model):
    """Cụm thi đua for one year: units are regrouped every year, so a cluster belongs to its year."""

    year = models.PositiveSmallIntegerField(_("year"))
    bloc = models.ForeignKey(Bloc, verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="clusters")
    name = models.CharField(_("name"), max_length=255)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["year", "bloc__display_order", "display_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="cluster_name_unique_per_year"),
            models.CheckConstraint(condition=Q(year__gte=1945) & Q(year__lte=2100), name="cluster_year_plausible"),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"


class ClusterMembership(models.Model):
    """A unit's place in one cluster for one year, with its rotating role."""

    class Role(models.TextChoices):
        LEADER = "leader", _("cluster leader")
        DEPUTY = "deputy", _("cluster deputy")
        MEMBER = "member", _("member")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships")
    # Copied from the cluster so the database can enforce one cluster per unit and year; a trigger
    # (migration 0002) keeps it equal to the cluster's year.
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")
        ordering = ["cluster", "role", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="membership_one_cluster_per_unit_year"),
            models.UniqueConstraint(
                fields=["cluster"], condition=Q(role="leader"), name="membership_one_leader_per_cluster"
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.cluster}"


class UnitUser(models.Model):
    """A user who acts for one unit (văn thư đơn vị): everything they see is scoped to that unit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="unit_account"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="accounts")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit account")
        verbose_name_plural = _("unit accounts")
        ordering = ["unit__name", "user__username"]

    def __str__(self):
        return f"{self.user} – {self.unit}"


class Person(models.Model):
    """One record per person (cá nhân) awarded or nominated, so that their awards over the years are read in one
    place. Duplicates found later are merged by staff (clusters.services.person_merge): the merged record stays and
    points to the one kept."""

    class Sex(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    full_name = models.CharField(_("full name"), max_length=255)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, null=True, blank=True)
    id_number = models.CharField(
        _("identity card number"),
        max_length=20,
        null=True,
        blank=True,
        help_text=_("Citizen identity card (CCCD) or former identity card (CMND) number."),
    )
    current_unit = models.ForeignKey(
        Unit,
        verbose_name=_("current unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_people",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "birth_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(full_name=""), name="person_name_not_empty"),
            models.CheckConstraint(condition=~Q(id_number=""), name="person_id_number_null_when_absent"),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="person_not_merged_into_itself"),
            # A merged record keeps its number for the record; only people still in use must differ.
            models.UniqueConstraint(
                fields=["id_number"],
                condition=Q(id_number__isnull=False) & Q(merged_into__isnull=True),
                name="person_id_number_unique",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None
