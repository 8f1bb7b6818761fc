"""Pages of the document register and Phụ lục 1, and of campaigns, covenants and registrations."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.selectors import audit_entries_for
from campaigns import selectors, services
from campaigns.files import CONTENT_TYPES
from campaigns.forms import (
    Appendix1PeriodForm,
    CampaignFilterForm,
    CampaignForm,
    CovenantForm,
    DocumentEditForm,
    DocumentFilterForm,
    DocumentForm,
    RegistrationForm,
)
from campaigns.models import Campaign, Covenant, Document, Registration
from campaigns.selectors import appendix1_default_period, document_list, document_years
from campaigns.statistics import campaign_duration_class
from clusters.models import Cluster
from clusters.selectors import organisation_years
from kernel.concurrency import EditConflict
from kernel.downloads import attachment_response
from kernel.edit_versions import EditGuard, EditState, form_labels, form_state_fields
from kernel.middleware import answers_nul_itself
from kernel.types import AuthenticatedHttpRequest

PAGE_SIZE = 50


# Objects are looked up through the scope helpers only: outside the user's scope is "not found" (404).
def _get_document_for_user(request: AuthenticatedHttpRequest, pk: int) -> Document:
    return get_object_or_404(selectors.documents_visible_to(user=request.user), pk=pk)


def _get_campaign_for_user(request: AuthenticatedHttpRequest, pk: int, related=()) -> Campaign:
    return get_object_or_404(selectors.campaigns_visible_to(user=request.user).select_related(*related), pk=pk)


def _get_registration_for_user(request: AuthenticatedHttpRequest, pk: int) -> Registration:
    registrations = selectors.registrations_visible_to(user=request.user).select_related("unit", "campaign")
    return get_object_or_404(registrations, pk=pk)


@login_required
@permission_required("campaigns.view_document", raise_exception=True)
@require_GET
def document_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DocumentFilterForm(request.GET or None, years=document_years())
    if form.is_bound and not form.is_valid():
        documents = Document.objects.none()
    else:
        documents = document_list(user=request.user, **(form.cleaned_data if form.is_bound else {}))
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "campaigns/documents/list.html", {"form": form, "page": page, "query": query.urlencode()})


def _document_form_page(request: AuthenticatedHttpRequest, document: Document | None) -> HttpResponse:
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
def document_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _document_form_page(request, None)


@login_required
@permission_required("campaigns.change_document", raise_exception=True)
@require_http_methods(["GET", "POST"])
def document_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _document_form_page(request, _get_document_for_user(request, pk))


@login_required
@permission_required("campaigns.view_document", raise_exception=True)
@require_GET
def document_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = _get_document_for_user(request, pk)
    return render(
        request,
        "campaigns/documents/detail.html",
        {"document": document, "history": audit_entries_for(obj=document).order_by("created_at", "id")},
    )


@login_required
@permission_required("campaigns.view_document", raise_exception=True)
@require_GET
def document_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """The attachment, to logged-in staff only, always as a download (never shown inline)."""
    document = _get_document_for_user(request, pk)
    if not document.file:
        raise Http404
    extension = PurePath(document.file.name).suffix.lstrip(".").lower()
    filename = f"{document.number_symbol.replace('/', '_')}.{extension}"
    return attachment_response(
        request, document.file, filename=filename, content_type=CONTENT_TYPES.get(extension, "application/octet-stream")
    )


def _appendix1_form(request: AuthenticatedHttpRequest) -> Appendix1PeriodForm:
    if "from" in request.GET or "to" in request.GET:
        return Appendix1PeriodForm(request.GET)
    start, end = appendix1_default_period(today=timezone.localdate())
    return Appendix1PeriodForm({"from": f"{start:%d/%m/%Y}", "to": f"{end:%d/%m/%Y}"})


@login_required
@permission_required("campaigns.view_document", raise_exception=True)
@require_GET
def appendix1(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _appendix1_form(request)
    if not form.is_valid():
        return render(request, "campaigns/documents/appendix1.html", {"form": form, "table": None}, status=400)
    table = selectors.appendix1_for(user=request.user, start=form.cleaned_data["from"], end=form.cleaned_data["to"])
    return render(request, "campaigns/documents/appendix1.html", {"form": form, "table": table})


@answers_nul_itself  # a JSON answer: its form's errors
@login_required
@permission_required("campaigns.view_document", raise_exception=True)
@require_GET
def appendix1_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = Appendix1PeriodForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400, json_dumps_params={"ensure_ascii": False})
    table = selectors.appendix1_for(user=request.user, start=form.cleaned_data["from"], end=form.cleaned_data["to"])
    response = JsonResponse(table.as_json(), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="phu-luc-1_{table.start}_{table.end}.json"'
    return response


def _attach(form, error: services.Invalid) -> None:
    for name, field_messages in error.errors.items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)


def _latest_year() -> int:
    years = organisation_years()
    return years[0] if years else timezone.localdate().year


# Campaigns.


@login_required
@permission_required("campaigns.view_campaign", raise_exception=True)
@require_GET
def campaign_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CampaignFilterForm(request.GET or None, years=selectors.campaign_years())
    if form.is_bound and not form.is_valid():
        campaigns = Campaign.objects.none()
    else:
        campaigns = selectors.campaign_list(user=request.user, **(form.cleaned_data if form.is_bound else {}))
    campaigns = list(campaigns)
    for campaign in campaigns:  # from its dates when it has an end (campaigns.statistics)
        campaign.duration_shown = _duration_label(campaign)  # type: ignore[attr-defined]
    return render(request, "campaigns/campaign_list.html", {"form": form, "campaigns": campaigns})


def _duration_label(campaign: Campaign) -> str:
    duration = campaign_duration_class(campaign=campaign)
    return str(Campaign.DurationClass(duration).label) if duration else ""


@login_required
@permission_required("campaigns.view_campaign", raise_exception=True)
@require_GET
def campaign_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = _get_campaign_for_user(request, pk, related=("parent", "launching_document", "organising_unit"))
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "duration": _duration_label(campaign),
            "children": campaign.children.select_related("organising_unit").order_by("level", "name"),
            "decisions": selectors.campaign_decisions(user=request.user, campaign=campaign),
            "registrations": selectors.registrations(user=request.user, campaign=campaign),
            "history": audit_entries_for(obj=campaign),
        },
    )


def _campaign_fields(form) -> services.CampaignFields:
    return services.CampaignFields(**form.cleaned_data)


def _campaign_guard(request: AuthenticatedHttpRequest, campaign: Campaign) -> EditGuard:
    return EditGuard(
        request,
        campaign,
        state=lambda: EditState(
            fields=form_state_fields(CampaignForm(initial=CampaignForm.initial_from(campaign), campaign=campaign))
        ),
        labels=form_labels(CampaignForm(campaign=campaign)),
        history=lambda: audit_entries_for(obj=campaign),
        current_url=reverse("campaigns:campaign-detail", args=[campaign.pk]),
    )


def _campaign_form_page(request: AuthenticatedHttpRequest, campaign: Campaign | None) -> HttpResponse:
    initial = CampaignForm.initial_from(campaign) if campaign else None
    form = CampaignForm(request.POST or None, initial=initial, campaign=campaign)
    edit = _campaign_guard(request, campaign) if campaign else None
    if request.method == "POST" and form.is_valid() and not (edit and edit.problem):
        try:
            if campaign is None:
                campaign = services.campaign_create(actor=request.user, fields=_campaign_fields(form))
            else:
                assert edit is not None
                campaign = services.campaign_update(
                    actor=request.user,
                    campaign=campaign,
                    fields=_campaign_fields(form),
                    expected_version=edit.expected_version(),
                )
        except EditConflict:  # saved by someone else while this page was open: the input comes back, 409
            assert edit is not None
            edit.refused()
        except services.Invalid as error:
            _attach(form, error)
        else:
            messages.success(request, _("Campaign “%(name)s” saved.") % {"name": campaign})
            return redirect("campaigns:campaign-detail", pk=campaign.pk)
    derived = _duration_label(campaign) if campaign is not None and campaign.end_date else ""
    context = {"form": form, "campaign": campaign, "edit": edit, "derived_duration": derived}
    return render(request, "campaigns/campaign_form.html", context, status=(edit and edit.status) or 200)


@login_required
@permission_required("campaigns.add_campaign", raise_exception=True)
@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _campaign_form_page(request, None)


@login_required
@permission_required("campaigns.change_campaign", raise_exception=True)
@require_http_methods(["GET", "POST"])
def campaign_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _campaign_form_page(request, _get_campaign_for_user(request, pk))


# Covenants.


@login_required
@permission_required("campaigns.view_covenant", raise_exception=True)
@require_GET
def covenant_latest(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect("campaigns:covenant-list", year=_latest_year())


@login_required
@permission_required("campaigns.view_covenant", raise_exception=True)
@require_GET
def covenant_index(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    _blocs, rows = selectors.covenants_for_year(user=request.user, year=year)
    return render(
        request,
        "campaigns/covenant_list.html",
        {
            "year": year,
            "years": organisation_years(),
            "rows": rows,
            "signed": sum(1 for r in rows if r.covenant),
        },
    )


@login_required
@permission_required("campaigns.view_covenant", raise_exception=True)
@require_http_methods(["GET", "POST"])
def covenant_edit(request: AuthenticatedHttpRequest, year: int, cluster_pk: int) -> HttpResponse:
    cluster = get_object_or_404(Cluster.objects.select_related("bloc"), pk=cluster_pk, year=year)
    if Covenant.objects.filter(cluster=cluster).exists():
        # Signed: editing it needs the permission to change covenants, and the covenant in the user's scope.
        if not request.user.has_perm("campaigns.change_covenant"):
            raise PermissionDenied
        covenant = get_object_or_404(selectors.covenants_visible_to(user=request.user), cluster=cluster)
    elif request.user.has_perm("campaigns.add_covenant"):
        covenant = None
    else:
        raise PermissionDenied
    initial = {"signed_on": covenant.signed_on, "content": covenant.content} if covenant else None
    form = CovenantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.covenant_save(
                actor=request.user, cluster=cluster, fields=services.CovenantFields(**form.cleaned_data)
            )
        except services.Invalid as error:
            _attach(form, error)
        else:
            messages.success(request, _("Covenant of %(cluster)s saved.") % {"cluster": cluster.name})
            return redirect("campaigns:covenant-list", year=year)
    history = audit_entries_for(obj=covenant) if covenant else []
    return render(
        request,
        "campaigns/covenant_form.html",
        {"form": form, "cluster": cluster, "covenant": covenant, "year": year, "history": history},
    )


# Registrations.


@login_required
@permission_required("campaigns.view_registration", raise_exception=True)
@require_GET
def registration_latest(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect("campaigns:registration-list", year=_latest_year())


@login_required
@permission_required("campaigns.view_registration", raise_exception=True)
@require_GET
def registration_index(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    return render(
        request,
        "campaigns/registration_list.html",
        {
            "year": year,
            "years": organisation_years(),
            "comparison": selectors.year_comparison(user=request.user, year=year),
        },
    )


def _registration_form_page(
    request: AuthenticatedHttpRequest, year: int, registration: Registration | None
) -> HttpResponse:
    initial = RegistrationForm.initial_from(registration) if registration else {"unit": request.GET.get("don-vi")}
    form = RegistrationForm(request.POST or None, initial=initial, year=year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = services.RegistrationFields(
            unit=data["unit"],
            year=year,
            campaign=data["campaign"],
            registered_on=data["registered_on"],
            targets=data["targets"],
            titles=list(data["titles"]),
        )
        try:
            services.registration_save(actor=request.user, fields=fields, registration=registration)
        except services.Invalid as error:
            _attach(form, error)
        else:
            messages.success(request, _("Registration of %(unit)s saved.") % {"unit": data["unit"]})
            return redirect("campaigns:registration-list", year=year)
    history = audit_entries_for(obj=registration) if registration else []
    return render(
        request,
        "campaigns/registration_form.html",
        {"form": form, "registration": registration, "year": year, "history": history},
    )


@login_required
@permission_required("campaigns.add_registration", raise_exception=True)
@require_http_methods(["GET", "POST"])
def registration_create(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    return _registration_form_page(request, year, None)


@login_required
@permission_required("campaigns.change_registration", raise_exception=True)
@require_http_methods(["GET", "POST"])
def registration_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = _get_registration_for_user(request, pk)
    return _registration_form_page(request, registration.year, registration)


@login_required
@permission_required("campaigns.view_registration", raise_exception=True)
@require_GET
def registration_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One registration, read-only: what a unit clerk sees of their unit's registrations."""
    registration = _get_registration_for_user(request, pk)
    return render(
        request,
        "campaigns/registration_detail.html",
        {
            "registration": registration,
            "titles": registration.titles.order_by("display_order", "name"),
            "history": audit_entries_for(obj=registration),
        },
    )
