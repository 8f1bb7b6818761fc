"""Issuing a report: the form is checked before the password is asked for, and the password is still asked for
a form that can succeed, in either order the user gets things wrong."""

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from audit.models import AuditLog
from kernel import reauth
from reports.models import Report
from reports.services import SectionFields
from tests.factories import make_report
from tests.helpers import vietnamese

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"  # tests/factories.py UserFactory
UNTICKED = "Tick the box to confirm that the report is final."


@pytest.fixture
def report():
    return make_report(sections=[SectionFields("none", "", "Một.")])


def _messages(client, response) -> list[str]:
    return [str(m) for m in client.get(response["Location"]).context["messages"]]


def _status(report) -> str:
    return Report.objects.get(pk=report.pk).status


def test_an_unticked_box_is_said_first_then_the_password_is_asked_for(staff_client, report):
    url = reverse("reports:report-issue", args=[report.pk])
    detail = reverse("reports:report-detail", args=[report.pk])
    response = staff_client.post(url, {"reason": "Đã ký"})
    assert response.status_code == 302 and response["Location"] == detail  # not the password page
    assert _messages(staff_client, response) == [vietnamese(UNTICKED)]
    assert url not in staff_client.session.get(reauth.PENDING_KEY, {})  # nothing kept to replay
    assert _status(report) == "draft"

    response = staff_client.post(url, {"confirm": "on", "reason": "Đã ký"})
    assert response["Location"] == f"{reverse('reauth')}?{urlencode({'next': url})}"
    assert _status(report) == "draft"
    page = staff_client.get(response["Location"]).text
    assert 'name="confirm" value="on"' in page  # the ticked box is carried to the action with the password
    staff_client.post(url, {"confirm": "on", "reason": "Đã ký", reauth.PASSWORD_FIELD: PASSWORD})
    assert _status(report) == "issued"
    assert AuditLog.objects.filter(action="auth.reauth").count() == 1


def test_a_ticked_box_asks_for_the_password_and_a_wrong_one_issues_nothing(staff_client, report):
    url = reverse("reports:report-issue", args=[report.pk])
    response = staff_client.post(url, {"confirm": "on"})
    assert response["Location"].startswith(reverse("reauth"))
    response = staff_client.post(url, {"confirm": "on", reauth.PASSWORD_FIELD: "sai-mat-khau"})
    assert response["Location"].startswith(reverse("reauth")) and _status(report) == "draft"
    assert not AuditLog.objects.filter(action="auth.reauth").exists()
    staff_client.post(url, {"confirm": "on", reauth.PASSWORD_FIELD: PASSWORD})
    assert _status(report) == "issued"


def test_an_unticked_box_sent_with_the_password_is_refused_without_using_the_password(staff_client, report):
    url = reverse("reports:report-issue", args=[report.pk])
    response = staff_client.post(url, {reauth.PASSWORD_FIELD: PASSWORD})
    assert _messages(staff_client, response) == [vietnamese(UNTICKED)]
    assert _status(report) == "draft"
    assert reauth.SESSION_KEY not in staff_client.session  # the password confirmed nothing
    assert not AuditLog.objects.filter(action="auth.reauth").exists()


def test_after_a_recent_confirmation_the_view_still_checks_the_box(staff_client, report):
    from tests.helpers import password_confirmed

    password_confirmed(staff_client)
    url = reverse("reports:report-issue", args=[report.pk])
    response = staff_client.post(url, {})
    assert _messages(staff_client, response) == [vietnamese(UNTICKED)] and _status(report) == "draft"


def test_a_report_outside_the_users_scope_is_not_found_before_any_password(staff_client):
    url = reverse("reports:report-issue", args=[987654])
    assert staff_client.post(url, {}).status_code == 404
    assert staff_client.post(url, {"confirm": "on"}).status_code == 404
    assert url not in staff_client.session.get(reauth.PENDING_KEY, {})
