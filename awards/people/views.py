"""Pages of people and units: the people list, recording and editing a person, a person's and a unit's awards
over the years, and the staff page merging duplicate person records. Scoped by clusters.selectors
(people_visible_to, units_visible_to): outside scope is 404. A unit clerk records and edits the people of their
unit only; merging is for the secretariat."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.selectors import audit_entries_for
from awards.people.selectors import (
    LINK_PERMISSIONS,
    people_list,
    person_awards,
    person_nominations,
    person_unlinked_awards,
    unit_collective_awards,
    unit_people,
)
from clusters.forms import PersonFilterForm, PersonForm
from clusters.models import Person, Unit
from clusters.reorganisation import unit_history
from clusters.selectors import (
    people_visible_to,
    person_duplicates,
    person_likely_duplicates,
    person_search,
    unit_of,
    units_visible_to,
)
from clusters.services import person_create, person_merge, person_update
from kernel.forms import TextField
from kernel.lib.formatting import vn_date
from kernel.lib.search import CappedPaginator, fold, name_tokens
from kernel.middleware import answers_nul_itself
from kernel.reauth import recent_password_required
from kernel.roles import is_secretariat
from kernel.types import AuthenticatedHttpRequest

PAGE_SIZE = 50
SUGGESTION_LIMIT = 10


class PersonMergeForm(forms.Form):
    """One likely pair (first, second) and which of the two to keep."""

    first = forms.ModelChoiceField(queryset=Person.objects.all(), widget=forms.HiddenInput)
    second = forms.ModelChoiceField(queryset=Person.objects.all(), widget=forms.HiddenInput)
    survivor = forms.IntegerField(label=gettext_lazy("record to keep"))
    reason = forms.CharField(label=gettext_lazy("reason"))

    def clean(self):
        data = super().clean()
        first, second, keep = data.get("first"), data.get("second"), data.get("survivor")
        if first and second and keep is not None:
            if keep not in (first.pk, second.pk):
                self.add_error("survivor", _("Choose one of the two records to keep."))
            else:
                data["survivor"], data["duplicate"] = (first, second) if keep == first.pk else (second, first)
        return data


def secretariat_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Merging reads every record: provincial secretariat staff only, not a unit clerk who may edit their own
    people (403, before asking for the password)."""

    @wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_secretariat(request.user) or unit_of(request.user) is not None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@login_required
@permission_required("clusters.view_person", raise_exception=True)
@require_GET
def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET or None, unit_filter=unit_of(request.user) is None)
    data = {}
    if form.is_bound and not form.is_valid():  # show the filter's errors, not an unfiltered list
        people = Person.objects.none()
    else:
        data = form.cleaned_data if form.is_bound else {}
        people = people_list(user=request.user, text=data.get("q", ""), unit=data.get("unit"))
    # A name search counts its matches up to the cap only ("more than 1.000 people"), and pages through those;
    # the whole list keeps its exact count, read from the index of the list's order.
    paginator: Paginator = Paginator(people, PAGE_SIZE)
    if name_tokens(data.get("q", "")):
        paginator = CappedPaginator(people, PAGE_SIZE, cap=settings.LIST_COUNT_CAP)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "unit": data.get("unit")}
    return render(request, "clusters/person_list.html", context)


def _service_errors(form, error: ValidationError) -> None:
    """A service's errors onto the form's fields (or the form, for a field it does not show)."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _unacknowledged_duplicates(request: AuthenticatedHttpRequest, form: PersonForm, fields) -> dict | None:
    """The likely duplicates of a new record, unless the user saw them all and chose to create it anyway: those
    they may open, and how many more are outside their scope (a clerk's, of other units)."""
    found = list(
        person_likely_duplicates(
            full_name=fields.full_name,
            birth_date=fields.birth_date,
            id_number=fields.id_number,
            unit_id=fields.current_unit.pk if fields.current_unit else None,
        )
    )
    if {p.pk for p in found} <= form.acknowledged_ids():
        return None
    visible = set(
        people_visible_to(user=request.user).filter(pk__in=[p.pk for p in found]).values_list("pk", flat=True)
    )
    shown = [p for p in found if p.pk in visible]
    return {
        "duplicates": shown,
        "hidden_duplicates": len(found) - len(shown),
        "acknowledged": ",".join(str(p.pk) for p in found),
    }


def person_form_page(
    request: AuthenticatedHttpRequest, *, save, person=None, initial=None, subject: dict | None = None, cancel_url=None
) -> HttpResponse:
    """The page recording (person None) or editing a person, shared by the pages creating one for an award or a
    nominee (`subject`: {"award": …} or {"nomination": …}). `save(fields, reason)` writes through the services
    and returns (person, where to go next). Before a new record is written, its likely duplicates are shown and
    the user must create it anyway: people are never duplicated silently. A clerk's people are of their unit."""
    clerk_unit = unit_of(request.user)
    fixed_unit = Unit.objects.get(pk=clerk_unit) if clerk_unit is not None else None
    form = PersonForm(request.POST or None, initial=initial, fixed_unit=fixed_unit, editing=person is not None)
    context = {"form": form, "person": person, "cancel_url": cancel_url, **(subject or {})}
    if request.method == "POST" and form.is_valid():
        fields = form.person_fields()
        duplicates = _unacknowledged_duplicates(request, form, fields) if person is None else None
        if duplicates:
            return render(request, "clusters/person_form.html", {**context, **duplicates})
        try:
            saved, next_url = save(fields, form.cleaned_data.get("reason", ""))
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("The record of %(name)s was saved.") % {"name": saved.full_name})
            return redirect(next_url)
    return render(request, "clusters/person_form.html", context, status=400 if form.is_bound else 200)


@login_required
@permission_required("clusters.add_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def person_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = None
    if unit_of(request.user) is None and request.GET.get("unit", "").isdigit():  # from a unit's page
        initial = {"current_unit": request.GET["unit"]}

    def save(fields, _reason):
        person = person_create(actor=request.user, fields=fields)
        return person, reverse("people:person-detail", args=[person.pk])

    return person_form_page(request, save=save, initial=initial, cancel_url=reverse("people:person-list"))


@login_required
@permission_required("clusters.change_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def person_update_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(people_visible_to(user=request.user), pk=pk)
    back = reverse("people:person-detail", args=[person.pk])

    def save(fields, reason):
        return person_update(actor=request.user, person=person, fields=fields, reason=reason), back

    return person_form_page(request, save=save, person=person, initial=PersonForm.initial_from(person), cancel_url=back)


@login_required
@permission_required("clusters.view_person", raise_exception=True)
@require_GET
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        people_visible_to(user=request.user).select_related("current_unit", "merged_into"), pk=pk
    )
    may_link = request.user.has_perms(LINK_PERMISSIONS) and not person.is_merged
    # Looked for on request only: a name search over every award (tens of milliseconds at a million awards).
    look_for_unlinked = may_link and request.GET.get("unlinked") == "1"
    return render(
        request,
        "clusters/person_detail.html",
        {
            "person": person,
            "awards": person_awards(person=person),
            "nominations": person_nominations(person=person),
            "unlinked_awards": person_unlinked_awards(person=person) if look_for_unlinked else None,
            "may_link": may_link,
            "history": audit_entries_for(obj=person),
        },
    )


class SuggestionForm(forms.Form):
    q = TextField(max_length=100, required=False)


@answers_nul_itself  # a JSON answer: its form's NUL error
@login_required
@permission_required("clusters.view_person", raise_exception=True)
@require_GET
@never_cache
def person_suggestions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The first people the user may see whose full name holds every word of `q`, ignoring diacritics and case
    ("trieu van binh" finds "Triệu Văn Bình"), as JSON for the person pickers of the forms (a dossier's nominees):
    {"results": [{"id", "name", "label", "detail", "position"}], "total", "more"}: the total is counted up to
    LIST_COUNT_CAP + 1, `more` says it passed the cap. Two queries; fewer than two letters, none."""
    form = SuggestionForm(request.GET)
    if not form.is_valid():
        errors = [message for messages in form.errors.values() for message in messages]
        return JsonResponse({"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False})
    text = form.cleaned_data["q"]
    people, total, more = [], 0, False
    if len(fold(text).replace(" ", "")) >= 2:
        found = person_search(user=request.user, text=text, limit=SUGGESTION_LIMIT, cap=settings.LIST_COUNT_CAP)
        people, total, more = found.rows, found.total, found.more
    results = [
        {
            "id": p.pk,
            "name": p.full_name,
            "label": f"{p.full_name} ({vn_date(p.birth_date)})" if p.birth_date else p.full_name,
            "position": p.position,
            "detail": " · ".join(
                part
                for part in (
                    _("born %(date)s") % {"date": vn_date(p.birth_date)} if p.birth_date else "",
                    p.position,
                    p.current_unit.name if p.current_unit else "",
                )
                if part
            ),
        }
        for p in people
    ]
    return JsonResponse({"results": results, "total": total, "more": more}, json_dumps_params={"ensure_ascii": False})


@login_required
@permission_required("clusters.view_person", raise_exception=True)
@require_GET
def unit_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(units_visible_to(user=request.user), pk=pk)
    return render(
        request,
        "clusters/unit_detail.html",
        {
            "unit": unit,
            "awards": unit_collective_awards(unit=unit),
            "people": unit_people(unit=unit),
            "history": unit_history(unit=unit),
            "opens_other_units": unit_of(request.user) is None,  # a clerk opens their own unit's page only
        },
    )


def _duplicates_page(request: AuthenticatedHttpRequest, *, form=None, status=200) -> HttpResponse:
    return render(
        request,
        "clusters/person_duplicates.html",
        {"pairs": person_duplicates(), "form": form},
        status=status,
    )


@login_required
@permission_required("clusters.change_person", raise_exception=True)
@secretariat_only
@require_GET
def duplicates(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _duplicates_page(request)


@login_required
@permission_required("clusters.change_person", raise_exception=True)
@secretariat_only
@require_POST
@recent_password_required
def merge(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PersonMergeForm(request.POST)
    if form.is_valid():
        try:
            survivor = person_merge(
                actor=request.user,
                survivor=form.cleaned_data["survivor"],
                duplicate=form.cleaned_data["duplicate"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The records were merged into %(name)s.") % {"name": survivor})
            return redirect("people:person-detail", pk=survivor.pk)
    return _duplicates_page(request, form=form, status=400)
