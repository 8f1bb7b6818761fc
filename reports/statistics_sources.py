"""The items each statistical form counts, reduced in one SQL query per source to groups of the keys the
forms classify by: awards of issued decisions dated in the period, campaigns launched in it, bodies active and
officers in post on its last day."""

import datetime
from collections.abc import Callable

from django.db import connection
from django.db.models import Count

from awards.decisions.selectors import issued_awards
from awards.models import AwardType, CommendationBody, CommendationKind, CommendationOfficer
from campaigns.models import Campaign
from campaigns.statistics import campaign_duration_class
from reports.models import StatisticsForm

Group = dict[str, str]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _award_groups(start: datetime.date, end: datetime.date) -> list[tuple[Group, int]]:
    """One GROUP BY over the ids of the period's issued awards and their classification, then the catalog's codes,
    categories, levels and methods joined to its few groups in the same statement: grouping by the catalog's text
    directly made the query half again slower at 50,000 awards (as Phụ lục 2 found at a million)."""
    groups = (
        issued_awards(start=start, end=end)
        .values(
            "award_type_id",
            "commendation_kind_id",
            "recipient_kind",
            "classification__individual_class",
            "classification__is_enterprise",
            "classification__proposing_body",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    inner, params = groups.query.sql_with_params()
    sql = (
        "SELECT t.code, t.category, t.level, g.recipient_kind, g.classification__individual_class,"
        " g.classification__is_enterprise, g.classification__proposing_body, k.statistics_method, g.n"
        f" FROM ({inner}) g"
        f" JOIN {AwardType._meta.db_table} t ON t.id = g.award_type_id"
        f" JOIN {CommendationKind._meta.db_table} k ON k.id = g.commendation_kind_id"
    )
    keys = ("type", "category", "level", "kind", "class", "enterprise", "proposer", "method")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(dict(zip(keys, map(_text, row[:-1]), strict=True)), row[-1]) for row in cursor.fetchall()]


def _campaign_groups(start: datetime.date, end: datetime.date) -> list[tuple[Group, int]]:
    """Campaigns launched in the period (their start date in it); the duration class comes from the dates."""
    rows = (
        Campaign.objects.filter(start_date__range=(start, end))
        .values("level", "scope", "method", "duration_class", "start_date", "end_date")
        .annotate(n=Count("pk"))
        .order_by()
    )
    groups: list[tuple[Group, int]] = []
    for row in rows:
        dates = Campaign(start_date=row["start_date"], end_date=row["end_date"], duration_class=row["duration_class"])
        group = {"level": row["level"], "scope": row["scope"], "method": row["method"]}
        groups.append(({**group, "duration": campaign_duration_class(campaign=dates)}, row["n"]))
    return groups


def _body_groups(start: datetime.date, end: datetime.date) -> list[tuple[Group, int]]:
    """Bodies active on the period's last day."""
    rows = (
        CommendationBody.objects.exclude(active_from__gt=end)
        .exclude(active_to__lt=end)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [({"kind": row["kind"]}, row["n"]) for row in rows]


def _years(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _age_band(age: int) -> str:
    for limit, band in ((30, "le30"), (40, "31_40"), (50, "41_50"), (55, "51_55"), (60, "56_60")):
        if age <= limit:
            return band
    return "gt60"


def _seniority_band(years: int) -> str:
    return "lt5" if years < 5 else "5_10" if years < 10 else "ge10"


def _officer_groups(start: datetime.date, end: datetime.date) -> list[tuple[Group, int]]:
    """Officers in post on the period's last day; age and years in the work counted to that day."""
    rows = (
        CommendationOfficer.objects.filter(joined_on__lte=end)
        .exclude(left_on__lt=end)
        .values("sex", "training", "birth_date", "in_commendation_work_since")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        (
            {
                "sex": row["sex"],
                "training": row["training"],
                "age": _age_band(_years(row["birth_date"], end)),
                "seniority": _seniority_band(max(0, _years(row["in_commendation_work_since"], end))),
            },
            row["n"],
        )
        for row in rows
    ]


GROUPS: dict[str, Callable[[datetime.date, datetime.date], list[tuple[Group, int]]]] = {
    StatisticsForm.Source.AWARDS: _award_groups,
    StatisticsForm.Source.CAMPAIGNS: _campaign_groups,
    StatisticsForm.Source.BODIES: _body_groups,
    StatisticsForm.Source.OFFICERS: _officer_groups,
}
