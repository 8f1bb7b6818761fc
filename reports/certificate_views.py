"""An issued decision's certificates: the register page (numbers, prints), the certificates as one PDF (every one,
or the rows ticked; a reprint or replacement with its reason, logged), and the register as Excel. For staff who may
print certificates (awards.print_certificate), within the decisions they may see."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.decisions.register import certificate_prints_record
from awards.decisions.register_selectors import decision_register_awards, decision_register_rows
from awards.models import Award, Decision
from awards.scopes import decisions_visible_to
from kernel.http import file_download
from kernel.lib import content_types
from kernel.types import AuthenticatedHttpRequest
from reports.certificate_files import certificates_filename, register_filename, register_title, register_xlsx
from reports.certificate_forms import CertificatePrintForm
from reports.certificates import CertificateUnavailable, decision_certificates_pdf

PERMISSION = "awards.print_certificate"
ROWS_PER_PAGE = 50


def _issued_decision(request: AuthenticatedHttpRequest, pk: int) -> Decision:
    """An issued decision the user may see (a draft or an annulled one has no certificates: 404)."""
    visible = decisions_visible_to(user=request.user).filter(status=Decision.Status.ISSUED)
    return get_object_or_404(visible.select_related("authority", "issuer"), pk=pk)


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def decision_certificates(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = _issued_decision(request, pk)
    awards = decision_register_awards(decision=decision)
    page = Paginator(awards, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    form = CertificatePrintForm(award_ids=[])
    return render(
        request,
        "reports/decision_certificates.html",
        {
            "decision": decision,
            "title": register_title(decision),
            "page": page,
            "rows": decision_register_rows(decision=decision, awards=page.object_list),
            "form": form,
            "limit": settings.CERTIFICATE_PDF_MAX_PAGES,
        },
    )


def _chosen(awards: list[Award], data: dict) -> list[Award]:
    """The rows ticked and those within the lines from–to; none of either: every one."""
    ticked, first, last = set(data["award"]), data.get("line_from"), data.get("line_to")
    if not ticked and first is None and last is None:
        return awards
    in_range = first is not None or last is not None
    return [
        a
        for a in awards
        if a.pk in ticked or (in_range and (first or 1) <= a.line_no <= (last if last is not None else a.line_no))
    ]


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_POST
def decision_certificates_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The certificates as one PDF, one page each, logged as printed in the same request: every certificate of the
    decision, or those ticked. Refused with the reason (a first print of one printed before, a reprint without a
    reason, no template), nothing logged."""
    decision = _issued_decision(request, pk)
    all_awards = list(decision_register_awards(decision=decision).select_related("award_type"))
    form = CertificatePrintForm(request.POST, award_ids=[a.pk for a in all_awards])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports:decision-certificates", pk=decision.pk)
    awards = _chosen(all_awards, form.cleaned_data)
    limit = settings.CERTIFICATE_PDF_MAX_PAGES
    if len(awards) > limit:  # laid out in the request: a few seconds per hundred pages
        messages.error(
            request,
            _("At most %(limit)s certificates go in one PDF: choose the lines to print (from, to).") % {"limit": limit},
        )
        return redirect("reports:decision-certificates", pk=decision.pk)
    try:
        pdf = decision_certificates_pdf(decision=decision, awards=awards)  # rendered first: a failure logs no print
        certificate_prints_record(
            actor=request.user, awards=awards, kind=form.cleaned_data["kind"], reason=form.cleaned_data["reason"]
        )
    except (CertificateUnavailable, ValidationError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
        return redirect("reports:decision-certificates", pk=decision.pk)
    line_no = awards[0].line_no if len(awards) == 1 else None
    return file_download(pdf, content_types.PDF, certificates_filename(decision, "pdf", line_no=line_no))


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def decision_register_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = _issued_decision(request, pk)
    content = register_xlsx(decision=decision, rows=decision_register_rows(decision=decision))
    return file_download(content, content_types.XLSX, register_filename(decision))
