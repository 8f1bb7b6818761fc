"""Issuing a report runs as a background job (reports/tasks.py, kernel/jobs.py): the request records the job, the
job renders outside any write transaction, stores the issued copy in one short transaction, is tried again after
a crash and, when it keeps failing, ends as failed with a Vietnamese message, leaving the draft untouched.

The renderer is replaced by a stub here (a few bytes, counted): the real rendering is tested in test_report_pdf.py
and test_report_views.py."""

import hashlib
import logging

import pytest
from django.urls import reverse

from audit.models import AuditLog
from kernel.jobs import FAILED_MESSAGE
from kernel.models import Job
from reports import services
from reports.models import Report
from reports.services import SectionFields, report_section_save
from tests.factories import make_report
from tests.helpers import password_confirmed, vietnamese

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7 stub\n%%EOF"


class Renderer:
    """Stands for reports.services.report_pdf: counts its calls and fails the first `failures` of them."""

    def __init__(self, failures: int = 0, during=None):
        self.calls, self.failures, self.during = 0, failures, during

    def __call__(self, document):
        self.calls += 1
        if self.during:
            self.during(self.calls)
        if self.calls <= self.failures:
            raise ConnectionError("the database went away while rendering")
        return FAKE_PDF


@pytest.fixture
def renderer(monkeypatch):
    def install(**kwargs):
        stub = Renderer(**kwargs)
        monkeypatch.setattr(services, "report_pdf", stub)
        return stub

    return install


def _issue(client, report):
    password_confirmed(client)
    return client.post(reverse("reports:report-issue", args=[report.pk]), {"confirm": "on", "reason": "Đã ký"})


def test_the_report_issues_through_a_job_whose_page_shows_done_and_the_report(staff_client, staff, renderer):
    stub = renderer()
    report = make_report(sections=[SectionFields("none", "", "Một.")])

    response = _issue(staff_client, report)

    job = Job.objects.get(kind="report.issue", object_id=report.pk)
    assert job.state == "done" and job.attempts == 1 and job.requested_by == staff
    # The immediate backend (quick start, tests) issued it during the request: straight back to the report.
    assert response["Location"] == reverse("reports:report-detail", args=[report.pk])
    report.refresh_from_db()
    assert report.status == "issued" and bytes(report.pdf) == FAKE_PDF and stub.calls == 1
    assert report.pdf_sha256 == hashlib.sha256(FAKE_PDF).hexdigest() and report.snapshot is not None
    assert AuditLog.objects.filter(action="report.issue", object_id=str(report.pk), reason="Đã ký").count() == 1
    page = staff_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert vietnamese("Done.") in page and reverse("reports:report-detail", args=[report.pk]) in page
    state = staff_client.get(reverse("jobs:state", args=[job.pk])).json()
    assert state["state"] == "done" and state["finished"] is True and state["percent"] == 100


def test_a_crash_while_rendering_is_tried_again_and_succeeds(staff_client, renderer, caplog):
    stub = renderer(failures=1)
    report = make_report(sections=[SectionFields("none", "", "Một.")])

    with caplog.at_level(logging.ERROR, logger="kernel.jobs"):
        _issue(staff_client, report)

    job = Job.objects.get(kind="report.issue", object_id=report.pk)
    assert job.state == "done" and job.attempts == 2 and job.error == ""
    assert stub.calls == 2 and Report.objects.get(pk=report.pk).status == "issued"
    assert "attempt 1 of 3" in caplog.text and "ConnectionError" in caplog.text


def test_a_job_that_keeps_failing_ends_failed_with_a_message_and_leaves_the_draft(staff_client, staff, renderer):
    stub = renderer(failures=99)
    report = make_report(sections=[SectionFields("none", "", "Một.")])

    response = _issue(staff_client, report)

    job = Job.objects.get(kind="report.issue", object_id=report.pk)
    message = vietnamese(FAILED_MESSAGE, attempts=3)
    assert job.state == "failed" and job.attempts == 3 and stub.calls == 3 and job.error == message
    report.refresh_from_db()
    assert report.status == "draft" and report.pdf is None and report.pdf_sha256 == "" and report.snapshot is None
    assert not AuditLog.objects.filter(action="report.issue").exists()
    failure = AuditLog.objects.get(action="job.fail", object_id=str(job.pk))
    assert failure.actor == staff and failure.after["kind"] == "report.issue"
    # The person is told on the report's page, and the job page says it too, without a traceback.
    shown = staff_client.get(response["Location"]).content.decode()
    assert message in shown
    page = staff_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert message in page and "Traceback" not in page and "ConnectionError" not in page


def test_a_refusal_is_said_at_once_and_never_retried(staff_client, renderer):
    stub = renderer()
    report = make_report(sections=[SectionFields("none", "", "Tổng số [[khong-co-ma-nay]].")])

    _issue(staff_client, report)

    job = Job.objects.get(kind="report.issue", object_id=report.pk)
    assert job.state == "failed" and job.attempts == 1 and "khong-co-ma-nay" in job.error and stub.calls == 0
    assert Report.objects.get(pk=report.pk).status == "draft"


def test_an_edit_made_while_the_pdf_renders_is_rendered_again_never_frozen_unseen(staff_client, staff, renderer):
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    section = report.sections.get()

    def edit_during_first_render(call):
        if call == 1:
            report_section_save(actor=staff, report=report, section=section, fields=SectionFields("none", "", "Hai."))

    stub = renderer(during=edit_during_first_render)
    _issue(staff_client, report)

    report.refresh_from_db()
    assert stub.calls == 2 and report.status == "issued" and report.sections.get().body == "Hai."
    assert Job.objects.get(object_id=report.pk, kind="report.issue").attempts == 1


def test_a_second_click_while_the_job_waits_shows_the_same_job(staff_client, staff):
    from reports.tasks import REPORT_ISSUE

    report = make_report(sections=[SectionFields("none", "", "Một.")])
    waiting = Job.objects.create(
        kind=REPORT_ISSUE, label="Ban hành", requested_by=staff, content_type_id=_report_type(), object_id=report.pk
    )
    response = _issue(staff_client, report)
    assert response["Location"] == reverse("jobs:detail", args=[waiting.pk])
    assert Job.objects.filter(kind=REPORT_ISSUE).count() == 1


def _report_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Report).pk
