"""Reads for the yearly emulation organisation."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from clusters.models import Bloc, Cluster, ClusterMembership, Unit, UnitUser
from thiduakhenthuong.lib.search import search, vi_order


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


def organisation_for_year(*, year: int, q: str = "") -> list[BlocView]:
    """Blocs → clusters → units of one year, in two queries; units in Vietnamese alphabetical order. With `q`,
    only the units whose name holds every word of it (ignoring diacritics and case), and the clusters having one."""
    memberships = search(ClusterMembership.objects.select_related("unit"), fields=["unit__name"], text=q)
    memberships = memberships.order_by(vi_order("unit__name"), "pk")
    clusters = (
        Cluster.objects.filter(year=year)
        .select_related("bloc")
        .prefetch_related(Prefetch("memberships", queryset=memberships))
        .order_by("bloc__display_order", "bloc__name", "display_order", "name")
    )
    if q.strip():
        clusters = clusters.filter(pk__in=memberships.values("cluster"))
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


def unit_search(*, text: str, limit: int) -> tuple[list[Unit], int]:
    """Units whose name holds every word of `text` (ignoring diacritics and case), in Vietnamese alphabetical
    order: the first `limit` and how many there are, in two queries. Units are public to every logged-in user."""
    units = search(Unit.objects.all(), fields=["name"], text=text)
    return list(units.order_by(vi_order("name"), "pk")[:limit]), units.count()


def unit_of(user) -> int | None:
    """The id of the unit a user acts for, or None for provincial users; looked up once per request's user."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_unit_id"):
        user._unit_id = UnitUser.objects.filter(user=user).values_list("unit_id", flat=True).first()
    return user._unit_id
