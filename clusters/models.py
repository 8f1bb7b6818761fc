"""The emulation organisation: blocs, clusters regrouped every year, and the units taking part."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


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
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="unit_not_own_parent"),
            models.CheckConstraint(condition=~Q(successor=F("pk")), name="unit_not_own_successor"),
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
