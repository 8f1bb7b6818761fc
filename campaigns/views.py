from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.selectors import audit_entries_for
from campaigns import services
from campaigns.files import CONTENT_TYPES
from campaigns.forms import Appendix1PeriodForm, DocumentEditForm, DocumentFilterForm, DocumentForm
from campaigns.models import Document
from campaigns.selectors import appendix1_compute, appendix1_default_period, document_list, document_years

PAGE_SIZE = 50


@login_required
@permission_required("campaigns.view_document", raise_exception=True)
@require_GET
def document_index(request):
    form = DocumentFilterForm(request.GET or None, years=document_years())
    if form.is_bound and not form.is_valid():
        documents = Document.objects.none()
    else:
        documents = document_list(**(form.cleaned_data if form.is_bound else {}))
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "campaigns/documents/list.html", {"form": form, "page": page, "query": query.urlencode()})


def _document_form_page(request, document: Document | None):
    form_class = DocumentEditForm if document else DocumentForm
    initial = DocumentForm.initial_from(document) if document else None
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = services.DocumentFields(
            number_and_symbol=data["number_and_symbol"],
            date=data["date"],
            summary=data["summary"],
            direction=data["direction"],
            issued_by=data["issued_by"],
            file=data["file"] or None,
        )
        try:
            if document is None:
                document = services.document_create(actor=request.user, fields=fields)
            else:
                document = services.document_update(
                    actor=request.user, document=document, fields=fields, reason=data["reason"]
                )
        except services.DocumentInvalid as error:
            for field, field_messages in error.fields.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Document %(symbol)s saved in the register.") % {"symbol": document})
            return redirect("campaigns:document-detail", pk=document.pk)
    return render(request, "campaigns/documents/form.html", {"form": form, "document": document})


@login_required
@permission_required("campaigns.add_document", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_create(request):
    return _document_form_page(request, None)


@login_required
@permission_required("campaigns.change_document", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    return _document_form_page(request, get_object_or_404(Document, pk=pk))


@login_required
@permission_required("campaigns.view_document", raise_exception=True)
@require_GET
def document_detail(request, pk):
    document = get_object_or_404(Document, pk=pk)
    return render(
        request,
        "campaigns/documents/detail.html",
        {"document": document, "history": audit_entries_for(obj=document).order_by("created_at", "id")},
    )


@login_required
@permission_required("campaigns.view_document", raise_exception=True)
@require_GET
def document_file(request, pk):
    """The attachment, to logged-in staff only, always as a download (never shown inline)."""
    document = get_object_or_404(Document, pk=pk)
    if not document.file:
        raise Http404
    extension = PurePath(document.file.name).suffix.lstrip(".").lower()
    filename = f"{document.number_symbol.replace('/', '_')}.{extension}"
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


def _appendix1_form(request):
    if "from" in request.GET or "to" in request.GET:
        return Appendix1PeriodForm(request.GET)
    start, end = appendix1_default_period(today=timezone.localdate())
    return Appendix1PeriodForm({"from": f"{start:%d/%m/%Y}", "to": f"{end:%d/%m/%Y}"})


@login_required
@permission_required("campaigns.view_document", raise_exception=True)
@require_GET
def appendix1(request):
    form = _appendix1_form(request)
    if not form.is_valid():
        return render(request, "campaigns/documents/appendix1.html", {"form": form, "table": None}, status=400)
    table = appendix1_compute(start=form.cleaned_data["from"], end=form.cleaned_data["to"])
    return render(request, "campaigns/documents/appendix1.html", {"form": form, "table": table})


@login_required
@permission_required("campaigns.view_document", raise_exception=True)
@require_GET
def appendix1_json(request):
    form = Appendix1PeriodForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400, json_dumps_params={"ensure_ascii": False})
    table = appendix1_compute(start=form.cleaned_data["from"], end=form.cleaned_data["to"])
    response = JsonResponse(table.as_json(), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="phu-luc-1_{table.start}_{table.end}.json"'
    return response
