"""Pages of the statistics' data: the awards not classified yet ("chưa phân loại") and one award's classes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from awards.decisions.row_classes import Classes, classes_applying, classes_of
from awards.models import Award, AwardType, Decision
from awards.statistics import services
from awards.statistics.forms import (
    ENTERPRISE_VALUES,
    AwardClassForm,
    BulkClassForm,
    UnclassifiedFilterForm,
    enterprise_choice,
    year_label,
)
from awards.statistics.selectors import (
    Gap,
    unclassified_award_counts,
    unclassified_awards,
    unclassified_decisions,
)
from kernel.http import next_url
from kernel.lib.statistical_years import statistical_year
from kernel.types import AuthenticatedHttpRequest

PAGE_SIZE = 50


def _seen_value(classes: Classes, gap: str) -> str:
    value = getattr(classes, gap)
    return enterprise_choice(value) if gap == Gap.ENTERPRISE else value


def _seen_from_post(post: QueryDict, ids: list[int], gap: str) -> dict[int, Classes]:
    """What the page showed of each ticked row's gap field (a hidden field per row)."""
    seen = {}
    for pk in ids:
        raw = post.get(f"seen-{pk}", "")
        value: object = ENTERPRISE_VALUES.get(raw) if gap == Gap.ENTERPRISE else raw
        seen[pk] = Classes()._replace(**{gap: value})
    return seen


@login_required
@permission_required("awards.change_awardclassification", raise_exception=True)
@require_http_methods(["GET", "POST"])
def unclassified_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The awards of issued decisions of a statistical year lacking a class where one applies, one kind of gap at
    a time; staff tick rows and set their class at once, or open one row. A constant number of queries."""
    params = request.GET
    form = UnclassifiedFilterForm(params)
    valid = form.is_valid()
    year = form.chosen_year()
    start, end = statistical_year(year)
    form.decisions_offered(unclassified_decisions(start=start, end=end))
    gap = form.cleaned_data["gap"] if valid else Gap.INDIVIDUAL_CLASS
    bulk = BulkClassForm(request.POST or None, gap=gap)
    if request.method == "POST" and valid:
        ids = [int(pk) for pk in request.POST.getlist("award") if pk.isdigit()]
        if not ids:
            messages.error(request, _("Tick at least one row."))
        elif bulk.is_valid():
            awards = Award.objects.filter(pk__in=ids)
            try:
                changed = services.award_classifications_set(
                    actor=request.user,
                    awards=awards,
                    seen=_seen_from_post(request.POST, ids, gap),
                    **{gap: bulk.value()},  # type: ignore[arg-type]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    ngettext("%(count)s award classified.", "%(count)s awards classified.", changed)
                    % {"count": changed},
                )
            return redirect(f"{reverse('awards:unclassified')}?{params.urlencode()}")
    awards = (
        unclassified_awards(
            start=start,
            end=end,
            gap=gap,
            decision_id=form.cleaned_data.get("decision"),
            award_type_id=(form.cleaned_data.get("award_type") or AwardType()).pk,
        )
        if valid
        else Award.objects.none()
    )
    page = Paginator(awards, PAGE_SIZE).get_page(params.get("page"))
    rows = [(award, _seen_value(classes_of(award), gap)) for award in page.object_list]
    query = params.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "bulk": bulk,
        "bulk_field": bulk[gap],
        "gap": gap,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "year": year,
        "period": year_label(year),
        "counts": unclassified_award_counts(start=start, end=end),
    }
    return render(request, "awards/statistics/unclassified.html", context)


def _applies(award: Award) -> tuple[str, ...]:
    return classes_applying(recipient_kind=award.recipient_kind, level=award.award_type.level)


@login_required
@permission_required("awards.change_awardclassification", raise_exception=True)
@require_http_methods(["GET", "POST"])
def award_classify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One award's classes (an issued decision's; a draft's are edited with its rows)."""
    award = get_object_or_404(
        Award.objects.select_related("decision", "award_type", "commendation_kind", "classification"),
        pk=pk,
        decision__status=Decision.Status.ISSUED,
    )
    applies = _applies(award)
    stored = classes_of(award)
    shown = {name: _seen_value(stored, name) for name in applies}
    form = AwardClassForm(request.POST or None, initial=shown, applies=applies)
    back = next_url(request, reverse("awards:unclassified"))
    status = 200
    if request.method == "POST" and form.is_valid():
        seen_raw = {name: request.POST.get(f"seen-{name}", "") for name in applies}
        seen = Classes()._replace(
            **{n: (ENTERPRISE_VALUES.get(v) if n == Gap.ENTERPRISE else v) for n, v in seen_raw.items()}
        )
        try:
            services.award_classifications_set(
                actor=request.user, awards=[award], seen={award.pk: seen}, **form.values()
            )
        except services.ClassificationConflict as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.get_full_path())
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, _("The classes of “%(award)s” are saved.") % {"award": award})
            return redirect(back)
    context = {"award": award, "form": form, "shown": shown, "next": back, "applies": applies}
    return render(request, "awards/statistics/award_classify.html", context, status=status)
