"""Issued statistical forms in the report register: their scope helper and the register's one list, reports and
issued forms together, newest first."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from kernel.types import Viewer
from reports.models import IssuedStatistics, Report
from reports.selectors import report_list


def issued_statistics_visible_to(*, user: Viewer) -> QuerySet[IssuedStatistics]:
    """The one scope helper for issued forms: provincial users who may view statistics or reports (secretariat,
    leaders); a unit account sees none, whatever it was granted."""
    from clusters.selectors import unit_of

    allowed = user.is_authenticated and (
        user.has_perm("reports.view_statistics") or user.has_perm("reports.view_report")
    )
    if not allowed or unit_of(user) is not None:
        return IssuedStatistics.objects.none()
    return IssuedStatistics.objects.all()


@dataclass(frozen=True)
class RegisterEntry:
    """A line of the register: a report, or a statistical form as issued."""

    date: datetime.date
    report: Report | None = None
    statistics: IssuedStatistics | None = None


def register_entries(*, user: Viewer) -> list[RegisterEntry]:
    entries = [RegisterEntry(report.date, report=report) for report in report_list(user=user)]
    issued = issued_statistics_visible_to(user=user).select_related("issued_by").defer("pdf", "snapshot")
    entries += [RegisterEntry(timezone.localtime(entry.issued_at).date(), statistics=entry) for entry in issued]
    return sorted(entries, key=lambda entry: entry.date, reverse=True)
