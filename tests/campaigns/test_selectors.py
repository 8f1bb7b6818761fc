"""The year-end comparison: registered titles beside the titles received, on a small built example."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.decisions.services import decision_annul
from campaigns.selectors import covenants_for_year, year_comparison
from tests.campaigns.factories import make_campaign, make_covenant, make_registration
from tests.factories import ClusterFactory, UnitFactory, make_decision, membership, recipient

pytestmark = pytest.mark.django_db


def _collective(code, unit):
    return recipient(code, recipient_kind="collective", name=unit.name, unit=unit)


@pytest.fixture
def unit():
    unit = UnitFactory(name="Sở Tư pháp")
    membership(cluster=ClusterFactory(year=2018, name="Cụm thi đua các cơ quan Nội chính"), unit=unit)
    return unit


def _row(comparison, unit):
    (row,) = [r for r in comparison.units if r.unit == unit]
    return row


def test_registered_ldxs_and_flag_with_ldxs_received_gives_one_matched_and_one_missing(unit, staff):
    make_registration(unit=unit, titles=["TTLDXS", "CO_TD_TINH"])
    make_decision(date=datetime.date(2018, 1, 8), recipients=[_collective("TTLDXS", unit)])
    row = _row(year_comparison(user=staff, year=2018), unit)
    assert [t.code for t in row.matched] == ["TTLDXS"]
    assert [t.code for t in row.missing] == ["CO_TD_TINH"]
    assert row.unregistered == []


def test_only_issued_decisions_dated_in_the_year_count_and_unregistered_titles_are_listed(unit, staff):
    make_registration(unit=unit, titles=["TTLDXS", "CO_TD_TINH"])
    make_decision(date=datetime.date(2017, 12, 20), recipients=[_collective("CO_TD_TINH", unit)])  # year before
    make_decision(date=datetime.date(2018, 5, 2), issued=False, recipients=[_collective("CO_TD_TINH", unit)])
    annulled = make_decision(date=datetime.date(2018, 5, 3), recipients=[_collective("CO_TD_TINH", unit)])
    decision_annul(actor=None, decision=annulled, reason="Nhập trùng")
    make_decision(date=datetime.date(2018, 4, 5), recipients=[_collective("BK_TINH", unit)])
    # An individual's Bằng khen is not the unit's title.
    make_decision(date=datetime.date(2018, 4, 6), recipients=[recipient("BK_TINH", name="Hoàng Văn Phong", unit=unit)])
    comparison = year_comparison(user=staff, year=2018)
    row = _row(comparison, unit)
    assert row.matched == []
    assert sorted(t.code for t in row.missing) == ["CO_TD_TINH", "TTLDXS"]
    assert [t.code for t in row.unregistered] == ["BK_TINH"]
    assert (comparison.matched, comparison.missing, comparison.unregistered) == (0, 2, 1)


def test_an_individual_title_registered_for_the_staff_counts_when_one_of_them_receives_it(unit, staff):
    make_registration(unit=unit, titles=["CSTD_TINH"])
    make_decision(date=datetime.date(2018, 1, 8), recipients=[recipient("CSTD_TINH", name="Lương Thị Hà", unit=unit)])
    assert [t.code for t in _row(year_comparison(user=staff, year=2018), unit).matched] == ["CSTD_TINH"]


def test_units_of_the_year_without_a_registration_appear_and_campaign_registrations_are_apart(unit, staff):
    other = UnitFactory(name="Sở Y tế")
    membership(cluster=ClusterFactory(year=2018), unit=other)
    registered_elsewhere = UnitFactory(name="Đơn vị ngoài cụm")
    make_registration(unit=registered_elsewhere)
    campaign = make_campaign()
    by_campaign = make_registration(unit=unit, campaign=campaign, titles=["BK_TINH"])
    comparison = year_comparison(user=staff, year=2018)
    assert {r.unit.name for r in comparison.units} == {"Sở Tư pháp", "Sở Y tế", "Đơn vị ngoài cụm"}
    assert _row(comparison, unit).registration is None
    assert _row(comparison, registered_elsewhere).cluster is None
    assert comparison.campaign_registrations == [by_campaign]
    assert comparison.registered_units == 1


def test_the_comparison_runs_the_same_queries_for_3_and_30_units(staff):
    def count():
        with CaptureQueriesContext(connection) as captured:
            comparison = year_comparison(user=staff, year=2018)
            for row in comparison.units:
                [t.name for t in row.matched + row.missing + row.unregistered]
        return len(captured)

    def add(n):
        cluster = ClusterFactory(year=2018)
        for _ in range(n):
            unit = UnitFactory()
            membership(cluster=cluster, unit=unit)
            make_registration(unit=unit, titles=["TTLDXS", "CO_TD_TINH"])
            make_decision(recipients=[_collective("TTLDXS", unit), _collective("BK_TINH", unit)])

    add(3)
    count()  # the user's permissions and unit account are looked up once, then kept on the user
    few = count()
    add(27)
    assert count() == few


def test_covenants_of_the_year_list_every_cluster_signed_or_not(staff):
    signed, unsigned = ClusterFactory(year=2018, name="Cụm A"), ClusterFactory(year=2018, name="Cụm B")
    ClusterFactory(year=2019, name="Cụm A")
    covenant = make_covenant(cluster=signed)
    _blocs, rows = covenants_for_year(user=staff, year=2018)
    assert {(r.cluster, r.covenant) for r in rows} == {(signed, covenant), (unsigned, None)}
