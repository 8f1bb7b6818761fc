"""The row editor of a dossier's nominees: one form per nominee, the award chosen among those the unit may propose
(awards.nominations.nominees.proposable_award_types), the recipient kind among those the award allows, and the
person record picked by a search of the people the user may see. Forms parse what is typed; the rules live in
the service (dossier_create, dossier_update), whose row errors the view puts back next to each row.

Whatever the number of rows, the page reads the catalog once and the chosen people once: a few queries."""

import datetime
import json

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from awards.models import AwardType, Dossier, RecipientKind
from awards.nominations.nominees import MAX_NOMINEES, NomineeFields, people_choosable, proposable_award_types
from clusters.selectors import people_visible_to
from kernel.forms import (
    CatalogRowsFormSet,
    FastHiddenInput,
    FastTextarea,
    FastTextInput,
    PrerenderedSelect,
    TextField,
)
from kernel.lib.formatting import vn_date

PG_INTEGER_MAX = 2**31 - 1  # a larger id is no record: refused before it reaches a query


def _option(award_type: AwardType) -> tuple[str, str, str]:
    """(value, the option's opening tag without its closing ">", label), escaped once."""
    value = escape(str(award_type.pk))
    return value, f'<option value="{value}"', escape(award_type.name)


class AwardSelect(forms.Select):
    """The award of a row: the options shared by every row, escaped once per request, grouped by level (provincial
    awards first: most proposals are). An award outside them (stored before the catalog changed, or forged) is
    shown on its own row only, so that the message next to it makes sense."""

    groups: list[tuple[str, list[tuple[str, str, str]]]] = []
    others: dict[str, tuple[str, str, str]] = {}

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else escape(str(getattr(value, "pk", value)))

        def options(group):
            return "".join(f"{tag}{' selected' if v == selected else ''}>{label}</option>" for v, tag, label in group)

        parts = [format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))]
        parts.append(f'<option value="">{escape(_("— choose —"))}</option>')
        listed = any(v == selected for _label, group in self.groups for v, _tag, _name in group)
        if selected and not listed and selected in self.others:
            parts.append(options([self.others[selected]]))
        parts += [f'<optgroup label="{label}">{options(group)}</optgroup>' for label, group in self.groups]
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every piece was escaped above)


class AwardTypeField(forms.Field):
    """An award type id, looked up in the catalog read once for all rows (no query per row)."""

    widget = AwardSelect
    default_error_messages = {
        "required": _("Choose the proposed award."),
        "invalid_choice": _("This award type is not in the catalog."),
    }
    lookup: dict[int, AwardType] = {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.lookup[int(value)]
        except (KeyError, TypeError, ValueError) as error:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from error


class NomineeCatalog:
    """What every row looks up, read once per request: the award types (all of them to read what is sent; as
    options, those the unit may propose today), and the labels of the chosen person records the user may choose."""

    def __init__(self, *, user, dossier: Dossier | None, on: datetime.date):
        self.award_types = {t.pk: t for t in AwardType.objects.all()}
        proposable = [self.award_types[pk] for pk in proposable_award_types(on=on).values_list("pk", flat=True)]
        levels = [AwardType.Level.PROVINCIAL, AwardType.Level.STATE, *AwardType.Level]
        self.award_groups = [
            (escape(capfirst(level.label)), [_option(t) for t in proposable if t.level == level])
            for level in dict.fromkeys(levels)
            if any(t.level == level for t in proposable)
        ]
        self.award_others = {option[0]: option for option in map(_option, self.award_types.values())}
        # The recipient kinds each award allows, for the page's script (once, not on each of hundreds of rows).
        self.award_kinds_json = json.dumps(
            {pk: " ".join(t.allowed_recipient_kinds) for pk, t in self.award_types.items()}, separators=(",", ":")
        )
        self.recipient_kind_options = PrerenderedSelect.prepare(RecipientKind.choices)
        self.user, self.dossier = user, dossier
        self.people: dict[int, str] = {}  # labels
        self.names: dict[int, str] = {}  # names, which the page's script compares with the row's name

    def load_people(self, ids: set[int]) -> None:
        """Labels of the chosen people the user may choose ("Triệu Văn Bình (12/03/1980)"): one query. The birth date
        only of people the user may see; one staff linked to the dossier from another unit is shown by name alone."""
        if not ids:
            return
        visible = ExpressionWrapper(Q(pk__in=people_visible_to(user=self.user).values("pk")), BooleanField())
        people = people_choosable(actor=self.user, dossier=self.dossier).filter(pk__in=ids).annotate(visible=visible)
        for pk, name, born, shown in people.values_list("pk", "full_name", "birth_date", "visible"):
            self.people[pk] = f"{name} ({vn_date(born)})" if born and shown else name
            self.names[pk] = name

    def attach(self, form) -> None:
        form.catalog = self
        award = form.fields["award_type"]
        award.lookup = self.award_types
        award.widget.groups, award.widget.others = self.award_groups, self.award_others
        form.fields["recipient_kind"].widget.options = self.recipient_kind_options


class NomineeForm(forms.Form):
    catalog: NomineeCatalog
    # Only what is typed makes a row: a row added in the browser arrives with the award and recipient kind of the
    # row above already chosen, and one left otherwise empty is left out, not refused.
    TYPED_FIELDS = ("recipient_name", "position", "achievements", "person")

    award_type = AwardTypeField(label=_("Proposed award"), widget=AwardSelect(attrs={"class": "form-select award"}))
    recipient_kind = forms.ChoiceField(
        label=_("Recipient kind"),
        choices=RecipientKind.choices,
        initial=RecipientKind.INDIVIDUAL,
        widget=PrerenderedSelect(attrs={"class": "form-select recipient-kind"}),
        error_messages={"invalid_choice": _("Choose collective, individual or family.")},
    )
    recipient_name = TextField(
        label=_("Name"),
        max_length=255,
        widget=FastTextInput(attrs={"class": "form-control recipient-name", "autocomplete": "off"}),
        error_messages={"required": _("Enter the nominee's name.")},
    )
    position = TextField(
        label=_("Position or title"),
        max_length=255,
        required=False,
        widget=FastTextInput(attrs={"class": "form-control position", "autocomplete": "off"}),
    )
    achievements = TextField(
        label=_("Summary of achievements"),
        max_length=4000,
        widget=FastTextarea(attrs={"class": "form-control", "rows": 2}),
        error_messages={"required": _("Summarise the nominee's achievements.")},
    )
    person = forms.IntegerField(
        label=_("Person record"),
        required=False,
        min_value=1,
        max_value=PG_INTEGER_MAX,
        widget=FastHiddenInput(attrs={"class": "person-id"}),
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"),
            _("This person record is not among those you may choose: search for it again."),
        ),
    )

    def has_changed(self):
        return any(name in self.changed_data for name in self.TYPED_FIELDS)

    def clean_person(self):
        person = self.cleaned_data["person"]
        if person is not None and person not in self.catalog.people:
            raise ValidationError(_("This person record is not among those you may choose: search for it again."))
        return person

    def _person_id(self) -> int | None:
        value = self["person"].value()
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    @property
    def person_label(self) -> str:
        return self.catalog.people.get(self._person_id() or 0, "")

    @property
    def person_name(self) -> str:
        return self.catalog.names.get(self._person_id() or 0, "")


class BaseNomineeFormSet(CatalogRowsFormSet):
    delete_attrs = {"class": "delete-row"}
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _("A dossier proposes at most %(num)s nominees: split the list into several dossiers."),
        "missing_management_form": _("The list of nominees arrived incomplete: open the page again and retype it."),
    }

    def __init__(self, *args, user, dossier: Dossier | None, on: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalog = NomineeCatalog(user=user, dossier=dossier, on=on)
        self.catalog.load_people(self._person_ids())
        if not self.is_bound and not self.initial:
            self.extra = 1  # a new dossier opens with one empty row

    def _person_ids(self) -> set[int]:
        if self.is_bound:
            values = [self.data.get(f"{self.prefix}-{i}-person") for i in range(self.total_form_count())]
        else:
            values = [row.get("person") for row in self.initial or []]
        ids = set()
        for value in values:
            try:
                number = int(value)
            except (TypeError, ValueError):
                continue
            if 0 < number <= PG_INTEGER_MAX:
                ids.add(number)
        return ids

    def kept_forms(self) -> list[NomineeForm]:
        """Rows to save, in order: every row already on the dossier, and new rows the user typed into."""
        return [
            form
            for index, form in enumerate(self.forms)
            if not self._should_delete_form(form) and (index < self.initial_form_count() or form.has_changed())
        ]

    def nominees(self) -> list[NomineeFields]:
        return [
            NomineeFields(
                recipient_kind=f.cleaned_data["recipient_kind"],
                recipient_name=f.cleaned_data["recipient_name"],
                award_type=f.cleaned_data["award_type"],
                achievements=f.cleaned_data["achievements"],
                position=f.cleaned_data["position"],
                person_id=f.cleaned_data["person"],
                person_chosen=True,
            )
            for f in self.kept_forms()
        ]

    def add_row_errors(self, rows: dict[int, dict[str, list[str]]]) -> None:
        """The service's errors by row (index among the kept rows) next to the fields they concern."""
        kept = self.kept_forms()
        for index, row in rows.items():
            for field, field_messages in row.items():
                for message in field_messages:
                    kept[index].add_error(field if field in kept[index].fields else None, message)

    def number_rows(self) -> None:
        """Each shown row's number (removed rows stay on the page, hidden, and are not counted)."""
        number = 0
        for form in self.forms:
            form.removed = form.is_bound and bool(form["DELETE"].value())
            if not form.removed:
                number += 1
            form.number = number

    @property
    def rows_with_errors(self) -> list[NomineeForm]:
        return [f for f in self.forms if f.errors and not getattr(f, "removed", False)]


NomineeFormSet = forms.formset_factory(
    NomineeForm,
    formset=BaseNomineeFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_NOMINEES,
    # Django compares the sent row count, removed rows included, with absolute_max and builds no more forms than
    # it: at MAX_NOMINEES, a full list with one row removed and one added was refused and lost its last row.
    # validate_max counts the kept rows against max_num, and the service refuses more than MAX_NOMINEES.
    absolute_max=2 * MAX_NOMINEES,
    validate_max=True,
)


def nominee_initial(dossier: Dossier) -> list[dict]:
    """The rows of a dossier's nominees as the editor shows them: one query."""
    return [
        {
            "award_type": n.award_type_id,
            "recipient_kind": n.recipient_kind,
            "recipient_name": n.recipient_name,
            "position": n.position,
            "achievements": n.achievements,
            "person": n.person_id,
        }
        for n in dossier.nominations.order_by("line_no")
    ]
