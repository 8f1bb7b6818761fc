from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.models import ClusterMembership, Person, Unit
from clusters.reorganisation import membership_refusal
from clusters.services import PersonFields
from kernel.forms import DATE_WIDGET, PrerenderedSelect
from kernel.lib.names import id_number_valid
from kernel.lib.search import vi_order


class MembershipForm(forms.ModelForm):
    """A unit's place in a cluster, as the admin edits it: the year comes from the cluster, and the rules the
    database enforces (one cluster per unit and year, one leader per cluster) are checked first, with a message."""

    class Meta:
        model = ClusterMembership
        fields = ["cluster", "unit", "role"]

    def clean(self):
        cleaned = super().clean()
        cluster = cleaned.get("cluster") or getattr(self.instance, "cluster", None)
        unit, role = cleaned.get("unit"), cleaned.get("role")
        if cluster is None or unit is None:
            return cleaned
        self.instance.year = cluster.year
        refusal = membership_refusal(unit=unit, year=cluster.year)
        if refusal:
            raise ValidationError(refusal)
        others = ClusterMembership.objects.exclude(pk=self.instance.pk)
        clash = others.filter(unit=unit, year=cluster.year).select_related("cluster").first()
        if clash:
            raise ValidationError(
                _("%(unit)s is already in %(cluster)s in %(year)s.")
                % {"unit": unit, "cluster": clash.cluster.name, "year": cluster.year}
            )
        if role == ClusterMembership.Role.LEADER and others.filter(cluster=cluster, role=role).exists():
            raise ValidationError(_("This cluster already has a leader."))
        return cleaned


class UnitAdminForm(forms.ModelForm):
    """A unit as the admin edits it: its period may not leave out a year it has a cluster in (the trigger of
    clusters migration 0013 backs this), said with a message instead of an error page."""

    class Meta:
        model = Unit
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or self.errors:
            return cleaned
        probe = Unit(active_from=cleaned.get("active_from"), active_to=cleaned.get("active_to"))
        years = self.instance.memberships.values_list("year", flat=True).distinct()
        outside = sorted(year for year in years if not probe.active_in(year))
        if outside:
            raise ValidationError(
                _("This unit has a place in the clusters of %(years)s: its period must cover those years.")
                % {"years": ", ".join(str(year) for year in outside)}
            )
        for name in ("end_reason", "end_source"):
            if cleaned.get(name) and not cleaned.get("active_to"):
                self.add_error(name, _("Say why a unit ended only once it has an end date."))
        return cleaned


class MembershipFormSet(forms.BaseInlineFormSet):
    """Rows of one cluster checked against each other before anything is saved."""

    def clean(self):
        super().clean()
        units, leaders = set(), 0
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            unit = form.cleaned_data.get("unit")
            if unit in units:
                raise ValidationError(_("%(unit)s is listed twice.") % {"unit": unit})
            units.add(unit)
            leaders += form.cleaned_data.get("role") == ClusterMembership.Role.LEADER
        if leaders > 1:
            raise ValidationError(_("A cluster has one leader."))


class PersonForm(forms.Form):
    """A person's record as staff or a unit clerk types it; the rules (a name, an identity card number not used by
    another record) live in clusters.services. A clerk's people are of their unit: the form then has no unit."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=255, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_WIDGET)
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", "—"), *Person.Sex.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    id_number = forms.CharField(
        label=_("Identity card number"),
        max_length=20,
        required=False,
        help_text=_("12 digits (CCCD) or 9 digits (former CMND), when known."),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "off"}),
    )
    current_unit = forms.ModelChoiceField(
        label=_("Current unit"),
        queryset=Unit.objects.all(),
        required=False,
        widget=PrerenderedSelect(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("This unit is not in the list.")},
    )
    position = forms.CharField(
        label=_("Position"), max_length=255, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    # The likely duplicates the user saw and chose to create the record anyway (their ids, comma-separated).
    acknowledged = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, fixed_unit: Unit | None = None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_unit = fixed_unit
        if fixed_unit is not None:
            del self.fields["current_unit"]
        else:
            units = Unit.objects.order_by(vi_order("name"), "pk").values_list("pk", "name")
            self.fields["current_unit"].widget.options = PrerenderedSelect.prepare([("", "—"), *units])
        if editing:
            del self.fields["acknowledged"]
        else:
            del self.fields["reason"]

    @staticmethod
    def initial_from(person: Person) -> dict:
        return {
            "full_name": person.full_name,
            "birth_date": person.birth_date,
            "sex": person.sex or "",
            "id_number": person.id_number or "",
            "current_unit": person.current_unit_id,
            "position": person.position,
        }

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        if value and not id_number_valid(value):
            raise ValidationError(_("An identity card number has 12 digits (CCCD) or 9 digits (former CMND)."))
        return value

    def person_fields(self) -> PersonFields:
        data = self.cleaned_data
        return PersonFields(
            full_name=data["full_name"],
            birth_date=data["birth_date"],
            sex=data["sex"] or None,
            id_number=data["id_number"] or None,
            current_unit=self.fixed_unit if self.fixed_unit is not None else data["current_unit"],
            position=data["position"],
        )

    def acknowledged_ids(self) -> set[int]:
        text = self.cleaned_data.get("acknowledged") or ""
        return {int(part) for part in text.split(",") if part.strip().isdigit()}


class PersonFilterForm(forms.Form):
    """The people list's search box and, for provincial users, its unit filter."""

    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": _("Full name, with or without diacritics")}
        ),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.all(),
        required=False,
        widget=PrerenderedSelect(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("This unit is not in the list.")},
    )

    def __init__(self, *args, unit_filter: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not unit_filter:
            del self.fields["unit"]
        else:
            units = Unit.objects.order_by(vi_order("name"), "pk").values_list("pk", "name")
            self.fields["unit"].widget.options = PrerenderedSelect.prepare([("", _("All units")), *units])
