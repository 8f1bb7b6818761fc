from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from awards.decisions.selectors import decision_search
from awards.people.selectors import people_pages_for
from clusters.selectors import person_search, unit_of, unit_search
from kernel.notices import notices_unread
from kernel.types import AuthenticatedHttpRequest
from thiduakhenthuong.dashboard.forms import DashboardPeriodForm
from thiduakhenthuong.dashboard.panels import dashboard_panels, period_text
from thiduakhenthuong.dashboard.period import dashboard_period
from thiduakhenthuong.dashboard.waiting import waiting_for


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The dashboard: the user's unread notices and what waits for them, and for provincial users who may read
    statistics (staff, leaders) a statistical year's figures against the same days a year before (?year=N; the
    current year to date by default); then the portal's sections. A constant number of queries whatever the data
    (tests/thiduakhenthuong/test_dashboard.py)."""
    context: dict[str, object] = {
        "waiting": waiting_for(user=request.user),
        "notices": notices_unread(user=request.user),
    }
    if request.user.has_perm("reports.view_statistics") and unit_of(request.user) is None:
        today = timezone.localdate()
        form = DashboardPeriodForm(request.GET or None, today=today)
        period = dashboard_period(year=form.cleaned_data["year"] if form.is_valid() else None, today=today)
        if not form.is_bound:
            # The selector shows the year the figures are of (from 1 to 15 December, the year just closed).
            form.initial = {"year": period.year}
        context |= {
            "period_form": form,
            "period": period,
            "period_texts": (period_text(period.current), period_text(period.previous)),
            "panels": dashboard_panels(user=request.user, period=period, today=today),
        }
    return render(request, "home.html", context)


@login_required
@require_GET
def site_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Units, decisions and people matching `q`, ignoring diacritics and case: in each section the first
    SEARCH_SECTION_ROWS and a total counted up to LIST_COUNT_CAP ("more than 1.000" past it), with a link to the
    section's own list filtered on `q`, which finds the same rows. Units are public to logged-in users; decisions
    go through their scope helper (decisions_visible_to), so a clerk finds only the issued decisions awarding their
    unit and a user without awards.view_decision none; people go through theirs (people_visible_to)."""
    q = request.GET.get("q", "").strip()[:200]
    context: dict[str, object] = {"q": q}
    if q:
        # Each section: its first rows and a count that stops past the cap, with a link to its full list.
        shown, cap = settings.SEARCH_SECTION_ROWS, settings.LIST_COUNT_CAP
        units = unit_search(text=q, limit=shown, cap=cap)
        # Each unit links to its page when the user may open it (people:unit-detail), else to the organisation.
        people_pages_for(
            user=request.user, rows=units.rows, person_of=lambda unit: None, unit_of_row=lambda unit: unit.pk
        )
        context["units"] = units
        if request.user.has_perm("awards.view_decision"):
            context["decisions"] = decision_search(user=request.user, text=q, limit=shown, cap=cap)
        if request.user.has_perm("clusters.view_person"):
            context["people"] = person_search(user=request.user, text=q, limit=shown, cap=cap)
    return render(request, "search.html", context)


def _error_context(request: HttpRequest) -> dict[str, object]:
    """An error on the public pages keeps their own frame (no staff navigation, no link into the portal)."""
    public = request.path.startswith(reverse("public:consultation-list"))
    return {"public": public, "base_template": "consultations/public_base.html" if public else "base.html"}


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", _error_context(request), status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form whose security token is missing or stale (a page left open for long, cookies refused): said in
    Vietnamese, where Django's own page is English and technical."""
    return render(request, "403_csrf.html", _error_context(request), status=403)
