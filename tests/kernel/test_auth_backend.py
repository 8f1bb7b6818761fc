"""kernel.auth.PortalBackend: the same permissions as Django's ModelBackend, read with fewer round trips."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.selectors import unit_of
from kernel.auth import PortalBackend

pytestmark = pytest.mark.django_db

PERSONAS = ["staff", "clerk_a", "council_member", "leader", "viewer"]


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_has_the_permissions_django_gives_it(request, persona):
    user = request.getfixturevalue(persona)
    user.user_permissions.add(Permission.objects.get(codename="view_logentry"))  # a user's own grant counts too
    expected = ModelBackend().get_all_permissions(fresh(user))
    assert PortalBackend().get_user(user.pk).get_all_permissions() == expected  # read with the user
    assert PortalBackend().get_all_permissions(fresh(user)) == expected  # read on its own
    assert expected


def test_a_superuser_has_every_permission_and_an_inactive_user_none(staff):
    root = get_user_model().objects.create_superuser("root", password="x")
    assert PortalBackend().get_all_permissions(root) == ModelBackend().get_all_permissions(fresh(root))
    staff.is_active = False
    staff.save()
    assert PortalBackend().get_all_permissions(fresh(staff)) == set()
    assert not fresh(staff).has_perm("awards.view_decision")


def test_the_user_comes_with_their_unit_and_permissions_in_one_query(clerk_a, unit_a, staff):
    with CaptureQueriesContext(connection) as captured:
        user = PortalBackend().get_user(clerk_a.pk)
        assert unit_of(user) == unit_a.pk
        assert user.has_perm("awards.view_decision") and not user.has_perm("awards.change_decision")
    assert len(captured) == 1  # PostgreSQL (the tests' database): the permissions as an array of the user's row
    assert ModelBackend().has_perm(fresh(clerk_a), "awards.view_decision")
    provincial = PortalBackend().get_user(staff.pk)
    with CaptureQueriesContext(connection) as captured:
        assert unit_of(provincial) is None
    assert len(captured) == 0


def test_a_unit_clerk_signed_in_through_the_backend_still_sees_only_their_unit(client, clerk_a, unit_a):
    client.force_login(clerk_a)
    response = client.get(reverse("awards:decision-list"))
    assert response.status_code == 200
    assert response.wsgi_request.user.unit_account.unit_id == unit_a.pk


def test_a_session_naming_a_user_gone_inactive_or_no_valid_id_signs_nobody_in(staff):
    backend = PortalBackend()
    assert backend.get_user(staff.pk + 1000) is None
    assert backend.get_user("not a number") is None
    staff.is_active = False
    staff.save()
    assert backend.get_user(staff.pk) is None
