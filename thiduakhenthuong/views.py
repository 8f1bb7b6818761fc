from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from awards.selectors import decision_search
from clusters.selectors import unit_search

SEARCH_LIMIT = 50


@login_required
@require_GET
def home(request):
    return render(request, "home.html")


@login_required
@require_GET
def site_search(request):
    """Units, decisions (and, later, people) whose names or texts hold every word of `q`, ignoring diacritics
    and case. Units are public to logged-in users; decisions go through their scope helper (decisions_visible_to),
    so a clerk finds only the issued decisions awarding their unit and a user without awards.view_decision none."""
    q = request.GET.get("q", "").strip()[:200]
    context = {"q": q, "limit": SEARCH_LIMIT}
    if q:
        context["units"], context["unit_count"] = unit_search(text=q, limit=SEARCH_LIMIT)
        if request.user.has_perm("awards.view_decision"):
            context["decisions"], context["decision_count"] = decision_search(
                user=request.user, text=q, limit=SEARCH_LIMIT
            )
        # HOOK (issue #5, people): once clusters.Person exists, add here
        #   context["people"], context["person_count"] = person_search(user=request.user, text=q, limit=SEARCH_LIMIT)
        # with person_search in clusters/selectors.py scoped by the people's scope helper and searching
        # Fold("full_name") (add a trigram index on tdkt_fold(full_name) in its migration), ordered by
        # vi_order("full_name"); the template has a matching placeholder section.
    return render(request, "search.html", context)
