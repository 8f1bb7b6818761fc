"""Sensitive actions ask for the password again: nothing happens until it is confirmed, and the original
request is then carried out with its data."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.http import urlencode

from audit.models import AuditLog
from awards.models import Decision
from kernel import reauth
from kernel.roles import SECRETARIAT
from tests.factories import make_decision

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"  # tests/factories.py UserFactory


def _confirm_url(path):
    return f"{reverse('reauth')}?{urlencode({'next': path})}"


def test_issuing_without_a_recent_confirmation_asks_for_the_password_and_issues_nothing(staff_client):
    draft = make_decision(issued=False)
    url = reverse("awards:decision-issue", args=[draft.pk])
    response = staff_client.post(url)
    assert response.status_code == 302 and response["Location"] == _confirm_url(url)
    assert Decision.objects.get(pk=draft.pk).status == Decision.Status.DRAFT
    page = staff_client.get(response["Location"])
    assert page.status_code == 200 and f'action="{url}"' in page.content.decode()


def test_a_wrong_password_does_nothing(staff_client, staff):
    draft = make_decision(issued=False)
    url = reverse("awards:decision-issue", args=[draft.pk])
    response = staff_client.post(url, {reauth.PASSWORD_FIELD: "sai-mat-khau"})
    assert response.status_code == 302 and response["Location"] == _confirm_url(url)
    assert Decision.objects.get(pk=draft.pk).status == Decision.Status.DRAFT
    assert not AuditLog.objects.filter(action="auth.reauth").exists()
    assert "reauth_at" not in staff_client.session


def test_the_right_password_issues_the_decision_and_is_audited(staff_client, staff):
    draft = make_decision(issued=False)
    url = reverse("awards:decision-issue", args=[draft.pk])
    staff_client.post(url)  # asked for the password first
    response = staff_client.post(url, {reauth.PASSWORD_FIELD: PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("awards:decision-detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == Decision.Status.ISSUED and draft.issued_by == staff
    entry = AuditLog.objects.get(action="auth.reauth")
    assert entry.actor == staff and entry.after == {"for": url}


def test_the_confirmation_page_sends_the_original_data_again(staff_client):
    """Annulling carries a reason: it survives the detour through the confirmation page."""
    decision = make_decision()
    url = reverse("awards:decision-annul", args=[decision.pk])
    assert staff_client.get(url).status_code == 200  # the form itself needs no confirmation
    response = staff_client.post(url, {"reason": "Nhập trùng quyết định"})
    page = staff_client.get(response["Location"]).content.decode()
    assert 'name="reason" value="Nhập trùng quyết định"' in page and "csrfmiddlewaretoken" in page
    assert page.count("csrfmiddlewaretoken") == 2  # the page's own token (and the logout form's), no stale one
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.ISSUED
    staff_client.post(url, {"reason": "Nhập trùng quyết định", reauth.PASSWORD_FIELD: PASSWORD})
    decision.refresh_from_db()
    assert decision.status == Decision.Status.ANNULLED and decision.annulment_reason == "Nhập trùng quyết định"


def test_a_confirmation_lasts_the_configured_time(staff_client, settings, monkeypatch):
    settings.REAUTH_MAX_AGE_SECONDS = 300
    first, second, third = (make_decision(issued=False) for _ in range(3))
    now = 1_000_000.0
    monkeypatch.setattr(reauth, "_now", lambda: now)
    staff_client.post(reverse("awards:decision-issue", args=[first.pk]), {reauth.PASSWORD_FIELD: PASSWORD})
    now += 299
    staff_client.post(reverse("awards:decision-issue", args=[second.pk]))
    now += 2  # 301 s after the confirmation
    response = staff_client.post(reverse("awards:decision-issue", args=[third.pk]))
    statuses = [Decision.objects.get(pk=d.pk).status for d in (first, second, third)]
    assert statuses == ["issued", "issued", "draft"] and response["Location"].startswith(reverse("reauth"))


def test_logging_in_is_not_a_confirmation(client, staff):
    draft = make_decision(issued=False)
    client.post(reverse("login"), {"username": staff.username, "password": PASSWORD})
    client.post(reverse("awards:decision-issue", args=[draft.pk]))
    assert Decision.objects.get(pk=draft.pk).status == Decision.Status.DRAFT


@pytest.mark.pdf
def test_issuing_a_report_asks_for_the_password(staff_client):
    from reports.services import SectionFields
    from tests.factories import make_report

    report = make_report(sections=[SectionFields("none", "", "Một.")])
    url = reverse("reports:report-issue", args=[report.pk])
    response = staff_client.post(url, {"confirm": "on"})
    assert response["Location"] == _confirm_url(url)
    report.refresh_from_db()
    assert report.status == "draft"
    staff_client.post(url, {"confirm": "on", reauth.PASSWORD_FIELD: PASSWORD})
    report.refresh_from_db()
    assert report.status == "issued"


def test_without_a_pending_action_the_page_confirms_and_goes_on(staff_client):
    url = reverse("reauth")
    assert staff_client.post(url, {reauth.PASSWORD_FIELD: "sai", "next": "/quyet-dinh/"}).status_code == 400
    assert "reauth_at" not in staff_client.session
    response = staff_client.post(url, {reauth.PASSWORD_FIELD: PASSWORD, "next": "/quyet-dinh/"})
    assert response["Location"] == "/quyet-dinh/" and "reauth_at" in staff_client.session
    response = staff_client.post(url, {reauth.PASSWORD_FIELD: PASSWORD, "next": "https://example.com/"})
    assert response["Location"] == reverse("home")  # never sent to another site


def test_the_confirmation_page_needs_a_login(client):
    response = client.get(reverse("reauth"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_changing_roles_in_the_administration_asks_for_the_password_and_is_audited(client, clerk_a):
    admin = _administrator()
    client.force_login(admin)
    url = reverse("admin:auth_user_change", args=[clerk_a.pk])
    secretariat = Group.objects.get(name=SECRETARIAT)
    data = {
        "username": clerk_a.username,
        "is_active": "on",
        "groups": [str(g.pk) for g in clerk_a.groups.all()] + [str(secretariat.pk)],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2018-01-01",
        "date_joined_1": "08:00:00",
        "_save": "Save",
    }
    response = client.post(url, data)
    assert response["Location"] == _confirm_url(url)
    assert not clerk_a.groups.filter(pk=secretariat.pk).exists()
    response = client.post(url, {**data, reauth.PASSWORD_FIELD: PASSWORD})
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else None
    assert clerk_a.groups.filter(pk=secretariat.pk).exists()
    change = AuditLog.objects.get(action="auth.user.admin_change")
    assert secretariat.pk in change.after["groups"] and secretariat.pk not in change.before["groups"]
    assert change.after["password"] == "(hidden)"


def _administrator():
    from kernel.roles import ADMINISTRATOR, roles_ensure
    from tests.factories import UserFactory

    roles_ensure()
    user = UserFactory(username="quantri.he.thong", is_staff=True)
    user.groups.add(Group.objects.get(name=ADMINISTRATOR))
    return user


def test_a_views_check_refuses_bad_input_before_the_password_and_never_replaces_it(rf, staff):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    ran = []

    def check(request):
        return HttpResponse("refused", status=400) if request.POST.get("confirm") != "on" else None

    @reauth.recent_password_required(check=check)
    def action(request):
        ran.append(dict(request.POST))
        return HttpResponse("done")

    def post(data):
        request = rf.post("/hanh-dong/", data)
        request.user, request.session = staff, session
        request._messages = FallbackStorage(request)
        return action(request)

    session = SessionStore()
    assert post({}).status_code == 400 and reauth.PENDING_KEY not in session  # refused, nothing kept
    assert post({reauth.PASSWORD_FIELD: PASSWORD}).status_code == 400 and reauth.SESSION_KEY not in session
    response = post({"confirm": "on"})  # a valid input still needs the password
    assert response.status_code == 302 and response["Location"] == _confirm_url("/hanh-dong/") and not ran
    assert post({"confirm": "on", reauth.PASSWORD_FIELD: PASSWORD}).content == b"done"
    assert ran == [{"confirm": ["on"]}]  # run once, without the password
