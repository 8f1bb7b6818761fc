"""Forms of the dossier pages: they parse what a clerk or staff member types; the rules live in
awards.nominations.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import CommendationKind, Dossier, DossierFile
from campaigns.models import Campaign
from kernel.forms import DATE_WIDGET, TextField


class DossierForm(forms.Form):
    title = TextField(
        label=_("Title of the dossier"), max_length=500, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    commendation_kind = forms.ModelChoiceField(
        label=_("Kind of commendation"),
        queryset=CommendationKind.objects.all(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("This kind of commendation is not in the list.")},
    )
    year = forms.IntegerField(
        label=_("Year of the achievements"), widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.order_by("-start_date", "name"),
        required=False,
        empty_label=_("— none —"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("This campaign is not in the list.")},
    )

    @classmethod
    def initial_from(cls, dossier: Dossier) -> dict:
        return {
            "title": dossier.title,
            "commendation_kind": dossier.commendation_kind_id,
            "year": dossier.year,
            "campaign": dossier.campaign_id,
        }


class DossierFileForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of file"), choices=DossierFile.Kind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"class": "form-control"}))


class DossierFileReplaceForm(forms.Form):
    """A new upload in the place of one of the dossier's files (it keeps the file's kind)."""

    file = forms.FileField(
        label=_("New file"),
        widget=forms.FileInput(attrs={"class": "form-control form-control-sm"}),
        error_messages={"required": _("Choose the file to put in its place."), "empty": _("The file is empty.")},
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What the unit must fix"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


class VerdictForm(forms.Form):
    """Staff's verdict on one nominee (the nominee is given as `nomination`)."""

    meets_criteria = forms.TypedChoiceField(
        label=_("Meets the criteria"),
        choices=[("yes", _("meets the criteria")), ("no", _("does not meet the criteria"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    remark = forms.CharField(
        label=_("Remark"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 2})
    )

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination = nomination


def verdict_forms(data, nominations) -> list[VerdictForm]:
    return [
        VerdictForm(
            data,
            prefix=f"n{n.pk}",
            nomination=n,
            initial={
                "meets_criteria": None if n.vetting_ok is None else ("yes" if n.vetting_ok else "no"),
                "remark": n.vetting_remark,
            },
        )
        for n in nominations
    ]


class ForwardForm(forms.Form):
    """The province's forwarding letter (tờ trình); awards.nominations.forwarding.dossier_forward checks it."""

    number_and_symbol = forms.CharField(
        label=_("Number and symbol of the letter"),
        max_length=80,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": _("e.g. 12/TTr-UBND"), "autocomplete": "off"}
        ),
    )
    date = forms.DateField(label=_("Date of the letter"), required=False, widget=DATE_WIDGET)
    signer_name = forms.CharField(
        label=_("Signer"), max_length=128, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    signer_title = forms.CharField(
        label=_("Signer's title"),
        max_length=128,
        required=False,
        initial="Phó Chủ tịch",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
