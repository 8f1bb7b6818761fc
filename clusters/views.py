from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from clusters.selectors import BlocView, organisation_for_year, organisation_years, unit_of
from kernel.types import AuthenticatedHttpRequest


@login_required
@require_GET
def organisation_latest(request: AuthenticatedHttpRequest) -> HttpResponse:
    years = organisation_years()
    return redirect("clusters:organisation", year=years[0] if years else timezone.localdate().year)


@login_required
@require_GET
def organisation(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    years = organisation_years()
    q = request.GET.get("q", "")[:200]
    blocs = organisation_for_year(year=year, q=q)
    if not blocs and year not in years and years:
        raise Http404
    _link_unit_pages(request, blocs)
    return render(
        request,
        "clusters/organisation.html",
        {
            "year": year,
            "q": q,
            "years": years,
            "blocs": blocs,
            "cluster_count": sum(len(b.clusters) for b in blocs),
            "unit_count": sum(b.unit_count for b in blocs),
        },
    )


def _link_unit_pages(request: AuthenticatedHttpRequest, blocs: list[BlocView]) -> None:
    """Sets `unit_url` on each membership whose unit's page (people:unit-detail: its history, awards and people)
    the user may open: every unit's for provincial users who may view people, their own unit's for a clerk."""
    if not request.user.has_perm("clusters.view_person"):
        return
    clerk_unit = unit_of(request.user)
    prefix = reverse("people:unit-detail", args=[0]).removesuffix("0/")  # one reverse() for the whole page
    for bloc in blocs:
        for view in bloc.clusters:
            for membership in view.members:
                if clerk_unit in (None, membership.unit_id):
                    membership.unit_url = f"{prefix}{membership.unit_id}/"  # type: ignore[attr-defined]
