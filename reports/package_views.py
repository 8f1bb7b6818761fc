"""Downloading a forwarded dossier's package for the central level (reports/package.py) from its page.

Built during the request and streamed from a temporary file, not handed to a background job: the demo's
forwarded dossier (3 files, 1 meeting) builds in about 0.9 s, the tờ trình's and each meeting's minutes' layout
being nearly all of it (0.3 to 0.65 s each); a dossier's own files are only copied in 1 MB chunks. Measured in
docs/ARCHITECTURE.md, "The package for the central level"."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from awards.scopes import dossiers_visible_to
from kernel.types import AuthenticatedHttpRequest
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
    try:
        package = dossier_package(dossier=dossier)
    except PackageRefused as error:
        return render(request, "404.html", {"message": str(error)}, status=404)
    dossier_package_record(actor=request.user, dossier=dossier, package=package, channel="download")
    response = FileResponse(package.file, as_attachment=True, filename=package.filename, content_type="application/zip")
    response["Content-Length"] = str(package.size)
    return response
