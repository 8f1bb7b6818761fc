"""The printed decision: a download of the decision and its annex as PDF."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from awards.models import Decision
from awards.pdf import decision_pdf
from awards.selectors import decisions_visible_to


def decision_pdf_filename(decision: Decision) -> str:
    """Named like its symbol: 651-QĐ-UBND.pdf; a draft still without a number: du-thao-<id>-QĐ-UBND.pdf."""
    stem = f"du-thao-{decision.pk}" if decision.number is None else str(decision.number)
    return f"{stem}-{decision.symbol.replace('/', '-')}.pdf"


@login_required
@permission_required("awards.view_decision", raise_exception=True)
@require_GET
def decision_pdf_download(request, pk):
    decision = get_object_or_404(decisions_visible_to(user=request.user).select_related("authority", "issuer"), pk=pk)
    response = HttpResponse(decision_pdf(decision), content_type="application/pdf")
    # RFC 6266 (filename*=UTF-8''…): "QĐ" is not Latin-1.
    response["Content-Disposition"] = content_disposition_header(True, decision_pdf_filename(decision))
    return response
