"""What each role sees of registrations, documents and campaigns."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from campaigns.selectors import documents_visible_to
from tests.campaigns.document_helpers import make_document
from tests.campaigns.factories import make_registration

pytestmark = pytest.mark.django_db


def test_a_clerk_sees_their_units_registration_and_not_another_units(client, clerk_a, unit_a, unit_b, staff):
    own, other = make_registration(unit=unit_a), make_registration(unit=unit_b)
    client.force_login(clerk_a)
    page = client.get(reverse("campaigns:registration-detail", args=[own.pk]))
    assert page.status_code == 200 and unit_a.name in page.content.decode()
    assert client.get(reverse("campaigns:registration-detail", args=[other.pk])).status_code == 404
    listed = client.get(reverse("campaigns:registration-list", args=[2018])).context["comparison"]
    assert [row.unit for row in listed.units] == [unit_a]
    client.force_login(staff)
    listed = client.get(reverse("campaigns:registration-list", args=[2018])).context["comparison"]
    assert {row.unit for row in listed.units} == {unit_a, unit_b}
    assert client.get(reverse("campaigns:registration-detail", args=[other.pk])).status_code == 200


def test_a_clerk_may_not_edit_even_their_own_registration(client, clerk_a, unit_a):
    own = make_registration(unit=unit_a)
    client.force_login(clerk_a)
    assert client.get(reverse("campaigns:registration-edit", args=[own.pk])).status_code == 403


def test_the_registration_page_is_for_readers_of_registrations(client, staff, council_member, unit_a):
    url = reverse("campaigns:registration-detail", args=[make_registration(unit=unit_a).pk])
    client.force_login(council_member)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(staff)
    assert client.get(url).status_code == 200 and client.post(url).status_code == 405


def test_a_unit_account_granted_the_register_still_sees_none_of_it(client, clerk_a, leader):
    """The register is provincial: a permission given by mistake to a unit account does not open it."""
    document = make_document()
    clerk_a.user_permissions.add(Permission.objects.get(content_type__app_label="campaigns", codename="view_document"))
    client.force_login(clerk_a)
    assert client.get(reverse("campaigns:document-detail", args=[document.pk])).status_code == 404
    assert not documents_visible_to(user=clerk_a).exists()
    client.force_login(leader)
    assert client.get(reverse("campaigns:document-detail", args=[document.pk])).status_code == 200
    assert client.get(reverse("campaigns:campaign-list")).status_code == 200
