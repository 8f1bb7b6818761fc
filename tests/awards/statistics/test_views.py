"""The unclassified awards' page and one award's classes: who may open them, what they list, the bulk action, a
constant number of queries, and two staff classifying the same rows at once."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardClassification
from tests.factories import make_decision, recipient
from tests.helpers import vietnamese
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db

URL = reverse("awards:unclassified")
YEAR_2018 = {"year": "2018"}


def _individuals(count, *, start=0, date=datetime.date(2018, 3, 1)):
    return make_decision(
        recipients=[recipient(name=f"Cá nhân {i:03d}") for i in range(start, start + count)], date=date
    )


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_permissions_of_the_unclassified_page(client, staff, clerk_a, council_member, viewer, leader):
    assert_permissions(client, url=URL, method="get", allowed=staff, others=[clerk_a, council_member, viewer, leader])


def test_permissions_of_an_award_s_classes(client, staff, clerk_a, council_member, viewer):
    award = _individuals(1).awards.get()
    url = reverse("awards:award-classify", args=[award.pk])
    assert_permissions(client, url=url, method="get", allowed=staff, others=[clerk_a, council_member, viewer])
    draft = make_decision(issued=False)
    client.force_login(staff)  # a draft's rows are classified in its editor
    assert client.get(reverse("awards:award-classify", args=[draft.awards.get().pk])).status_code == 404


def test_the_page_lists_a_year_s_unclassified_awards_with_its_counts(staff_client):
    _individuals(2)
    make_decision(recipients=[recipient(recipient_kind="collective", name="Công ty Cổ phần Xi măng Đồng Bành")])
    _individuals(1, start=50, date=datetime.date(2018, 12, 1))  # statistical year 2019
    page = staff_client.get(URL, YEAR_2018).content.decode()
    assert "Cá nhân 000" in page and "Cá nhân 001" in page and "Cá nhân 050" not in page
    assert "Xi măng" not in page  # a collective lacks no class of individual
    assert vietnamese("%(counter)s individual without a class", counter=2) in page
    assert vietnamese("%(counter)s collective not said to be an enterprise or not", counter=1) in page
    collectives = staff_client.get(URL, {**YEAR_2018, "gap": "is_enterprise"}).content.decode()
    assert "Xi măng" in collectives and "Cá nhân 000" not in collectives
    # Without a year, the last one ended (2026 on the day these tests run is at least 2025): none of 2018.
    assert "Cá nhân 000" not in staff_client.get(URL).content.decode()


def test_the_page_costs_the_same_queries_for_3_or_120_awards(staff_client):
    _individuals(3)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(URL, YEAR_2018).status_code == 200
        return len(captured)

    few = queries()
    _individuals(117, start=3)
    assert queries() == few


def _tick(page: str, names) -> dict:
    """The bulk form as the browser sends it with the rows of `names` ticked (their hidden 'seen' values too)."""
    data = {}
    for name in names:
        found = re.search(
            r'name="award" value="(\d+)" id="award-\d+"><input type="hidden" name="(seen-\d+)" value="([^"]*)">'
            r"</td>\s*<td[^>]*><label[^>]*>" + re.escape(name),
            page,
        )
        assert found, name
        data.setdefault("award", []).append(found[1])
        data[found[2]] = found[3]
    return data


def test_ticked_rows_are_classified_at_once(staff_client, staff):
    _individuals(3)
    page = staff_client.get(URL, YEAR_2018).content.decode()
    data = _tick(page, ["Cá nhân 000", "Cá nhân 002"]) | {"individual_class": "direct_worker"}
    response = staff_client.post(f"{URL}?year=2018", data, follow=True)
    assert vietnamese("%(count)s award classified.", count=2) in response.content.decode()
    classes = dict(AwardClassification.objects.values_list("award__recipient_name", "individual_class"))
    assert classes == {"Cá nhân 000": "direct_worker", "Cá nhân 002": "direct_worker"}
    assert "Cá nhân 000" not in response.content.decode() and "Cá nhân 001" in response.content.decode()
    nothing = staff_client.post(f"{URL}?year=2018", {"individual_class": "direct_worker"}, follow=True)
    assert vietnamese("Tick at least one row.") in nothing.content.decode()


def test_two_staff_classifying_the_same_rows_differently_the_second_is_refused(staff):
    """A and B open the page; A sets Phong's class; B, from the page still showing Phong unclassified, sets
    another: refused with his name, A's value kept. B's page then no longer lists Phong."""
    from tests.factories import secretariat_user

    make_decision(recipients=[recipient(name="Hoàng Văn Phong"), recipient(name="Lý Thị Hoa")])
    a, b = _session(staff), _session(secretariat_user(username="canbo.thuhai"))
    page_a = a.get(URL, YEAR_2018).content.decode()
    page_b = b.get(URL, YEAR_2018).content.decode()
    a.post(f"{URL}?year=2018", _tick(page_a, ["Hoàng Văn Phong"]) | {"individual_class": "high_leader"})
    refused = b.post(
        f"{URL}?year=2018",
        _tick(page_b, ["Hoàng Văn Phong", "Lý Thị Hoa"]) | {"individual_class": "direct_worker"},
        follow=True,
    ).content.decode()
    assert "Hoàng Văn Phong" in refused.split("Người khác đã phân loại khác đi")[1][:200]
    assert AwardClassification.objects.get(award__recipient_name="Hoàng Văn Phong").individual_class == "high_leader"
    assert not AwardClassification.objects.filter(award__recipient_name="Lý Thị Hoa").exists()
    assert "Lý Thị Hoa" in refused and 'id="award-' in refused


def test_one_award_s_classes_are_edited_on_its_page(staff_client):
    award = make_decision(
        recipients=[recipient(code="HC_LAO_DONG_3", name="Nông Văn Dũng")],
        authority="president",
        symbol="QĐ-CTN",
    ).awards.get()
    url = reverse("awards:award-classify", args=[award.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="individual_class"' in page and 'name="proposing_body"' in page
    assert 'name="is_enterprise"' not in page  # not a collective
    data = {"individual_class": "department_leader", "proposing_body": "central", "seen-individual_class": ""}
    response = staff_client.post(url, data | {"seen-proposing_body": "", "next": f"{URL}?year=2018"})
    assert response.status_code == 302 and response["Location"] == f"{URL}?year=2018"
    stored = AwardClassification.objects.get(pk=award.pk)
    assert (stored.individual_class, stored.proposing_body) == ("department_leader", "central")
    # A page opened before that save, now sending other values over it, is refused.
    stale = staff_client.post(url, data | {"individual_class": "direct_worker", "seen-proposing_body": ""}, follow=True)
    assert "Người khác đã phân loại khác đi" in stale.content.decode()
    assert AwardClassification.objects.get(pk=award.pk).individual_class == "department_leader"
    bad = staff_client.post(url, {"individual_class": "minister"})
    assert (
        bad.status_code == 200 and AwardClassification.objects.get(pk=award.pk).individual_class == "department_leader"
    )
    # An outside address is never followed after a save.
    outside = staff_client.post(url, data | {"seen-individual_class": "department_leader", "next": "//evil.example"})
    assert outside["Location"] == URL


def test_an_issued_decision_links_to_its_awards_not_classified(staff_client, viewer, client):
    decision = _individuals(2, date=datetime.date(2017, 12, 5))  # statistical year 2018
    page = staff_client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
    link = f"{URL}?year=2018&amp;decision={decision.pk}"
    assert link in page
    listed = staff_client.get(URL, {"year": "2018", "decision": decision.pk}).content.decode()
    assert "Cá nhân 000" in listed and "Cá nhân 001" in listed
    client.force_login(viewer)  # who may not classify sees no link
    assert link not in client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
