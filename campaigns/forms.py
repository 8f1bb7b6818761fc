"""Forms of the document register and of campaigns, registrations and covenants: they parse what staff
type; the rules live in campaigns.services (messages come back by field name)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Document, Registration
from campaigns.selectors import OFFICIAL_LETTER, award_types
from clusters.models import Unit
from kernel.forms import DATE_WIDGET, check_period
from kernel.lib.formatting import vn_date
from kernel.lib.symbols import DOCUMENT_TYPES

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


SELECT = forms.Select(attrs={"class": "form-select"})


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        summary = obj.summary if len(obj.summary) <= 90 else obj.summary[:89] + "…"
        return f"{obj.number_symbol} ({vn_date(obj.date)}) – {summary}"


class CampaignChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_level_display()})"


class CampaignForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=500, widget=forms.TextInput(attrs={"class": "form-control", "autofocus": True})
    )
    kind = forms.ChoiceField(label=_("Kind of campaign"), choices=Campaign.Kind.choices, widget=SELECT)
    level = forms.ChoiceField(label=_("Level"), choices=Campaign.Level.choices, widget=SELECT)
    status = forms.ChoiceField(label=_("Status"), choices=Campaign.Status.choices, widget=SELECT)
    start_date = forms.DateField(label=_("Start"), widget=DATE_WIDGET)
    end_date = forms.DateField(
        label=_("End"), required=False, widget=DATE_WIDGET, help_text=_("Empty for a campaign without an end.")
    )
    organiser = forms.CharField(
        label=_("Organiser"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "UBND tỉnh Lạng Sơn"}),
    )
    organising_unit = forms.ModelChoiceField(
        label=_("Organising unit"),
        queryset=Unit.objects.filter(active_to__isnull=True),
        required=False,
        empty_label=_("— none —"),
        widget=SELECT,
        help_text=_("Required for a unit-level campaign."),
    )
    parent = CampaignChoiceField(
        label=_("Answers the campaign"),
        queryset=Campaign.objects.order_by("level", "-start_date", "name"),
        required=False,
        empty_label=_("— none —"),
        widget=SELECT,
        help_text=_("The campaign of a higher level that this one answers."),
    )
    launching_document = DocumentChoiceField(
        label=_("Launching document"),
        queryset=Document.objects.order_by("-date", "-number"),
        required=False,
        empty_label=_("— none —"),
        widget=SELECT,
        help_text=_("From the document register."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 3})
    )
    # The annual statistics' classes (biểu 0601); empty: counted as not classified.
    scope = forms.ChoiceField(
        label=_("Scope"),
        required=False,
        choices=[("", _("— not classified —")), *Campaign.Scope.choices],
        widget=SELECT,
    )
    method = forms.ChoiceField(
        label=_("Method"),
        required=False,
        choices=[("", _("— not classified —")), *Campaign.Method.choices],
        widget=SELECT,
        help_text=_("A new thematic campaign is thematic, a regular one regular, unless chosen otherwise."),
    )
    duration_class = forms.ChoiceField(
        label=_("Duration"),
        required=False,
        choices=[("", _("— not classified —")), *Campaign.DurationClass.choices],
        widget=SELECT,
        help_text=_("Only for a campaign without an end date: otherwise its dates tell it."),
    )

    # What a new campaign's method is when left empty (a periodic campaign may be either).
    METHOD_OF_KIND = {Campaign.Kind.THEMATIC: Campaign.Method.THEMATIC, Campaign.Kind.REGULAR: Campaign.Method.REGULAR}

    def __init__(self, *args, campaign: Campaign | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = campaign is None
        if campaign is not None:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=campaign.pk)
        self.fields["method"].widget.attrs["data-method-of-kind"] = " ".join(
            f"{kind}:{method}" for kind, method in self.METHOD_OF_KIND.items()
        )

    def clean(self):
        cleaned = super().clean()
        if self.creating and not cleaned.get("method"):
            cleaned["method"] = self.METHOD_OF_KIND.get(cleaned.get("kind"), "")
        if cleaned.get("end_date"):  # the dates tell the duration (campaigns.statistics.campaign_duration_class)
            cleaned["duration_class"] = ""
        return cleaned

    @classmethod
    def initial_from(cls, campaign: Campaign) -> dict:
        return {name: getattr(campaign, name) for name in cls.base_fields}


class RegistrationForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        empty_label=_("— choose —"),
        widget=SELECT,
        error_messages={"required": _("Choose the unit.")},
    )
    campaign = CampaignChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("— the year's emulation —"),
        widget=SELECT,
        help_text=_("Empty for the unit's registration for the whole year."),
    )
    registered_on = forms.DateField(label=_("Registered on"), widget=DATE_WIDGET)
    targets = forms.CharField(
        label=_("Targets"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 4})
    )
    titles = forms.ModelMultipleChoiceField(
        label=_("Registered titles"),
        queryset=award_types().none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Titles and awards for the unit or its staff, valid in the year."),
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        first, last = f"{year}-01-01", f"{year}-12-31"
        # Every unit active in the year: a unit may register before it is placed in a cluster.
        self.fields["unit"].queryset = Unit.objects.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=last), Q(active_to__isnull=True) | Q(active_to__gte=first)
        ).order_by("name")
        self.fields["campaign"].queryset = (
            Campaign.objects.filter(start_date__lte=last)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
            .order_by("level", "name")
        )
        self.fields["titles"].queryset = (
            award_types()
            .filter(Q(for_collective=True) | Q(for_individual=True))
            .filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=last), Q(valid_to__isnull=True) | Q(valid_to__gte=first)
            )
            .order_by("display_order", "name")
        )

    @classmethod
    def initial_from(cls, registration: Registration) -> dict:
        return {
            "unit": registration.unit,
            "campaign": registration.campaign,
            "registered_on": registration.registered_on,
            "targets": registration.targets,
            "titles": list(registration.titles.all()),
        }


class CovenantForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET)
    content = forms.CharField(
        label=_("Content"),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 8}),
        help_text=_("What the member units agreed: targets, criteria, how they score each other."),
        error_messages={"required": _("Enter what the units of the cluster agreed.")},
    )


class CampaignFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None, widget=SELECT)
    kind = forms.ChoiceField(
        label=_("Kind of campaign"),
        required=False,
        choices=[("", _("All kinds")), *Campaign.Kind.choices],
        widget=SELECT,
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Campaign.Level.choices], widget=SELECT
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Campaign.Status.choices], widget=SELECT
    )
    unclassified = forms.BooleanField(
        label=_("Without scope or method"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]
