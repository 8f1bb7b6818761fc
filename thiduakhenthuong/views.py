from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from awards.decisions.selectors import decision_search
from awards.people.selectors import people_pages_for
from clusters.selectors import person_search, unit_search
from kernel.types import AuthenticatedHttpRequest

SEARCH_LIMIT = 50


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "home.html")


@login_required
@require_GET
def site_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Units, decisions and people whose names or texts hold every word of `q`, ignoring diacritics
    and case. Units are public to logged-in users; decisions go through their scope helper (decisions_visible_to),
    so a clerk finds only the issued decisions awarding their unit and a user without awards.view_decision none;
    people go through theirs (people_visible_to)."""
    q = request.GET.get("q", "").strip()[:200]
    context = {"q": q, "limit": SEARCH_LIMIT}
    if q:
        context["units"], context["unit_count"] = unit_search(text=q, limit=SEARCH_LIMIT)
        # Each unit links to its page when the user may open it (people:unit-detail), else to the organisation.
        people_pages_for(
            user=request.user, rows=context["units"], person_of=lambda unit: None, unit_of_row=lambda unit: unit.pk
        )
        if request.user.has_perm("awards.view_decision"):
            context["decisions"], context["decision_count"] = decision_search(
                user=request.user, text=q, limit=SEARCH_LIMIT
            )
        if request.user.has_perm("clusters.view_person"):
            context["people"], context["person_count"] = person_search(user=request.user, text=q, limit=SEARCH_LIMIT)
    return render(request, "search.html", context)
