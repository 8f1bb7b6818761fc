"""Forms of the council pages: the date to show, and a new composition with its members typed one per line."""

import unicodedata

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.council.services import MemberFields
from awards.models import CouncilComposition, CouncilRole
from campaigns.models import Document
from clusters.models import Unit
from kernel.forms import DATE_WIDGET
from kernel.lib.formatting import vn_date

# The roles as a decision words them (legal wording, Vietnamese by nature).
ROLE_NAMES = {
    CouncilRole.CHAIR: "Chủ tịch",
    CouncilRole.FIRST_VICE_CHAIR: "Phó Chủ tịch thứ nhất",
    CouncilRole.STANDING_VICE_CHAIR: "Phó Chủ tịch thường trực",
    CouncilRole.VICE_CHAIR: "Phó Chủ tịch",
    CouncilRole.STANDING_MEMBER: "Ủy viên thường trực",
    CouncilRole.MEMBER: "Ủy viên",
}


def _words(text: str) -> str:
    # "Uỷ viên" (old accent placement) and "Ủy viên" are the same word.
    text = unicodedata.normalize("NFC", " ".join(text.split())).casefold()
    return text.replace("uỷ", "ủy")


def _role_from(text: str) -> str | None:
    key = _words(text)
    for role in CouncilRole:
        if key in (role.value, _words(str(role.label))):
            return role.value
    return next((role.value for role, name in ROLE_NAMES.items() if key == _words(name)), None)


class CouncilDateForm(forms.Form):
    ngay = forms.DateField(label=gettext_lazy("Composition on"), required=False, widget=DATE_WIDGET)


def members_as_text(composition: CouncilComposition | None) -> str:
    """A composition's members in the form's format, to start a new composition from the current one."""
    if composition is None:
        return ""
    return "\n".join(
        " | ".join((ROLE_NAMES[m.role], m.full_name, m.title, m.unit.name if m.unit_id else ""))
        for m in composition.members.all()
    )


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number_symbol} ({vn_date(obj.date)}) {obj.summary[:100]}"


class CompositionForm(forms.Form):
    document = DocumentChoiceField(
        label=gettext_lazy("Reconstitution decision"),
        queryset=Document.objects.filter(type_code="QĐ", direction=Document.Direction.ISSUED).order_by(
            "-date", "-number"
        ),
        help_text=gettext_lazy("The decision as entered in the document register (register it there first)."),
        empty_label=gettext_lazy("— choose —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    effective_from = forms.DateField(label=gettext_lazy("Effective from"), widget=DATE_WIDGET)
    members = forms.CharField(
        label=gettext_lazy("Members"),
        help_text=gettext_lazy(
            "One member per line, in the decision's order: role | full name | title | unit (the unit may be left "
            "empty). Roles: Chủ tịch, Phó Chủ tịch thứ nhất, Phó Chủ tịch thường trực, Phó Chủ tịch, "
            "Ủy viên thường trực, Ủy viên."
        ),
        widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 22}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 2})
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    def clean_members(self) -> list[MemberFields]:
        units = {_words(u.name): u for u in Unit.objects.only("pk", "name")}
        members, errors = [], []
        self.member_lines: list[int] = []  # the text line of each member, for the services' errors
        for line_no, line in enumerate(self.cleaned_data["members"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) not in (3, 4):
                errors.append(
                    _("Line %(line)s: write role | full name | title | unit (found %(count)s parts).")
                    % {"line": line_no, "count": len(parts)}
                )
                continue
            role_text, name, title = parts[:3]
            unit_text = parts[3] if len(parts) == 4 else ""
            role = _role_from(role_text)
            if role is None:
                errors.append(
                    _("Line %(line)s: “%(role)s” is not a role in the council.") % {"line": line_no, "role": role_text}
                )
                continue
            unit = None
            if unit_text:
                unit = units.get(_words(unit_text))
                if unit is None:
                    errors.append(
                        _("Line %(line)s: no unit is named “%(unit)s”; use its registered name or leave it empty.")
                        % {"line": line_no, "unit": unit_text}
                    )
                    continue
            members.append(MemberFields(role=role, full_name=name, title=title, unit=unit))
            self.member_lines.append(line_no)
        if errors:
            raise forms.ValidationError(errors)
        return members
