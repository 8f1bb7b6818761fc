"""The unclassified page's filter and the class forms (bulk and one award)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.decisions.forms import ENTERPRISE_CHOICE_OF, ENTERPRISE_VALUES
from awards.decisions.forms import ENTERPRISE_CHOICES as ROW_ENTERPRISE_CHOICES
from awards.models import AwardType, IndividualClass, ProposingBody
from awards.statistics.selectors import Gap
from kernel.forms import FastSelect
from kernel.lib.statistical_years import last_statistical_year, statistical_year

GAP_CHOICES = [
    (Gap.INDIVIDUAL_CLASS, _("individuals without a class")),
    (Gap.ENTERPRISE, _("collectives not said to be or not be an enterprise")),
    (Gap.PROPOSING_BODY, _("State awards without a proposing body")),
]
# The draft's row select says yes, no or not classified; here the empty choice is labelled apart.
ENTERPRISE_CHOICES = [choice for choice in ROW_ENTERPRISE_CHOICES if choice[0]]


def enterprise_choice(value: bool | None) -> str:
    return ENTERPRISE_CHOICE_OF[value]


class UnclassifiedFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("Statistical year"),
        min_value=2000,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        help_text=_("From 1 December of the year before to 30 November."),
    )
    gap = forms.ChoiceField(label=_("Missing"), choices=GAP_CHOICES, widget=FastSelect(attrs={"class": "form-select"}))
    # The options, the period's decisions holding an unclassified award, are set once the year is known.
    decision = forms.IntegerField(
        label=_("Decision"), required=False, widget=FastSelect(attrs={"class": "form-select"})
    )
    award_type = forms.ModelChoiceField(
        label=_("Award"),
        queryset=AwardType.objects.all(),
        required=False,
        empty_label=_("All awards"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, data) -> None:
        today = timezone.localdate()
        values = {"year": last_statistical_year(today), "gap": Gap.INDIVIDUAL_CLASS}
        values.update({key: data[key] for key in ("year", "gap", "decision", "award_type") if data.get(key)})
        super().__init__(values)
        self.default_year = last_statistical_year(today)

    def chosen_year(self) -> int:
        """The year asked for, or the last one ended when it is missing or wrong."""
        self.is_valid()
        return self.cleaned_data.get("year") or self.default_year

    def decisions_offered(self, decisions: list[tuple[int, str]]) -> None:
        self.fields["decision"].widget.choices = [("", _("All decisions")), *decisions]

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year + 1:
            raise forms.ValidationError(_("That statistical year has not begun."))
        return year


class BulkClassForm(forms.Form):
    """The value set on the rows ticked: the field of the page's gap."""

    # Nothing chosen at first: a class is set only on purpose.
    individual_class = forms.ChoiceField(
        label=_("Class of individual"), choices=[("", _("— choose —")), *IndividualClass.choices], required=False
    )
    is_enterprise = forms.ChoiceField(
        label=_("Enterprise"), choices=[("", _("— choose —")), *ENTERPRISE_CHOICES], required=False
    )
    proposing_body = forms.ChoiceField(
        label=_("Proposed by"), choices=[("", _("— choose —")), *ProposingBody.choices], required=False
    )

    def __init__(self, *args, gap: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gap = gap
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select"
            if name == gap:
                field.required = True
                field.error_messages["required"] = _("Choose the value to set.")

    def value(self) -> object:
        raw = self.cleaned_data[self.gap]
        return ENTERPRISE_VALUES[raw] if self.gap == Gap.ENTERPRISE else raw


class AwardClassForm(forms.Form):
    """One award's classes: only those that apply to it are fields."""

    individual_class = forms.ChoiceField(
        label=_("Class of individual"),
        choices=[("", _("— not classified —")), *IndividualClass.choices],
        required=False,
    )
    is_enterprise = forms.ChoiceField(
        label=_("Enterprise"), choices=[("", _("— not classified —")), *ENTERPRISE_CHOICES], required=False
    )
    proposing_body = forms.ChoiceField(
        label=_("Proposed by"), choices=[("", _("— not classified —")), *ProposingBody.choices], required=False
    )

    def __init__(self, *args, applies: tuple[str, ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in applies:
                del self.fields[name]
            else:
                self.fields[name].widget.attrs["class"] = "form-select"

    def values(self) -> dict[str, object]:
        values: dict[str, object] = dict(self.cleaned_data)
        if "is_enterprise" in values:
            values["is_enterprise"] = ENTERPRISE_VALUES[str(values["is_enterprise"])]
        return values


def year_label(year: int) -> str:
    start, end = statistical_year(year)
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"
