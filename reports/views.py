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


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
@require_GET
def appendix2(request):
    form = _period_form(request)
    if not form.is_valid():
        return render(request, "reports/appendix2.html", {"form": form, "table": None}, status=400)
    try:
        table = appendix2_compute(start=form.cleaned_data["date_from"], end=form.cleaned_data["date_to"])
    except LayoutError as error:
        return render(request, "reports/appendix2.html", {"form": form, "layout_error": error}, status=409)
    return render(request, "reports/appendix2.html", {"form": form, "table": table})


def _appendix2_export(request, render_file, content_type: str, extension: str):
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/appendix2.html", {"form": form, "table": None}, status=400)
    start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    try:
        table = appendix2_compute(start=start, end=end)
    except LayoutError as error:
        return render(request, "reports/appendix2.html", {"form": form, "layout_error": error}, status=409)
    return _download(render_file(table), content_type, f"phu-luc-2_{start:%Y-%m-%d}_{end:%Y-%m-%d}.{extension}")


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
