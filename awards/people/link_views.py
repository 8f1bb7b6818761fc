"""Saying whose an individual's award or nomination is: secretariat staff pick the person record among the
namesakes the user may see, or record a new person prefilled from the award or the nominee. Awards are looked up
through decisions_visible_to and nominations through dossiers_visible_to (404 outside scope). Rows of draft
decisions are not linked here: they get their people from nominees and imports, and keep them through edits."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from awards.models import Award, Decision, Dossier, Nomination, RecipientKind
from awards.people import services
from awards.people.selectors import LINK_PERMISSIONS
from awards.people.views import person_form_page
from awards.scopes import decisions_visible_to, dossiers_visible_to
from clusters.models import Person
from clusters.selectors import people_matching, people_visible_to, person_namesakes
from kernel.http import next_url
from kernel.types import AuthenticatedHttpRequest

CANDIDATE_LIMIT = 50


class PersonLinkForm(forms.Form):
    person = forms.ModelChoiceField(
        label=gettext_lazy("Person"),
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("This person is not in the list.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, current: Person | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.fields["person"].queryset = people_visible_to(user=user).filter(merged_into__isnull=True)

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if self.current and person and person.pk != self.current.pk and not data.get("reason", "").strip():
            self.add_error(
                "reason",
                _("It is linked to %(name)s: give the reason for linking it to another person.")
                % {"name": self.current.full_name},
            )
        return data


def _candidates(request: AuthenticatedHttpRequest, name: str) -> tuple[str, list[Person]]:
    """The namesakes of `name` the user may see, or the people matching the search box when it is filled."""
    q = request.GET.get("q", "").strip()[:200]
    people = people_matching(user=request.user, text=q) if q else person_namesakes(user=request.user, name=name)
    return q, list(people[:CANDIDATE_LIMIT])


def _link_page(
    request: AuthenticatedHttpRequest, *, subject: dict, current, name, link, back_url, create_url
) -> HttpResponse:
    """The page choosing the person of an award or a nominee (`subject`: {"award": …} or {"nomination": …}).
    `link(person, reason)` writes through a service."""
    form = PersonLinkForm(request.POST or None, user=request.user, current=current)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            link(person, form.cleaned_data["reason"].strip())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Linked to %(name)s.") % {"name": person.full_name})
            return redirect(next_url(request, back_url))
    q, candidates = _candidates(request, name)
    context = {
        **subject,
        "current": current,
        "candidates": candidates,
        "limit": CANDIDATE_LIMIT,
        "q": q,
        "form": form,
        "back_url": back_url,
        "create_url": create_url,
    }
    return render(request, "clusters/person_link.html", context, status=400 if form.is_bound else 200)


def _award_for_user(request: AuthenticatedHttpRequest, pk: int) -> Award:
    """An individual's award of an issued or annulled decision the user may see."""
    return get_object_or_404(
        Award.objects.filter(
            decision__in=decisions_visible_to(user=request.user).exclude(status=Decision.Status.DRAFT),
            recipient_kind=RecipientKind.INDIVIDUAL,
        ).select_related("decision", "award_type", "unit", "person_link__person"),
        pk=pk,
    )


def _current_person(award: Award) -> Person | None:
    link = getattr(award, "person_link", None)
    return link.person if link else None


def _award_prefill(award: Award) -> dict:
    return {"full_name": award.recipient_name, "current_unit": award.unit_id, "position": award.position}


@login_required
@permission_required(LINK_PERMISSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def award_link(request: AuthenticatedHttpRequest, award_pk: int) -> HttpResponse:
    award = _award_for_user(request, award_pk)

    def link(person, reason):
        services.award_person_link(actor=request.user, award=award, person=person, reason=reason)

    return _link_page(
        request,
        subject={"award": award},
        current=_current_person(award),
        name=award.recipient_name,
        link=link,
        back_url=reverse("awards:decision-detail", args=[award.decision_id]),
        create_url=reverse("people:award-person-create", args=[award.pk]),
    )


@login_required
@permission_required([*LINK_PERMISSIONS, "clusters.add_person"], raise_exception=True)
@require_http_methods(["GET", "POST"])
def award_person_create(request: AuthenticatedHttpRequest, award_pk: int) -> HttpResponse:
    award = _award_for_user(request, award_pk)
    back = reverse("awards:decision-detail", args=[award.decision_id])

    def save(fields, _reason):
        return services.award_person_create(actor=request.user, award=award, fields=fields), back

    return person_form_page(
        request, save=save, initial=_award_prefill(award), subject={"award": award}, cancel_url=back
    )


def _nomination_for_user(request: AuthenticatedHttpRequest, pk: int) -> Nomination:
    return get_object_or_404(
        Nomination.objects.filter(
            dossier__in=dossiers_visible_to(user=request.user).exclude(status=Dossier.Status.DRAFT),
            recipient_kind=RecipientKind.INDIVIDUAL,
        ).select_related("dossier__unit", "award_type", "person"),
        pk=pk,
    )


@login_required
@permission_required(LINK_PERMISSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def nomination_link(request: AuthenticatedHttpRequest, nomination_pk: int) -> HttpResponse:
    nomination = _nomination_for_user(request, nomination_pk)

    def link(person, reason):
        services.nomination_person_link(actor=request.user, nomination=nomination, person=person, reason=reason)

    return _link_page(
        request,
        subject={"nomination": nomination},
        current=nomination.person,
        name=nomination.recipient_name,
        link=link,
        back_url=reverse("awards:dossier-detail", args=[nomination.dossier_id]),
        create_url=reverse("people:nomination-person-create", args=[nomination.pk]),
    )


@login_required
@permission_required([*LINK_PERMISSIONS, "clusters.add_person"], raise_exception=True)
@require_http_methods(["GET", "POST"])
def nomination_person_create(request: AuthenticatedHttpRequest, nomination_pk: int) -> HttpResponse:
    nomination = _nomination_for_user(request, nomination_pk)
    back = reverse("awards:dossier-detail", args=[nomination.dossier_id])

    def save(fields, _reason):
        person = services.nomination_person_create(actor=request.user, nomination=nomination, fields=fields)
        return person, back

    initial = {
        "full_name": nomination.recipient_name,
        "current_unit": nomination.dossier.unit_id,
        "position": nomination.position,
    }
    return person_form_page(request, save=save, initial=initial, subject={"nomination": nomination}, cancel_url=back)
