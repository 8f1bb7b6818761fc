"""Reports are provincial: leaders read them but issue nothing; a unit account sees none."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from reports.models import Report
from reports.services import SectionFields
from tests.factories import make_report
from tests.helpers import password_confirmed

pytestmark = pytest.mark.django_db


def test_a_leader_reads_reports_but_cannot_issue_one(client, leader):
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    client.force_login(leader)
    assert client.get(reverse("reports:report-list")).status_code == 200
    assert client.get(reverse("reports:report-detail", args=[report.pk])).status_code == 200
    assert client.get(reverse("reports:appendix2")).status_code == 200
    password_confirmed(client)
    assert client.post(reverse("reports:report-issue", args=[report.pk]), {"confirm": "on"}).status_code == 403
    assert client.get(reverse("reports:report-edit", args=[report.pk])).status_code == 403
    assert Report.objects.get(pk=report.pk).status == "draft"


def test_a_unit_account_granted_reports_still_sees_none(client, clerk_a):
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    clerk_a.user_permissions.add(Permission.objects.get(content_type__app_label="reports", codename="view_report"))
    client.force_login(clerk_a)
    assert client.get(reverse("reports:report-detail", args=[report.pk])).status_code == 404
    assert list(client.get(reverse("reports:report-list")).context["entries"]) == []  # neither reports nor issued forms
