"""The menu of every signed-in page (templates/_nav_menu.html), rendered once per set of permissions
(thiduakhenthuong/templatetags/menu.py): each person still sees exactly the entries their permissions open."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db


def menu_links(client) -> set[str]:
    page = client.get(reverse("home")).content.decode()
    menu = page[page.index('id="portal-nav"') : page.index('role="search"')]
    return set(re.findall(r'href="([^"#]+)"', menu))


def test_each_persona_sees_the_menu_of_their_own_permissions_whoever_came_before(client, staff, viewer, clerk_a):
    decisions, dossiers, admin = reverse("awards:decision-list"), reverse("awards:dossier-list"), reverse("admin:index")
    client.force_login(staff)
    staff_menu = menu_links(client)
    assert {decisions, dossiers} <= staff_menu
    client.force_login(viewer)  # the same worker, right after a richer menu was kept
    viewer_menu = menu_links(client)
    assert admin not in viewer_menu and dossiers not in viewer_menu and decisions in viewer_menu
    client.force_login(clerk_a)
    assert admin not in menu_links(client)
    client.force_login(staff)
    assert menu_links(client) == staff_menu


def test_a_permission_granted_shows_its_entry_on_the_next_page(client, viewer):
    client.force_login(viewer)
    people = reverse("people:person-list")
    assert people not in menu_links(client)
    viewer.user_permissions.add(Permission.objects.get(codename="view_person", content_type__app_label="clusters"))
    assert people in menu_links(client)


def test_a_staff_member_alone_gets_the_administration_entry(client, viewer):
    client.force_login(viewer)
    assert reverse("admin:index") not in menu_links(client)
    viewer.is_staff = True
    viewer.save()
    assert reverse("admin:index") in menu_links(client)


def test_a_superusers_menu_holds_every_entry_and_costs_no_query_once_rendered(client):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kernel.auth import PortalBackend
    from thiduakhenthuong.templatetags.menu import portal_menu

    root = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(root)
    links = menu_links(client)
    assert {reverse("admin:index"), reverse("awards:dossier-list"), reverse("people:duplicates")} <= links
    portal_menu({"user": PortalBackend().get_user(root.pk)})
    as_a_next_request_reads_them = PortalBackend().get_user(root.pk)
    with CaptureQueriesContext(connection) as captured:
        portal_menu({"user": as_a_next_request_reads_them})
    assert len(captured) == 0
