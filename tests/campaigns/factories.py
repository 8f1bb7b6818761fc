"""Campaigns, registrations and covenants for the tests, written through the services like real ones."""

import datetime

from campaigns.models import Campaign
from campaigns.services import (
    CampaignFields,
    CovenantFields,
    RegistrationFields,
    campaign_create,
    covenant_save,
    registration_save,
)
from tests.factories import award_type


def campaign_fields(**overrides) -> CampaignFields:
    values = {
        "name": "Lạng Sơn cùng cả nước chung sức xây dựng nông thôn mới",
        "kind": Campaign.Kind.THEMATIC,
        "level": Campaign.Level.PROVINCIAL,
        "start_date": datetime.date(2016, 1, 1),
        "end_date": datetime.date(2020, 12, 31),
        "organiser": "UBND tỉnh Lạng Sơn",
    }
    values.update(overrides)
    return CampaignFields(**values)


def make_campaign(*, actor=None, **overrides) -> Campaign:
    return campaign_create(actor=actor, fields=campaign_fields(**overrides))


def make_registration(*, unit, year=2018, titles=("TTLDXS",), campaign=None, actor=None, **overrides):
    values = {
        "unit": unit,
        "year": year,
        "campaign": campaign,
        "registered_on": datetime.date(year, 1, 30),
        "targets": "Hoàn thành 100% nhiệm vụ được giao",
        "titles": [award_type(code) for code in titles],
    }
    values.update(overrides)
    return registration_save(actor=actor, fields=RegistrationFields(**values))


def make_covenant(*, cluster, signed_on=None, content="Giao ước thi đua năm 2018", actor=None):
    signed_on = signed_on or datetime.date(cluster.year, 3, 1)
    return covenant_save(actor=actor, cluster=cluster, fields=CovenantFields(signed_on=signed_on, content=content))
