"""The dashboard's period selector: a statistical year in the query string (?year=2026)."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thiduakhenthuong.dashboard.period import years_offered


class DashboardPeriodForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Statistical year"),
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={"invalid_choice": _("Choose a statistical year from the list.")},
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (year, _("%(year)s (01/12/%(before)s–30/11/%(year)s)") % {"year": year, "before": year - 1})
            for year in years_offered(today=today)
        ]
