"""Forms of the emulation and commendation bodies and officers; the rules are the services'
(awards.statistics.apparatus), whose errors the views put on these fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import BodyKind, CommendationBody, CommendationOfficer, OfficerSex, TrainingLevel
from awards.statistics.apparatus import BodyFields, OfficerFields
from kernel.forms import DATE_WIDGET

SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}


class BodyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255, widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices, widget=forms.Select(attrs=SELECT))
    active_from = forms.DateField(label=_("Active from"), required=False, widget=DATE_WIDGET)
    active_to = forms.DateField(
        label=_("Ended on"), required=False, widget=DATE_WIDGET, help_text=_("Empty while the body exists.")
    )

    @classmethod
    def initial_from(cls, body: CommendationBody) -> dict:
        return {name: getattr(body, name) for name in cls.base_fields}

    def fields_value(self, *, is_illustrative: bool = False) -> BodyFields:
        return BodyFields(**self.cleaned_data, is_illustrative=is_illustrative)


class OfficerForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=255, widget=forms.TextInput(attrs=TEXT))
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=CommendationBody.objects.all(),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Choose the body."), "invalid_choice": _("This body is not in the list.")},
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=OfficerSex.choices, widget=forms.Select(attrs=SELECT))
    birth_date = forms.DateField(label=_("Date of birth"), widget=DATE_WIDGET)
    training = forms.ChoiceField(
        label=_("Training level"), choices=TrainingLevel.choices, widget=forms.Select(attrs=SELECT)
    )
    in_commendation_work_since = forms.DateField(
        label=_("In emulation and commendation work since"),
        widget=DATE_WIDGET,
        help_text=_("The day they began this work, in this body or an earlier one."),
    )
    joined_on = forms.DateField(label=_("Joined the body on"), widget=DATE_WIDGET)
    left_on = forms.DateField(
        label=_("Left the body on"), required=False, widget=DATE_WIDGET, help_text=_("Empty while they work there.")
    )

    @classmethod
    def initial_from(cls, officer: CommendationOfficer) -> dict:
        return {name: getattr(officer, name) for name in cls.base_fields}

    def fields_value(self, *, is_illustrative: bool = False) -> OfficerFields:
        return OfficerFields(**self.cleaned_data, is_illustrative=is_illustrative)
