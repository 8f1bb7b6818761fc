from django import forms
from django.utils.translation import gettext_lazy as _

from kernel.forms import DATE_WIDGET, check_period
from reports.layouts import BY_PERIOD, LayoutByPeriod, layout_for_period
from reports.models import Report, ReportLayout, ReportSection


class _ByPeriodFirst(forms.models.ModelChoiceIterator):
    def __iter__(self):
        choices = super().__iter__()
        if self.field.empty_label is not None:
            yield next(choices)
        yield (BY_PERIOD.value, self.field.by_period_label)
        yield from choices

    def __len__(self):
        return super().__len__() + 1


class LayoutChoiceField(forms.ModelChoiceField):
    """A layout, none (the empty choice), or BY_PERIOD: the layout the period's dates choose when the report is
    saved, so that changing the period changes it too."""

    iterator = _ByPeriodFirst

    def __init__(self, *args, by_period_label, **kwargs):
        self.by_period_label = by_period_label
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return value.value if isinstance(value, LayoutByPeriod) else super().prepare_value(value)

    def to_python(self, value):
        return BY_PERIOD if value == BY_PERIOD.value else super().to_python(value)


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To (inclusive)"), widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        check_period(self)
        return cleaned


def _text(rows=3, **attrs):
    return forms.Textarea(attrs={"class": "form-control", "rows": rows, **attrs})


class ReportForm(forms.Form):
    """The header, closing and settings of a report; the narrative is edited section by section."""

    kind = forms.ChoiceField(
        label=_("Kind of report"), choices=Report.Kind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    number_symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=64,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "235/BC-UBND"}),
    )
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    place = forms.CharField(
        label=_("Place"), max_length=64, initial="Lạng Sơn", widget=forms.TextInput(attrs={"class": "form-control"})
    )
    period_start = forms.DateField(label=_("Figures from"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Figures to (inclusive)"), widget=DATE_WIDGET)
    parent_body = forms.CharField(
        label=_("Governing body"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    issuing_body = forms.CharField(
        label=_("Issuing body (header lines)"), initial="ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN", widget=_text(2)
    )
    issuing_body_name = forms.CharField(
        label=_("Issuing body in running text"),
        max_length=255,
        initial="Ủy ban nhân dân tỉnh Lạng Sơn",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    title = forms.CharField(
        label=_("Document type as printed"),
        max_length=64,
        initial="BÁO CÁO",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    summary = forms.CharField(label=_("Summary (trích yếu)"), widget=_text(2))
    signature_lines = forms.CharField(
        label=_("Signature block"), initial="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", widget=_text(3)
    )
    signer_name = forms.CharField(
        label=_("Signer"), max_length=128, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    recipients = forms.CharField(label=_("Distribution list (Nơi nhận), one per line"), widget=_text(6))
    appendix1_title = forms.CharField(
        label=_("Title of Phụ lục 1 (empty: no Phụ lục 1)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    appendix2_layout = LayoutChoiceField(
        label=_("Layout of Phụ lục 2 (empty: no Phụ lục 2)"),
        required=False,
        queryset=ReportLayout.objects.filter(kind=ReportLayout.Kind.APPENDIX2),
        empty_label=_("— none —"),
        by_period_label=_("— the one the period's dates choose —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    summary_layout = forms.ModelChoiceField(
        label=_("Wording of the award figures"),
        required=False,
        queryset=ReportLayout.objects.filter(kind=ReportLayout.Kind.AWARD_SUMMARY),
        empty_label=_("— the default wording —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean(self):
        cleaned = super().clean()
        check_period(self, "period_start", "period_end")
        return cleaned

    @staticmethod
    def initial_from(report: Report) -> dict:
        initial = {name: getattr(report, name) for name in ReportForm.base_fields if hasattr(report, name)}
        initial["number_symbol"] = report.number_symbol
        if report.appendix2_layout_id is not None:
            # The layout its dates chose shows as that choice, so that a new period brings its own layout.
            chosen = layout_for_period(kind=ReportLayout.Kind.APPENDIX2, end=report.period_end)
            if chosen is not None and chosen.pk == report.appendix2_layout_id:
                initial["appendix2_layout"] = BY_PERIOD
        return initial

    @staticmethod
    def initial_new() -> dict:
        # Award sentences left empty are those of the period's dates, chosen when the figures are computed.
        return {"appendix2_layout": BY_PERIOD, "summary_layout": None}


class SectionForm(forms.Form):
    style = forms.ChoiceField(
        label=_("Heading style"),
        choices=ReportSection.Style.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    heading = forms.CharField(label=_("Heading"), required=False, widget=_text(2))
    body = forms.CharField(label=_("Text"), required=False, widget=_text(18, spellcheck="false"))


class IssueForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the preview: issue this report. It can no longer be changed afterwards."),
        error_messages={"required": _("Tick the box to confirm that the report is final.")},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    reason = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class CorrectionForm(forms.Form):
    number_symbol = forms.CharField(
        label=_("Number and symbol of the correcting report"),
        max_length=64,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("What is being corrected"),
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("Say what the correction corrects.")},
    )
