"""The dashboard's charts as the page shows them: each a title, the list behind it, an SVG bar chart and its
figures as a table whose rows link to their own lists. Built from the figures' dataclasses; only the blocks whose
list the user may open are read."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import Decision
from kernel.lib.formatting import vn_decimal, vn_int, vn_percent
from kernel.types import Viewer
from thiduakhenthuong.dashboard.charts import BarChart, bar_chart
from thiduakhenthuong.dashboard.figures import (
    OPEN_STAGES,
    AwardFigures,
    Compared,
    award_figures,
    campaign_figures,
    dossier_stages,
)
from thiduakhenthuong.dashboard.period import DashboardPeriod, Period

CHART_TYPES = 8  # award types shown one by one; the others are one bar and one row


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[str]
    url: str = ""  # the list behind this row, if any


@dataclass(frozen=True)
class Panel:
    slug: str  # the id of its heading
    title: str
    note: str  # what is counted
    url: str  # the list behind the chart
    link_text: str
    chart: BarChart
    heading: str  # of the rows' label column
    columns: list[str]  # after it
    rows: list[Row]
    total: Row | None = None


@dataclass(frozen=True)
class _Context:
    """What every panel of one page shares."""

    user: Viewer
    period: DashboardPeriod
    series: list[str]
    columns: list[str]  # of a comparison: this period, the year before, the change (the dates are above them)
    dated: dict[str, str]  # the lists' filter on this period
    appendix2: str  # Phụ lục 2 for this period


def period_text(period: Period) -> str:
    return f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"


def dashboard_panels(*, user: Viewer, period: DashboardPeriod, today: datetime.date) -> list[Panel]:
    """The panels `user` may see, in the page's order."""
    current = period.current
    dated = {"date_from": f"{current.start:%d/%m/%Y}", "date_to": f"{current.end:%d/%m/%Y}"}
    context = _Context(
        user=user,
        period=period,
        series=[_("This period"), _("A year before")],
        columns=[_("This period"), _("A year before"), _("Change")],
        dated=dated,
        appendix2=_query(reverse("reports:appendix2"), **dated),
    )
    awards = award_figures(current=current, previous=period.previous)
    panels = [_by_level(context, awards), _by_type(context, awards), _grassroots(context, awards)]
    if user.has_perm("campaigns.view_campaign"):
        panels.append(_campaigns(context))
    if user.has_perm("awards.view_dossier"):
        panels.append(_dossiers(context, today))
    return panels


def _by_level(context: _Context, awards: AwardFigures) -> Panel:
    return Panel(
        slug="awards-by-level",
        title=_("Awards by level"),
        note=_("Awards of issued decisions dated within the period."),
        url=context.appendix2,
        link_text=_("Appendix 2 for this period"),
        chart=_compared_chart(context, awards.by_level),
        heading=_("Level"),
        columns=context.columns,
        rows=_compared_rows(awards.by_level),
        total=_compared_rows([awards.total], label=_("Total"))[0],
    )


def _by_type(context: _Context, awards: AwardFigures) -> Panel:
    """The CHART_TYPES award types given most, each row linked to the period's issued decisions giving it, and the
    others together, linked to Phụ lục 2 (which has every one)."""
    issued = {"status": Decision.Status.ISSUED, **context.dated}
    decisions = reverse("awards:decision-list") if context.user.has_perm("awards.view_decision") else ""

    def listed(row: Compared) -> str:  # the issued decisions of the period giving this award type
        return _query(decisions, award_type=row.key, **issued) if decisions else ""

    shown, others = awards.by_type[:CHART_TYPES], awards.by_type[CHART_TYPES:]
    rows = _compared_rows(shown, listed)
    if others:
        other = Compared("", _("Other award types"), sum(r.current for r in others), sum(r.previous for r in others))
        shown = [*shown, other]
        rows += _compared_rows([other], lambda _row: context.appendix2)
    return Panel(
        slug="awards-by-type",
        title=_("Awards by award type"),
        note=_("The %(shown)s award types given most in the period, and the others together (Appendix 2 has each).")
        % {"shown": CHART_TYPES},
        url=_query(decisions, **issued) if decisions else context.appendix2,
        link_text=_("Issued decisions of this period") if decisions else _("Appendix 2 for this period"),
        chart=_compared_chart(context, shown),
        heading=_("Award"),
        columns=context.columns,
        rows=rows,
    )


def _grassroots(context: _Context, awards: AwardFigures) -> Panel:
    part, whole = awards.grassroots, awards.total
    shares = (_share(part.current, whole.current), _share(part.previous, whole.previous))
    texts = tuple(vn_percent(p, w) or "–" for p, w in ((part.current, whole.current), (part.previous, whole.previous)))
    return Panel(
        slug="grassroots-share",
        title=_("Grassroots share"),
        note=_("Awards to grassroots units, direct workers and families, of all awards."),
        url=context.appendix2,
        link_text=_("Appendix 2 for this period"),
        chart=bar_chart(rows=[(_("Share of all awards"), shares)], series=context.series, texts=[texts], largest=100),
        heading=_("Awards"),
        columns=context.columns[:2],
        rows=[
            Row(_("Awards to grassroots recipients"), [vn_int(part.current), vn_int(part.previous)]),
            Row(_("All awards"), [vn_int(whole.current), vn_int(whole.previous)]),
        ],
        total=Row(_("Grassroots share"), list(texts)),
    )


def _campaigns(context: _Context) -> Panel:
    current = context.period.current
    campaigns = campaign_figures(user=context.user, current=current, previous=context.period.previous)
    listing, year = reverse("campaigns:campaign-list"), current.end.year
    return Panel(
        slug="campaigns-by-scope",
        title=_("Campaigns by scope"),
        note=_("Campaigns under way at some time in the period, by the scope of who emulates."),
        url=_query(listing, year=year),
        link_text=_("Campaigns of %(year)s") % {"year": year},
        chart=_compared_chart(context, campaigns),
        heading=_("Scope"),
        columns=context.columns,
        # The campaigns list cannot filter on the scope yet: its rows link nowhere, the chart to the year's list.
        rows=_compared_rows(campaigns),
    )


def _dossiers(context: _Context, today: datetime.date) -> Panel:
    stages = dossier_stages(user=context.user, today=today)
    listing = reverse("awards:dossier-list")
    rows = [
        Row(s.label, [vn_int(s.count), _days(s.median_days), _days(s.longest_days)], _query(listing, status=s.status))
        for s in stages
    ]
    return Panel(
        slug="dossiers-by-stage",
        title=_("Dossiers by stage"),
        note=_("Dossiers in hand today, and the days they have waited in their stage so far."),
        url=listing + "?" + urlencode([("status", s) for s in OPEN_STAGES]),
        link_text=_("Dossiers in hand"),
        chart=bar_chart(rows=[(s.label, (s.count,)) for s in stages], series=[_("Dossiers")]),
        heading=_("Stage"),
        columns=[_("Dossiers"), _("Median days waited"), _("Longest wait (days)")],
        rows=rows,
        total=Row(_("Total"), [vn_int(sum(s.count for s in stages)), "", ""]),
    )


def _query(url: str, **params: object) -> str:
    return url + "?" + urlencode({k: v for k, v in params.items() if v not in ("", None)})


def _compared_chart(context: _Context, rows: list[Compared]) -> BarChart:
    return bar_chart(rows=[(r.label, (r.current, r.previous)) for r in rows], series=context.series)


def _compared_rows(
    rows: list[Compared], url_of: Callable[[Compared], str] | None = None, label: str | None = None
) -> list[Row]:
    return [
        Row(label or r.label, [vn_int(r.current), vn_int(r.previous), _change(r)], url_of(r) if url_of else "")
        for r in rows
    ]


def _change(row: Compared) -> str:
    """+2 (+200,0%), −1 (−50,0%), 0; the percentage only when the year before had some."""
    difference = row.current - row.previous
    sign = "+" if difference > 0 else ""
    text = sign + vn_int(difference)
    if row.previous:
        text += f" ({sign}{vn_decimal(difference * 100 / row.previous, 1)}%)"
    return text


def _share(part: int, whole: int) -> float:
    return part * 100 / whole if whole else 0


def _days(days: float | None) -> str:
    return "–" if days is None else vn_decimal(days, 1).removesuffix(",0")
