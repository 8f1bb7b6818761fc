"""The dossier edit page's version field (kernel.edit_versions): what the page shows of a dossier, compared when
a save is refused because someone saved the dossier after the page was opened."""

from django.urls import reverse
from django.utils.translation import gettext as _

from audit.selectors import audit_entries_for
from awards.models import Dossier
from awards.nominations.forms import DossierForm
from kernel.edit_versions import EditGuard, EditState, form_labels, form_state_fields
from kernel.types import AuthenticatedHttpRequest

FILES = "files"  # not a field of the form, but shown beside it and part of what a save is checked against


def dossier_state(dossier: Dossier) -> EditState:
    """The dossier as stored now: its fields, its files, one line per nominee."""
    fields = form_state_fields(DossierForm(initial=DossierForm.initial_from(dossier)))
    fields[FILES] = "\n".join(f"{f.get_kind_display()}: {f.original_name}" for f in dossier.files.order_by("pk"))
    rows = []
    for nominee in dossier.nominations.select_related("award_type", "person").order_by("line_no"):
        shown = [str(nominee.award_type), nominee.get_recipient_kind_display(), nominee.position]
        shown += [str(nominee.person or ""), nominee.achievements]
        rows.append((nominee.recipient_name, " · ".join(value for value in shown if value)))
    return EditState(fields=fields, rows=rows)


def dossier_guard(request: AuthenticatedHttpRequest, dossier: Dossier) -> EditGuard:
    return EditGuard(
        request,
        dossier,
        state=lambda: dossier_state(dossier),
        labels={**form_labels(DossierForm()), FILES: _("Files")},
        history=lambda: audit_entries_for(obj=dossier),
        current_url=reverse("awards:dossier-detail", args=[dossier.pk]),
        rows_label=_("Nominees"),
    )
