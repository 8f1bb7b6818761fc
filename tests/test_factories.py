"""Test helpers that take a shortcut must end where the long way does."""

import pytest
from django.contrib.auth.models import Group, Permission

from kernel.roles import COUNCIL_MEMBER, ROLE_PERMISSIONS, SECRETARIAT
from tests.factories import roles_ready

pytestmark = pytest.mark.django_db


def _roles() -> dict[str, set[str]]:
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.filter(name__in=ROLE_PERMISSIONS).prefetch_related("permissions__content_type")
    }


def test_roles_ready_leaves_the_roles_as_roles_ensure_does(django_assert_max_num_queries):
    expected = {name: set(perms) for name, perms in ROLE_PERMISSIONS.items()}
    with django_assert_max_num_queries(1):  # the test database holds them already
        roles_ready()
    assert _roles() == expected
    # A role that lost a permission, gained one, or is missing, is put back.
    Group.objects.get(name=SECRETARIAT).permissions.remove(
        Permission.objects.get(content_type__app_label="awards", codename="issue_decision")
    )
    Group.objects.get(name=COUNCIL_MEMBER).permissions.add(
        Permission.objects.get(content_type__app_label="awards", codename="annul_decision")
    )
    roles_ready()
    assert _roles() == expected
    Group.objects.filter(name=COUNCIL_MEMBER).delete()
    roles_ready()
    assert _roles() == expected
