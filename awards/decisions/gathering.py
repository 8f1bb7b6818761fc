"""A draft decision gathered from approved nominees."""

from django.db import transaction
from django.utils.translation import gettext as _

from awards.decisions.services import DecisionFields, RecipientFields, decision_create
from awards.models import Decision, Nomination
from awards.nominations.services import DossierInvalid, nomination_decidable, nominations_dated_after
from awards.people.services import nominees_link_awards
from kernel.types import Actor


def decision_from_nominations(*, actor: Actor, nominations: list[Nomination], fields: DecisionFields) -> Decision:
    """A draft decision whose recipients are the given approved nominees (of one or more dossiers). Issuing it
    links each nominee to its award and marks the dossiers decided (awards.decisions.services.decision_issue)."""

    nominations = list(
        Nomination.objects.filter(pk__in=[n.pk for n in nominations])
        .select_related("dossier__commendation_kind", "dossier__unit", "award_type")
        .order_by("dossier_id", "line_no")
    )
    refused = [
        n
        for n in nominations
        if not nomination_decidable(n) or n.award_id or n.decisions.exclude(status="annulled").exists()
    ]
    if refused or not nominations:
        raise DossierInvalid(
            general=[
                _("These nominees are not approved, or already in a decision: %(names)s.")
                % {"names": ", ".join(n.recipient_name for n in refused) or "—"}
            ]
        )
    late = nominations_dated_after(nominations=nominations, date=fields.date) if fields.date else []
    if late:
        raise DossierInvalid(
            fields={
                "date": [
                    _("The decision cannot be dated before the council's vote or the forwarding letter: %(names)s.")
                    % {"names": ", ".join(late)}
                ]
            }
        )
    recipients = [
        RecipientFields(
            award_type=n.award_type,
            commendation_kind=n.dossier.commendation_kind,
            recipient_kind=n.recipient_kind,
            recipient_name=n.recipient_name,
            position=n.position,
            unit=n.dossier.unit,
        )
        for n in nominations
    ]
    with transaction.atomic():
        for nomination in nominations:
            if nomination.result != Nomination.Result.PASSED:  # a kind that skips the council: vetting decides
                nomination.result = Nomination.Result.PASSED
                nomination.save(update_fields=["result"])
        decision = decision_create(
            actor=actor, fields=fields, recipients=recipients, reason=_("From approved nominees")
        )
        decision.nominations.set(nominations)
        # The rows are the nominees in order: each individual's person goes onto their award.
        awards = decision.awards.select_related("award_type").order_by("line_no")
        nominees_link_awards(actor=actor, pairs=zip(nominations, awards), reason=_("From approved nominees"))
    return decision
