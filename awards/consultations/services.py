"""The only writers of consultations: opening one for nominees of a dossier, receiving a citizen's feedback,
answering it, and closing the window with its outcome. Each runs in one transaction with its audit entry.

`feedback_receive` is the one place feedback comes in: a notice to staff about it is one call added there."""

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import acting_user, audit_record, model_snapshot
from awards.consultations.notices import feedback_received_notify
from awards.consultations.rules import consultation_rule_for, consultation_rules_on
from awards.models import Consultation, ConsultationEntry, ConsultationFeedback, ConsultationRule, Dossier, Nomination
from kernel.lib.formatting import vn_date
from kernel.lib.search import fold
from kernel.types import Actor, text_max_length
from kernel.working_days import nth_working_day, working_days_between

Errors = dict[str, list[str]]
S = Dossier.Status
# A consultation is opened by staff on a dossier they hold, before it is forwarded or decided.
OPENABLE = (S.RECEIVED, S.VETTED, S.AT_MEETING, S.REVIEWED)
FEEDBACK_MAX_CHARS = 5000


def _nul() -> str:
    return _("This text holds an invisible control character (NUL): type it again without it.")


class ConsultationInvalid(ValidationError):
    """Errors by field (`fields`) and overall (`general`)."""

    def __init__(self, *, fields: Errors | None = None, general: list[str] | None = None) -> None:
        self.fields, self.general = fields or {}, general or []
        super().__init__([m for ms in self.fields.values() for m in ms] + self.general or [""])


@dataclass(frozen=True)
class ConsultationFields:
    title: str
    legal_basis: str
    start_date: datetime.date | None
    published_where: str
    contact: str
    no_feedback_rule: str
    working_days: int | None = None  # either this, or the last day
    end_date: datetime.date | None = None


@dataclass(frozen=True)
class FeedbackFields:
    sender_name: str
    address: str
    content: str
    phone: str = ""
    email: str = ""
    entry_id: int | None = None


def _position_and_unit(nomination: Nomination, unit_name: str) -> str:
    """The nominee's position and unit as the notice prints them: the unit added unless the position names it."""
    position = nomination.position.strip()
    if nomination.recipient_kind != "individual" or not position:
        return position or unit_name
    return position if fold(unit_name) in fold(position) else f"{position}, {unit_name}"


def _window(fields: ConsultationFields, errors: Errors) -> tuple[datetime.date, int] | None:
    """(last day, working days) of the window as typed: a number of working days, or a last day."""
    if fields.start_date is None:
        errors["start_date"] = [_("Enter the first day of the window.")]
        return None
    if (fields.working_days is None) == (fields.end_date is None):
        errors["working_days"] = [_("Give either the number of working days or the last day of the window.")]
        return None
    if fields.working_days is not None:
        if fields.working_days < 1:
            errors["working_days"] = [_("The window lasts at least one working day.")]
            return None
        return nth_working_day(fields.start_date, fields.working_days), fields.working_days
    assert fields.end_date is not None
    if fields.end_date < fields.start_date:
        errors["end_date"] = [_("The last day is before the first.")]
        return None
    return fields.end_date, working_days_between(fields.start_date, fields.end_date)


def _strictest(nominations: list[Nomination], on: datetime.date) -> ConsultationRule | None:
    rules = consultation_rules_on(on)
    found = [consultation_rule_for(award_type=n.award_type, rules=rules) for n in nominations]
    return max((r for r in found if r is not None), key=lambda r: r.min_working_days, default=None)


def _snapshot(consultation: Consultation) -> dict:
    data = model_snapshot(consultation)
    data["nominees"] = sorted(consultation.entries.values_list("nomination_id", flat=True))
    return data


@transaction.atomic
def consultation_open(
    *, actor: Actor, dossier: Dossier, nomination_ids: Collection[int], fields: ConsultationFields
) -> Consultation:
    """Publishes nominees of a dossier for the people's opinion. The window is refused when shorter than the
    strictest rule in force on its first day requires for their awards."""
    errors: Errors = {}
    dossier = Dossier.objects.select_for_update().select_related("unit").get(pk=dossier.pk)
    if dossier.status not in OPENABLE:
        raise ConsultationInvalid(
            general=[_("A consultation is opened on a dossier staff have received, before it is forwarded or decided.")]
        )
    nominations = list(
        dossier.nominations.filter(pk__in=nomination_ids)
        .exclude(result=Nomination.Result.FAILED)
        .select_related("award_type")
        .order_by("line_no")
    )
    if not nominations or len(nominations) != len(set(nomination_ids)):
        errors["nominations"] = [_("Tick the nominees of this dossier to publish (not those the council rejected).")]
    for name in ("title", "published_where", "contact", "no_feedback_rule", "legal_basis"):
        value = getattr(fields, name) or ""
        if "\x00" in value:
            errors[name] = [_nul()]
        elif name != "legal_basis" and not value.strip():
            errors[name] = [_("This field is required.")]
    window = _window(fields, errors)
    rule = _strictest(nominations, fields.start_date) if fields.start_date and nominations else None
    if window is not None and rule is not None and window[1] < rule.min_working_days:
        errors["working_days" if fields.working_days is not None else "end_date"] = [
            _(
                "The window is %(days)s working days; %(citation)s asks at least %(minimum)s: with this first day, "
                "the last day is %(last)s at the earliest."
            )
            % {
                "days": window[1],
                "citation": rule.window_citation,
                "minimum": rule.min_working_days,
                "last": vn_date(nth_working_day(fields.start_date, rule.min_working_days)),  # type: ignore[arg-type]
            }
        ]
    legal_basis = (fields.legal_basis or "").strip() or (rule.citation if rule else "")
    if not legal_basis and "legal_basis" not in errors:
        errors["legal_basis"] = [_("Enter the legal basis of the consultation.")]
    if errors or window is None or fields.start_date is None:
        raise ConsultationInvalid(fields=errors)
    consultation = Consultation.objects.create(
        dossier=dossier,
        rule=rule,
        title=fields.title.strip()[: text_max_length(Consultation, "title")],
        legal_basis=legal_basis,
        start_date=fields.start_date,
        end_date=window[0],
        working_days=window[1],
        published_where=fields.published_where.strip(),
        contact=fields.contact.strip(),
        no_feedback_rule=fields.no_feedback_rule.strip(),
        created_by=acting_user(actor),
    )
    ConsultationEntry.objects.bulk_create(
        ConsultationEntry(
            consultation=consultation,
            nomination=n,
            line_no=index,
            name=n.recipient_name,
            position_and_unit=_position_and_unit(n, dossier.unit.name)[:500],
            award_name=n.award_type.name,
        )
        for index, n in enumerate(nominations, start=1)
    )
    audit_record(actor=actor, action="consultation.open", obj=consultation, before=None, after=_snapshot(consultation))
    return consultation


def feedback_problems(*, consultation: Consultation, fields: FeedbackFields) -> Errors:
    """What is wrong with a feedback as sent, by field (empty: nothing)."""
    errors: Errors = {}
    limits = {
        "sender_name": text_max_length(ConsultationFeedback, "sender_name"),
        "address": text_max_length(ConsultationFeedback, "address"),
        "phone": text_max_length(ConsultationFeedback, "phone"),
        "email": 254,
        "content": FEEDBACK_MAX_CHARS,
    }
    for name, limit in limits.items():
        value = getattr(fields, name) or ""
        if "\x00" in value:
            errors[name] = [_nul()]
        elif len(value.strip()) > limit:
            errors[name] = [
                _("This text is too long: at most %(limit)s characters (you sent %(sent)s).")
                % {"limit": limit, "sent": len(value.strip())}
            ]
    required = {
        "sender_name": _("Enter your full name: feedback without a name is not taken."),
        "address": _("Enter your address: feedback without an address is not taken."),
        "content": _("Write your feedback."),
    }
    for name, message in required.items():
        if name not in errors and not (getattr(fields, name) or "").strip():
            errors[name] = [message]
    email = (fields.email or "").strip()
    if email and "email" not in errors:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("This e-mail address is not valid, e.g. ten@example.vn.")]
    if not (fields.phone or "").strip() and not email and "phone" not in errors:
        errors["phone"] = [_("Give a phone number or an e-mail address, so that the answer can reach you.")]
    if fields.entry_id is not None and not consultation.entries.filter(pk=fields.entry_id).exists():
        errors["entry"] = [_("Choose a nominee of this list, or none.")]
    return errors


@transaction.atomic
def feedback_receive(
    *, consultation: Consultation, fields: FeedbackFields, today: datetime.date | None = None
) -> ConsultationFeedback:
    """A citizen's feedback on an open consultation, within its window. The sender is not logged in."""
    today = today or timezone.localdate()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != Consultation.Status.OPEN or not (
        consultation.start_date <= today <= consultation.end_date
    ):
        raise ConsultationInvalid(
            general=[
                _("Feedback on this list is received from %(first)s to %(last)s only: the window is closed.")
                % {"first": vn_date(consultation.start_date), "last": vn_date(consultation.end_date)}
            ]
        )
    errors = feedback_problems(consultation=consultation, fields=fields)
    if errors:
        raise ConsultationInvalid(fields=errors)
    feedback = ConsultationFeedback.objects.create(
        consultation=consultation,
        entry_id=fields.entry_id,
        sender_name=fields.sender_name.strip(),
        address=fields.address.strip(),
        phone=fields.phone.strip(),
        email=fields.email.strip(),
        content=fields.content.strip(),
    )
    audit_record(
        actor=None, action="consultation.feedback_receive", obj=feedback, before=None, after=model_snapshot(feedback)
    )
    feedback_received_notify(feedback=feedback, today=today)
    return feedback


@transaction.atomic
def feedback_answer(*, actor: Actor, feedback: ConsultationFeedback, answer: str) -> ConsultationFeedback:
    """Staff's answer to a feedback (written again while the consultation is open)."""
    feedback = ConsultationFeedback.objects.select_for_update().select_related("consultation").get(pk=feedback.pk)
    if feedback.consultation.status != Consultation.Status.OPEN:
        raise ConsultationInvalid(general=[_("This consultation is closed: its record can no longer change.")])
    text = (answer or "").strip()
    if "\x00" in text:
        raise ConsultationInvalid(fields={"answer": [_nul()]})
    if not text:
        raise ConsultationInvalid(fields={"answer": [_("Write the answer.")]})
    before = model_snapshot(feedback)
    feedback.answer, feedback.answered_at, feedback.answered_by = text, timezone.now(), acting_user(actor)
    feedback.save(update_fields=["answer", "answered_at", "answered_by"])
    audit_record(
        actor=actor, action="consultation.feedback_answer", obj=feedback, before=before, after=model_snapshot(feedback)
    )
    return feedback


@transaction.atomic
def consultation_close(
    *, actor: Actor, consultation: Consultation, outcome_text: str = "", today: datetime.date | None = None
) -> Consultation:
    """Once its window is over, records its outcome: “no feedback received” when none came, else what was
    concluded (every feedback answered first)."""
    today = today or timezone.localdate()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != Consultation.Status.OPEN:
        raise ConsultationInvalid(general=[_("This consultation is closed: its record can no longer change.")])
    if today <= consultation.end_date:
        raise ConsultationInvalid(
            general=[
                _("The window runs until %(last)s: it can be closed from the next day.")
                % {"last": vn_date(consultation.end_date)}
            ]
        )
    text = (outcome_text or "").strip()
    if "\x00" in text:
        raise ConsultationInvalid(fields={"outcome_text": [_nul()]})
    feedback = list(consultation.feedback.values_list("answered_at", flat=True))
    if any(answered is None for answered in feedback):
        raise ConsultationInvalid(general=[_("Answer every feedback before closing the consultation.")])
    if feedback and not text:
        raise ConsultationInvalid(fields={"outcome_text": [_("Say what was concluded from the feedback received.")]})
    before = _snapshot(consultation)
    consultation.status = Consultation.Status.CLOSED
    consultation.outcome = Consultation.Outcome.CONSIDERED if feedback else Consultation.Outcome.NO_FEEDBACK
    consultation.outcome_text = text or consultation.no_feedback_rule
    consultation.closed_at, consultation.closed_by = timezone.now(), acting_user(actor)
    consultation.save(update_fields=["status", "outcome", "outcome_text", "closed_at", "closed_by"])
    audit_record(
        actor=actor, action="consultation.close", obj=consultation, before=before, after=_snapshot(consultation)
    )
    return consultation
