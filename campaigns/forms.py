"""Forms of the document register: they parse what staff type; campaigns.services checks the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Document
from campaigns.selectors import OFFICIAL_LETTER
from thiduakhenthuong.forms import DATE_WIDGET, check_period
from thiduakhenthuong.lib.symbols import DOCUMENT_TYPES

ACCEPTED_FILES = ".pdf,.docx,.doc,.xlsx,.odt"


class DocumentForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=Document.Direction.choices,
        initial=Document.Direction.ISSUED,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    number_and_symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=80,
        help_text=_("As printed, e.g. 05/BC-UBND, 60/UBND-KGVX, 30/2014/QĐ-UBND or 22-CT/TW."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "autofocus": True}),
    )
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    issued_by = forms.CharField(
        label=_("Issued by (as printed)"),
        required=False,
        max_length=255,
        help_text=_("Printed after “của” in Appendix 1, e.g. UBND tỉnh or Chủ tịch UBND tỉnh; may be empty."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    summary = forms.CharField(
        label=_("Summary (trích yếu)"),
        required=False,  # the service says why an empty summary is refused
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "placeholder": "về việc …"}),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Optional: PDF, Word, Excel or OpenDocument text, up to 20 MB."),
        widget=forms.FileInput(attrs={"class": "form-control", "accept": ACCEPTED_FILES}),
    )

    @classmethod
    def initial_from(cls, document: Document) -> dict:
        return {
            "direction": document.direction,
            "number_and_symbol": document.number_symbol,
            "date": document.date,
            "issued_by": document.issued_by,
            "summary": document.summary,
        }


class DocumentEditForm(DocumentForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )


class DocumentFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[("", _("Issued and received")), *Document.Direction.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    type_code = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[
            ("", _("All types")),
            (OFFICIAL_LETTER, "Công văn"),
            *sorted(DOCUMENT_TYPES.items(), key=lambda i: i[1]),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("Symbol or words of the summary")}),
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]


class _PeriodChecked(forms.Form):
    def clean(self):
        cleaned = super().clean()
        check_period(self, "from", "to")
        return cleaned


# The Phụ lục 1 page reads ?from=dd/mm/yyyy&to=dd/mm/yyyy; "from" cannot be written as a class attribute.
Appendix1PeriodForm = type(forms.Form)(
    "Appendix1PeriodForm",
    (_PeriodChecked,),
    {
        "__module__": __name__,
        "from": forms.DateField(label=_("From"), widget=DATE_WIDGET),
        "to": forms.DateField(label=_("To (inclusive)"), widget=DATE_WIDGET),
    },
)
