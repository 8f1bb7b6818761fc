"""Staff's pages of public consultations: the list, opening one on a dossier's nominees, its page with the feedback
received, answering a feedback, and closing the window with its outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.consultations import selectors, services
from awards.consultations.forms import AnswerForm, CloseForm, ConsultationForm
from awards.consultations.rules import consultation_rule_for, consultation_rules_on
from awards.models import Consultation
from clusters.selectors import unit_of
from kernel.roles import is_secretariat
from kernel.types import AuthenticatedHttpRequest


def _require_secretariat(request: AuthenticatedHttpRequest) -> None:
    if not is_secretariat(request.user) or unit_of(request.user) is not None:
        raise PermissionDenied


def _attach(form: Form, error: services.ConsultationInvalid) -> None:
    for field, field_messages in error.fields.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
    for message in error.general:
        form.add_error(None, message)


@login_required
@permission_required("awards.view_consultation", raise_exception=True)
@require_GET
def consultation_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    consultations = list(selectors.consultations_for(user=request.user))
    today = timezone.localdate()
    return render(request, "awards/consultations/list.html", {"consultations": consultations, "today": today})


@login_required
@permission_required("awards.add_consultation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def consultation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Opens a consultation on nominees of a dossier; the rules in force today are shown beside each nominee."""
    _require_secretariat(request)
    dossier = selectors.dossier_for_consultation(user=request.user, pk=pk)
    initial = {"start_date": timezone.localdate(), "title": f"Lấy ý kiến Nhân dân: {dossier.title}"[:500]}
    form = ConsultationForm(request.POST or None, dossier=dossier, initial=initial)
    if request.method == "POST" and form.is_valid():
        nominations = form.cleaned_data["nominations"]
        try:
            consultation = services.consultation_open(
                actor=request.user,
                dossier=dossier,
                nomination_ids=[n.pk for n in nominations],
                fields=form.fields_value(),
            )
        except services.ConsultationInvalid as error:
            _attach(form, error)
        else:
            messages.success(
                request,
                _("The consultation is open until %(last)s.") % {"last": consultation.end_date.strftime("%d/%m/%Y")},
            )
            return redirect("awards:consultation-detail", pk=consultation.pk)
    rules = consultation_rules_on(timezone.localdate())
    nominees = [
        (n, consultation_rule_for(award_type=n.award_type, rules=rules))
        for n in form.fields["nominations"].queryset  # type: ignore[attr-defined]
    ]
    context = {"form": form, "dossier": dossier, "nominees": nominees}
    return render(request, "awards/consultations/form.html", context, status=400 if form.errors else 200)


def _detail(request: AuthenticatedHttpRequest, consultation: Consultation, **forms: object) -> dict:
    return {
        "consultation": consultation,
        "receiving": selectors.is_receiving(consultation),
        "today": timezone.localdate(),
        "close_form": forms.get("close_form") or CloseForm(),
        "answer_error_pk": forms.get("answer_error_pk"),
        "answer_errors": forms.get("answer_errors") or [],
        "can_change": request.user.has_perm("awards.change_consultation") and is_secretariat(request.user),
    }


@login_required
@permission_required("awards.view_consultation", raise_exception=True)
@require_GET
def consultation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_for(user=request.user, pk=pk)
    return render(request, "awards/consultations/detail.html", _detail(request, consultation))


@login_required
@permission_required("awards.change_consultation", raise_exception=True)
@require_POST
def feedback_answer(request: AuthenticatedHttpRequest, pk: int, feedback_pk: int) -> HttpResponse:
    _require_secretariat(request)
    consultation = selectors.consultation_for(user=request.user, pk=pk)
    feedback = get_object_or_404(consultation.feedback.all(), pk=feedback_pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_answer(actor=request.user, feedback=feedback, answer=form.cleaned_data["answer"])
        except services.ConsultationInvalid as error:
            _attach(form, error)
        else:
            messages.success(request, _("The answer is recorded."))
            return redirect("awards:consultation-detail", pk=consultation.pk)
    errors = [m for ms in form.errors.values() for m in ms]
    context = _detail(request, consultation, answer_error_pk=feedback.pk, answer_errors=errors)
    return render(request, "awards/consultations/detail.html", context, status=400)


@login_required
@permission_required("awards.change_consultation", raise_exception=True)
@require_POST
def consultation_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_secretariat(request)
    consultation = selectors.consultation_for(user=request.user, pk=pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_close(
                actor=request.user, consultation=consultation, outcome_text=form.cleaned_data["outcome_text"]
            )
        except services.ConsultationInvalid as error:
            _attach(form, error)
        else:
            messages.success(request, _("The consultation is closed and its outcome recorded."))
            return redirect("awards:consultation-detail", pk=consultation.pk)
    context = _detail(request, consultation, close_form=form)
    return render(request, "awards/consultations/detail.html", context, status=400)
