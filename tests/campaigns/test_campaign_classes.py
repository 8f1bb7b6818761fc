"""A campaign's classes in the annual statistics (biểu 0601): scope and method typed in its form (a new one's
method following its kind), the duration from its dates when it has an end, and the list of those to complete."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditLog
from campaigns.models import Campaign
from tests.campaigns.factories import campaign_fields, make_campaign
from tests.helpers import edit_version, vietnamese

pytestmark = pytest.mark.django_db


def _post(**overrides):
    data = {
        "name": "Đổi mới, sáng tạo trong dạy và học",
        "kind": "thematic",
        "level": "provincial",
        "status": "active",
        "start_date": "01/01/2024",
        "end_date": "",
        "organiser": "UBND tỉnh Lạng Sơn",
        "organising_unit": "",
        "parent": "",
        "launching_document": "",
        "description": "",
        "scope": "sector_local",
        "method": "",
        "duration_class": "",
    }
    return data | overrides


@pytest.mark.parametrize(("kind", "method"), [("thematic", "thematic"), ("regular", "regular"), ("periodic", "")])
def test_a_new_campaign_s_method_follows_its_kind_unless_chosen(staff_client, kind, method):
    staff_client.post(reverse("campaigns:campaign-create"), _post(kind=kind))
    assert Campaign.objects.get().method == method
    Campaign.objects.all().delete()
    staff_client.post(
        reverse("campaigns:campaign-create"), _post(kind=kind, method="thematic" if method != "thematic" else "regular")
    )
    assert Campaign.objects.get().method == ("thematic" if method != "thematic" else "regular")


def test_the_duration_is_typed_only_without_an_end_date(staff_client, staff):
    staff_client.post(reverse("campaigns:campaign-create"), _post(duration_class="5_plus", method="thematic"))
    campaign = Campaign.objects.get()
    assert (campaign.scope, campaign.method, campaign.duration_class) == ("sector_local", "thematic", "5_plus")
    assert AuditLog.objects.get(action="campaign.create").after["duration_class"] == "5_plus"
    url = reverse("campaigns:campaign-edit", args=[campaign.pk])
    data = _post(
        duration_class="5_plus", method="thematic", end_date="31/12/2025", version=edit_version(staff_client, url)
    )
    assert staff_client.post(url, data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.duration_class == ""  # its dates tell it now
    page = staff_client.get(url).content.decode()
    assert 'id="derived-duration">' + vietnamese("1 to under 3 years") in page
    assert 'name="duration_class"' not in page
    with pytest.raises(ValidationError):  # the service refuses it from any caller
        make_campaign(**{"end_date": campaign.end_date, "duration_class": "1"})


def test_the_list_shows_the_classes_and_lists_the_campaigns_to_complete(staff_client):
    make_campaign(name="Có phân loại", scope="unit", method="regular")
    make_campaign(name="Thiếu hình thức", scope="national")
    page = staff_client.get(reverse("campaigns:campaign-list")).content.decode()
    assert vietnamese("agency, organisation or unit") in page and vietnamese("not classified") in page
    missing = staff_client.get(reverse("campaigns:campaign-list"), {"unclassified": "on"}).content.decode()
    assert "Thiếu hình thức" in missing and "Có phân loại" not in missing


def test_campaign_fields_default_to_not_classified():
    assert (campaign_fields().scope, campaign_fields().method, campaign_fields().duration_class) == ("", "", "")
