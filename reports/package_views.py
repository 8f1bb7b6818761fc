"""Downloading a forwarded dossier's package for the central level (reports/package.py) from its page.

Built during the request and streamed from a temporary file when the dossier's files weigh at most
DOSSIER_PACKAGE_BACKGROUND_BYTES (100 MB by default), otherwise built by a background job whose page offers the
ZIP. Measured (docs/ARCHITECTURE.md, "The package for the central level"): the demo's forwarded dossier (3 files,
1 meeting) in about 0.9 s, nearly all of it laying out the tờ trình and the minutes; 210 MB of files in 2.5 to
3.1 s, nearly all of it reading and hashing them, so that past about 100 MB the wait passes a couple of seconds."""

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Sum
from django.http import FileResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from awards.models import DossierFile
from awards.scopes import dossiers_visible_to
from kernel.jobs import job_active_for
from kernel.types import AuthenticatedHttpRequest
from reports import tasks
from reports.package import PACKAGED_STATUSES, PackageRefused, dossier_package
from reports.package_services import dossier_package_record

# The package holds the dossier, the minutes of whole council meetings and the consultation's record: whoever
# takes it must be allowed to see all three (secretariat staff; not a unit clerk, a leader or a council member).
PACKAGE_PERMISSIONS = ("awards.view_dossier", "awards.view_meeting", "awards.view_consultation")


@login_required
@permission_required(PACKAGE_PERMISSIONS, raise_exception=True)
@require_GET
def dossier_package_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    dossier = get_object_or_404(
        dossiers_visible_to(user=request.user).select_related("unit"),
        pk=pk,
        status__in=PACKAGED_STATUSES,
        forwarding_number__isnull=False,
    )
    heavy = DossierFile.objects.filter(dossier=dossier).aggregate(total=Sum("size"))["total"] or 0
    if heavy > settings.DOSSIER_PACKAGE_BACKGROUND_BYTES:
        # A second click while it builds follows the same job rather than build the package twice.
        job = job_active_for(
            obj=dossier, kind=tasks.DOSSIER_PACKAGE, requested_by=request.user
        ) or tasks.dossier_package_submit(actor=request.user, dossier=dossier)
        return redirect("jobs:detail", pk=job.pk)
    try:
        package = dossier_package(dossier=dossier)
    except PackageRefused as error:
        return render(request, "404.html", {"message": str(error)}, status=404)
    dossier_package_record(actor=request.user, dossier=dossier, package=package, channel="download")
    response = FileResponse(package.file, as_attachment=True, filename=package.filename, content_type="application/zip")
    response["Content-Length"] = str(package.size)
    return response
