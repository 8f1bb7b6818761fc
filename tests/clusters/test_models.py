import pytest
from django.db import IntegrityError, transaction

from clusters.models import ClusterMembership
from tests.factories import ClusterFactory, UnitFactory, membership

pytestmark = pytest.mark.django_db


def _refused(callable_, match):
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        callable_()


def test_a_unit_sits_in_one_cluster_per_year_and_may_move_the_next_year():
    unit = UnitFactory()
    first, second = ClusterFactory(year=2018), ClusterFactory(year=2018)
    membership(cluster=first, unit=unit)
    _refused(lambda: membership(cluster=second, unit=unit), "membership_one_cluster_per_unit_year")
    membership(cluster=ClusterFactory(year=2019), unit=unit)
    assert unit.memberships.count() == 2


def test_a_cluster_has_at_most_one_leader():
    cluster = ClusterFactory()
    membership(cluster=cluster, unit=UnitFactory(), role="leader")
    _refused(
        lambda: membership(cluster=cluster, unit=UnitFactory(), role="leader"), "membership_one_leader_per_cluster"
    )


def test_the_membership_year_is_the_cluster_year():
    cluster = ClusterFactory(year=2018)
    _refused(
        lambda: ClusterMembership.objects.create(cluster=cluster, unit=UnitFactory(), year=2019),
        "membership_year_mismatch",
    )


def test_a_cluster_with_members_cannot_move_to_another_year():
    cluster = ClusterFactory(year=2018)
    membership(cluster=cluster, unit=UnitFactory())
    cluster.year = 2019
    _refused(cluster.save, "cluster_year_locked")


def test_mergers_need_an_end_date_and_periods_run_forward():
    import datetime

    old, new = UnitFactory(), UnitFactory()
    old.successor = new
    _refused(old.save, "unit_successor_only_when_ended")
    old.active_from, old.active_to = datetime.date(2010, 1, 1), datetime.date(2009, 1, 1)
    _refused(old.save, "unit_active_period_ordered")
    old.active_to = datetime.date(2019, 12, 31)
    old.save()
    assert new.predecessors.get() == old


def test_names_sort_in_vietnamese_order_on_the_database():
    # The database's ICU "vi" collation puts Đ after D and Ủ after U, where byte order would put them last.
    for name in [
        "Văn phòng UBND tỉnh",
        "Ủy ban MTTQ tỉnh",
        "Đài Phát thanh và Truyền hình",
        "Sở Y tế",
        "Ban Dân tộc",
        "Cục Thuế",
        "Dược Lạng Sơn",
    ]:
        UnitFactory(name=name)
    from clusters.models import Unit

    assert list(Unit.objects.order_by("name").values_list("name", flat=True)) == [
        "Ban Dân tộc",
        "Cục Thuế",
        "Dược Lạng Sơn",
        "Đài Phát thanh và Truyền hình",
        "Sở Y tế",
        "Ủy ban MTTQ tỉnh",
        "Văn phòng UBND tỉnh",
    ]
