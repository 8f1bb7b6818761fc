"""kill -9 of the task worker while it issues a report and while it imports an Excel file (issue 12, point 8): no
partial write, and the job done exactly once by the next worker. A phase of scripts/bench_load.py (which sets up
Django with TASKS_BACKEND=database), not run alone.

Each trial starts `manage.py db_worker`, submits the job as the portal does, waits until the job has reached the
step named (rendering the PDF, writing the rows), lets it run a little longer, kills the worker with SIGKILL and
reads the database: the draft report must be untouched (no PDF, no issue audit entry), the draft decision must hold
no imported row. Then `jobs_requeue_stale` and a new worker must finish the job once: the report issued with one
audit entry and a PDF matching its SHA-256, or every row imported once.
"""

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from audit.models import AuditLog
from awards import imports
from awards.imports.tasks import import_submit
from awards.models import Award, AwardType, CommendationKind, Decision
from kernel.models import Job
from reports.models import Report
from reports.services import SectionFields, report_create
from reports.tasks import report_issue_submit

ROOT = Path(__file__).resolve().parent.parent
IMPORT_ROWS = 5000


def _worker(workdir: Path, name: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1", "--worker-id", name],
        cwd=ROOT,
        env={**os.environ, "TASKS_BACKEND": "database"},
        stdout=(workdir / f"worker-{name}.log").open("w"),
        stderr=subprocess.STDOUT,
    )


def _wait(job: Job, until, seconds: float = 120) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if until(job):
            return job
        time.sleep(0.02)
    raise RuntimeError(f"job {job.pk} did not reach the state awaited: {job.state} {job.done_units}/{job.total_units}")


def _finish(workdir: Path, job: Job, name: str) -> tuple[Job, float]:
    """The recovery: jobs_requeue_stale, then a new worker runs the job to its end."""
    subprocess.run([sys.executable, "manage.py", "jobs_requeue_stale"], cwd=ROOT, check=True, capture_output=True)
    started = time.monotonic()
    worker = _worker(workdir, name)
    try:
        job = _wait(job, lambda j: j.state in (Job.State.DONE, Job.State.FAILED), seconds=600)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=120)
    return job, time.monotonic() - started


def _user():
    from django.contrib.auth.models import Group

    from kernel.roles import SECRETARIAT

    user, _ = get_user_model().objects.get_or_create(username="bench-faults")
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    return user


def _report(user, trial: int) -> Report:
    from tests.factories import report_fields

    fields = report_fields(number_symbol=f"{int(time.time()) % 90000 + 1000 + trial}/BC-UBND")  # new each run
    # About 20 pages: a render of a few seconds, long enough to kill the worker in the middle of it.
    sections = [SectionFields("none", "", "Công tác thi đua, khen thưởng sáu tháng đầu năm. " * 60)] * 30
    return report_create(actor=user, fields=fields, sections=sections)


def trial_issue(workdir: Path, trial: int, delay: float) -> str:
    user = _user()
    report = _report(user, trial)
    worker = _worker(workdir, f"issue-{trial}")
    job = report_issue_submit(actor=user, report=report, reason="bench")
    job = _wait(job, lambda j: j.state == Job.State.RUNNING and j.done_units >= 1)
    time.sleep(delay)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    report.refresh_from_db()
    job.refresh_from_db()
    after_kill = _report_state(report)
    killed_at = f"{job.state} at step {job.done_units}/{job.total_units}"
    job, seconds = _finish(workdir, job, f"issue-{trial}-again")
    report.refresh_from_db()
    return (
        f"  issuing, killed {delay:.2f} s after the figures ({killed_at}): the report {after_kill}; "
        f"then job {job.state} on attempt {job.attempts} in {seconds:.1f} s, the report {_report_state(report)}"
    )


def _report_state(report: Report) -> str:
    """Untouched (a draft, no PDF, no issue entry), complete (issued, its PDF matching its SHA-256, one issue
    entry), or partial: anything else."""
    entries = AuditLog.objects.filter(action="report.issue", object_id=str(report.pk)).count()
    if report.status == Report.Status.DRAFT and not report.pdf and not report.pdf_sha256 and entries == 0:
        return "untouched"
    sound = hashlib.sha256(bytes(report.pdf)).hexdigest() == report.pdf_sha256
    if report.status == Report.Status.ISSUED and sound and entries == 1:
        return "complete"
    return f"PARTIAL ({report.status}, {entries} issue entries, PDF {'sound' if sound else 'broken'})"


def _import_file(decision: Decision) -> bytes:
    from scripts.bench_import import _rows

    workbook = load_workbook(io.BytesIO(imports.decision_template(decision)))
    sheet = workbook[imports.DATA_SHEET]
    award = AwardType.objects.get(code="BK_TINH").name
    kind = CommendationKind.objects.get(code="regular").name
    for r, row in enumerate(_rows(IMPORT_ROWS, award, kind), start=2):
        for c, value in enumerate(row, start=1):
            if value:
                sheet.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def trial_import(workdir: Path, trial: int, delay: float) -> str:
    user = _user()
    from tests.factories import make_decision

    decision = make_decision(issued=False, actor=user, unnumbered=True)  # a draft with one recipient
    before = Award.objects.filter(decision=decision).count()
    upload = ContentFile(_import_file(decision), name="bench.xlsx")
    worker = _worker(workdir, f"import-{trial}")
    job = import_submit(actor=user, obj=decision, upload=upload)
    job = _wait(job, lambda j: j.state == Job.State.RUNNING and j.done_units >= 1)  # every row checked: writing
    time.sleep(delay)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    rows_after_kill = Award.objects.filter(decision=decision).count() - before
    job.refresh_from_db()
    killed_at = f"{job.state} at step {job.done_units}/{job.total_units}"
    job, seconds = _finish(workdir, job, f"import-{trial}-again")
    rows = Award.objects.filter(decision=decision).count() - before
    return (
        f"  importing {IMPORT_ROWS:,} rows, killed {delay:.2f} s into writing ({killed_at}): "
        f"rows in the decision after the kill {rows_after_kill}; then job {job.state} on attempt {job.attempts} in "
        f"{seconds:.1f} s, {rows:,} rows in the decision"
    )


def _calibrate(workdir: Path, submit) -> float:
    """Seconds from the job's first step to its end, undisturbed: the kills below fall at fractions of it."""
    worker = _worker(workdir, "calibration")
    try:
        job = submit()
        job = _wait(job, lambda j: j.state == Job.State.RUNNING and j.done_units >= 1)
        started = time.monotonic()
        _wait(job, lambda j: j.state in (Job.State.DONE, Job.State.FAILED), seconds=600)
        return time.monotonic() - started
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=120)


FRACTIONS = (0.05, 0.35, 0.65, 0.9)


def phase_worker(workdir: Path) -> None:
    user = _user()
    print("Worker killed with SIGKILL (kill -9) mid-job, then jobs_requeue_stale and a new worker:")
    span = _calibrate(workdir, lambda: report_issue_submit(actor=user, report=_report(user, 99), reason="bench"))
    print(f"  (undisturbed, issuing takes {span:.2f} s from its figures to its end)")
    for trial, fraction in enumerate(FRACTIONS):
        print(trial_issue(workdir, trial, span * fraction), flush=True)
    from tests.factories import make_decision

    def import_job() -> Job:
        decision = make_decision(issued=False, actor=user, unnumbered=True)
        return import_submit(actor=user, obj=decision, upload=ContentFile(_import_file(decision), name="b.xlsx"))

    try:
        span = _calibrate(workdir, import_job)
        print(f"  (undisturbed, writing {IMPORT_ROWS:,} checked rows takes {span:.2f} s)")
        for trial, fraction in enumerate(FRACTIONS):
            print(trial_import(workdir, trial, span * fraction), flush=True)
    finally:
        # The draft decisions of the trials leave the benchmark's data as it was (their issued reports stay: an
        # issued report is never deleted, and they change no page measured).
        Decision.objects.filter(created_by=user, status=Decision.Status.DRAFT).delete()
