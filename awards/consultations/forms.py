"""Forms of consultations: the notice staff open, a citizen's feedback, staff's answer, the closing record."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.consultations.services import FEEDBACK_MAX_CHARS, ConsultationFields, FeedbackFields, feedback_problems
from awards.models import Consultation, ConsultationEntry, Dossier, Nomination
from kernel.forms import DATE_WIDGET, TextField

TEXT = {"class": "form-control"}
AREA = {"class": "form-control", "rows": 3}


class NomineeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Nomination) -> str:
        return f"{obj.recipient_name} – {obj.award_type.name}"


class ConsultationForm(forms.Form):
    nominations = NomineeChoice(
        label=_("Nominees to publish"), queryset=Nomination.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    title = TextField(label=_("Title of the notice"), max_length=500, widget=forms.TextInput(attrs=TEXT))
    legal_basis = TextField(
        label=_("Legal basis"),
        required=False,
        widget=forms.Textarea(attrs=AREA),
        help_text=_("Left empty: the citation of the rule in force for these awards."),
    )
    start_date = forms.DateField(label=_("First day of the window"), widget=DATE_WIDGET)
    working_days = forms.IntegerField(
        label=_("Number of working days"),
        required=False,
        min_value=1,
        max_value=200,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        help_text=_("Counted from the first day, without weekends, public holidays and the days off set by staff."),
    )
    end_date = forms.DateField(
        label=_("Or the last day"), required=False, widget=DATE_WIDGET, help_text=_("Give one of the two.")
    )
    published_where = TextField(
        label=_("Published on"),
        max_length=500,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("E.g. the province's web portal, the provincial newspaper, radio and television."),
    )
    contact = TextField(
        label=_("Where to send feedback"),
        widget=forms.Textarea(attrs=AREA),
        help_text=_("Address, e-mail and phone of the office receiving feedback."),
    )
    no_feedback_rule = TextField(
        label=_("When no feedback is received"),
        max_length=500,
        widget=forms.TextInput(attrs=TEXT),
        initial="Quá thời hạn trên, xem như không có ý kiến phản hồi.",
    )

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["nominations"]
        assert isinstance(field, NomineeChoice)
        field.queryset = (
            dossier.nominations.exclude(result=Nomination.Result.FAILED)
            .select_related("award_type")
            .order_by("line_no")
        )

    def fields_value(self) -> ConsultationFields:
        data = self.cleaned_data
        return ConsultationFields(
            title=data["title"],
            legal_basis=data["legal_basis"],
            start_date=data["start_date"],
            working_days=data["working_days"],
            end_date=data["end_date"],
            published_where=data["published_where"],
            contact=data["contact"],
            no_feedback_rule=data["no_feedback_rule"],
        )


class FeedbackForm(forms.Form):
    """What a citizen sends: the limits are the service's, checked again there; every message is Vietnamese."""

    sender_name = TextField(label=_("Full name"), required=False, widget=forms.TextInput(attrs=TEXT))
    phone = TextField(label=_("Phone"), required=False, widget=forms.TextInput(attrs={**TEXT, "inputmode": "tel"}))
    email = TextField(label=_("E-mail"), required=False, widget=forms.TextInput(attrs={**TEXT, "inputmode": "email"}))
    address = TextField(label=_("Address"), required=False, widget=forms.TextInput(attrs=TEXT))
    entry = forms.ModelChoiceField(
        label=_("About the nominee"),
        queryset=ConsultationEntry.objects.none(),
        to_field_name="line_no",  # the line of the published list, not an internal id
        required=False,
        empty_label=_("(the whole list)"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose a nominee of this list, or none.")},
    )
    content = TextField(
        label=_("Your feedback"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 6}),
        help_text=_("At most %(limit)s characters.") % {"limit": f"{FEEDBACK_MAX_CHARS:,}".replace(",", ".")},
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entry"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = consultation.entries.order_by("line_no")
        field.label_from_instance = lambda e: f"{e.name} – {e.award_name}"  # type: ignore[method-assign]
        self.consultation = consultation

    def clean(self) -> dict[str, Any]:
        """The service's checks said together with the fields' own (a NUL character), so that a citizen fixes
        everything at once; a field already refused is left to its own message."""
        data = super().clean()
        names = ("sender_name", "phone", "email", "address", "content")
        sent = {name: "-" if name in self.errors else data.get(name, "") for name in names}
        for name, messages in feedback_problems(consultation=self.consultation, fields=FeedbackFields(**sent)).items():
            if name not in self.errors and name in self.fields:
                for message in messages:
                    self.add_error(name, message)
        return data

    def fields_value(self) -> FeedbackFields:
        data = self.cleaned_data
        entry = data.get("entry")
        return FeedbackFields(
            sender_name=data["sender_name"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            content=data["content"],
            entry_id=entry.pk if entry else None,
        )


class AnswerForm(forms.Form):
    answer = TextField(label=_("Answer"), widget=forms.Textarea(attrs=AREA))


class CloseForm(forms.Form):
    outcome_text = TextField(
        label=_("Outcome"),
        required=False,
        widget=forms.Textarea(attrs=AREA),
        help_text=_("Required when feedback was received; without feedback, “no feedback received” is recorded."),
    )
