"""Each service refuses bad input with a message on the field concerned, writes nothing then, and audits what
it changes (before, after, reason)."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import override

from audit.models import AuditLog
from campaigns.models import Campaign, Covenant, Registration
from campaigns.services import (
    CovenantFields,
    Invalid,
    RegistrationFields,
    campaign_update,
    covenant_save,
    registration_save,
)
from tests.campaigns.factories import campaign_fields, make_campaign, make_covenant, make_registration
from tests.factories import ClusterFactory, UnitFactory, award_type, secretariat_user

pytestmark = pytest.mark.django_db


def _refused(call) -> dict:
    with override("en"), pytest.raises(Invalid) as caught:
        call()
    return caught.value.errors


def _entries(obj):
    return AuditLog.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name).order_by("pk")


# Campaigns.


def test_creating_a_campaign_is_audited_with_its_fields_and_reason():
    actor = secretariat_user(username="canbo")
    campaign = make_campaign(actor=actor, launching_document=None)
    (entry,) = _entries(campaign)
    assert entry.action == "campaign.create" and entry.actor == actor and entry.before is None
    assert entry.after["name"] == campaign.name and entry.after["start_date"] == "2016-01-01"
    assert entry.after["status"] == "active"


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"end_date": datetime.date(2015, 12, 31)}, "end_date", "ends before it starts"),
        ({"name": "   "}, "name", "name of the campaign"),
        ({"organiser": ""}, "organiser", "organises"),
        ({"level": "unit"}, "organising_unit", "unit that organises"),
    ],
)
def test_a_campaign_with_bad_fields_is_refused_and_nothing_is_written(overrides, field, words):
    errors = _refused(lambda: make_campaign(**overrides))
    assert words in " ".join(errors[field])
    assert not Campaign.objects.exists() and not AuditLog.objects.exists()


def test_a_campaign_answers_only_a_campaign_of_a_higher_level():
    central = make_campaign(name="Cả nước chung sức xây dựng nông thôn mới", level="central")
    provincial = make_campaign(parent=central)
    assert provincial.parent == central
    errors = _refused(lambda: make_campaign(name="Tỉnh khác", parent=provincial))  # provincial → provincial
    assert "answers a campaign of a higher level" in errors["parent"][0]
    errors = _refused(lambda: make_campaign(name="Trung ương khác", level="central", parent=provincial))
    assert "parent" in errors
    unit = UnitFactory(name="Sở Tư pháp")
    assert make_campaign(name="Ngành Tư pháp 2018", level="unit", organising_unit=unit, parent=provincial).pk


def test_a_campaign_cannot_answer_itself():
    central = make_campaign(level="central")
    fields = campaign_fields(level="central", parent=central)
    errors = _refused(lambda: campaign_update(actor=None, campaign=central, fields=fields))
    assert "cannot answer itself" in errors["parent"][0]


def test_status_moves_forward_and_each_change_is_audited_with_its_reason():
    campaign = make_campaign(status="planned")
    campaign = campaign_update(
        actor=None, campaign=campaign, fields=campaign_fields(status="active"), reason="Phát động 15/01/2018"
    )
    campaign = campaign_update(actor=None, campaign=campaign, fields=campaign_fields(status="closed"))
    actions = [(e.action, e.before["status"], e.after["status"], e.reason) for e in _entries(campaign)[1:]]
    assert actions == [
        ("campaign.open", "planned", "active", "Phát động 15/01/2018"),
        ("campaign.close", "active", "closed", ""),
    ]
    errors = _refused(lambda: campaign_update(actor=None, campaign=campaign, fields=campaign_fields(status="active")))
    assert "cannot become" in errors["status"][0]
    campaign.refresh_from_db()
    assert campaign.status == "closed"


def test_a_planned_campaign_cannot_skip_to_closed():
    campaign = make_campaign(status="planned")
    errors = _refused(lambda: campaign_update(actor=None, campaign=campaign, fields=campaign_fields(status="closed")))
    assert "status" in errors


def test_an_edit_records_before_and_after_and_an_unchanged_save_records_nothing():
    campaign = make_campaign()
    campaign_update(actor=None, campaign=campaign, fields=campaign_fields(end_date=datetime.date(2021, 6, 30)))
    campaign_update(actor=None, campaign=campaign, fields=campaign_fields(end_date=datetime.date(2021, 6, 30)))
    entries = list(_entries(campaign))
    assert [e.action for e in entries] == ["campaign.create", "campaign.update"]
    assert (entries[1].before["end_date"], entries[1].after["end_date"]) == ("2020-12-31", "2021-06-30")


# Registrations.


def test_a_registration_is_saved_with_its_titles_and_audited():
    unit = UnitFactory(name="Sở Y tế")
    registration = make_registration(unit=unit, titles=["TTLDXS", "CO_TD_TINH", "CSTD_TINH"])
    assert {t.code for t in registration.titles.all()} == {"TTLDXS", "CO_TD_TINH", "CSTD_TINH"}
    (entry,) = _entries(registration)
    assert entry.action == "registration.create"
    assert entry.after["titles"] == ["CO_TD_TINH", "CSTD_TINH", "TTLDXS"] and entry.after["unit"] == "Sở Y tế"


def test_changing_a_registration_records_the_titles_before_and_after():
    registration = make_registration(unit=UnitFactory(), titles=["TTLDXS"])
    registration_save(
        actor=None,
        registration=registration,
        reason="Bổ sung đăng ký",
        fields=RegistrationFields(
            unit=registration.unit,
            year=2018,
            registered_on=registration.registered_on,
            titles=[award_type("TTLDXS"), award_type("CO_TD_TINH")],
        ),
    )
    entry = _entries(registration).last()
    assert entry.action == "registration.update" and entry.reason == "Bổ sung đăng ký"
    assert (entry.before["titles"], entry.after["titles"]) == (["TTLDXS"], ["CO_TD_TINH", "TTLDXS"])


def test_a_second_registration_of_a_unit_for_the_same_year_is_refused():
    unit = UnitFactory(name="Sở Tư pháp")
    make_registration(unit=unit)
    errors = _refused(lambda: make_registration(unit=unit, titles=["CO_TD_TINH"]))
    assert "already registered for 2018" in errors["unit"][0]
    assert Registration.objects.count() == 1
    # Registering for a campaign the same year is a different registration.
    campaign = make_campaign()
    assert make_registration(unit=unit, campaign=campaign, titles=["BK_TINH"]).campaign == campaign
    errors = _refused(lambda: make_registration(unit=unit, campaign=campaign))
    assert "already registered for this campaign" in errors["unit"][0]


def test_a_registration_for_a_campaign_must_fall_in_its_period():
    campaign = make_campaign(start_date=datetime.date(2017, 1, 1), end_date=datetime.date(2020, 12, 31))
    unit = UnitFactory()
    errors = _refused(lambda: make_registration(unit=unit, year=2016, campaign=campaign))
    assert "runs from 01/01/2017 to 31/12/2020" in errors["campaign"][0]
    errors = _refused(lambda: make_registration(unit=unit, year=2021, campaign=campaign))
    assert "campaign" in errors
    assert make_registration(unit=unit, year=2020, campaign=campaign).year == 2020


def test_a_registration_refuses_a_family_title_a_future_date_and_an_absurd_year():
    unit = UnitFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    errors = _refused(lambda: make_registration(unit=unit, titles=["HC_DOC_LAP_3"], registered_on=tomorrow))
    assert set(errors) == {"registered_on"}  # Huân chương Độc lập hạng Ba is for collectives too
    family_only = award_type("HC_DOC_LAP_3")
    family_only.for_collective = family_only.for_individual = False
    family_only.for_family = True
    errors = _refused(lambda: _family(unit, family_only))
    assert "families only" in errors["titles"][0]
    errors = _refused(lambda: make_registration(unit=unit, year=1900, registered_on=datetime.date(1900, 1, 1)))
    assert "year" in errors


def _family(unit, title):
    return registration_save(
        actor=None,
        fields=RegistrationFields(unit=unit, year=2019, registered_on=datetime.date(2019, 1, 5), titles=[title]),
    )


# Covenants.


def test_a_covenant_is_recorded_then_changed_and_both_are_audited():
    cluster = ClusterFactory(year=2018)
    covenant = make_covenant(cluster=cluster, signed_on=datetime.date(2018, 3, 1))
    covenant_save(
        actor=None,
        cluster=cluster,
        fields=CovenantFields(signed_on=datetime.date(2018, 3, 2), content="Giao ước sửa"),
        reason="Ký lại",
    )
    assert Covenant.objects.get().content == "Giao ước sửa"
    entries = list(_entries(covenant))
    assert [e.action for e in entries] == ["covenant.create", "covenant.update"]
    assert entries[1].before["signed_on"] == "2018-03-01" and entries[1].after["signed_on"] == "2018-03-02"
    assert entries[1].reason == "Ký lại"


@pytest.mark.parametrize(
    ("signed_on", "allowed"),
    [
        (datetime.date(2017, 10, 31), False),
        (datetime.date(2017, 11, 1), True),  # at the year-end conference just before the year
        (datetime.date(2018, 12, 31), True),
        (datetime.date(2019, 1, 1), False),
    ],
)
def test_a_covenant_is_signed_in_its_year_or_just_before(signed_on, allowed):
    cluster = ClusterFactory(year=2018)
    if allowed:
        assert make_covenant(cluster=cluster, signed_on=signed_on).signed_on == signed_on
    else:
        errors = _refused(lambda: make_covenant(cluster=cluster, signed_on=signed_on))
        assert "between 01/11/2017 and 31/12/2018" in errors["signed_on"][0]
        assert not Covenant.objects.exists()


def test_a_covenant_needs_its_content():
    errors = _refused(lambda: make_covenant(cluster=ClusterFactory(), content="  "))
    assert "content" in errors
