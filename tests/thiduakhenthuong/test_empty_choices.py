"""The empty choice of a list says what it means ("Tất cả…", "— Không —", "— Chọn —"), never Django's "---------",
on the portal's own forms."""

import re

import pytest
from django.urls import reverse

from tests.awards.council_helpers import council
from tests.helpers import vietnamese

pytestmark = pytest.mark.django_db


def _empty_choices(content: str) -> dict[str, str]:
    """Each select's empty option: name → its label."""
    selects = re.findall(r'<select name="([^"]+)"[^>]*>\s*<option value=""[^>]*>([^<]*)</option>', content)
    return dict(selects)


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "---------" not in content
    return content


def test_the_decision_filter_offers_all_of_each_list(client, staff):
    choices = _empty_choices(_page(client, staff, reverse("awards:decision-list")))
    assert choices == {
        "authority": vietnamese("All authorities"),
        "award_type": vietnamese("All awards"),
        "status": vietnamese("All statuses"),
    }


def test_a_dossier_s_campaign_may_be_none(client, clerk_a):
    choices = _empty_choices(_page(client, clerk_a, reverse("awards:dossier-create")))
    assert choices["campaign"] == vietnamese("— none —")


def test_the_council_s_composition_asks_to_choose_its_decision(client, staff):
    choices = _empty_choices(_page(client, staff, reverse("awards:council-compose", args=[council().pk])))
    assert choices["document"] == vietnamese("— choose —")


def test_a_report_s_layouts_say_what_leaving_them_empty_means(client, staff):
    choices = _empty_choices(_page(client, staff, reverse("reports:report-create")))
    assert choices["appendix2_layout"] == vietnamese("— none —")  # no Phụ lục 2
    assert choices["summary_layout"] == vietnamese("— the default wording —")  # award_summary_layout_default()
