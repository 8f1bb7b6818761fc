"""Every model has a working admin page; decisions and the audit log are read-only there."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import UserFactory, make_decision

pytestmark = pytest.mark.django_db

OWN_APPS = {"audit", "clusters", "campaigns", "awards", "reports"}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def test_every_model_of_the_portal_is_in_the_admin():
    from django.apps import apps

    models = {m for app in OWN_APPS for m in apps.get_app_config(app).get_models()}
    assert models <= set(admin.site._registry)


@pytest.mark.parametrize(
    "model", sorted((m for m in admin.site._registry if m._meta.app_label in OWN_APPS), key=lambda m: m._meta.label)
)
def test_each_admin_list_opens(admin_client, model):
    make_decision()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200


def test_decisions_cannot_be_added_or_changed_in_the_admin(admin_client):
    decision = make_decision()
    assert admin_client.get(reverse("admin:awards_decision_add")).status_code == 403
    page = admin_client.get(reverse("admin:awards_decision_change", args=[decision.pk])).content.decode()
    assert 'name="_save"' not in page


@pytest.mark.parametrize(
    "model",
    sorted((m for m in admin.site._registry if m._meta.app_label in OWN_APPS), key=lambda m: m._meta.label),
)
def test_each_admin_add_and_change_page_opens(admin_client, model):
    decision = make_decision()
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="quantri")
    if model_admin.has_add_permission(request):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        assert admin_client.get(url).status_code == 200
    obj = model._default_manager.first() or (decision if model._meta.model_name == "decision" else None)
    if obj is not None:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        assert admin_client.get(url).status_code == 200
