from django import forms
from django.utils.translation import gettext_lazy as _

from thiduakhenthuong.forms import DATE_WIDGET, check_period


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To (inclusive)"), widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        check_period(self)
        return cleaned
