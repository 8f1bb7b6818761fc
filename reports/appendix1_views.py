"""Phụ lục 1 (the documents the province issued in a period) as Excel and PDF files, beside the page and the
JSON data of campaigns (which cannot import the renderers of this app). The same period form and the same scope
as the page: a user who may not read the register gets an empty list, never someone else's documents."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from campaigns.forms import Appendix1PeriodForm
from campaigns.selectors import Appendix1, appendix1_for
from kernel.http import file_download
from kernel.lib import content_types
from kernel.types import AuthenticatedHttpRequest
from reports.pdf import appendix1_pdf
from reports.xlsx import appendix1_xlsx


def _appendix1_export(
    request: AuthenticatedHttpRequest, render_file: Callable[[Appendix1], bytes], content_type: str, extension: str
) -> HttpResponse:
    form = Appendix1PeriodForm(request.GET)
    if not form.is_valid():  # the page says why, with the period as typed
        return render(request, "campaigns/documents/appendix1.html", {"form": form, "table": None}, status=400)
    table = appendix1_for(user=request.user, start=form.cleaned_data["from"], end=form.cleaned_data["to"])
    return file_download(
        render_file(table), content_type, f"phu-luc-1_{table.start:%Y-%m-%d}_{table.end:%Y-%m-%d}.{extension}"
    )


@login_required
@permission_required("campaigns.view_document", raise_exception=True)
@require_GET
def appendix1_xlsx_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _appendix1_export(request, appendix1_xlsx, content_types.XLSX, "xlsx")


@login_required
@permission_required("campaigns.view_document", raise_exception=True)
@require_GET
def appendix1_pdf_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _appendix1_export(request, appendix1_pdf, content_types.PDF, "pdf")
