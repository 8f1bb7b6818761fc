"""Reads for nomination dossiers."""

from collections.abc import Iterable

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from awards.models import Dossier, Nomination
from awards.scopes import dossiers_visible_to
from kernel.types import Viewer


def dossier_list(*, user: Viewer, statuses: Iterable[str] | None = None) -> QuerySet[Dossier]:
    """Dossiers in scope, optionally of some statuses, with their nominee count, in one query."""
    dossiers = dossiers_visible_to(user=user).select_related("unit", "commendation_kind", "campaign")
    if statuses:
        dossiers = dossiers.filter(status__in=statuses)
    nominees = Nomination.objects.filter(dossier=OuterRef("pk")).values("dossier").annotate(n=Count("id")).values("n")
    return dossiers.annotate(nominee_count=Coalesce(Subquery(nominees), 0)).order_by("-created_at", "-pk")
