from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.models import ClusterMembership


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
