from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from reports.forms import PeriodForm
from reports.pdf import appendix2_pdf
from reports.selectors import LayoutError, appendix2_compute, appendix2_default_period
from reports.xlsx import appendix2_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period_form(request) -> PeriodForm:
    if "date_from" in request.GET or "date_to" in request.GET:
        return PeriodForm(request.GET)
    start, end = appendix2_default_period(today=timezone.localdate())
    return PeriodForm({"date_from": f"{start:%d/%m/%Y}", "date_to": f"{end:%d/%m/%Y}"})


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _table_or_error_page(request, form: PeriodForm):
    """The table for a valid period, or the page that says why there is none (bad period, broken layout)."""
    if not form.is_valid():
        return None, render(request, "reports/appendix2.html", {"form": form, "table": None}, status=400)
    try:
        return appendix2_compute(start=form.cleaned_data["date_from"], end=form.cleaned_data["date_to"]), None
    except LayoutError as error:
        return None, render(request, "reports/appendix2.html", {"form": form, "layout_error": error}, status=409)


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
@require_GET
def appendix2(request):
    form = _period_form(request)
    table, error_page = _table_or_error_page(request, form)
    return error_page or render(request, "reports/appendix2.html", {"form": form, "table": table})


def _appendix2_export(request, render_file, content_type: str, extension: str):
    table, error_page = _table_or_error_page(request, PeriodForm(request.GET))
    if error_page:
        return error_page
    filename = f"phu-luc-2_{table.start:%Y-%m-%d}_{table.end:%Y-%m-%d}.{extension}"
    return _download(render_file(table), content_type, filename)


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
@require_GET
def appendix2_xlsx_download(request):
    return _appendix2_export(request, appendix2_xlsx, XLSX_TYPE, "xlsx")


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
@require_GET
def appendix2_pdf_download(request):
    return _appendix2_export(request, appendix2_pdf, "application/pdf", "pdf")
