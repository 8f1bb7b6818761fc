"""Reads for the yearly emulation organisation."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from clusters.models import Bloc, Cluster, ClusterMembership, UnitUser


@dataclass
class ClusterView:
    cluster: Cluster
    leader: ClusterMembership | None = None
    deputy: ClusterMembership | None = None
    members: list[ClusterMembership] = field(default_factory=list)


@dataclass
class BlocView:
    bloc: Bloc
    clusters: list[ClusterView] = field(default_factory=list)

    @property
    def unit_count(self) -> int:
        return sum(len(c.members) for c in self.clusters)


def organisation_years() -> list[int]:
    return list(Cluster.objects.order_by("-year").values_list("year", flat=True).distinct())


def organisation_for_year(*, year: int) -> list[BlocView]:
    """Blocs → clusters → units of one year, in three queries."""
    memberships = ClusterMembership.objects.select_related("unit").order_by("unit__name")
    clusters = (
        Cluster.objects.filter(year=year)
        .select_related("bloc")
        .prefetch_related(Prefetch("memberships", queryset=memberships))
        .order_by("bloc__display_order", "bloc__name", "display_order", "name")
    )
    blocs: dict[int, BlocView] = {}
    for cluster in clusters:
        view = ClusterView(cluster=cluster)
        for membership in cluster.memberships.all():
            view.members.append(membership)
            if membership.role == ClusterMembership.Role.LEADER:
                view.leader = membership
            elif membership.role == ClusterMembership.Role.DEPUTY:
                view.deputy = membership
        role_rank = {ClusterMembership.Role.LEADER: 0, ClusterMembership.Role.DEPUTY: 1}
        view.members.sort(key=lambda m: role_rank.get(m.role, 2))
        blocs.setdefault(cluster.bloc_id, BlocView(bloc=cluster.bloc)).clusters.append(view)
    return list(blocs.values())


def unit_of(user) -> int | None:
    """The id of the unit a user acts for, or None for provincial users; looked up once per request's user."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_unit_id"):
        user._unit_id = UnitUser.objects.filter(user=user).values_list("unit_id", flat=True).first()
    return user._unit_id
