"""The form that prints certificates: which (all of the decision, or the rows ticked), and whether it is a first
print, a reprint or a replacement (these two with their reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.decisions.register import REASON_MAX
from awards.models import CertificatePrint
from kernel.forms import TextField


class CertificatePrintForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Print"),
        choices=CertificatePrint.Kind.choices,
        initial="first",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = TextField(
        label=_("Reason (reprint or replacement)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("e.g. the certificate was damaged")}),
    )
    award = forms.TypedMultipleChoiceField(label=_("Certificates"), coerce=int, required=False, choices=())
    line_from = forms.IntegerField(
        label=_("From line"), required=False, min_value=1, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    line_to = forms.IntegerField(
        label=_("to line"), required=False, min_value=1, widget=forms.NumberInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, award_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].choices = [(pk, pk) for pk in award_ids]

    def clean(self):
        data = super().clean()
        if data.get("kind") in ("reprint", "replacement") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for printing the certificate again."))
        first, last = data.get("line_from"), data.get("line_to")
        if first and last and first > last:
            self.add_error("line_to", _("The last line comes before the first."))
        return data
