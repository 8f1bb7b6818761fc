"""The annual statistical forms on screen and in files: the forms of a statistical year, a form's page, its XLSX
and PDF, issuing it (frozen figures and PDF, listed in the report register) and the issued PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clusters.selectors import unit_of
from kernel.http import file_download
from kernel.lib import content_types
from kernel.lib.statistical_years import latest_closed_statistical_year
from kernel.reauth import recent_password_required
from kernel.types import AuthenticatedHttpRequest
from reports.errors import ReportInvalid
from reports.models import IssuedStatistics
from reports.statistics import (
    CriteriaError,
    StatisticsTable,
    StatisticsUnavailable,
    statistics_compute,
    statistics_from_snapshot,
    statistics_year_forms,
)
from reports.statistics_files import statistics_pdf, statistics_xlsx, table_context
from reports.statistics_register import issued_statistics_visible_to
from reports.statistics_services import statistics_issue

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(request: AuthenticatedHttpRequest) -> int:
    text = request.GET.get("year", "")
    if text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    return latest_closed_statistical_year(timezone.localdate())


def _issued(year: int) -> dict[str, IssuedStatistics]:
    issued = IssuedStatistics.objects.filter(year=year).defer("pdf", "snapshot")
    return {entry.form_code: entry for entry in issued}


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
@require_GET
def statistics_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    if unit_of(request.user) is not None:  # the province's figures (see _table)
        raise PermissionDenied
    year = _year(request)
    context: dict = {"year": year, "years": range(latest_closed_statistical_year(timezone.localdate()) + 1, 2017, -1)}
    try:
        context["offer"] = offer = statistics_year_forms(year=year)
    except StatisticsUnavailable as error:
        context["unavailable"] = str(error)
    else:
        issued = _issued(year)
        context["forms"] = [(form, issued.get(form.code)) for form in offer.forms]
    return render(request, "reports/statistics_index.html", context)


def _issued_form(request: AuthenticatedHttpRequest, year: int, code: str) -> IssuedStatistics | None:
    """The form of that year as issued, if it is (without its PDF bytes). The province's figures, like the issued
    forms (issued_statistics_visible_to): a unit account sees none, whatever it was granted."""
    if unit_of(request.user) is not None:
        raise PermissionDenied
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return issued_statistics_visible_to(user=request.user).filter(year=year, form_code=code).defer("pdf").first()


def _computed(year: int, code: str) -> StatisticsTable:
    try:
        return statistics_compute(form_code=code, year=year)
    except StatisticsUnavailable as error:
        raise Http404(str(error)) from error
    except CriteriaError as error:  # a criterion mistyped in the admin: said, not a server error
        raise Http404(
            _("The stored layout of this form is wrong (%(error)s): correct it in the administration.")
            % {"error": error}
        ) from error


def _table(request: AuthenticatedHttpRequest, year: int, code: str) -> tuple[StatisticsTable, IssuedStatistics | None]:
    """The issued figures when the form of that year is issued (what was sent), else computed now; and the issue."""
    issued = _issued_form(request, year, code)
    return (_computed(year, code) if issued is None else statistics_from_snapshot(issued.snapshot)), issued


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
@require_GET
def statistics_form(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    try:
        table, issued = _table(request, year, code)
    except Http404 as error:
        return render(request, "reports/statistics_form.html", {"year": year, "unavailable": str(error)}, status=404)
    context = {**table_context(table), "year": year, "issued": issued, "year_ended": table.end < timezone.localdate()}
    return render(request, "reports/statistics_form.html", context)


def _filename(table: StatisticsTable, extension: str) -> str:
    return f"bieu-{table.form_code}-{table.year}.{extension}"


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
@require_GET
def statistics_xlsx_download(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    table, _issued = _table(request, year, code)
    return file_download(statistics_xlsx(table), content_types.XLSX, _filename(table, "xlsx"))


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
@require_GET
def statistics_pdf_download(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    """An issued form's PDF is the stored bytes, exactly as issued; otherwise rendered now."""
    issued = _issued_form(request, year, code)
    if issued is not None:
        pdf = IssuedStatistics.objects.filter(pk=issued.pk).values_list("pdf", flat=True).get()
        return file_download(bytes(pdf), content_types.PDF, f"bieu-{code}-{year}.pdf")
    table = _computed(year, code)
    return file_download(statistics_pdf(table), content_types.PDF, _filename(table, "pdf"))


@login_required
@permission_required("reports.issue_report", raise_exception=True)
@recent_password_required
@require_POST
def statistics_issue_view(request: AuthenticatedHttpRequest, year: int, code: str) -> HttpResponse:
    try:
        issued = statistics_issue(actor=request.user, form_code=code, year=year)
    except StatisticsUnavailable as error:
        messages.error(request, str(error))
    except ReportInvalid as error:
        messages.error(request, " ".join(error.general))
    else:
        messages.success(
            request, _("Form %(form)s of %(year)s is issued.") % {"form": issued.form_number, "year": year}
        )
    return redirect("reports:statistics-form", year=year, code=code)
