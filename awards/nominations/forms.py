"""Forms of the dossier pages: they parse what a clerk or staff member types; the rules live in
awards.nominations.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import AwardType, CommendationKind, Dossier, DossierFile, RecipientKind
from awards.nominations.services import NomineeFields
from campaigns.models import Campaign
from kernel.forms import DATE_WIDGET

# What a clerk may write in the first column of a nominee line: the code or the Vietnamese word.
KIND_WORDS = {
    "collective": RecipientKind.COLLECTIVE,
    "tap the": RecipientKind.COLLECTIVE,
    "tập thể": RecipientKind.COLLECTIVE,
    "individual": RecipientKind.INDIVIDUAL,
    "ca nhan": RecipientKind.INDIVIDUAL,
    "cá nhân": RecipientKind.INDIVIDUAL,
    "family": RecipientKind.FAMILY,
    "gia dinh": RecipientKind.FAMILY,
    "gia đình": RecipientKind.FAMILY,
}


class DossierForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the dossier"), max_length=500, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    commendation_kind = forms.ModelChoiceField(
        label=_("Kind of commendation"),
        queryset=CommendationKind.objects.all(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("This kind of commendation is not in the list.")},
    )
    year = forms.IntegerField(
        label=_("Year of the achievements"), widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.order_by("-start_date", "name"),
        required=False,
        empty_label=_("— none —"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("This campaign is not in the list.")},
    )
    nominees = forms.CharField(
        label=_("Nominees"),
        help_text=_(
            "One per line: kind (collective, individual or family) | name | award type code | achievements. "
            "For example: individual | Hoàng Văn Phong | BK_TINH | Hoàn thành xuất sắc nhiệm vụ năm 2017"
        ),
        widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_numbers: list[int] = []  # the line of the text each parsed nominee came from

    @classmethod
    def initial_from(cls, dossier: Dossier) -> dict:
        lines = [
            " | ".join([n.recipient_kind, n.recipient_name, n.award_type.code, " ".join(n.achievements.split())])
            for n in dossier.nominations.select_related("award_type").order_by("line_no")
        ]
        return {
            "title": dossier.title,
            "commendation_kind": dossier.commendation_kind_id,
            "year": dossier.year,
            "campaign": dossier.campaign_id,
            "nominees": "\n".join(lines),
        }

    def clean_nominees(self) -> list[NomineeFields]:
        award_types = {a.code.upper(): a for a in AwardType.objects.all()}
        nominees, problems = [], []
        self.line_numbers = []
        for number, line in enumerate(self.cleaned_data["nominees"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) < 4:
                problems.append(
                    _("Line %(line)s: write kind | name | award type code | achievements.") % {"line": number}
                )
                continue
            kind_word, name, code, achievements = parts[0], parts[1], parts[2], " | ".join(parts[3:])
            recipient_kind = KIND_WORDS.get(kind_word.lower())
            award = award_types.get(code.upper())
            if recipient_kind is None:
                problems.append(
                    _("Line %(line)s: “%(kind)s” is not collective, individual or family.")
                    % {"line": number, "kind": kind_word}
                )
            if award is None:
                problems.append(
                    _("Line %(line)s: there is no award type with the code “%(code)s”.")
                    % {"line": number, "code": code}
                )
            if recipient_kind is None or award is None:
                continue
            nominees.append(NomineeFields(recipient_kind, name, award, achievements))
            self.line_numbers.append(number)
        if problems:
            raise forms.ValidationError(problems)
        return nominees


class DossierFileForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of file"), choices=DossierFile.Kind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"class": "form-control"}))


class DossierFileReplaceForm(forms.Form):
    """A new upload in the place of one of the dossier's files (it keeps the file's kind)."""

    file = forms.FileField(
        label=_("New file"),
        widget=forms.FileInput(attrs={"class": "form-control form-control-sm"}),
        error_messages={"required": _("Choose the file to put in its place."), "empty": _("The file is empty.")},
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What the unit must fix"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


class VerdictForm(forms.Form):
    """Staff's verdict on one nominee (the nominee is given as `nomination`)."""

    meets_criteria = forms.TypedChoiceField(
        label=_("Meets the criteria"),
        choices=[("yes", _("meets the criteria")), ("no", _("does not meet the criteria"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    remark = forms.CharField(
        label=_("Remark"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 2})
    )

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination = nomination


def verdict_forms(data, nominations) -> list[VerdictForm]:
    return [
        VerdictForm(
            data,
            prefix=f"n{n.pk}",
            nomination=n,
            initial={
                "meets_criteria": None if n.vetting_ok is None else ("yes" if n.vetting_ok else "no"),
                "remark": n.vetting_remark,
            },
        )
        for n in nominations
    ]


class ForwardForm(forms.Form):
    """The province's forwarding letter (tờ trình); awards.nominations.forwarding.dossier_forward checks it."""

    number_and_symbol = forms.CharField(
        label=_("Number and symbol of the letter"),
        max_length=80,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": _("e.g. 12/TTr-UBND"), "autocomplete": "off"}
        ),
    )
    date = forms.DateField(label=_("Date of the letter"), required=False, widget=DATE_WIDGET)
    signer_name = forms.CharField(
        label=_("Signer"), max_length=128, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    signer_title = forms.CharField(
        label=_("Signer's title"),
        max_length=128,
        required=False,
        initial="Phó Chủ tịch",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
