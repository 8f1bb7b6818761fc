"""Phụ lục 2 on screen and in files, and the report register: list, header form, sections with preview,
issue, correction, downloads."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.selectors import audit_entries_for
from awards.decisions.money import MoneySummary, money_summary
from awards.scopes import decisions_visible_to, dossiers_visible_to, meetings_visible_to
from clusters.selectors import unit_of
from kernel.concurrency import EditConflict
from kernel.edit_versions import EditGuard, EditState, Saved, form_labels, form_state_fields
from kernel.http import file_download
from kernel.jobs import job_active_for
from kernel.lib import content_types
from kernel.models import Job
from kernel.pdf_cache import cached_pdf, pdf_render_cached
from kernel.reauth import recent_password_required
from kernel.roles import is_secretariat
from kernel.types import AuthenticatedHttpRequest
from reports import services, tasks
from reports.decision_files import cache_name, decision_pdf_filename, decision_pdf_render_cached, decision_print
from reports.document import report_document, report_figures, report_figures_compute, resolve_blocks
from reports.docx import report_docx
from reports.errors import ReportInvalid
from reports.forms import CorrectionForm, IssueForm, PeriodForm, ReportForm, SectionForm
from reports.forwarding_print import forwarding_pdf, letter_nominees
from reports.markup import parse
from reports.minutes_print import minutes_pdf
from reports.models import Report, ReportSection
from reports.pdf import appendix2_pdf, report_html
from reports.selectors import (
    Appendix2,
    LayoutError,
    appendix2_compute,
    appendix2_default_period,
    reports_visible_to,
)
from reports.statistics_register import register_entries
from reports.xlsx import appendix2_xlsx, money_summary_xlsx


def _period_form(request: AuthenticatedHttpRequest) -> PeriodForm:
    if "date_from" in request.GET or "date_to" in request.GET:
        return PeriodForm(request.GET)
    start, end = appendix2_default_period(today=timezone.localdate())
    return PeriodForm({"date_from": f"{start:%d/%m/%Y}", "date_to": f"{end:%d/%m/%Y}"})


def _table_or_error_page(
    request: AuthenticatedHttpRequest, form: PeriodForm
) -> tuple[Appendix2 | None, HttpResponse | None]:
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
def appendix2(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _period_form(request)
    table, error_page = _table_or_error_page(request, form)
    return error_page or render(request, "reports/appendix2.html", {"form": form, "table": table})


def _appendix2_export(
    request: AuthenticatedHttpRequest, render_file, content_type: str, extension: str
) -> HttpResponse:
    table, error_page = _table_or_error_page(request, PeriodForm(request.GET))
    if error_page:
        return error_page
    filename = f"phu-luc-2_{table.start:%Y-%m-%d}_{table.end:%Y-%m-%d}.{extension}"
    return file_download(render_file(table), content_type, filename)


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
@require_GET
def appendix2_xlsx_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _appendix2_export(request, appendix2_xlsx, content_types.XLSX, "xlsx")


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
@require_GET
def appendix2_pdf_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _appendix2_export(request, appendix2_pdf, content_types.PDF, "pdf")


def _money_summary_or_error_page(
    request: AuthenticatedHttpRequest, form: PeriodForm
) -> tuple[MoneySummary | None, HttpResponse | None]:
    if not form.is_valid():
        return None, render(request, "reports/money_summary.html", {"form": form, "summary": None}, status=400)
    return money_summary(start=form.cleaned_data["date_from"], end=form.cleaned_data["date_to"]), None


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
@require_GET
def money_summary_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _period_form(request)
    summary, error_page = _money_summary_or_error_page(request, form)
    return error_page or render(request, "reports/money_summary.html", {"form": form, "summary": summary})


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
@require_GET
def money_summary_xlsx_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    summary, error_page = _money_summary_or_error_page(request, PeriodForm(request.GET))
    if error_page:
        return error_page
    filename = f"tien-thuong_{summary.start:%Y-%m-%d}_{summary.end:%Y-%m-%d}.xlsx"
    return file_download(money_summary_xlsx(summary), content_types.XLSX, filename)


def _get_report_for_user(request: AuthenticatedHttpRequest, pk: int, *, with_pdf=False) -> Report:
    reports = reports_visible_to(user=request.user)
    # The stored PDF and figures are large; only the download needs the bytes.
    return get_object_or_404(reports if with_pdf else reports.defer("pdf"), pk=pk)


def _figures_problem(request: AuthenticatedHttpRequest, report: Report, error: ReportInvalid) -> HttpResponse:
    """A layout the report uses is broken (e.g. a line under itself): say so instead of failing."""
    context = {"report": report, "problems": error.messages}
    return render(request, "reports/report_problem.html", context, status=409)


def _attach(form, error: ValidationError) -> None:
    for field, field_messages in getattr(error, "fields", {}).items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
    for message in getattr(error, "general", None) or ([] if hasattr(error, "fields") else error.messages):
        form.add_error(None, message)


def _report_fields(data: dict) -> services.ReportFields:
    return services.ReportFields(**{k: v for k, v in data.items() if k != "reason"})


@login_required
@permission_required("reports.view_report", raise_exception=True)
@require_GET
def report_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "reports/report_list.html", {"entries": register_entries(user=request.user)})


@login_required
@permission_required("reports.add_report", raise_exception=True)
@require_http_methods(["GET", "POST"])
def report_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, initial=ReportForm.initial_new())
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(actor=request.user, fields=_report_fields(form.cleaned_data))
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Report %(report)s created as a draft.") % {"report": report})
            return redirect("reports:report-detail", pk=report.pk)
    return render(
        request, "reports/report_form.html", {"form": form, "report": None}, status=400 if form.errors else 200
    )


def _report_guard(request: AuthenticatedHttpRequest, report: Report) -> EditGuard:
    return EditGuard(
        request,
        report,
        state=lambda: EditState(fields=form_state_fields(ReportForm(initial=ReportForm.initial_from(report)))),
        labels=form_labels(ReportForm()),
        history=lambda: audit_entries_for(obj=report),
        current_url=reverse("reports:report-detail", args=[report.pk]),
    )


@login_required
@permission_required("reports.change_report", raise_exception=True)
@require_http_methods(["GET", "POST"])
def report_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    form = ReportForm(request.POST or None, initial=ReportForm.initial_from(report))
    edit = _report_guard(request, report)
    if request.method == "POST" and form.is_valid() and not edit.problem:
        try:
            services.report_update(
                actor=request.user,
                report=report,
                fields=_report_fields(form.cleaned_data),
                reason=form.cleaned_data["reason"],
                expected_version=edit.expected_version(),
            )
        except EditConflict:  # saved by someone else while this page was open: the input comes back, 409
            edit.refused()
        except ValidationError as error:
            _attach(form, error)
        else:
            return redirect("reports:report-detail", pk=report.pk)
    context = {"form": form, "report": report, "edit": edit}
    return render(request, "reports/report_form.html", context, status=edit.status or (400 if form.errors else 200))


@login_required
@permission_required("reports.view_report", raise_exception=True)
@require_GET
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    try:
        figures = report_figures(report=report)
    except ReportInvalid as error:
        return _figures_problem(request, report, error)
    context = {
        "report": report,
        "doc": report_document(report=report, figures=figures),
        "summaries": list(figures.summaries.values()),
        "sections": list(report.sections.all()),
        "issue_form": IssueForm(),
        "correction_form": CorrectionForm(),
        "corrections": list(report.corrections.all()),
        "history": audit_entries_for(obj=report),
    }
    return render(request, "reports/report_detail.html", context)


@login_required
@permission_required("reports.view_report", raise_exception=True)
@require_GET
def report_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    try:
        doc = report_document(report=report)
    except ReportInvalid as error:
        return _figures_problem(request, report, error)
    return render(request, "reports/report_preview.html", {"report": report, "doc": doc})


@login_required
@permission_required("reports.change_report", raise_exception=True)
@require_http_methods(["GET", "POST"])
def section_edit(request: AuthenticatedHttpRequest, pk: int, section_pk: int | None = None) -> HttpResponse:
    """Create or edit one section; the "preview" button shows the section as it will print, without saving."""
    report = _get_report_for_user(request, pk)
    if report.is_issued:
        messages.error(
            request,
            _("Report %(report)s is issued and can no longer change; make a correction instead.") % {"report": report},
        )
        return redirect("reports:report-detail", pk=report.pk)
    section = report.sections.filter(pk=section_pk).first() if section_pk else None
    if section_pk and section is None:
        if request.method != "POST":
            raise Http404
        return _section_deleted(request, report, section_pk)
    form = SectionForm(request.POST or None, initial=_section_initial(section) if section else {})
    edit = _section_guard(request, report, section) if section else None
    preview = None
    if request.method == "POST" and form.is_valid() and not (edit and edit.problem):
        fields = services.SectionFields(**form.cleaned_data)
        if "preview" in request.POST:
            try:
                summaries = report_figures_compute(report=report).summaries
            except ReportInvalid as error:
                return _figures_problem(request, report, error)
            unknown: set[str] = set()
            preview = {
                "blocks": resolve_blocks(parse(fields.body), summaries, unknown),
                "unknown": sorted(unknown),
                "fields": fields,
            }
        else:
            try:
                after = int(request.GET["after"]) if request.GET.get("after", "").isdigit() else None
                services.report_section_save(
                    actor=request.user,
                    report=report,
                    fields=fields,
                    section=section,
                    after=after,
                    expected_version=edit.expected_version() if edit else None,
                )
            except EditConflict:
                if edit is None or section is None or not report.sections.filter(pk=section.pk).exists():
                    return _section_deleted(request, report, section_pk or 0)
                edit.refused()
            except ValidationError as error:
                _attach(form, error)
            else:
                return redirect("reports:report-detail", pk=report.pk)
    context = {"report": report, "section": section, "form": form, "preview": preview, "edit": edit}
    status = (edit and edit.status) or (400 if form.errors else 200)
    return render(request, "reports/section_form.html", context, status=status)


def _section_guard(request: AuthenticatedHttpRequest, report: Report, section: ReportSection) -> EditGuard:
    """A section has a version of its own: two people may write two sections of one report at once."""
    return EditGuard(
        request,
        section,
        state=lambda: EditState(fields=form_state_fields(SectionForm(initial=_section_initial(section)))),
        labels=form_labels(SectionForm()),
        history=lambda: audit_entries_for(obj=report).filter(after__id=section.pk),
        current_url=reverse("reports:section-edit", args=[report.pk, section.pk]),  # the whole text, as it is now
    )


def _section_initial(section: ReportSection) -> dict:
    return {"style": section.style, "heading": section.heading, "body": section.body}


def _section_deleted(request: AuthenticatedHttpRequest, report: Report, section_pk: int) -> HttpResponse:
    """The section was deleted while its page was open: the text typed comes back as a new section to save (409),
    saying who deleted it."""
    deleted = audit_entries_for(obj=report).filter(action="report.section_delete", before__id=section_pk).first()
    context = {"report": report, "section": None, "form": SectionForm(request.POST)}
    context.update(section_deleted=True, deleted=Saved.of(deleted) if deleted else None)
    return render(request, "reports/section_form.html", context, status=409)


@login_required
@permission_required("reports.change_report", raise_exception=True)
@require_POST
def section_delete(request: AuthenticatedHttpRequest, pk: int, section_pk: int) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    section = get_object_or_404(ReportSection.objects.filter(report=report), pk=section_pk)
    try:
        services.report_section_delete(actor=request.user, section=section)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:report-detail", pk=report.pk)


def _issue_refused(request: AuthenticatedHttpRequest, report: Report, form: IssueForm) -> HttpResponse:
    messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect("reports:report-detail", pk=report.pk)


def _issue_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse | None:
    """Run before the password is asked for: a form the view would refuse (the box left unticked) is refused now."""
    report = _get_report_for_user(request, pk)
    form = IssueForm(request.POST)
    return None if form.is_valid() else _issue_refused(request, report, form)


@login_required
@permission_required("reports.issue_report", raise_exception=True)
@recent_password_required(check=_issue_check)
@require_POST
def report_issue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():  # checked here too: a password confirmed minutes ago skips the decorator's check
        return _issue_refused(request, report, form)
    if report.is_issued:
        messages.error(request, _("Report %(report)s is already issued.") % {"report": report})
        return redirect("reports:report-detail", pk=report.pk)
    # Issued by a background job; a second click while it runs shows the same job.
    job = job_active_for(obj=report, kind=tasks.REPORT_ISSUE) or tasks.report_issue_submit(
        actor=request.user, report=report, reason=form.cleaned_data["reason"]
    )
    if job.state == Job.State.DONE:  # the immediate backend (quick start) issued it during this request
        messages.success(request, _("Report %(report)s is issued.") % {"report": report})
    elif job.state == Job.State.FAILED:
        messages.error(request, job.error)
    else:
        return redirect("jobs:detail", pk=job.pk)
    return redirect("reports:report-detail", pk=report.pk)


@login_required
@permission_required("reports.add_report", raise_exception=True)
@require_POST
def report_correction(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    form = CorrectionForm(request.POST)
    if form.is_valid() and report.is_issued:
        try:
            correction = services.report_correction_start(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("reports:report-detail", pk=correction.pk)
    elif not report.is_issued:
        messages.error(request, _("Only an issued report is corrected by a new report; edit the draft instead."))
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect("reports:report-detail", pk=report.pk)


@login_required
@permission_required("reports.view_report", raise_exception=True)
@require_GET
def report_pdf_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An issued report: the exact bytes stored when it was issued. A draft: rendered now, marked as a draft."""
    report = _get_report_for_user(request, pk, with_pdf=True)
    if report.is_issued:
        response = file_download(bytes(report.pdf), content_types.PDF, f"{_filename_stem(report)}.pdf")
        response["ETag"] = f'"{report.pdf_sha256}"'
        return response
    try:
        html = report_html(report_document(report=report))
    except ReportInvalid as error:
        return _figures_problem(request, report, error)
    # Cached by its printed HTML: laid out again only when its text or its figures changed.
    _, content = pdf_render_cached(html, folder="report-draft-pdf")
    return file_download(content, content_types.PDF, f"{_filename_stem(report)}.pdf")


@login_required
@permission_required("reports.view_report", raise_exception=True)
@require_GET
def report_docx_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    try:
        content = report_docx(report_document(report=report))
    except ReportInvalid as error:
        return _figures_problem(request, report, error)
    return file_download(content, content_types.DOCX, f"{_filename_stem(report)}.docx")


def _filename_stem(report: Report) -> str:
    return report.number_symbol.replace("/", "-")


@login_required
@permission_required("awards.view_decision", raise_exception=True)
@require_GET
def decision_pdf_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The decision's PDF from the cache when its content is unchanged; rendered now when missing, or, for a
    decision of more than DECISION_PDF_BACKGROUND_ROWS recipients, by a background job whose page offers it."""
    decision = get_object_or_404(decisions_visible_to(user=request.user).select_related("authority", "issuer"), pk=pk)
    printed = decision_print(decision)
    pdf = cached_pdf(cache_name(printed.html))
    if pdf is None:
        if decision.awards.count() > settings.DECISION_PDF_BACKGROUND_ROWS:
            # A second click while it renders follows the same job rather than queue another long render.
            job = job_active_for(
                obj=decision, kind=tasks.DECISION_PDF, requested_by=request.user
            ) or tasks.decision_pdf_submit(actor=request.user, decision=decision)
            return redirect("jobs:detail", pk=job.pk)
        _, pdf = decision_pdf_render_cached(printed)
    response = HttpResponse(pdf, content_type=content_types.PDF)
    # RFC 6266 (filename*=UTF-8''…): "QĐ" is not Latin-1.
    response["Content-Disposition"] = content_disposition_header(True, decision_pdf_filename(decision))
    return response


@login_required
@permission_required("awards.view_meeting", raise_exception=True)
@require_GET
def meeting_minutes_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The minutes of a meeting the user may see: a draft (marked DỰ THẢO) until the meeting is closed."""
    meeting = get_object_or_404(meetings_visible_to(user=request.user).select_related("council", "composition"), pk=pk)
    response = HttpResponse(minutes_pdf(meeting), content_type=content_types.PDF)
    filename = f"bien-ban-hop-hoi-dong-{meeting.date:%Y-%m-%d}-{meeting.pk}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@permission_required("awards.view_dossier", raise_exception=True)
@require_GET
def dossier_forwarding_letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The forwarding letter (tờ trình) of a dossier's State proposals, to users who may see the dossier, once it
    is recorded; before that, a draft with its number left blank, for secretariat staff about to forward it."""
    dossier = get_object_or_404(dossiers_visible_to(user=request.user).select_related("unit"), pk=pk)
    nominees = letter_nominees(dossier)
    staff = is_secretariat(request.user) and unit_of(request.user) is None
    if not nominees or (dossier.forwarding_number is None and not staff):
        raise Http404("No forwarding letter for this dossier.")
    response = HttpResponse(forwarding_pdf(dossier, nominees), content_type=content_types.PDF)
    if dossier.forwarding_number is None:
        filename = f"du-thao-to-trinh-ho-so-{dossier.pk}.pdf"
    else:
        filename = f"{dossier.forwarding_number}-{dossier.forwarding_symbol.replace('/', '-')}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
