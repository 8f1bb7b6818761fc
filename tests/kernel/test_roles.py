"""The role groups: each holds exactly its listed permissions; a leader reads and changes nothing; a unit account
is one unit per user, managed in the audited administration."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditLog
from clusters.models import UnitUser
from kernel.roles import ADMINISTRATOR, COUNCIL_MEMBER, LEADER, ROLE_PERMISSIONS, SECRETARIAT, UNIT_CLERK, roles_ensure
from tests.factories import UnitFactory, UserFactory, make_decision
from tests.helpers import password_confirmed

pytestmark = pytest.mark.django_db


def _perms(name):
    return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=name).permissions.all()}


def test_every_role_holds_exactly_its_listed_permissions_and_ensuring_twice_changes_nothing():
    roles_ensure()
    extra = Permission.objects.get(content_type__app_label="awards", codename="delete_decision")
    Group.objects.get(name=LEADER).permissions.add(extra)  # granted by hand: roles_ensure takes it back
    roles_ensure()
    roles_ensure()
    assert {SECRETARIAT, UNIT_CLERK, COUNCIL_MEMBER, LEADER, ADMINISTRATOR} <= set(
        Group.objects.values_list("name", flat=True)
    )
    for name, perms in ROLE_PERMISSIONS.items():
        assert _perms(name) == set(perms)


def test_the_leader_may_only_view_and_sign():
    """A leader changes nothing in the portal; their one action is their own signature on an issued document."""
    assert all(
        perm.split(".")[1].startswith("view_") or perm == "reports.sign_leader" for perm in ROLE_PERMISSIONS[LEADER]
    )


def test_a_leader_reads_decisions_documents_and_campaigns_but_cannot_issue(client, leader):
    draft = make_decision(issued=False)
    client.force_login(leader)
    for url in (
        reverse("awards:decision-list"),
        reverse("awards:decision-detail", args=[draft.pk]),
        reverse("campaigns:document-list"),
        reverse("campaigns:campaign-list"),
        reverse("reports:appendix2"),
    ):
        assert client.get(url).status_code == 200, url
    password_confirmed(client)
    assert client.post(reverse("awards:decision-issue", args=[draft.pk])).status_code == 403
    assert client.get(reverse("awards:decision-create")).status_code == 403
    assert client.get(reverse("campaigns:document-create")).status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_council_member_has_no_page_yet(client, council_member):
    client.force_login(council_member)
    assert client.get(reverse("awards:decision-list")).status_code == 403
    assert client.get(reverse("campaigns:registration-latest")).status_code == 403


def test_a_user_acts_for_one_unit_at_most(clerk_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitUser.objects.create(user=clerk_a, unit=UnitFactory())


def test_a_unit_with_accounts_cannot_be_deleted(clerk_a, unit_a):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        unit_a.delete()


def test_giving_a_user_a_unit_in_the_administration_is_audited(client):
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    user, unit = UserFactory(username="vanthu.moi"), UnitFactory(name="Sở Nội vụ")
    client.force_login(admin)
    password_confirmed(client)
    response = client.post(reverse("admin:clusters_unituser_add"), {"user": user.pk, "unit": unit.pk})
    assert response.status_code == 302
    entry = AuditLog.objects.get(action="clusters.unituser.admin_add")
    assert entry.actor == admin and entry.after["unit"] == unit.pk and entry.after["user"] == user.pk
