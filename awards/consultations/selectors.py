"""Reads of consultations: the public notices (what anyone may see: never the feedback, never an internal id but
the consultation's public identifier) and the staff's lists and pages (through awards.scopes)."""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from awards.models import Consultation, ConsultationEntry, ConsultationFeedback, Dossier
from awards.scopes import consultations_visible_to, dossiers_visible_to
from kernel.types import Viewer


def is_receiving(consultation: Consultation, today: datetime.date | None = None) -> bool:
    """Whether the consultation takes feedback today."""
    today = today or timezone.localdate()
    return consultation.status == Consultation.Status.OPEN and consultation.start_date <= today <= consultation.end_date


@dataclass(frozen=True)
class PublicLists:
    receiving: Sequence[Consultation]
    ended: Sequence[Consultation]


def public_consultations(*, today: datetime.date | None = None) -> PublicLists:
    """Every consultation whose window has started, those taking feedback first (one query)."""
    today = today or timezone.localdate()
    rows = list(
        Consultation.objects.filter(start_date__lte=today)
        .only("public_id", "title", "start_date", "end_date", "status", "published_where")
        .annotate(nominee_count=Count("entries"))
        .order_by("-start_date", "-pk")
    )
    receiving = [c for c in rows if is_receiving(c, today)]
    return PublicLists(receiving, [c for c in rows if not is_receiving(c, today)])


def public_consultation(*, public_id: uuid.UUID, today: datetime.date | None = None) -> Consultation:
    """A published notice with its list, or 404 (not started yet, or unknown). Two queries."""
    today = today or timezone.localdate()
    try:
        return Consultation.objects.prefetch_related(
            Prefetch("entries", queryset=ConsultationEntry.objects.order_by("line_no"))
        ).get(public_id=public_id, start_date__lte=today)
    except Consultation.DoesNotExist as error:
        raise Http404 from error


def consultations_for(*, user: Viewer) -> QuerySet[Consultation]:
    """The staff's list: every consultation in scope, with its dossier and counts of feedback and unanswered."""
    return (
        consultations_visible_to(user=user)
        .select_related("dossier__unit")
        .annotate(
            nominee_count=Count("entries", distinct=True),
            feedback_count=Count("feedback", distinct=True),
            unanswered=Count("feedback", filter=Q(feedback__answered_at__isnull=True), distinct=True),
        )
        .order_by("status", "end_date", "-pk")
    )


def consultation_for(*, user: Viewer, pk: int) -> Consultation:
    """One consultation in the user's scope with its list and feedback, or 404."""
    try:
        return (
            consultations_visible_to(user=user)
            .select_related("dossier__unit", "rule", "closed_by", "created_by")
            .prefetch_related(
                Prefetch("entries", queryset=ConsultationEntry.objects.order_by("line_no")),
                Prefetch("feedback", queryset=ConsultationFeedback.objects.select_related("entry", "answered_by")),
            )
            .get(pk=pk)
        )
    except Consultation.DoesNotExist as error:
        raise Http404 from error


def dossier_consultations(*, user: Viewer, dossier: Dossier) -> list[Consultation]:
    """The consultations of a dossier, for its page and the forwarding letter."""
    return list(consultations_visible_to(user=user).filter(dossier=dossier).order_by("start_date", "pk"))


def dossier_for_consultation(*, user: Viewer, pk: int) -> Dossier:
    try:
        return dossiers_visible_to(user=user).select_related("unit").get(pk=pk)
    except Dossier.DoesNotExist as error:
        raise Http404 from error
