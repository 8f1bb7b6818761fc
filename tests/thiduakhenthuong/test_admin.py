"""Every model has a working admin page; decisions and the audit log are read-only there."""

import html
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from kernel.lib.search import vi_sort_key
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


def _listed(content: str) -> tuple[list[str], dict[str, list[str]]]:
    """The apps of an admin page in the order shown, and the models of each."""
    apps = re.findall(r'<div class="app-(\w+) module', content)
    names = re.findall(r'<a href="/quan-tri/\w+/" class="section" title="[^"]*">([^<]+)</a>', content)
    models = {}
    for app, block in zip(apps, re.split(r'<div class="app-\w+ module', content)[1:], strict=True):
        models[app] = re.findall(r'<th scope="row" id="[\w-]+">\s*<a href="[^"]+">([^<]+)</a>', block)
    return [html.unescape(name) for name in names], {k: [html.unescape(m) for m in v] for k, v in models.items()}


def test_the_admin_index_lists_apps_and_models_in_vietnamese_order(admin_client):
    apps, models = _listed(admin_client.get(reverse("admin:index")).content.decode())
    assert apps == sorted(apps, key=vi_sort_key) and len(apps) == 7  # with the background jobs (kernel)
    for names in models.values():
        assert names == sorted(names, key=vi_sort_key)
    # "Đ" comes after "D" and before "E", not after "Z" as code points would put it.
    assert models["clusters"][:4] == ["Cá nhân", "Cụm thi đua", "Đơn vị", "Khối thi đua"]
    assert models["campaigns"][:3] == ["Cơ quan ban hành", "Đăng ký thi đua", "Giao ước thi đua"]
    assert models["awards"].index("Điều kiện khen thưởng") < models["awards"].index("Hệ số tiền thưởng")


def test_an_app_page_of_the_admin_lists_its_models_in_vietnamese_order(admin_client):
    apps, models = _listed(admin_client.get(reverse("admin:app_list", args=["clusters"])).content.decode())
    assert models["clusters"] == [
        "Cá nhân",
        "Cụm thi đua",
        "Đơn vị",
        "Khối thi đua",
        "Quy định về đơn vị đã giải thể",
        "Tài khoản đơn vị",
        "Thành viên cụm thi đua",
    ]


def test_the_admin_index_is_for_administrators_only(client, staff):
    url = reverse("admin:index")
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    client.force_login(staff)  # provincial staff are not administrators
    response = client.get(url)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
