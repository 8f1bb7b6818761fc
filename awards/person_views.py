"""Pages of a person's and a unit's awards over the years, and the staff page merging duplicate person records.
Scoped by clusters.selectors (people_visible_to, units_visible_to): outside scope is 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from audit.selectors import audit_entries_for
from awards.people import person_awards, person_nominations, unit_collective_awards, unit_people
from clusters.models import Person
from clusters.selectors import people_visible_to, person_duplicates, units_visible_to
from clusters.services import person_merge
from thiduakhenthuong.reauth import recent_password_required


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


@login_required
@permission_required("clusters.view_person", raise_exception=True)
@require_GET
def person_detail(request, pk):
    person = get_object_or_404(
        people_visible_to(user=request.user).select_related("current_unit", "merged_into"), pk=pk
    )
    return render(
        request,
        "clusters/person_detail.html",
        {
            "person": person,
            "awards": person_awards(person=person),
            "nominations": person_nominations(person=person),
            "history": audit_entries_for(obj=person),
        },
    )


@login_required
@permission_required("clusters.view_person", raise_exception=True)
@require_GET
def unit_detail(request, pk):
    unit = get_object_or_404(units_visible_to(user=request.user), pk=pk)
    return render(
        request,
        "clusters/unit_detail.html",
        {"unit": unit, "awards": unit_collective_awards(unit=unit), "people": unit_people(unit=unit)},
    )


def _duplicates_page(request, *, form=None, status=200):
    return render(
        request,
        "clusters/person_duplicates.html",
        {"pairs": person_duplicates(), "form": form},
        status=status,
    )


@login_required
@permission_required("clusters.change_person", raise_exception=True)
@require_GET
def duplicates(request):
    return _duplicates_page(request)


@login_required
@permission_required("clusters.change_person", raise_exception=True)
@require_POST
@recent_password_required
def merge(request):
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
