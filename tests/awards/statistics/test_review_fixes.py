"""The unclassified page asks classes only of awards a form counts, and sends back only to the portal's own pages."""

import datetime

import pytest
from django.urls import reverse

from awards.models import AwardType
from awards.statistics.selectors import unclassified_award_counts
from tests.factories import make_decision, recipient

pytestmark = pytest.mark.django_db
YEAR_2018 = (datetime.date(2017, 12, 1), datetime.date(2018, 11, 30))


def test_awards_of_a_level_no_form_counts_are_not_asked_a_class():
    make_decision(date=datetime.date(2018, 3, 1), recipients=[recipient("BK_TINH", name="Nguyễn Thị Lan")])
    assert unclassified_award_counts(start=YEAR_2018[0], end=YEAR_2018[1]).individual_class == 1
    AwardType.objects.filter(code="BK_TINH").update(level=AwardType.Level.DISTRICT)
    assert unclassified_award_counts(start=YEAR_2018[0], end=YEAR_2018[1]).individual_class == 0


@pytest.mark.parametrize("target", ["/\\evil.example", "//evil.example", "https://evil.example/"])
def test_the_classify_form_sends_back_only_to_a_page_of_the_portal(client, staff, target):
    decision = make_decision(date=datetime.date(2018, 3, 1), recipients=[recipient("BK_TINH", name="Lê Văn Bình")])
    award = decision.awards.get()
    client.force_login(staff)
    url = reverse("awards:award-classify", args=[award.pk])
    response = client.post(url, {"individual_class": "direct_worker", "seen-individual_class": "", "next": target})
    assert response.status_code == 302 and response["Location"] == reverse("awards:unclassified")
