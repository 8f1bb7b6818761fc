"""Background jobs: work handed to the task engine (django-tasks; settings.TASKS) with a record the person sees.

`job_submit` writes the job record and enqueues its task; with the database backend both commit in one
transaction, so a job is never recorded without its task nor the reverse. With the immediate backend (the quick
start, the tests) the task runs at once, in the request, after the record is committed.

Each app's task function calls `job_run` with its work: the record goes queued → running → done, the work reports
its progress, and an exception either ends the job at once with its message (a ValidationError: the person has
something to fix, trying again would not help) or, for anything else (a crash, a lost connection), tries again
later up to the job's max_attempts, then ends it as failed with a message in Vietnamese, an audit entry and the
traceback in the log. The engine itself never retries. `jobs_requeue_stale` takes back the jobs of a worker that
died mid-task (kill -9, a lost machine)."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks.base import Task

from audit.services import audit_record
from kernel.models import Job

logger = logging.getLogger(__name__)

FAILED_MESSAGE = gettext_noop(
    "The work could not be done after %(attempts)s attempts. Nothing was changed. Try again later; if it fails "
    "again, tell the administrator (the details are in the server's log)."
)

# Seconds to wait before the second and the third attempt (the database backend defers them with run_after).
RETRY_DELAYS = (10, 60)
REQUEUE_DELAY_SECONDS = 3


@dataclass
class JobOutcome:
    """What a finished job gives the person: a page (url), a stored file, and details the job page shows."""

    url: str = ""
    file: str = ""
    filename: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    # Files of the default storage the job no longer needs (an import's upload), deleted once the job is marked
    # done: deleted earlier, a worker killed between the work's commit and that mark would leave a retry without
    # its input, failing a job whose work was done.
    delete_after: list[str] = field(default_factory=list)


class Progress:
    """Lets the work say how far it got; each call is one UPDATE, committed at once (the work holds no
    transaction open while it reports), so the job page shows it while the work goes on."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self.job.total_units = total
        self.job.done_units = min(done, self.job.total_units)
        Job.objects.filter(pk=self.job.pk).update(
            done_units=self.job.done_units, total_units=self.job.total_units, updated_at=timezone.now()
        )


Work = Callable[[Job, Progress], JobOutcome]


class JobRefused(ValidationError):
    """The work cannot be done as asked, for a reason the person can fix (shown as the job's message, with
    `details` for the job page, e.g. an import's table of errors); never tried again."""

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.details = details or {}


def _transactional(task: Task) -> bool:
    """Whether the task's backend stores tasks in this database (then enqueueing joins the transaction)."""
    return bool(task.get_backend().supports_defer)


def job_submit(
    *,
    actor: User,
    kind: str,
    label: str,
    task: Task,
    obj: models.Model | None = None,
    payload: dict[str, Any] | None = None,
    total_units: int = 0,
) -> Job:
    """Record a job and enqueue its task (which is called with the job's id). Call it outside any transaction:
    with the immediate backend the work runs now, and must see the job committed."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            label=label[:255],
            requested_by=actor,
            content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
            object_id=obj.pk if obj is not None else None,
            payload=payload or {},
            total_units=total_units,
            max_attempts=settings.TASKS_MAX_ATTEMPTS,
        )
        if _transactional(task):
            result = task.enqueue(job.pk)
            Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    if not _transactional(task):
        task.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _enqueue_again(task: Task, job: Job, *, after_failure: bool = True) -> None:
    """Put a job back in the queue for another attempt: after a failure, later when the backend can defer (the
    cause may pass); after its worker died, at once."""
    if _transactional(task):
        if after_failure and job.attempts:
            delay = RETRY_DELAYS[min(job.attempts, len(RETRY_DELAYS)) - 1]
        else:
            # Taken back from a dead worker: a few seconds, so that jobs_requeue_stale has released the job's lock
            # before any worker can take the task (it would find the lock held and leave the job).
            delay = REQUEUE_DELAY_SECONDS
        with transaction.atomic():
            Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, started_at=None)
            result = task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)).enqueue(job.pk)
            Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    else:  # the immediate backend runs it now, inside this call
        Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, started_at=None)
        task.enqueue(job.pk)


def _job_fail(job: Job, message: str, details: dict[str, Any] | None = None) -> None:
    if job.payload.get("file"):  # an upload kept for the job (people's data): not kept once the job has ended
        default_storage.delete(job.payload["file"])
    with transaction.atomic():
        before = {"state": job.state, "attempts": job.attempts}
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.FAILED, error=message, result=details or {}, finished_at=timezone.now()
        )
        job.refresh_from_db()
        audit_record(
            actor=job.requested_by,
            action="job.fail",
            obj=job,
            before=before,
            after={"state": job.state, "attempts": job.attempts, "kind": job.kind, "error": message},
        )


# On PostgreSQL a worker holds a session advisory lock on each job it runs, taken before it claims the job and
# released after the job's last write. PostgreSQL drops it the moment the worker's connection ends (kill -9, a lost
# machine), so a running job whose lock is free has lost its worker: known at once and from any machine, without
# waiting for a timeout and without taking a live worker's job. (On SQLite, which has no workers but the request
# itself, TASKS_STALE_SECONDS decides.)
JOB_LOCK_CLASS = 7_401_640  # the first key of pg_advisory_lock(int, int): this portal's job locks


def _job_lock(job_id: int) -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [JOB_LOCK_CLASS, job_id])
        return bool(cursor.fetchone()[0])


def _job_unlock(job_id: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [JOB_LOCK_CLASS, job_id])


def job_run(*, job_id: int, task: Task, work: Work) -> None:
    """Run a job's work once (called by its task). A job that is not queued (done, failed, or already taken by
    another worker) is left alone, so a task delivered twice does the work once."""
    if not _job_lock(job_id):
        # Another session holds it: a worker running it (its task delivered twice), or jobs_requeue_stale taking it
        # back at this very moment. A job still queued must not be left without a task: it is queued again.
        job = Job.objects.filter(pk=job_id).first()
        if job is not None and job.state == Job.State.QUEUED and _transactional(task):
            logger.warning("Job %s is locked by another session; queued again", job_id)
            _enqueue_again(task, job, after_failure=False)
        else:
            logger.warning("Job %s is held by another worker; nothing done", job_id)
        return
    try:
        _job_run_locked(job_id=job_id, task=task, work=work)
    finally:
        _job_unlock(job_id)


def _job_run_locked(*, job_id: int, task: Task, work: Work) -> None:
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED, attempts__lt=F("max_attempts")).update(
        state=Job.State.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        logger.warning("Job %s is not waiting to run; nothing done", job_id)
        return
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    try:
        outcome = work(job, Progress(job))
    except ValidationError as refusal:  # the person has something to fix: said at once, never retried
        _job_fail(job, " ".join(refusal.messages), getattr(refusal, "details", None))
        return
    except Exception:
        logger.exception("Job %s (%s) failed, attempt %s of %s", job.pk, job.kind, job.attempts, job.max_attempts)
        if job.attempts < job.max_attempts:
            _enqueue_again(task, job)
        else:
            _job_fail(job, _(FAILED_MESSAGE) % {"attempts": job.attempts})
        raise  # the engine records this attempt as failed, with its traceback
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.DONE,
        done_units=F("total_units"),
        finished_at=timezone.now(),
        result_url=outcome.url,
        result_file=outcome.file,
        result_filename=outcome.filename,
        result=outcome.details,
        updated_at=timezone.now(),
    )
    for name in outcome.delete_after:
        default_storage.delete(name)


def jobs_requeue_stale(*, tasks: dict[str, Task]) -> int:
    """Jobs left running by a worker that died (kill -9, a lost machine): tried again while attempts remain, else
    failed. `tasks` maps a job kind to its task. On PostgreSQL a job is stale when no worker holds its lock (see
    JOB_LOCK_CLASS), so this is safe to run at any time from any machine; elsewhere, when it has run longer than
    TASKS_STALE_SECONDS. Run when a worker starts and every minute (docs/deploy/tdkt-worker.service)."""
    running = Job.objects.filter(state=Job.State.RUNNING).select_related("requested_by")
    if connection.vendor != "postgresql":
        running = running.filter(
            started_at__lt=timezone.now() - datetime.timedelta(seconds=settings.TASKS_STALE_SECONDS)
        )
    count = 0
    for job in running:
        if not _job_lock(job.pk):
            continue  # its worker is alive
        try:
            job.refresh_from_db()
            if job.state != Job.State.RUNNING:
                continue  # finished between the query and the lock
            task = tasks.get(job.kind)
            if task is not None and job.attempts < job.max_attempts:
                _enqueue_again(task, job, after_failure=False)
            else:
                _job_fail(job, _(FAILED_MESSAGE) % {"attempts": job.attempts})
            count += 1
        finally:
            _job_unlock(job.pk)
    return count


def job_active_for(*, obj: models.Model, kind: str, requested_by: User | None = None) -> Job | None:
    """The job of this kind still queued or running for an object, if any (one issue of a report at a time; one
    PDF of a decision at a time for the person who asked, whose job page only they and the secretariat see)."""
    jobs = Job.objects.filter(
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        state__in=[Job.State.QUEUED, Job.State.RUNNING],
    )
    if requested_by is not None:
        jobs = jobs.filter(requested_by=requested_by)
    return jobs.order_by("-pk").first()
