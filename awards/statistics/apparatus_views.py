"""Pages of the province's emulation and commendation bodies and officers (biểu 0604, 0605), for secretariat staff
and administrators."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards.models import CommendationBody, CommendationOfficer
from awards.statistics import apparatus
from awards.statistics.apparatus_forms import BodyForm, OfficerForm
from kernel.types import AuthenticatedHttpRequest


def _attach(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, error)


@login_required
@permission_required("awards.view_commendationbody", raise_exception=True)
@require_GET
def body_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    current = Q(officers__left_on__isnull=True) | Q(officers__left_on__gt=today)
    bodies = CommendationBody.objects.annotate(officer_count=Count("officers", filter=current)).order_by(
        "active_to", "name"
    )
    return render(request, "awards/statistics/body_list.html", {"bodies": bodies, "today": today})


def _record_form_page(
    request: AuthenticatedHttpRequest,
    record: CommendationBody | CommendationOfficer | None,
    *,
    form_class: type[BodyForm] | type[OfficerForm],
    create: Callable,
    update: Callable,
    template: str,
    done: str,
) -> HttpResponse:
    """Create (record None) or edit a body or an officer through its services; a refused input comes back with
    the services' messages on its fields (400)."""
    initial = form_class.initial_from(record) if record else None  # type: ignore[arg-type]
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if record is None:
                record = create(actor=request.user, fields=form.fields_value())
            else:
                record = update(request.user, record, form.fields_value(is_illustrative=record.is_illustrative))
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("“%(record)s” is saved.") % {"record": record})
            return redirect(done)
    context = {"form": form, "record": record}
    return render(request, template, context, status=400 if form.errors else 200)


def _body_form_page(request: AuthenticatedHttpRequest, body: CommendationBody | None) -> HttpResponse:
    return _record_form_page(
        request,
        body,
        form_class=BodyForm,
        create=apparatus.commendation_body_create,
        update=lambda actor, body, fields: apparatus.commendation_body_update(actor=actor, body=body, fields=fields),
        template="awards/statistics/body_form.html",
        done="awards:body-list",
    )


@login_required
@permission_required("awards.add_commendationbody", raise_exception=True)
@require_http_methods(["GET", "POST"])
def body_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _body_form_page(request, None)


@login_required
@permission_required("awards.change_commendationbody", raise_exception=True)
@require_http_methods(["GET", "POST"])
def body_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _body_form_page(request, get_object_or_404(CommendationBody, pk=pk))


@login_required
@permission_required("awards.view_commendationofficer", raise_exception=True)
@require_GET
def officer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Officers at work first, then those who left; each with their age and years in the work today."""
    today = timezone.localdate()
    left = ExpressionWrapper(Q(left_on__isnull=False, left_on__lte=today), output_field=BooleanField())
    officers = CommendationOfficer.objects.select_related("body").order_by(left.asc(), "body__name", "full_name")
    rows = [
        (
            officer,
            apparatus.age_on(officer.birth_date, on=today),
            apparatus.age_on(officer.in_commendation_work_since, on=today),
            officer.left_on is not None and officer.left_on <= today,
        )
        for officer in officers
    ]
    return render(request, "awards/statistics/officer_list.html", {"rows": rows})


def _officer_form_page(request: AuthenticatedHttpRequest, officer: CommendationOfficer | None) -> HttpResponse:
    return _record_form_page(
        request,
        officer,
        form_class=OfficerForm,
        create=apparatus.commendation_officer_create,
        update=lambda actor, officer, fields: apparatus.commendation_officer_update(
            actor=actor, officer=officer, fields=fields
        ),
        template="awards/statistics/officer_form.html",
        done="awards:officer-list",
    )


@login_required
@permission_required("awards.add_commendationofficer", raise_exception=True)
@require_http_methods(["GET", "POST"])
def officer_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _officer_form_page(request, None)


@login_required
@permission_required("awards.change_commendationofficer", raise_exception=True)
@require_http_methods(["GET", "POST"])
def officer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _officer_form_page(request, get_object_or_404(CommendationOfficer, pk=pk))
