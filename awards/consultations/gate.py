"""The gate before a council's agenda and a forwarding letter: a nominee whose award needs a public consultation,
by the rules in force on the day of the check, passes once a consultation listing them is closed (its window over
and its outcome recorded). A refusal names the rule and the day the window closes."""

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.consultations.rules import consultation_rule_for, consultation_rules_on
from awards.models import Consultation, ConsultationEntry, Nomination
from kernel.lib.formatting import vn_date


def consultation_waiting(
    *, nominations: Iterable[Nomination] | QuerySet[Nomination], on: datetime.date | None = None
) -> list[str]:
    """Why each of `nominations` may not go on yet, one sentence per nominee (empty: all may). Four queries
    whatever their number: the rules and their award types, the nominees' award types, their consultations."""
    on = on or timezone.localdate()
    rules = consultation_rules_on(on)
    if not rules:
        return []
    if not isinstance(nominations, QuerySet):
        nominations = Nomination.objects.filter(pk__in=[n.pk for n in nominations])
    with_types = {n.pk: n for n in nominations.select_related("award_type")}
    required = {
        pk: rule
        for pk, n in with_types.items()
        if (rule := consultation_rule_for(award_type=n.award_type, rules=rules)) is not None
    }
    if not required:
        return []
    by_nominee: dict[int, list[Consultation]] = {}
    entries = ConsultationEntry.objects.filter(nomination_id__in=required).select_related("consultation")
    for entry in entries.order_by("consultation__end_date"):
        by_nominee.setdefault(entry.nomination_id, []).append(entry.consultation)
    reasons = []
    for pk, rule in required.items():
        nominee = with_types[pk].recipient_name
        consultations = by_nominee.get(pk, [])
        if any(c.status == Consultation.Status.CLOSED for c in consultations):
            continue
        if not consultations:
            reasons.append(
                _("%(name)s: no public consultation yet (%(citation)s; at least %(days)s working days).")
                % {"name": nominee, "citation": rule.citation, "days": rule.min_working_days}
            )
            continue
        last = consultations[-1]
        if last.end_date >= on:
            reasons.append(
                _("%(name)s: the public consultation (%(citation)s) is open until %(last)s.")
                % {"name": nominee, "citation": rule.citation, "last": vn_date(last.end_date)}
            )
        else:
            reasons.append(
                _("%(name)s: the public consultation (%(citation)s) closed on %(last)s; record its outcome first.")
                % {"name": nominee, "citation": rule.citation, "last": vn_date(last.end_date)}
            )
    return reasons
