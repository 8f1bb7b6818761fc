"""The pages of background jobs: one job's progress and result (/tac-vu/<id>/), refreshed by the served job.js
from its JSON state, the file it made, and the user's recent jobs. A job is shown to whoever asked for it and to
secretariat staff; to anybody else it does not exist (404)."""

import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kernel.downloads import missing_file_errors
from kernel.lib import content_types
from kernel.models import Job
from kernel.roles import is_secretariat
from kernel.types import AuthenticatedHttpRequest, Viewer

RECENT_JOBS = 20


def jobs_visible_to(*, user: Viewer) -> QuerySet[Job]:
    """The one scope helper for jobs: one's own, and every job for secretariat staff."""
    if not user.is_authenticated:
        return Job.objects.none()
    jobs = Job.objects.select_related("requested_by")
    return jobs if is_secretariat(user) else jobs.filter(Q(requested_by=user))


def _job_for_user(request: AuthenticatedHttpRequest, pk: int) -> Job:
    return get_object_or_404(jobs_visible_to(user=request.user), pk=pk)


def _file_url(job: Job) -> str:
    return reverse("jobs:file", args=[job.pk]) if job.state == Job.State.DONE and job.result_file else ""


@login_required
@require_GET
def job_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _job_for_user(request, pk)
    context = {"job": job, "file_url": _file_url(job), "errors": job.result.get("errors", [])}
    return render(request, "jobs/job_detail.html", context)


@login_required
@require_GET
def job_state(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """What job.js needs to refresh the page: the state, the progress, and whether it is finished."""
    job = _job_for_user(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "done": job.done_units,
            "total": job.total_units,
            "percent": job.percent,
            "attempts": job.attempts,
            "finished": job.is_finished,
        }
    )


@login_required
@require_GET
def job_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    job = _job_for_user(request, pk)
    if not _file_url(job):
        raise Http404("This job made no file.")
    try:
        handle = default_storage.open(job.result_file, "rb")
    except missing_file_errors():  # the cache was emptied: the person asks again
        message = _("This file is no longer kept on the server. Ask for it again from its page.")
        return render(request, "404.html", {"message": message}, status=404)
    # Jobs make PDFs, and ZIP packages (reports.tasks): the type follows the file's name.
    content_type = mimetypes.guess_type(job.result_filename)[0] or content_types.PDF
    return FileResponse(handle, as_attachment=True, filename=job.result_filename, content_type=content_type)


@login_required
@require_GET
def job_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(requested_by=request.user).order_by("-created_at", "-pk")[:RECENT_JOBS]
    return render(request, "jobs/job_list.html", {"jobs": jobs})
