"""The audit log in the administration names actions as people read them, in its filter, its list and an entry's
page, never by their code."""

import html
import re

import pytest
from django.urls import reverse

from audit.models import AuditLog
from tests.factories import UserFactory, make_decision

pytestmark = pytest.mark.django_db

LOG = reverse("admin:audit_auditlog_changelist")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def _text(content: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def _filter_choices(content: str) -> dict[str, str]:
    """The action filter's choices: label → the address it opens."""
    choices = re.findall(r'<a href="(\?action=[^"]+)">([^<]+)</a>', content)
    return {html.unescape(label): html.unescape(href) for href, label in choices}


def test_the_action_filter_and_column_show_labels_not_codes(admin_client, staff):
    make_decision(actor=staff)  # decision.create, then decision.issue
    content = admin_client.get(LOG).content.decode()
    choices = _filter_choices(content)
    assert choices == {
        "Quyết định: đã tạo dự thảo": "?action=decision.create",
        "Quyết định: đã ban hành": "?action=decision.issue",
    }
    text = _text(content)
    assert "decision.create" not in text and "decision.issue" not in text
    assert "đã tạo dự thảo" in text and "đã ban hành" in text  # the column


def test_choosing_an_action_lists_its_entries_only(admin_client, staff):
    make_decision(actor=staff)
    make_decision(actor=staff)
    response = admin_client.get(LOG + "?action=decision.issue")
    assert response.status_code == 200
    assert {e.action for e in response.context["cl"].result_list} == {"decision.issue"}
    assert len(response.context["cl"].result_list) == 2


def test_changes_made_in_the_admin_are_named_with_their_kind_of_record(admin_client):
    from clusters.models import Bloc

    admin_client.post(reverse("admin:clusters_bloc_add"), {"name": "Khối thi đua mới", "display_order": 1})
    assert Bloc.objects.filter(name="Khối thi đua mới").exists()
    choices = _filter_choices(admin_client.get(LOG).content.decode())
    assert choices == {"Khối thi đua: thêm trong trang quản trị": "?action=clusters.bloc.admin_add"}


def test_an_entry_page_names_its_action(admin_client, staff):
    make_decision(actor=staff)
    entry = AuditLog.objects.get(action="decision.issue")
    text = _text(admin_client.get(reverse("admin:audit_auditlog_change", args=[entry.pk])).content.decode())
    assert "Thao tác: đã ban hành" in text and "decision.issue" not in text  # the field, the title, the breadcrumbs


def test_the_audit_log_is_for_administrators_only(client, staff):
    assert client.get(LOG).status_code == 302
    client.force_login(staff)
    response = client.get(LOG)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
