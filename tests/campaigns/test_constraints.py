"""The database refuses rows that break the rules, whatever writes them."""

import datetime

import pytest
from django.db import IntegrityError

from campaigns.models import Campaign, Covenant, Registration
from tests.campaigns.factories import make_campaign, make_covenant, make_registration
from tests.factories import ClusterFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _campaign(**values):
    defaults = {
        "name": "Phong trào",
        "kind": "regular",
        "level": "provincial",
        "start_date": datetime.date(2018, 1, 15),
        "organiser": "UBND tỉnh Lạng Sơn",
    }
    return Campaign.objects.create(**{**defaults, **values})


def test_the_database_refuses_a_campaign_ending_before_it_starts():
    with pytest.raises(IntegrityError, match="campaign_period_ordered"):
        _campaign(end_date=datetime.date(2018, 1, 14))


def test_the_database_refuses_a_unit_campaign_without_its_unit():
    with pytest.raises(IntegrityError, match="campaign_unit_level_has_unit"):
        _campaign(level="unit")


def test_the_database_refuses_a_campaign_without_a_name():
    with pytest.raises(IntegrityError, match="campaign_name_not_empty"):
        _campaign(name="")


def test_the_database_refuses_a_second_registration_of_a_unit_for_a_year():
    unit = UnitFactory()
    make_registration(unit=unit)
    with pytest.raises(IntegrityError, match="registration_one_per_unit_year"):
        Registration.objects.create(unit=unit, year=2018, registered_on=datetime.date(2018, 2, 1))


def test_the_database_refuses_a_second_registration_of_a_unit_for_a_campaign_in_a_year():
    unit, campaign = UnitFactory(), make_campaign()
    make_registration(unit=unit, campaign=campaign)
    with pytest.raises(IntegrityError, match="registration_one_per_unit_campaign_year"):
        Registration.objects.create(unit=unit, year=2018, campaign=campaign, registered_on=datetime.date(2018, 2, 1))


def test_the_database_refuses_a_second_covenant_for_a_cluster():
    cluster = ClusterFactory()
    make_covenant(cluster=cluster)
    with pytest.raises(IntegrityError, match="cluster_id"):
        Covenant.objects.create(cluster=cluster, signed_on=datetime.date(2018, 3, 2), content="Lần hai")


def test_the_database_refuses_a_covenant_without_content():
    with pytest.raises(IntegrityError, match="covenant_content_not_empty"):
        Covenant.objects.create(cluster=ClusterFactory(), signed_on=datetime.date(2018, 3, 2), content="")
