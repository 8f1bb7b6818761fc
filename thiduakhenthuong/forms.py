"""Form pieces every app uses: Vietnamese date fields and periods."""

from django import forms
from django.utils.translation import gettext_lazy as _

# A text field in the Vietnamese order: a browser's date picker follows the computer's locale and shows
# 12/20/2017 on an English Windows, which staff misread. ISO dates (2018-06-20) are accepted too.
DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y",
    attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
)


def check_period(form: forms.Form, start: str = "date_from", end: str = "date_to") -> None:
    """Call from clean(): a period whose end comes before its start is refused on the end field."""
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and first > last:
        form.add_error(end, _("The end of the period is before its start."))
