"""Large Excel imports as background jobs (kernel/jobs.py): a file of more than IMPORT_BACKGROUND_ROWS rows is
stored under private/imports/ in the default storage (shared by the app servers and the worker, never served) and
imported by the worker, all or nothing in one transaction as a small file is in the request; the job page shows
the file's errors or what was added. The stored file is deleted once the import is done or refused."""

import io
import uuid
import zipfile
import zlib

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from awards.imports.columns import max_bytes
from awards.imports.measure import measure_xlsx
from awards.imports.results import ImportResult, Refused
from awards.imports.writing import decision_import, dossier_import
from awards.models import Decision, Dossier
from kernel.jobs import JobOutcome, JobRefused, Progress, job_run, job_submit
from kernel.lib.formatting import vn_int
from kernel.models import Job

DECISION_IMPORT = "import.decision"
DOSSIER_IMPORT = "import.dossier"
UPLOAD_PREFIX = "private/imports/"


def upload_rows(upload: File) -> int:
    """The data sheet's rows holding a value, measured as the import's own check measures a file before openpyxl
    loads it (measure.py: a streaming read that stops at the first limit passed); 0 when the file is refused or is
    no workbook, which the import in the request then says."""
    try:
        upload.seek(0)
        content = upload.read(max_bytes() + 1)
        if len(content) > max_bytes():
            return 0
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return measure_xlsx(archive).rows
    except (Refused, zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError, KeyError):
        return 0
    finally:
        upload.seek(0)


def is_large(upload: File) -> bool:
    return upload_rows(upload) > settings.IMPORT_BACKGROUND_ROWS


def import_submit(*, actor: User, obj: Decision | Dossier, upload: File) -> Job:
    rows = upload_rows(upload)
    name = default_storage.save(f"{UPLOAD_PREFIX}{uuid.uuid4().hex}.xlsx", upload)
    if isinstance(obj, Decision):
        kind, label = (
            DECISION_IMPORT,
            _("Import of %(rows)s rows from Excel into decision %(decision)s")
            % {
                "rows": vn_int(rows),
                "decision": obj.number_and_symbol,
            },
        )
    else:
        kind, label = (
            DOSSIER_IMPORT,
            _("Import of %(rows)s rows from Excel into dossier “%(title)s”")
            % {
                "rows": vn_int(rows),
                "title": obj.title,
            },
        )
    return job_submit(actor=actor, kind=kind, label=label, task=import_task, obj=obj, payload={"file": name})


def _summary(result: ImportResult) -> str:
    text = _("Import done: %(added)s rows added, %(skipped)s skipped as already listed.") % {
        "added": result.added,
        "skipped": result.skipped,
    }
    if result.linked or result.unlinked:
        text += " " + _(
            "Person records: %(linked)s individuals linked to theirs; %(unlinked)s left for staff to check and link "
            "on this page (no record or several fit)."
        ) % {"linked": result.linked, "unlinked": result.unlinked}
    return text


def _import_work(job: Job, progress: Progress) -> JobOutcome:
    name = job.payload["file"]
    with default_storage.open(name, "rb") as handle:
        upload = File(io.BytesIO(handle.read()), name="import.xlsx")
    progress(0, 2)  # 1: every row checked; 2: written
    obj: Model
    try:
        if job.kind == DECISION_IMPORT:
            obj = Decision.objects.get(pk=int(job.object_id or 0))
            result = decision_import(actor=job.requested_by, decision=obj, upload=upload, checked=lambda: progress(1))
            url = reverse("awards:decision-detail", args=[obj.pk])
        else:
            obj = Dossier.objects.get(pk=int(job.object_id or 0))
            result = dossier_import(actor=job.requested_by, dossier=obj, upload=upload, checked=lambda: progress(1))
            url = reverse("awards:dossier-detail", args=[obj.pk])
    except ValidationError:  # refused by the service (issued meanwhile): said on the job page, never retried
        default_storage.delete(name)
        raise
    if result.errors:
        default_storage.delete(name)
        errors = [
            {"row": e.row, "column": e.column, "message": e.problem, "expected": e.expected} for e in result.errors
        ]
        raise JobRefused(
            ngettext(
                "Nothing was imported: the file has %(counter)s error. Correct it and import the file again.",
                "Nothing was imported: the file has %(counter)s errors. Correct them and import the file again.",
                len(errors),
            )
            % {"counter": len(errors)},
            details={"errors": errors},
        )
    # The upload is deleted once the job is marked done. A worker killed after the rows were written but before
    # that mark leaves it for the retry, which finds every row already listed: "0 added, N skipped", the truth.
    return JobOutcome(url=url, details={"summary": _summary(result)}, delete_after=[name])


@task()
def import_task(job_id: int) -> None:
    job_run(job_id=job_id, task=import_task, work=_import_work)


TASKS = {DECISION_IMPORT: import_task, DOSSIER_IMPORT: import_task}
