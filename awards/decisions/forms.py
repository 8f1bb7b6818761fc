"""Forms parse and normalise what staff type; the rules themselves live in awards.decisions.services."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from awards.decisions.row_classes import classes_of
from awards.decisions.selectors import decision_filter_catalogs
from awards.models import (
    Authority,
    AwardType,
    CommendationKind,
    Decision,
    IndividualClass,
    ProposingBody,
    RecipientKind,
)
from campaigns.models import Campaign, Issuer
from clusters.models import Unit
from kernel.forms import (
    DATE_WIDGET,
    CatalogRowsFormSet,
    FastCheckboxInput,
    FastSelect,
    FastTextInput,
    OutlinedBoundField,
    PrerenderedSelect,
    check_period,
)
from kernel.lib.symbols import DocumentSymbol, SymbolError, parse_symbol
from kernel.lib.symbols import normalise as normalise_symbol_text


class DecisionForm(forms.Form):
    # A field with an error keeps its red outline with the focus too (the number field has it when the page opens).
    bound_field_class = OutlinedBoundField

    number_and_symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=80,
        help_text=_(
            "As printed on the decision, e.g. 651/QĐ-UBND or 356/QĐ-TTg. For a new decision of the province, "
            "write only QĐ-UBND: the next number of the register is given when it is issued."
        ),
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "placeholder": _("e.g. 651/QĐ-UBND"),
                "autocomplete": "off",
                "autofocus": True,
            }
        ),
    )
    date = forms.DateField(label=_("Date signed"), widget=DATE_WIDGET)
    authority = forms.ModelChoiceField(
        label=_("Authority"),
        queryset=Authority.objects.filter(issuer__isnull=False),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("This authority is not in the list.")},
    )
    summary = forms.CharField(
        label=_("Summary (trích yếu)"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )
    signer_name = forms.CharField(
        label=_("Signer"), max_length=128, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    signer_title = forms.CharField(
        label=_("Signer's title"),
        max_length=128,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("e.g. Phó Chủ tịch")}),
    )

    # Every campaign, not only those under way on the decision's date: a campaign's results are often rewarded
    # after it closes (at its review). The service refuses a campaign that starts after the decision.
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.order_by("-start_date", "name"),
        required=False,
        empty_label=_("— none —"),
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("The campaign whose results this decision rewards, if any."),
        error_messages={"invalid_choice": _("This campaign is not in the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "authority" not in self.initial:
            # Most decisions entered here are the province's own.
            self.initial["authority"] = self.fields["authority"].queryset.filter(level="provincial").first()

    def clean_number_and_symbol(self):
        text = self.cleaned_data["number_and_symbol"]
        # "QĐ-UBND", "/QĐ-UBND" or "…/QĐ-UBND": no number yet, the register gives it at issue.
        unnumbered = re.fullmatch(r"\s*(?:…|\.\.\.)?\s*/?\s*(QĐ-\S+)\s*", normalise_symbol_text(text))
        try:
            parsed = parse_symbol(f"1/{unnumbered[1]}" if unnumbered else text)
        except SymbolError as error:
            raise ValidationError(str(error)) from error
        if unnumbered:
            parsed = DocumentSymbol(number=None, symbol=parsed.symbol, year=parsed.year)
        if parsed.type_code != "QĐ" or "/" in parsed.symbol:  # not a Party document either (12-QĐ/TU)
            raise ValidationError(_("A decision's symbol starts with QĐ, e.g. 651/QĐ-UBND."))
        if parsed.year is not None:  # only normative documents (30/2014/QĐ-UBND) carry a year
            raise ValidationError(_("An award decision's number carries no year: write it as 651/QĐ-UBND."))
        if len(parsed.symbol) > Decision._meta.get_field("symbol").max_length:
            raise ValidationError(_("This symbol is too long."))
        issuer = Issuer.objects.filter(code=parsed.issuer_code).first()
        if issuer is None:
            known = ", ".join(Issuer.objects.values_list("code", flat=True))
            raise ValidationError(
                _("No issuing body has the code “%(code)s”; known codes: %(known)s.")
                % {"code": parsed.issuer_code, "known": known}
            )
        self.parsed_symbol, self.issuer = parsed, issuer
        return f"…/{parsed.symbol}" if parsed.number is None else str(parsed)

    @classmethod
    def initial_from(cls, decision: Decision) -> dict:
        return {
            "number_and_symbol": decision.number_and_symbol,
            "date": decision.date,
            "authority": decision.authority,
            "summary": decision.summary,
            "signer_name": decision.signer_name,
            "signer_title": decision.signer_title,
            "campaign": decision.campaign_id,
        }


# Whether a collective is an enterprise, as a row's select says it: not said, yes, no.
ENTERPRISE_CHOICES = [("", _("— not classified —")), ("yes", _("enterprise")), ("no", _("not an enterprise"))]
ENTERPRISE_VALUES = {"": None, "yes": True, "no": False}
ENTERPRISE_CHOICE_OF = {value: choice for choice, value in ENTERPRISE_VALUES.items()}


class CatalogChoiceField(forms.ModelChoiceField):
    """A catalog choice that a formset resolves from one shared lookup instead of one query per row."""

    lookup: dict[int, object] | None = None

    def to_python(self, value):
        if self.lookup is None or value in self.empty_values:
            return super().to_python(value)
        try:
            return self.lookup[int(value)]
        except (KeyError, TypeError, ValueError) as error:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from error


class RecipientCatalog:
    """What every row of a decision's list looks up, read once per request (a few queries, not 3 per row)."""

    def __init__(self):
        self.award_types = {t.pk: t for t in AwardType.objects.all()}
        self.kinds = {k.pk: k for k in CommendationKind.objects.all()}
        # A name shared by an ended unit and a current one means the current one.
        units = Unit.objects.order_by(F("active_to").desc(nulls_first=True))
        self.units = {}
        for unit in units:
            self.units.setdefault(unit.name.casefold(), unit)
        choose = ("", _("— choose —"))
        self.award_type_options = PrerenderedSelect.prepare(
            [choose, *((t.pk, t.name) for t in self.award_types.values())]
        )
        self.kind_options = PrerenderedSelect.prepare([choose, *((k.pk, k.name) for k in self.kinds.values())])
        self.recipient_kind_options = PrerenderedSelect.prepare(RecipientKind.choices)
        # The rows' statistics classes; the State awards' ids tell the page's script where a proposing body applies.
        not_said = ("", _("— not classified —"))
        self.class_options = PrerenderedSelect.prepare([not_said, *IndividualClass.choices])
        self.enterprise_options = PrerenderedSelect.prepare(ENTERPRISE_CHOICES)
        self.body_options = PrerenderedSelect.prepare([not_said, *ProposingBody.choices])
        self.state_award_types = [pk for pk, t in self.award_types.items() if t.level == AwardType.Level.STATE]

    def attach(self, form) -> None:
        form.fields["award_type"].lookup = self.award_types
        form.fields["award_type"].widget.options = self.award_type_options
        form.fields["commendation_kind"].lookup = self.kinds
        form.fields["commendation_kind"].widget.options = self.kind_options
        form.fields["recipient_kind"].widget.options = self.recipient_kind_options
        form.fields["individual_class"].widget.options = self.class_options
        form.fields["is_enterprise"].widget.options = self.enterprise_options
        form.fields["proposing_body"].widget.options = self.body_options
        form.units = self.units


class RecipientForm(forms.Form):
    units: dict | None = None
    # Only what is typed makes a row: a row added in the browser arrives with the award, kind and recipient
    # kind of the row above already chosen, and an otherwise empty one is left out, not refused.
    TYPED_FIELDS = ("recipient_name", "position", "workplace")

    award_type = CatalogChoiceField(
        label=_("Award"),
        queryset=AwardType.objects.all(),
        empty_label=_("— choose —"),
        widget=PrerenderedSelect(attrs={"class": "form-select form-select-sm"}),
        error_messages={
            "invalid_choice": _("This award type is not in the catalog."),
            "required": _("Choose the award."),
        },
    )
    commendation_kind = CatalogChoiceField(
        label=_("Kind"),
        queryset=CommendationKind.objects.all(),
        empty_label=_("— choose —"),
        widget=PrerenderedSelect(attrs={"class": "form-select form-select-sm"}),
        error_messages={
            "invalid_choice": _("This kind of commendation is not in the catalog."),
            "required": _("Choose the kind of commendation."),
        },
    )
    recipient_kind = forms.ChoiceField(
        label=_("Recipient kind"),
        choices=RecipientKind.choices,
        initial=RecipientKind.INDIVIDUAL,
        widget=PrerenderedSelect(attrs={"class": "form-select form-select-sm"}),
    )
    recipient_name = forms.CharField(
        label=_("Recipient"),
        max_length=255,
        widget=FastTextInput(attrs={"class": "form-control form-control-sm"}),
        error_messages={"required": _("Enter the name of the recipient.")},
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=255,
        required=False,
        widget=FastTextInput(attrs={"class": "form-control form-control-sm"}),
    )
    workplace = forms.CharField(
        label=_("Unit or address"),
        max_length=255,
        required=False,
        widget=FastTextInput(attrs={"class": "form-control form-control-sm", "list": "unit-names"}),
    )
    is_grassroots = forms.BooleanField(
        label=_("Grassroots"),
        required=False,
        widget=FastCheckboxInput(attrs={"class": "form-check-input"}),
    )

    # The statistics' classes (awards.models.statistics), shown by the page's script only where they apply.
    individual_class = forms.ChoiceField(
        label=_("Class of individual"),
        choices=[("", ""), *IndividualClass.choices],
        required=False,
        widget=PrerenderedSelect(attrs={"class": "form-select form-select-sm row-class", "data-for": "individual"}),
    )
    is_enterprise = forms.ChoiceField(
        label=_("Enterprise"),
        choices=ENTERPRISE_CHOICES,
        required=False,
        widget=PrerenderedSelect(attrs={"class": "form-select form-select-sm row-class", "data-for": "collective"}),
    )
    proposing_body = forms.ChoiceField(
        label=_("Proposed by"),
        choices=[("", ""), *ProposingBody.choices],
        required=False,
        widget=PrerenderedSelect(attrs={"class": "form-select form-select-sm row-class", "data-for": "state"}),
    )

    def has_changed(self):
        return any(name in self.changed_data for name in self.TYPED_FIELDS)

    def clean(self):
        """A class the row's kind or award does not take is hidden on the page: it is dropped, not refused (the
        service still refuses one sent by another caller)."""
        cleaned = super().clean()
        kind, award_type = cleaned.get("recipient_kind"), cleaned.get("award_type")
        cleaned["is_enterprise"] = ENTERPRISE_VALUES.get(cleaned.get("is_enterprise") or "")
        if kind != RecipientKind.INDIVIDUAL:
            cleaned["individual_class"] = ""
        if kind != RecipientKind.COLLECTIVE:
            cleaned["is_enterprise"] = None
        if award_type is None or award_type.level != AwardType.Level.STATE:
            cleaned["proposing_body"] = ""
        return cleaned

    def clean_workplace(self):
        """A registered unit's name links the award to that unit; anything else is kept as typed."""
        text = " ".join(self.cleaned_data["workplace"].split())
        if not text:
            self.unit = None
        elif self.units is not None:
            self.unit = self.units.get(text.casefold())
        else:
            self.unit = Unit.objects.filter(name__iexact=text).first()
        return text

    @classmethod
    def initial_from(cls, award) -> dict:
        return {
            "award_type": award.award_type,
            "commendation_kind": award.commendation_kind,
            "recipient_kind": award.recipient_kind,
            "recipient_name": award.recipient_name,
            "position": award.position,
            "workplace": award.workplace,
            "is_grassroots": award.is_grassroots,
            **cls.classes_initial(award),
        }

    @staticmethod
    def classes_initial(award) -> dict:
        classes = classes_of(award)
        return {**classes._asdict(), "is_enterprise": ENTERPRISE_CHOICE_OF[classes.is_enterprise]}


class BaseRecipientFormSet(CatalogRowsFormSet):
    def __init__(self, *args, others: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalog = RecipientCatalog()
        self.others = others  # rows of the decision on other pages than this formset's (awards.decisions.paged_rows)

    def kept_forms(self):
        """Rows to save: every row already on the decision, and new rows the user typed into."""
        return [
            form
            for index, form in enumerate(self.forms)
            if not self._should_delete_form(form) and (index < self.initial_form_count() or form.has_changed())
        ]

    def clean(self):
        if any(self.errors):
            return
        if not self.kept_forms() and not self.others:
            raise ValidationError(_("A decision must list at least one collective, individual or family."))


# The largest decision of the seed lists 447 recipients; a decision may hold as many as an Excel import brings
# (IMPORT_MAX_ROWS, 10,000), edited a page of rows at a time; one form posts at most MAX_ROWS_POSTED rows (the
# body size DATA_UPLOAD_MAX_MEMORY_SIZE allows is computed from it).
MAX_RECIPIENTS = 10_000
MAX_ROWS_POSTED = 5000


def recipient_formset(max_rows: int) -> type[BaseRecipientFormSet]:
    """The recipients' formset keeping at most `max_rows` rows. Django compares the sent row count, removed rows
    included, with absolute_max and builds no more forms than it, so absolute_max leaves room for removed rows;
    validate_max counts the kept rows against max_num."""
    return forms.formset_factory(
        RecipientForm,
        formset=BaseRecipientFormSet,
        extra=0,
        can_delete=True,
        max_num=max_rows,
        absolute_max=2 * max_rows,
        validate_max=True,
    )


RecipientFormSet = recipient_formset(MAX_ROWS_POSTED)


class DecisionFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    authority = forms.ModelChoiceField(
        label=_("Authority"),
        queryset=Authority.objects.filter(issuer__isnull=False),
        required=False,
        empty_label=_("All authorities"),
        widget=PrerenderedSelect(attrs={"class": "form-select"}),
    )
    award_type = forms.ModelChoiceField(
        label=_("Award"),
        queryset=AwardType.objects.all(),
        required=False,
        empty_label=_("All awards"),
        widget=PrerenderedSelect(attrs={"class": "form-select"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Decision.Status.choices],
        widget=FastSelect(attrs={"class": "form-select"}),
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=FastTextInput(attrs={"class": "form-control", "placeholder": _("Symbol, summary or recipient name")}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The options shown, both catalogs in one query; a chosen value is still checked against each queryset.
        authorities, award_types = decision_filter_catalogs()
        self.catalogs = (tuple(authorities), tuple(award_types))  # what the empty form shows (its cache key)
        for name, options in (("authority", authorities), ("award_type", award_types)):
            field = self.fields[name]
            field.widget.options = PrerenderedSelect.prepare([("", field.empty_label), *options])

    def clean(self):
        cleaned = super().clean()
        check_period(self)
        return cleaned


class AnnulForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for annulment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        error_messages={"required": _("Give the reason for annulling this decision.")},
    )
