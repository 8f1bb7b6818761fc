"""Background jobs of reports (kernel/jobs.py runs them): issuing a report, a large decision's PDF, and the package
for the central level of a dossier with heavy files."""

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from awards.models import Decision, Dossier
from kernel.jobs import JobOutcome, Progress, job_run, job_submit
from kernel.models import Job
from reports import services
from reports.decision_files import decision_pdf_filename, decision_pdf_render_cached, decision_print
from reports.models import Report
from reports.package import PACKAGE_FOLDER, dossier_package_store
from reports.package_services import dossier_package_record

REPORT_ISSUE = "report.issue"
DECISION_PDF = "decision.pdf"
DOSSIER_PACKAGE = "dossier.package"


def _report_issue_work(job: Job, progress: Progress) -> JobOutcome:
    report = Report.objects.get(pk=int(job.object_id or 0))
    issued_at = report.issued_at
    if report.is_issued and report.issued_by_id == job.requested_by_id and issued_at and issued_at >= job.created_at:
        # This job issued it: its worker was killed after the issue was committed, before the job was marked done.
        return JobOutcome(url=reverse("reports:report-detail", args=[report.pk]))
    report = services.report_issue(
        actor=job.requested_by, report=report, reason=job.payload.get("reason", ""), progress=progress
    )
    return JobOutcome(url=reverse("reports:report-detail", args=[report.pk]))


@task()
def report_issue_task(job_id: int) -> None:
    job_run(job_id=job_id, task=report_issue_task, work=_report_issue_work)


def report_issue_submit(*, actor: User, report: Report, reason: str) -> Job:
    """Issuing in the background: the request only records the job; the job renders, signs and stores."""
    return job_submit(
        actor=actor,
        kind=REPORT_ISSUE,
        label=_("Issuing report %(report)s") % {"report": report},
        task=report_issue_task,
        obj=report,
        payload={"reason": reason},
    )


def _decision_pdf_work(job: Job, progress: Progress) -> JobOutcome:
    decision = Decision.objects.select_related("authority", "issuer").get(pk=int(job.object_id or 0))
    progress(0, 2)
    printed = decision_print(decision)
    progress(1)
    name, _pdf = decision_pdf_render_cached(printed)
    return JobOutcome(file=name, filename=decision_pdf_filename(decision))


@task()
def decision_pdf_task(job_id: int) -> None:
    job_run(job_id=job_id, task=decision_pdf_task, work=_decision_pdf_work)


def decision_pdf_submit(*, actor: User, decision: Decision) -> Job:
    return job_submit(
        actor=actor,
        kind=DECISION_PDF,
        label=_("PDF of decision %(decision)s") % {"decision": decision},
        task=decision_pdf_task,
        obj=decision,
    )


def _dossier_package_work(job: Job, progress: Progress) -> JobOutcome:
    dossier = Dossier.objects.select_related("unit").get(pk=int(job.object_id or 0))
    progress(0, 1)
    package, name = dossier_package_store(dossier=dossier, folder=f"{PACKAGE_FOLDER}/{job.pk}")
    dossier_package_record(actor=job.requested_by, dossier=dossier, package=package, channel="job")
    return JobOutcome(file=name, filename=package.filename, details={"sha256": package.sha256, "size": package.size})


@task()
def dossier_package_task(job_id: int) -> None:
    job_run(job_id=job_id, task=dossier_package_task, work=_dossier_package_work)


def dossier_package_submit(*, actor: User, dossier: Dossier) -> Job:
    return job_submit(
        actor=actor,
        kind=DOSSIER_PACKAGE,
        label=_("Package for the central level of dossier %(dossier)s") % {"dossier": dossier},
        task=dossier_package_task,
        obj=dossier,
    )


# For kernel.jobs.jobs_requeue_stale: the task of each kind of job.
TASKS = {REPORT_ISSUE: report_issue_task, DECISION_PDF: decision_pdf_task, DOSSIER_PACKAGE: dossier_package_task}
