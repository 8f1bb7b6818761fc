from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clusters.selectors import organisation_for_year, organisation_years
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
