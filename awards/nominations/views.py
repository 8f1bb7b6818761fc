"""Pages of nomination dossiers: a unit clerk prepares, attaches files and submits; secretariat staff receive,
return with a reason, vet each nominee and send the dossier to the council. Every dossier is looked up through
awards.scopes.dossiers_visible_to (404 outside the user's scope); who may act is the role (403 otherwise)."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.selectors import audit_entries_for
from awards.consultations.gate import consultation_waiting
from awards.consultations.selectors import dossier_consultations
from awards.consultations.services import OPENABLE
from awards.models import Dossier, Nomination
from awards.nominations import files as dossier_files
from awards.nominations import forwarding
from awards.nominations import services as dossiers
from awards.nominations.eligibility import nominations_eligibility
from awards.nominations.forms import (
    DossierFileForm,
    DossierFileReplaceForm,
    DossierForm,
    ForwardForm,
    ReturnForm,
    verdict_forms,
)
from awards.nominations.nominee_forms import NomineeFormSet, nominee_initial
from awards.nominations.nominees import MAX_NOMINEES
from awards.nominations.selectors import dossier_list
from awards.nominations.versions import dossier_guard
from awards.people.selectors import LINK_PERMISSIONS, people_pages_for
from awards.scopes import dossiers_visible_to
from clusters.models import Unit
from clusters.selectors import unit_of
from kernel.concurrency import EditConflict
from kernel.downloads import attachment_response
from kernel.forms import ImportForm
from kernel.roles import is_secretariat
from kernel.types import AuthenticatedHttpRequest

PAGE_SIZE = 50
S = Dossier.Status
INBOX_DEFAULT = [S.SUBMITTED, S.RECEIVED]


def _dossier_for_user(request: AuthenticatedHttpRequest, pk: int) -> Dossier:
    return get_object_or_404(
        dossiers_visible_to(user=request.user).select_related("unit", "commendation_kind", "campaign"), pk=pk
    )


def _clerk_unit(request: AuthenticatedHttpRequest) -> int:
    """The unit of a clerk; staff and others without a unit account may not prepare dossiers."""
    unit_id = unit_of(request.user)
    if unit_id is None:
        raise PermissionDenied
    return unit_id


def _require_secretariat(request: AuthenticatedHttpRequest) -> None:
    if not is_secretariat(request.user) or unit_of(request.user) is not None:
        raise PermissionDenied


def _refused(request: AuthenticatedHttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _field_errors(form, error: dossiers.DossierInvalid) -> None:
    """The service's errors by field onto the form's fields (or the form, for a field it does not have)."""
    for field, field_messages in error.fields.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


@login_required
@permission_required("awards.view_dossier", raise_exception=True)
@require_GET
def dossier_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    clerk = unit_of(request.user) is not None
    chosen = [s for s in request.GET.getlist("status") if s in S.values]
    statuses = chosen or ([] if clerk else INBOX_DEFAULT)
    rows = dossier_list(user=request.user, statuses=statuses)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for dossier in page:
        dossier.waiting_for = dossiers.dossier_waiting_for(dossier)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "clerk": clerk, "statuses": S.choices, "chosen": statuses, "query": query.urlencode()}
    return render(request, "awards/dossiers/list.html", context)


def _form_page(request: AuthenticatedHttpRequest, dossier: Dossier | None, unit_id: int) -> HttpResponse:
    """Create (dossier None) or edit a dossier with its nominees' rows. A refused list comes back whole, each
    row's message next to it; nothing is written."""
    form = DossierForm(request.POST or None, initial=DossierForm.initial_from(dossier) if dossier else None)
    formset = NomineeFormSet(
        request.POST or None,
        initial=nominee_initial(dossier) if dossier else None,
        prefix="n",
        user=request.user,
        dossier=dossier,
        on=timezone.localdate(),
    )
    edit = dossier_guard(request, dossier) if dossier else None  # the version the page was loaded from
    # Both checked, so that a refused page shows every problem at once.
    valid = all([form.is_valid(), formset.is_valid()])
    if request.method == "POST" and valid and not (edit and edit.problem):
        data = form.cleaned_data
        fields = dossiers.DossierFields(
            unit=Unit.objects.get(pk=unit_id),
            commendation_kind=data["commendation_kind"],
            year=data["year"],
            title=data["title"],
            campaign=data["campaign"],
        )
        try:
            if dossier is None:
                dossier = dossiers.dossier_create(actor=request.user, fields=fields, nominees=formset.nominees())
            else:
                assert edit is not None
                dossier = dossiers.dossier_update(
                    actor=request.user,
                    dossier=dossier,
                    fields=fields,
                    nominees=formset.nominees(),
                    expected_version=edit.expected_version(),
                )
        except dossiers.DossierInvalid as error:
            _field_errors(form, error)
            formset.add_row_errors(error.rows)
            for message in error.general:
                form.add_error(None, message)
        except dossiers.DossierTransitionRefused as error:  # submitted by someone else while this page was open
            _refused(request, error)
            return redirect("awards:dossier-detail", pk=dossier.pk)
        except EditConflict:  # saved by someone else while this page was open: the input comes back, 409
            assert edit is not None
            edit.refused()
        else:
            messages.success(request, _("Dossier “%(title)s” saved.") % {"title": dossier.title})
            return redirect("awards:dossier-detail", pk=dossier.pk)
    formset.number_rows()
    context = {"form": form, "formset": formset, "dossier": dossier, "max_nominees": MAX_NOMINEES, "edit": edit}
    return render(request, "awards/dossiers/form.html", context, status=(edit and edit.status) or 200)


@login_required
@permission_required("awards.add_dossier", raise_exception=True)
@require_http_methods(["GET", "POST"])
def dossier_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _form_page(request, None, _clerk_unit(request))


@login_required
@permission_required("awards.change_dossier", raise_exception=True)
@require_http_methods(["GET", "POST"])
def dossier_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit_id = _clerk_unit(request)
    dossier = _dossier_for_user(request, pk)
    if dossier.status not in dossiers.EDITABLE:
        messages.error(request, _("Only a dossier being prepared or returned can be edited."))
        return redirect("awards:dossier-detail", pk=dossier.pk)
    return _form_page(request, dossier, unit_id)


def _proposes_state_awards(dossier: Dossier) -> bool:
    return dossier.nominations.filter(result=Nomination.Result.PASSED, award_type__level="state").exists()


def _detail_context(request: AuthenticatedHttpRequest, dossier: Dossier, **extra) -> dict:
    user = request.user
    clerk = unit_of(user) is not None and user.has_perm("awards.change_dossier")
    staff = is_secretariat(user) and unit_of(user) is None and user.has_perm("awards.change_dossier")
    allowed = dossiers.DOSSIER_TRANSITIONS[dossier.status]
    history = audit_entries_for(obj=dossier)
    last_return = history.filter(action="dossier.return").order_by("-created_at").first()
    nominations = list(
        dossier.nominations.select_related("award_type", "person").prefetch_related(
            "eligibility_overrides__rule", "eligibility_overrides__created_by"
        )
    )
    people_pages_for(user=user, rows=nominations, person_of=lambda n: n.person, unit_of_row=lambda n: None)
    files = list(dossier.files.all())
    context = {
        "dossier": dossier,
        "nominations": nominations,
        # Staff say which person record an individual nominee is, once the dossier has reached them.
        "can_link_people": dossier.status != S.DRAFT and user.has_perms(LINK_PERMISSIONS),
        "files": files,
        # While the unit prepares the dossier: the files submitting will ask for, by the submit check's own rule.
        "required_files": dossiers.dossier_required_files(dossier, files=files)
        if dossier.status in dossiers.EDITABLE
        else [],
        "waiting_for": dossiers.dossier_waiting_for(dossier),
        "meetings": dossier.meetings.order_by("date"),
        "history": history,
        "return_reason": last_return.reason if last_return and dossier.status == S.RETURNED else "",
        "can_edit": clerk and dossier.status in dossiers.EDITABLE,
        "can_submit": clerk and S.SUBMITTED in allowed,
        "can_receive": staff and S.RECEIVED in allowed,
        "can_return": staff and S.RETURNED in allowed,
        "can_vet": staff and dossier.status == S.RECEIVED,
        "can_send": staff and S.AT_MEETING in allowed and dossiers.council_required(dossier),
        "file_form": DossierFileForm(),
        "replace_form": DossierFileReplaceForm(),
        "replacing": None,
        "return_form": ReturnForm(),
        "import_form": ImportForm(),
    }
    state_proposals = dossier.status in (S.REVIEWED, S.FORWARDED, S.DECIDED) and _proposes_state_awards(dossier)
    context["can_forward"] = staff and S.FORWARDED in allowed and state_proposals
    context["forward_form"] = ForwardForm(initial={"date": timezone.localdate()}) if context["can_forward"] else None
    # The letter: a draft to read before forwarding (staff), the letter as recorded afterwards (in scope).
    context["letter_draft"] = context["can_forward"]
    context["letter_recorded"] = state_proposals and dossier.forwarding_number is not None
    context["letter_symbol"] = dossiers.forwarding_letter_symbol(dossier)
    # Public consultations on its nominees (awards.consultations): listed for staff, opened while staff hold it.
    context["consultations"] = dossier_consultations(user=user, dossier=dossier)
    context["can_consult"] = staff and dossier.status in OPENABLE and user.has_perm("awards.add_consultation")
    # What still keeps its nominees off an agenda or a forwarding letter: the rule and the window's last day.
    context["consultation_pending"] = (
        consultation_waiting(nominations=dossier.nominations.exclude(result=Nomination.Result.FAILED))
        if staff and dossier.status in OPENABLE
        else []
    )
    context.update(extra)
    return context


@login_required
@permission_required("awards.view_dossier", raise_exception=True)
@require_GET
def dossier_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier_for_user(request, pk)
    return render(request, "awards/dossiers/detail.html", _detail_context(request, dossier))


@login_required
@permission_required("awards.change_dossier", raise_exception=True)
@require_POST
def dossier_file_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _clerk_unit(request)
    dossier = _dossier_for_user(request, pk)
    form = DossierFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attached = dossier_files.dossier_attach(
                actor=request.user, dossier=dossier, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except dossiers.DossierInvalid as error:
            _field_errors(form, error)
        except dossiers.DossierTransitionRefused as error:
            _refused(request, error)
            return redirect("awards:dossier-detail", pk=dossier.pk)
        else:
            messages.success(request, _("File “%(name)s” attached.") % {"name": attached.original_name})
            return redirect("awards:dossier-detail", pk=dossier.pk)
    context = _detail_context(request, dossier, file_form=form)
    return render(request, "awards/dossiers/detail.html", context, status=400)


@login_required
@permission_required("awards.change_dossier", raise_exception=True)
@require_POST
def dossier_file_replace(request: AuthenticatedHttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """The unit's clerk puts a new upload in the place of one of the dossier's files (draft or returned)."""
    _clerk_unit(request)
    dossier = _dossier_for_user(request, pk)
    attached = get_object_or_404(dossier.files, pk=file_pk)
    form = DossierFileReplaceForm(request.POST, request.FILES)
    if form.is_valid():
        old_name = attached.original_name
        try:
            replaced = dossier_files.dossier_file_replace(
                actor=request.user, dossier=dossier, attached=attached, upload=form.cleaned_data["file"]
            )
        except dossiers.DossierInvalid as error:
            _field_errors(form, error)
        except dossiers.DossierTransitionRefused as error:
            _refused(request, error)
            return redirect("awards:dossier-detail", pk=dossier.pk)
        else:
            messages.success(
                request,
                _("File “%(old)s” replaced by “%(new)s”.") % {"old": old_name, "new": replaced.original_name},
            )
            return redirect("awards:dossier-detail", pk=dossier.pk)
    context = _detail_context(request, dossier, replace_form=form, replacing=attached.pk)
    return render(request, "awards/dossiers/detail.html", context, status=400)


@login_required
@permission_required("awards.change_dossier", raise_exception=True)
@require_POST
def dossier_file_remove(request: AuthenticatedHttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """The unit's clerk takes a file out of the dossier (draft or returned)."""
    _clerk_unit(request)
    dossier = _dossier_for_user(request, pk)
    attached = get_object_or_404(dossier.files, pk=file_pk)
    try:
        dossier_files.dossier_file_remove(actor=request.user, dossier=dossier, attached=attached)
    except dossiers.DossierTransitionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("File “%(name)s” removed from the dossier.") % {"name": attached.original_name})
    return redirect("awards:dossier-detail", pk=dossier.pk)


@login_required
@permission_required("awards.view_dossier", raise_exception=True)
@require_GET
def dossier_file_download(request: AuthenticatedHttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    """A dossier's file, only to users who may see the dossier; sent as an attachment with its checked type."""
    dossier = _dossier_for_user(request, pk)
    attached = get_object_or_404(dossier.files, pk=file_pk)
    response = attachment_response(
        request,
        attached.file,
        filename=PurePath(attached.file.name).name,  # the extension of its checked type, not of the name sent
        content_type=attached.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@permission_required("awards.change_dossier", raise_exception=True)
@require_POST
def dossier_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _clerk_unit(request)
    return _step(request, pk, dossiers.dossier_submit, _("Dossier submitted to the secretariat."))


def _step(request: AuthenticatedHttpRequest, pk: int, service, done: str) -> HttpResponse:
    """One transition without input: run its service, say what happened or why not, back to the dossier."""
    dossier = _dossier_for_user(request, pk)
    try:
        service(actor=request.user, dossier=dossier)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    return redirect("awards:dossier-detail", pk=dossier.pk)


@login_required
@permission_required("awards.change_dossier", raise_exception=True)
@require_POST
def dossier_receive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_secretariat(request)
    return _step(request, pk, dossiers.dossier_receive, _("Dossier received."))


@login_required
@permission_required("awards.change_dossier", raise_exception=True)
@require_POST
def dossier_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_secretariat(request)
    dossier = _dossier_for_user(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            dossiers.dossier_return(actor=request.user, dossier=dossier, reason=form.cleaned_data["reason"])
        except dossiers.DossierInvalid as error:
            for message in error.fields.get("reason", []):
                form.add_error("reason", message)
        except ValidationError as error:
            _refused(request, error)
            return redirect("awards:dossier-detail", pk=dossier.pk)
        else:
            messages.success(request, _("Dossier returned to the unit."))
            return redirect("awards:dossier-detail", pk=dossier.pk)
    return render(
        request, "awards/dossiers/detail.html", _detail_context(request, dossier, return_form=form), status=400
    )


@login_required
@permission_required("awards.change_dossier", raise_exception=True)
@require_http_methods(["GET", "POST"])
def dossier_vet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_secretariat(request)
    dossier = _dossier_for_user(request, pk)
    if dossier.status != S.RECEIVED:
        messages.error(request, _("Only a received dossier can be vetted."))
        return redirect("awards:dossier-detail", pk=dossier.pk)
    nominations = dossier.nominations.select_related("award_type", "dossier__unit").prefetch_related(
        "eligibility_overrides__created_by"
    )
    rows = verdict_forms(request.POST or None, nominations)
    for row, results in zip(rows, nominations_eligibility([row.nomination for row in rows])):
        row.eligibility = results
    general = []
    if request.method == "POST" and all(row.is_valid() for row in rows):
        verdicts = [
            dossiers.VettingFields(row.nomination.pk, row.cleaned_data["meets_criteria"], row.cleaned_data["remark"])
            for row in rows
        ]
        try:
            dossiers.dossier_vet(actor=request.user, dossier=dossier, verdicts=verdicts)
        except dossiers.DossierInvalid as error:
            for index, row_errors in error.rows.items():
                for field, field_messages in row_errors.items():
                    for message in field_messages:
                        rows[index].add_error(field, message)
            general = error.general
        except ValidationError as error:
            _refused(request, error)
            return redirect("awards:dossier-detail", pk=dossier.pk)
        else:
            messages.success(request, _("Dossier vetted."))
            return redirect("awards:dossier-detail", pk=dossier.pk)
    return render(request, "awards/dossiers/vet.html", {"dossier": dossier, "rows": rows, "general": general})


@login_required
@permission_required("awards.change_dossier", raise_exception=True)
@require_POST
def dossier_send_to_meeting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_secretariat(request)
    return _step(request, pk, dossiers.dossier_send_to_meeting, _("Dossier sent to the council."))


@login_required
@permission_required("awards.change_dossier", raise_exception=True)
@require_POST
def dossier_forward(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The reviewed dossier's State proposals go to the central level, with the province's forwarding letter."""
    _require_secretariat(request)
    dossier = _dossier_for_user(request, pk)
    form = ForwardForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            forwarding.dossier_forward(
                actor=request.user,
                dossier=dossier,
                number_and_symbol=data["number_and_symbol"],
                date=data["date"],
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
            )
        except dossiers.DossierInvalid as error:
            _field_errors(form, error)
        except ValidationError as error:
            _refused(request, error)
            return redirect("awards:dossier-detail", pk=dossier.pk)
        else:
            messages.success(request, _("The proposals were forwarded to the central level."))
            return redirect("awards:dossier-detail", pk=dossier.pk)
    return render(
        request, "awards/dossiers/detail.html", _detail_context(request, dossier, forward_form=form), status=400
    )
