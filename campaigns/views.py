from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.selectors import audit_entries_for
from campaigns import selectors, services
from campaigns.forms import CampaignFilterForm, CampaignForm, CovenantForm, RegistrationForm
from campaigns.models import Campaign, Covenant, Registration
from clusters.models import Cluster
from clusters.selectors import organisation_years


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
def campaign_index(request):
    form = CampaignFilterForm(request.GET or None, years=selectors.campaign_years())
    if form.is_bound and not form.is_valid():
        campaigns = Campaign.objects.none()
    else:
        campaigns = selectors.campaign_list(**(form.cleaned_data if form.is_bound else {}))
    return render(request, "campaigns/campaign_list.html", {"form": form, "campaigns": campaigns})


@login_required
@permission_required("campaigns.view_campaign", raise_exception=True)
@require_GET
def campaign_detail(request, pk):
    campaign = get_object_or_404(
        Campaign.objects.select_related("parent", "launching_document", "organising_unit"), pk=pk
    )
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "children": campaign.children.select_related("organising_unit").order_by("level", "name"),
            "decisions": selectors.campaign_decisions(campaign=campaign),
            "registrations": selectors.registrations(campaign=campaign),
            "history": audit_entries_for(obj=campaign),
        },
    )


def _campaign_fields(form) -> services.CampaignFields:
    return services.CampaignFields(**form.cleaned_data)


def _campaign_form_page(request, campaign: Campaign | None):
    initial = CampaignForm.initial_from(campaign) if campaign else None
    form = CampaignForm(request.POST or None, initial=initial, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            if campaign is None:
                campaign = services.campaign_create(actor=request.user, fields=_campaign_fields(form))
            else:
                campaign = services.campaign_update(
                    actor=request.user, campaign=campaign, fields=_campaign_fields(form)
                )
        except services.Invalid as error:
            _attach(form, error)
        else:
            messages.success(request, _("Campaign “%(name)s” saved.") % {"name": campaign})
            return redirect("campaigns:campaign-detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
@permission_required("campaigns.add_campaign", raise_exception=True)
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    return _campaign_form_page(request, None)


@login_required
@permission_required("campaigns.change_campaign", raise_exception=True)
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    return _campaign_form_page(request, get_object_or_404(Campaign, pk=pk))


# Covenants.


@login_required
@permission_required("campaigns.view_covenant", raise_exception=True)
@require_GET
def covenant_latest(request):
    return redirect("campaigns:covenant-list", year=_latest_year())


@login_required
@permission_required("campaigns.view_covenant", raise_exception=True)
@require_GET
def covenant_index(request, year: int):
    _blocs, rows = selectors.covenants_for_year(year=year)
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
def covenant_edit(request, year: int, cluster_pk: int):
    cluster = get_object_or_404(Cluster.objects.select_related("bloc"), pk=cluster_pk, year=year)
    covenant = Covenant.objects.filter(cluster=cluster).first()
    if not request.user.has_perm("campaigns.change_covenant" if covenant else "campaigns.add_covenant"):
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
def registration_latest(request):
    return redirect("campaigns:registration-list", year=_latest_year())


@login_required
@permission_required("campaigns.view_registration", raise_exception=True)
@require_GET
def registration_index(request, year: int):
    return render(
        request,
        "campaigns/registration_list.html",
        {"year": year, "years": organisation_years(), "comparison": selectors.year_comparison(year=year)},
    )


def _registration_form_page(request, year: int, registration: Registration | None):
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
def registration_create(request, year: int):
    return _registration_form_page(request, year, None)


@login_required
@permission_required("campaigns.change_registration", raise_exception=True)
@require_http_methods(["GET", "POST"])
def registration_edit(request, pk: int):
    registration = get_object_or_404(Registration.objects.select_related("unit", "campaign"), pk=pk)
    return _registration_form_page(request, registration.year, registration)
