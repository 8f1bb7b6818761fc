"""Forms of the council meeting pages: a new meeting, who attended, and the ballot on one nominee (a secret
ballot's totals, or each present member's vote in an open one)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import CouncilMember, Dossier, Meeting
from kernel.forms import DATE_WIDGET

TEXT = {"class": "form-control"}
NUMBER = {"class": "form-control", "min": 0, "inputmode": "numeric"}


class DossierChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, dossier):
        return f"{dossier.title} – {dossier.unit}"


def dossiers_for_a_meeting():
    """Dossiers sent to the council and not yet on the agenda of an open meeting."""
    on_agenda = Meeting.agenda.through.objects.filter(meeting__status=Meeting.Status.PLANNED).values("dossier")
    return (
        Dossier.objects.filter(status=Dossier.Status.AT_MEETING)
        .exclude(pk__in=on_agenda)
        .select_related("unit")
        .order_by("title", "pk")
    )


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date of the meeting"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Meeting place"), max_length=255, widget=forms.TextInput(attrs=TEXT))
    title = forms.CharField(label=_("Title of the meeting"), max_length=255, widget=forms.TextInput(attrs=TEXT))
    dossiers = DossierChoice(
        label=_("Dossiers on the agenda"),
        queryset=Dossier.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Dossiers sent to the council and not yet on the agenda of an open meeting."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = dossiers_for_a_meeting()


class AgendaAddForm(forms.Form):
    dossiers = DossierChoice(
        label=_("Dossiers waiting for the council"),
        queryset=Dossier.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = dossiers_for_a_meeting()


class MemberChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.full_name} – {member.get_role_display()}"


class AttendanceForm(forms.Form):
    present = MemberChoice(
        label=_("Members present"),
        queryset=CouncilMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = meeting.composition.members.order_by("position")


class BallotForm(forms.Form):
    """A ballot on one nominee. Correcting a recorded ballot (`correcting`) also asks the reason."""

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.correcting = correcting
        if correcting:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the correction"),
                max_length=1000,
                widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
                help_text=_("Kept in the history with the ballot before and after the correction."),
            )

    def reason(self) -> str:
        return self.cleaned_data.get("reason", "")


class SecretBallotForm(BallotForm):
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, widget=forms.NumberInput(attrs=NUMBER))
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, widget=forms.NumberInput(attrs=NUMBER))

    def counts(self) -> dict:
        return {"votes_for": self.cleaned_data["votes_for"], "votes_against": self.cleaned_data["votes_against"]}


AGREE, DISAGREE = "yes", "no"


class NamedBallotForm(BallotForm):
    """One yes/no per present member: field `member_<id>`. The votes members cast themselves from the portal
    (`cast`: member id → agrees) are shown but cannot be changed here: those fields are disabled, so whatever is
    posted for them is ignored and the member's own vote kept."""

    def __init__(self, *args, members: list[CouncilMember], cast: dict[int, bool] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.cast = cast or {}
        for member in members:
            locked = member.pk in self.cast
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.full_name,
                choices=[(AGREE, _("Agrees")), (DISAGREE, _("Disagrees"))],
                widget=forms.RadioSelect,
                disabled=locked,
            )
            if locked:
                self.initial[f"member_{member.pk}"] = AGREE if self.cast[member.pk] else DISAGREE

    def member_fields(self):
        return [(member, self[f"member_{member.pk}"], member.pk in self.cast) for member in self.members]

    @property
    def all_cast(self) -> bool:
        """Every member present cast their own vote: nothing is left for the secretary to enter."""
        return all(member.pk in self.cast for member in self.members)

    def named_votes(self) -> dict[int, bool]:
        return {member.pk: self.cleaned_data[f"member_{member.pk}"] == AGREE for member in self.members}

    def counts(self) -> dict:
        return {"named_votes": self.named_votes()}


class StandingAppraisalForm(forms.Form):
    """The standing body's appraisal of one nominee whose award the council rules leave to it."""

    result = forms.ChoiceField(
        label=_("The standing body's appraisal"),
        choices=[(AGREE, _("Approved")), (DISAGREE, _("Not approved"))],
        widget=forms.RadioSelect,
    )
    remark = forms.CharField(
        label=_("Remark"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
        help_text=_("Required when the nominee is not approved."),
    )

    def clean(self):
        data = super().clean()
        if data.get("result") == DISAGREE and not (data.get("remark") or "").strip():
            self.add_error("remark", _("Say why the standing body does not approve this nominee."))
        return data


NO_OPINION = ""


class WrittenOpinionForm(forms.Form):
    """An absent member's written opinion: the document's date and, per nominee still to be voted on, agrees,
    disagrees or gives no opinion (field `n_<nomination id>`)."""

    document_date = forms.DateField(label=_("Date of the written opinion"), widget=DATE_WIDGET)

    def __init__(self, *args, nominations, current: dict[int, bool] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominations = list(nominations)
        current = current or {}
        for nomination in self.nominations:
            name = f"n_{nomination.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"{nomination.recipient_name} – {nomination.award_type.name}",
                choices=[(NO_OPINION, _("no opinion")), (AGREE, _("Agrees")), (DISAGREE, _("Disagrees"))],
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            if nomination.pk in current:
                self.initial[name] = AGREE if current[nomination.pk] else DISAGREE

    def nominee_fields(self):
        return [self[f"n_{nomination.pk}"] for nomination in self.nominations]

    def opinions(self) -> dict[int, bool | None]:
        choice = {AGREE: True, DISAGREE: False}
        return {n.pk: choice.get(self.cleaned_data[f"n_{n.pk}"]) for n in self.nominations}
