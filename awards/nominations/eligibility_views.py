"""Overriding a failed eligibility rule for a nominee (while vetting) or a draft decision's row, with a reason.
The nominee's dossier and the row's decision are looked up in the user's scope (404 outside it)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from awards.models import Award, EligibilityRule, Nomination
from awards.nominations.eligibility import eligibility_override
from awards.scopes import decisions_visible_to, dossiers_visible_to
from clusters.selectors import unit_of
from kernel.roles import is_secretariat
from kernel.types import AuthenticatedHttpRequest


class OverrideForm(forms.Form):
    rule = forms.ModelChoiceField(label=gettext_lazy("Rule"), queryset=EligibilityRule.objects.filter(enabled=True))
    reason = forms.CharField(label=gettext_lazy("Reason for the override"), max_length=2000)


def _override(request: AuthenticatedHttpRequest, *, nomination=None, award=None) -> None:
    if not is_secretariat(request.user) or unit_of(request.user) is not None:
        raise PermissionDenied
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the rule and say why it is overridden."))
        return
    try:
        eligibility_override(
            actor=request.user,
            rule=form.cleaned_data["rule"],
            nomination=nomination,
            award=award,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rule overridden; the reason is recorded."))


@login_required
@permission_required("awards.add_eligibilityoverride", raise_exception=True)
@require_POST
def nomination_override(request: AuthenticatedHttpRequest, pk: int, nomination_pk: int) -> HttpResponse:
    dossier = get_object_or_404(dossiers_visible_to(user=request.user), pk=pk)
    nomination = get_object_or_404(Nomination.objects.filter(dossier=dossier), pk=nomination_pk)
    _override(request, nomination=nomination)
    return redirect("awards:dossier-vet", pk=dossier.pk)


@login_required
@permission_required("awards.add_eligibilityoverride", raise_exception=True)
@require_POST
def award_override(request: AuthenticatedHttpRequest, pk: int, award_pk: int) -> HttpResponse:
    decision = get_object_or_404(decisions_visible_to(user=request.user), pk=pk)
    award = get_object_or_404(Award.objects.filter(decision=decision).select_related("decision"), pk=award_pk)
    _override(request, award=award)
    return redirect("awards:decision-detail", pk=decision.pk)
