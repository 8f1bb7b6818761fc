"""The demo's 2025 reorganisation of Lạng Sơn (research notes domain-current-regime.md, "Confirmed since" §6), on
top of the 2018 organisation: the 2018 units, clusters and memberships are left as they are.

- Departments, from 01/3/2025 (NQ 04/NQ-HĐND of 18/02/2025; PARTIAL, news.laodong.vn): Lao động - Thương binh và
  Xã hội into Sở Nội vụ, Kế hoạch và Đầu tư into Sở Tài chính, Giao thông vận tải into Sở Xây dựng, Thông tin và
  Truyền thông into Sở Khoa học và Công nghệ (the receiving department goes on as the same unit); Nông nghiệp và
  Phát triển nông thôn with Tài nguyên và Môi trường into a new Sở Nông nghiệp và Môi trường, Ban Dân tộc into a new
  Sở Dân tộc và Tôn giáo.
- The district level ends on 30/6/2025 (PARTIAL): every district of the demo gets one successor, an ILLUSTRATIVE
  link (the communes were regrouped into 61 xã and 4 phường, NQ 1672/NQ-UBTVQH15, PARTIAL; no district has a
  single successor in law). The four phường the notes name (Tam Thanh, Lương Văn Tri, Kỳ Lừa, Đông Kinh) keep their
  real names; the xã, which the notes do not name, get names marked "(tên minh họa)". All are marked illustrative.
- The clusters of 2025 follow: the 2018 clusters again, each unit replaced by the unit existing at the end of 2025
  (its successor, which takes the leader's or deputy's role unless already placed), and the districts' bloc
  replaced by a bloc of the xã and phường.

Called last by the demo loader (thiduakhenthuong.demo.demo_load), after the 2018 decisions picked their units.
Idempotent: units and clusters are matched by name, memberships by unit and year."""

import datetime

from clusters.models import Bloc, Cluster, ClusterMembership, Unit

REORGANISATION_YEAR = 2025
DEPARTMENTS_MERGED_ON = datetime.date(2025, 3, 1)
DISTRICTS_ENDED_ON = datetime.date(2025, 6, 30)
COMMUNES_FROM = DISTRICTS_ENDED_ON + datetime.timedelta(days=1)
YEAR_END = datetime.date(REORGANISATION_YEAR, 12, 31)

# Ended department → the department it merged into (NEW_DEPARTMENTS: created on 01/3/2025).
DEPARTMENT_SUCCESSORS = {
    "Sở Lao động - Thương binh và Xã hội": "Sở Nội vụ",
    "Sở Kế hoạch và Đầu tư": "Sở Tài chính",
    "Sở Giao thông vận tải": "Sở Xây dựng",
    "Sở Thông tin và Truyền thông": "Sở Khoa học và Công nghệ",
    "Sở Nông nghiệp và Phát triển nông thôn": "Sở Nông nghiệp và Môi trường",
    "Sở Tài nguyên và Môi trường": "Sở Nông nghiệp và Môi trường",
    "Ban Dân tộc tỉnh": "Sở Dân tộc và Tôn giáo",
}
NEW_DEPARTMENTS = ("Sở Nông nghiệp và Môi trường", "Sở Dân tộc và Tôn giáo")

ILLUSTRATIVE = " (tên minh họa)"
# District → its illustrative successor; the city's is a real phường of NQ 1672 (the link itself is illustrative).
DISTRICT_SUCCESSORS = {
    "Thành phố Lạng Sơn": "Phường Lương Văn Tri",
    **{
        f"Huyện {name}": f"Xã {name}{ILLUSTRATIVE}"
        for name in (
            "Tràng Định",
            "Văn Lãng",
            "Cao Lộc",
            "Lộc Bình",
            "Đình Lập",
            "Hữu Lũng",
            "Chi Lăng",
            "Văn Quan",
            "Bình Gia",
            "Bắc Sơn",
        )
    },
}
OTHER_WARDS = ("Phường Tam Thanh", "Phường Kỳ Lừa", "Phường Đông Kinh")  # NQ 1672 (PARTIAL), no predecessor here
DISTRICTS_BLOC = "Khối các huyện, thành phố"
COMMUNES_BLOC = "Khối các xã, phường"
# The districts' clusters of 2018 → the communes' clusters of 2025 (illustrative names).
COMMUNE_CLUSTERS = {
    "Cụm thi đua các huyện biên giới": "Cụm thi đua các xã biên giới (minh họa)",
    "Cụm thi đua các huyện, thành phố nội địa": "Cụm thi đua các xã, phường nội địa (minh họa)",
}
WARDS_CLUSTER = "Cụm thi đua các xã, phường nội địa (minh họa)"


def _units_ensure() -> dict[str, Unit]:
    """The new units, created once; returned with every unit of the mergers, by name."""
    wanted = {
        **{name: (Unit.Kind.PROVINCIAL_AGENCY, DEPARTMENTS_MERGED_ON) for name in NEW_DEPARTMENTS},
        **{name: (Unit.Kind.COMMUNE, COMMUNES_FROM) for name in (*DISTRICT_SUCCESSORS.values(), *OTHER_WARDS)},
    }
    for name, (kind, active_from) in wanted.items():
        Unit.objects.get_or_create(
            name=name, defaults={"kind": kind, "active_from": active_from, "is_illustrative": True}
        )
    names = {*wanted, *DEPARTMENT_SUCCESSORS, *DEPARTMENT_SUCCESSORS.values(), *DISTRICT_SUCCESSORS}
    return {unit.name: unit for unit in Unit.objects.filter(name__in=names)}


# Where each ending comes from, with how sure the research notes are of it (they give no official text of either).
DEPARTMENTS_SOURCE = (
    "Nghị quyết 04/NQ-HĐND ngày 18/02/2025 của HĐND tỉnh Lạng Sơn (PARTIAL: news.laodong.vn, chưa đối chiếu văn bản)"
)
DISTRICTS_SOURCE = (
    "Chính quyền địa phương hai cấp từ 01/7/2025, NQ 1672/NQ-UBTVQH15 sắp xếp đơn vị hành chính cấp xã (PARTIAL: "
    "thuviennhadat.vn, news.laodong.vn); đơn vị kế thừa là minh họa"
)


def _units_end(units: dict[str, Unit]) -> int:
    """Marks each merged department and each district ended, with its successor; returns how many changed."""
    ended = 0
    endings = [(DEPARTMENT_SUCCESSORS, DEPARTMENTS_MERGED_ON - datetime.timedelta(days=1), DEPARTMENTS_SOURCE)]
    endings.append((DISTRICT_SUCCESSORS, DISTRICTS_ENDED_ON, DISTRICTS_SOURCE))
    for successors, last_day, source in endings:
        for name, successor in successors.items():
            unit = units.get(name)
            if unit is None or unit.active_to is not None:
                continue  # not in this demo, or already ended (a second run)
            unit.active_to, unit.end_reason, unit.end_source = last_day, Unit.EndReason.REORGANISATION, source
            unit.successor = units[successor]
            unit.save(update_fields=["active_to", "end_reason", "end_source", "successor"])
            ended += 1
    return ended


def _existing_at_year_end(unit: Unit, by_pk: dict[int, Unit]) -> Unit | None:
    while unit.active_to is not None and unit.active_to < YEAR_END:
        if unit.successor_id is None:
            return None
        unit = by_pk[unit.successor_id]
    return unit


def _clusters_regroup(source_year: int) -> int:
    """The clusters of 2025 from those of `source_year`; returns the memberships created."""
    if Cluster.objects.filter(year=REORGANISATION_YEAR).exists():
        return 0
    communes_bloc, _created = Bloc.objects.get_or_create(
        name=COMMUNES_BLOC, defaults={"display_order": Bloc.objects.get(name=DISTRICTS_BLOC).display_order}
    )
    by_pk = Unit.objects.in_bulk()
    placed: dict[int, ClusterMembership] = {}
    ranks: dict[str, int] = {
        ClusterMembership.Role.LEADER: 0,
        ClusterMembership.Role.DEPUTY: 1,
        ClusterMembership.Role.MEMBER: 2,
    }
    memberships = ClusterMembership.objects.filter(year=source_year).select_related("cluster__bloc")
    for old in memberships.order_by("cluster__bloc__display_order", "cluster__display_order", "role", "unit__name"):
        unit = _existing_at_year_end(by_pk[old.unit_id], by_pk)
        if unit is None:
            continue
        commune = old.cluster.bloc.name == DISTRICTS_BLOC
        cluster, _created = Cluster.objects.get_or_create(
            year=REORGANISATION_YEAR,
            name=COMMUNE_CLUSTERS.get(old.cluster.name, old.cluster.name),
            defaults={
                "bloc": communes_bloc if commune else old.cluster.bloc,
                "display_order": old.cluster.display_order,
            },
        )
        taken = {m.role for m in placed.values() if m.cluster_id == cluster.pk}
        role = old.role if old.role not in taken else ClusterMembership.Role.MEMBER
        if unit.pk in placed:  # two predecessors in one successor: it keeps the highest role it was given
            if placed[unit.pk].cluster_id == cluster.pk and ranks[role] < ranks[placed[unit.pk].role]:
                placed[unit.pk].role = role
            continue
        placed[unit.pk] = ClusterMembership(unit=unit, cluster=cluster, year=REORGANISATION_YEAR, role=role)
    wards = Cluster.objects.filter(year=REORGANISATION_YEAR, name=WARDS_CLUSTER).first()
    for ward in Unit.objects.filter(name__in=OTHER_WARDS):
        if wards is not None and ward.pk not in placed:
            placed[ward.pk] = ClusterMembership(unit=ward, cluster=wards, year=REORGANISATION_YEAR)
    ClusterMembership.objects.bulk_create(placed.values())
    return len(placed)


def reorganisation_load(*, source_year: int) -> dict[str, int]:
    """The reorganisation on the demo's organisation of `source_year` (see the module's docstring)."""
    units = _units_ensure()
    ended = _units_end(units)
    memberships = _clusters_regroup(source_year)
    return {"units_ended": ended, "memberships_2025": memberships}
