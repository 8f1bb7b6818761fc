"""Background jobs (kernel/jobs.py, kernel/job_views.py): who sees a job, its JSON state and its file; the
database backend's real worker (`manage.py db_worker`) running an issue and a retry deferred with run_after; jobs a
killed worker left running taken back; /healthz reporting the queue."""

import datetime

import psycopg
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audit.models import AuditLog
from kernel.jobs import JOB_LOCK_CLASS, JobOutcome, job_run, jobs_requeue_stale
from kernel.models import Job
from reports import services
from reports.models import Report
from reports.services import SectionFields
from reports.tasks import TASKS, report_issue_submit
from tests.factories import make_report
from tests.helpers import password_confirmed
from tests.views_matrix import assert_permissions

FAKE_PDF = b"%PDF-1.7 stub\n%%EOF"
DATABASE_TASKS = {
    "TASKS_BACKEND": "database",
    "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
}


def _job(user, **fields) -> Job:
    values = {"kind": "decision.pdf", "label": "Tệp PDF", "requested_by": user, "state": "queued"}
    return Job.objects.create(**{**values, **fields})


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["jobs:detail", "jobs:state", "jobs:file"])
def test_a_job_is_seen_by_its_requester_and_the_secretariat_only(client, clerk_a, clerk_b, staff, name):
    name_in_storage = default_storage.save("cache/decision-pdf/test.pdf", ContentFile(FAKE_PDF))
    job = _job(clerk_a, state="done", finished_at=timezone.now(), result_file=name_in_storage, result_filename="qd.pdf")
    url = reverse(name, args=[job.pk])
    for allowed in (clerk_a, staff):
        client.force_login(allowed)
        assert client.get(url).status_code == 200, allowed
    client.force_login(clerk_b)  # another unit's clerk: the job does not exist for them
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(clerk_a)
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_the_list_of_recent_jobs_shows_ones_own(client, clerk_a, clerk_b):
    mine, theirs = _job(clerk_a, label="Việc của tôi"), _job(clerk_b, label="Việc của người khác")
    assert_permissions(client, url=reverse("jobs:list"), method="get", allowed=clerk_a, others=[], wrong_method="post")
    client.force_login(clerk_a)
    page = client.get(reverse("jobs:list")).content.decode()
    assert mine.label in page and theirs.label not in page


@pytest.mark.django_db
def test_a_running_job_page_shows_progress_and_loads_the_served_script(client, staff):
    job = _job(staff, state="running", done_units=1, total_units=4, attempts=1)
    client.force_login(staff)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'value="25"' in page and ": 1/4" in page and "/static/js/job.js" in page and "<script>" not in page
    state = client.get(reverse("jobs:state", args=[job.pk])).json()
    assert state == {
        "state": "running",
        "state_label": "đang chạy",
        "done": 1,
        "total": 4,
        "percent": 25,
        "attempts": 1,
        "finished": False,
    }
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404  # no file before it is done


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_queues_the_issue_and_the_worker_runs_it(client, catalog, staff, monkeypatch):
    renders = []

    def flaky_pdf(document):
        renders.append(1)
        if len(renders) == 1:
            raise ConnectionError("lost the database while rendering")
        return FAKE_PDF

    monkeypatch.setattr(services, "report_pdf", flaky_pdf)
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    with override_settings(**DATABASE_TASKS):
        client.force_login(staff)
        password_confirmed(client)
        response = client.post(reverse("reports:report-issue", args=[report.pk]), {"confirm": "on"})
        job = Job.objects.get(kind="report.issue")
        # The request only queued it: the job page, the draft untouched, the task in the queue.
        assert response["Location"] == reverse("jobs:detail", args=[job.pk])
        assert job.state == "queued" and Report.objects.get(pk=report.pk).status == "draft"
        assert DBTaskResult.objects.ready().count() == 1 and job.task_id
        health = client.get("/healthz").json()["checks"]["task_queue"]
        assert health["status"] == "ok" and health["queued"] == 1 and health["oldest_queued_seconds"] >= 0

        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", verbosity=0)
        # The first attempt crashed: queued again, deferred (run_after) for a later pass of the worker.
        job.refresh_from_db()
        assert job.state == "queued" and job.attempts == 1 and len(renders) == 1
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.run_after > timezone.now() and DBTaskResult.objects.failed().count() == 1
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())

        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", verbosity=0)
        job.refresh_from_db()
        assert job.state == "done" and job.attempts == 2 and len(renders) == 2
        assert Report.objects.get(pk=report.pk).status == "issued"
        assert client.get("/healthz").json()["checks"]["task_queue"]["queued"] == 0


def _worker_connection(job_ids: list[int]):
    """Another session holding the job locks, as a live worker does (kernel.jobs.JOB_LOCK_CLASS)."""
    settings_dict = connection.settings_dict
    worker = psycopg.connect(
        host=settings_dict["HOST"],
        port=settings_dict["PORT"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        dbname=settings_dict["NAME"],
        autocommit=True,
    )
    for job_id in job_ids:
        assert worker.execute("SELECT pg_try_advisory_lock(%s, %s)", [JOB_LOCK_CLASS, job_id]).fetchone()[0]
    return worker


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_queued_again_or_failed_and_a_live_workers_job_is_left(staff, settings):
    settings.TASKS_STALE_SECONDS = 3600  # not what decides on PostgreSQL: the worker's lock does
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    type_ = ContentType.objects.get_for_model(Report)
    common = {"kind": "report.issue", "content_type": type_, "object_id": report.pk, "state": "running"}
    dead = _job(staff, **common, attempts=1, started_at=timezone.now())
    spent = _job(staff, **common, attempts=3, started_at=timezone.now())
    alive = _job(staff, **common, attempts=1, started_at=timezone.now())
    worker = _worker_connection([alive.pk])
    try:
        with override_settings(**DATABASE_TASKS):
            assert jobs_requeue_stale(tasks=TASKS) == 2
        for job in (dead, spent, alive):
            job.refresh_from_db()
        assert dead.state == "queued" and DBTaskResult.objects.filter(args_kwargs__args=[dead.pk]).exists()
        assert spent.state == "failed" and "3" in spent.error
        assert alive.state == "running"
    finally:
        worker.close()  # the worker dies: PostgreSQL releases its lock at once
    with override_settings(**DATABASE_TASKS):
        assert jobs_requeue_stale(tasks=TASKS) == 1
    alive.refresh_from_db()
    assert alive.state == "queued"


@pytest.mark.django_db
def test_a_job_a_live_worker_holds_is_not_run_twice(staff):
    job = _job(staff, kind="report.issue")
    worker = _worker_connection([job.pk])
    ran = []
    try:
        job_run(job_id=job.pk, task=TASKS["report.issue"], work=lambda job, progress: ran.append(job) or JobOutcome())
    finally:
        worker.close()
    job.refresh_from_db()
    assert ran == [] and job.state == "queued" and job.attempts == 0


@pytest.mark.django_db
def test_a_queued_job_found_locked_gets_a_new_task_rather_than_none(staff):
    """jobs_requeue_stale holds the lock while it queues the job: a worker taking that task at once must not end
    it with nothing left to run the job."""
    job = _job(staff, kind="report.issue")
    worker = _worker_connection([job.pk])
    try:
        with override_settings(**DATABASE_TASKS):
            job_run(job_id=job.pk, task=TASKS["report.issue"], work=lambda job, progress: JobOutcome())
    finally:
        worker.close()
    job.refresh_from_db()
    pending = DBTaskResult.objects.filter(args_kwargs__args=[job.pk])
    assert job.state == "queued" and str(pending.get().id) == job.task_id


def _issue_left_running(staff) -> tuple[Report, Job]:
    """A report's issue whose worker died at its first attempt (no worker holds its lock)."""
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    type_ = ContentType.objects.get_for_model(Report)
    fields = {"content_type": type_, "object_id": report.pk, "state": "running", "attempts": 1}
    return report, _job(staff, kind="report.issue", started_at=timezone.now(), **fields)


@pytest.mark.django_db
def test_a_job_taken_back_waits_until_the_lock_is_released(staff):
    _, dead = _issue_left_running(staff)
    with override_settings(**DATABASE_TASKS):
        assert jobs_requeue_stale(tasks=TASKS) == 1
    task = DBTaskResult.objects.get(args_kwargs__args=[dead.pk])
    assert task.run_after >= timezone.now() + datetime.timedelta(seconds=1)


@pytest.mark.django_db
def test_a_report_issued_before_its_worker_died_ends_done_not_failed(staff):
    """Killed after the issue was committed but before the job was marked done: the retry sees its own work."""
    report, job = _issue_left_running(staff)
    services.report_issue(actor=staff, report=report)  # what the killed worker had committed
    assert jobs_requeue_stale(tasks=TASKS) == 1  # the immediate backend runs the retry at once
    job.refresh_from_db()
    assert job.state == "done" and job.error == "" and job.attempts == 2
    assert AuditLog.objects.filter(action="report.issue", object_id=str(report.pk)).count() == 1


@pytest.mark.django_db
def test_submitting_with_the_database_backend_records_job_and_task_together(staff):
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    with override_settings(**DATABASE_TASKS):
        job = report_issue_submit(actor=staff, report=report, reason="")
    task = DBTaskResult.objects.get()
    assert str(task.id) == job.task_id and task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert task.task_path == "reports.tasks.report_issue_task"
