"""Reads for the document register and Phụ lục 1 (the documents the province issued in a period), and for
campaigns, registrations and covenants. Every list runs a fixed number of queries.

Awards and decisions are reached through their relations to campaigns and units (Campaign.decisions,
Unit.awards, Registration.titles) because this app does not import `awards`."""

import datetime
from dataclasses import dataclass, field
from typing import ClassVar

from django.db.models import Count, Manager, Model, Prefetch, Q, QuerySet
from django.utils import timezone

from campaigns.models import Campaign, Covenant, Document, Registration
from clusters.models import Cluster, ClusterMembership, Unit
from clusters.selectors import BlocView, organisation_for_year, unit_of
from kernel.lib.formatting import vn_date
from kernel.lib.symbols import SymbolError, parse_symbol
from kernel.types import Viewer

# The type filter's value for official letters (công văn), which carry no type abbreviation.
OFFICIAL_LETTER = "CV"


def documents_visible_to(*, user: Viewer) -> QuerySet[Document]:
    """The one scope helper for the document register: the province's register is for provincial users who may
    view it (secretariat, leaders); a unit account sees none of it, whatever it was granted."""
    if not (user.is_authenticated and user.has_perm("campaigns.view_document")) or unit_of(user) is not None:
        return Document.objects.none()
    return Document.objects.all()


def campaigns_visible_to(*, user: Viewer) -> QuerySet[Campaign]:
    """The one scope helper for campaigns: public programmes, visible to whoever may view campaigns."""
    if not (user.is_authenticated and user.has_perm("campaigns.view_campaign")):
        return Campaign.objects.none()
    return Campaign.objects.all()


def registrations_visible_to(*, user: Viewer) -> QuerySet[Registration]:
    """The one scope helper for registrations: provincial users who may view them see all; a unit clerk sees
    only their unit's."""
    if not (user.is_authenticated and user.has_perm("campaigns.view_registration")):
        return Registration.objects.none()
    unit_id = unit_of(user)
    return Registration.objects.all() if unit_id is None else Registration.objects.filter(unit_id=unit_id)


def covenants_visible_to(*, user: Viewer) -> QuerySet[Covenant]:
    """The one scope helper for covenants: provincial users who may view them see all; a unit clerk sees those
    of the clusters their unit belongs to."""
    if not (user.is_authenticated and user.has_perm("campaigns.view_covenant")):
        return Covenant.objects.none()
    unit_id = unit_of(user)
    if unit_id is None:
        return Covenant.objects.all()
    return Covenant.objects.filter(cluster__memberships__unit_id=unit_id)


def document_list(
    *,
    user: Viewer,
    year: int | None = None,
    direction: str = "",
    type_code: str = "",
    q: str | None = "",
    **_ignored: object,
) -> QuerySet[Document]:
    """The register, newest first, filtered. `q` is a number and symbol ("05/BC-UBND") or words of the
    symbol, summary or issuer."""
    documents = documents_visible_to(user=user).order_by("-date", "-number", "-id")
    if year:
        documents = documents.filter(date__year=year)
    if direction:
        documents = documents.filter(direction=direction)
    if type_code:
        documents = documents.filter(type_code="" if type_code == OFFICIAL_LETTER else type_code)
    q = (q or "").strip()
    if q:
        try:
            parsed = parse_symbol(q)
        except SymbolError:
            match = Q(symbol__icontains=q) | Q(summary__icontains=q) | Q(issued_by__icontains=q)
            if q.isdigit():
                match |= Q(number=int(q))
            documents = documents.filter(match)
        else:
            documents = documents.filter(number=parsed.number, symbol=parsed.symbol)
    return documents


def document_years() -> list[int]:
    return [d.year for d in Document.objects.dates("date", "year", order="DESC")]


@dataclass(frozen=True)
class Appendix1Row:
    no: int
    symbol: str  # formatted: "05/BC-UBND"
    date: datetime.date
    text: str


@dataclass(frozen=True)
class Appendix1:
    """Phụ lục 1 of a half-year or year-end report: the documents the province issued in the period."""

    start: datetime.date
    end: datetime.date
    rows: list[Appendix1Row]
    # Printed where the period has no document, in every copy (page, PDF, Word, Excel): document text, not UI.
    empty_text: ClassVar[str] = "Không có văn bản nào ban hành trong kỳ."

    def as_json(self) -> dict:
        return {
            "rows": [{"no": r.no, "symbol": r.symbol, "date": r.date.isoformat(), "text": r.text} for r in self.rows]
        }

    @classmethod
    def from_json(
        cls, data: dict, *, start: datetime.date | None = None, end: datetime.date | None = None
    ) -> "Appendix1":
        """Rebuilds a stored snapshot. The snapshot holds only the rows: the period comes from the caller
        (a report stores its own), else from an optional "period" {"from", "to"}, else from the rows' dates."""
        rows = [
            Appendix1Row(no=r["no"], symbol=r["symbol"], date=datetime.date.fromisoformat(r["date"]), text=r["text"])
            for r in data["rows"]
        ]
        period = data.get("period") or {}
        start = start or (datetime.date.fromisoformat(period["from"]) if "from" in period else None)
        end = end or (datetime.date.fromisoformat(period["to"]) if "to" in period else None)
        if start is None or end is None:
            if not rows:
                raise ValueError("An empty Phụ lục 1 snapshot needs its period (start and end).")
            start, end = start or rows[0].date, end or rows[-1].date
        return cls(start=start, end=end, rows=rows)


def appendix1_text(document: Document) -> str:
    """As the province prints it: "Báo cáo số 05/BC-UBND ngày 06/01/2018 của UBND tỉnh về việc …." —
    "của …" only when the register says who issued it, and exactly one final period."""
    text = f"{document.type_name} số {document.number_symbol} ngày {vn_date(document.date)}"
    if document.issued_by:
        text += f" của {document.issued_by}"
    return f"{text} {document.summary.strip().rstrip('./ ')}."


def appendix1_compute(
    *, start: datetime.date, end: datetime.date, documents: QuerySet[Document] | None = None
) -> Appendix1:
    """Issued documents dated within the period, both ends included, by date then number; one query.
    `documents` narrows the register to a user's scope (pages pass documents_visible_to); reports use it all."""
    documents = Document.objects.all() if documents is None else documents
    documents = documents.filter(direction=Document.Direction.ISSUED, date__range=(start, end)).order_by(
        "date", "number", "id"
    )
    rows = [
        Appendix1Row(no=no, symbol=d.number_symbol, date=d.date, text=appendix1_text(d))
        for no, d in enumerate(documents, start=1)
    ]
    return Appendix1(start=start, end=end, rows=rows)


def appendix1_for(*, user: Viewer, start: datetime.date, end: datetime.date) -> Appendix1:
    """Phụ lục 1 of the period as `user` may read it (documents_visible_to), for the page and each of its files."""
    return appendix1_compute(start=start, end=end, documents=documents_visible_to(user=user))


def appendix1_default_period(*, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first-half reporting period (20/12 of the year before to 20/6) of the latest year with an issued
    document, or of this year, as reports.selectors.appendix2_default_period does for decisions."""
    latest = (
        Document.objects.filter(direction=Document.Direction.ISSUED)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    year = (latest or today).year
    if latest and latest.month == 12 and latest.day > 20:
        year += 1
    return datetime.date(year - 1, 12, 20), datetime.date(year, 6, 20)


ISSUED = "issued"
COLLECTIVE = "collective"
INDIVIDUAL = "individual"
FAMILY = "family"


def award_types() -> Manager[Model]:
    """The award catalog's manager (awards.AwardType, whose only manager is `objects`), reached through the
    registered titles."""
    related = Registration._meta.get_field("titles").related_model
    assert related is not None  # titles is a relation
    return related._default_manager


def campaign_list(
    *,
    user: Viewer,
    year: int | None = None,
    kind: str = "",
    level: str = "",
    status: str = "",
    unclassified: bool = False,
) -> QuerySet:
    """Campaigns, with the campaign they answer, their launching document and how many decisions reward them.
    A year keeps the campaigns running at some time in that year."""
    campaigns = campaigns_visible_to(user=user).select_related("parent", "launching_document", "organising_unit")
    if year:
        campaigns = campaigns.filter(start_date__year__lte=year).filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=year)
        )
    if kind:
        campaigns = campaigns.filter(kind=kind)
    if level:
        campaigns = campaigns.filter(level=level)
    if status:
        campaigns = campaigns.filter(status=status)
    if unclassified:  # what the statistics would count as not classified (biểu 0601)
        campaigns = campaigns.filter(Q(scope="") | Q(method=""))
    return campaigns.annotate(decision_count=Count("decisions")).order_by("-start_date", "name", "pk")


def campaign_years() -> list[int]:
    """Years for the filter: from the first campaign's start to the last one's end (or this year)."""
    first = Campaign.objects.order_by("start_date").values_list("start_date", flat=True).first()
    if first is None:
        return []
    last = timezone.localdate().year
    ends = Campaign.objects.exclude(end_date__isnull=True).order_by("-end_date").values_list("end_date", flat=True)
    latest_end = ends.first()
    if latest_end and latest_end.year > last:
        last = latest_end.year
    return list(range(last, first.year - 1, -1))


def campaign_decisions(*, user: Viewer, campaign: Campaign) -> QuerySet:
    """Decisions rewarding the campaign, with how many collectives, individuals and families each lists.
    A unit clerk sees only the issued ones awarding their unit, as awards.scopes.decisions_visible_to says."""
    decisions = campaign.decisions.all()
    unit_id = unit_of(user)
    if unit_id is not None:
        naming_unit = Unit.objects.filter(pk=unit_id).values("awards__decision")
        decisions = decisions.filter(status=ISSUED, pk__in=naming_unit)
    return (
        decisions.select_related("authority")
        .annotate(
            collectives=Count("awards", filter=Q(awards__recipient_kind="collective")),
            individuals=Count("awards", filter=Q(awards__recipient_kind="individual")),
            families=Count("awards", filter=Q(awards__recipient_kind="family")),
        )
        .order_by("date", "number")
    )


def registrations(*, user: Viewer, year: int | None = None, campaign: Campaign | None = None) -> QuerySet[Registration]:
    rows = (
        registrations_visible_to(user=user)
        .select_related("unit", "campaign")
        .prefetch_related(Prefetch("titles", queryset=award_types().order_by("display_order", "name")))
    )
    if year is not None:
        rows = rows.filter(year=year)
    if campaign is not None:
        rows = rows.filter(campaign=campaign)
    return rows.order_by("unit__name", "campaign__name", "pk")


@dataclass
class ClusterCovenant:
    cluster: Cluster
    members: int
    leader: Unit | None
    covenant: Covenant | None


def covenants_for_year(*, user: Viewer, year: int) -> tuple[list[BlocView], list[ClusterCovenant]]:
    """Every cluster of the year with its covenant, if signed and visible to the user: the organisation's
    queries plus one."""
    blocs = organisation_for_year(year=year)
    signed = {c.cluster_id: c for c in covenants_visible_to(user=user).filter(cluster__year=year)}
    rows = [
        ClusterCovenant(
            cluster=view.cluster,
            members=len(view.members),
            leader=view.leader.unit if view.leader else None,
            covenant=signed.get(view.cluster.pk),
        )
        for bloc in blocs
        for view in bloc.clusters
    ]
    return blocs, rows


@dataclass
class TitleComparison:
    """One unit's registered titles for the year beside the titles it received as a collective."""

    unit: Unit
    cluster: Cluster | None
    registration: Registration | None
    matched: list = field(default_factory=list)  # registered and received
    missing: list = field(default_factory=list)  # registered, not received
    unregistered: list = field(default_factory=list)  # received without being registered

    @property
    def registered(self) -> list:
        return self.matched + self.missing


@dataclass
class YearComparison:
    year: int
    units: list[TitleComparison]
    campaign_registrations: list[Registration]

    @property
    def matched(self) -> int:
        return sum(len(u.matched) for u in self.units)

    @property
    def missing(self) -> int:
        return sum(len(u.missing) for u in self.units)

    @property
    def unregistered(self) -> int:
        return sum(len(u.unregistered) for u in self.units)

    @property
    def registered_units(self) -> int:
        return sum(1 for u in self.units if u.registration is not None)


def year_comparison(*, user: Viewer, year: int) -> YearComparison:
    """For each unit of the year (in a cluster of the year, or registered for it): the titles of its yearly
    registration (not a campaign's) beside the titles it received as a collective (award.unit is the unit) from
    issued decisions dated in that year. A registered title given only to individuals (Chiến sĩ thi đua) counts
    as received when one of the unit's staff received it; titles received without registration are the
    collective ones only. At most six queries whatever the number of units. A unit clerk sees their unit only."""
    memberships = ClusterMembership.objects.filter(year=year)
    unit_id = unit_of(user)
    if unit_id is not None:
        memberships = memberships.filter(unit_id=unit_id)
    elif not user.has_perm("campaigns.view_registration"):
        memberships = memberships.none()
    memberships = memberships.select_related("unit", "cluster").order_by(
        "cluster__bloc__display_order", "cluster__display_order", "cluster__name", "unit__name"
    )
    # In the order of the organisation page; units registered without a cluster come last.
    units: dict[int, tuple[Unit, Cluster | None]] = {m.unit_id: (m.unit, m.cluster) for m in memberships}
    yearly, by_campaign = {}, []
    registration: Registration | None
    for registration in registrations(user=user, year=year):
        if registration.campaign_id is None:
            yearly[registration.unit_id] = registration
            units.setdefault(registration.unit_id, (registration.unit, None))
        else:
            by_campaign.append(registration)
    # unit → award types received by the unit itself (collective) and by its staff (individual)
    collective: dict[int, set[int]] = {}
    individual: dict[int, set[int]] = {}
    triples = (
        Unit.objects.filter(
            pk__in=list(units),
            awards__recipient_kind__in=[COLLECTIVE, INDIVIDUAL],
            awards__decision__status=ISSUED,
            awards__decision__date__year=year,
        )
        .values_list("pk", "awards__award_type", "awards__recipient_kind")
        .distinct()
    )
    for unit_id, type_id, kind in triples:
        (collective if kind == COLLECTIVE else individual).setdefault(unit_id, set()).add(type_id)
    known = {t.pk: t for r in yearly.values() for t in r.titles.all()}
    unknown = {t for ids in collective.values() for t in ids} - set(known)
    if unknown:
        known.update({t.pk: t for t in award_types().filter(pk__in=unknown)})
    rows = []
    for unit_id, (unit, cluster) in units.items():
        registration = yearly.get(unit_id)
        titles = list(registration.titles.all()) if registration else []
        got = collective.get(unit_id, set())
        staff_got = individual.get(unit_id, set())
        row = TitleComparison(unit=unit, cluster=cluster, registration=registration)
        for title in titles:
            # A title only individuals receive (Chiến sĩ thi đua) is registered for the unit's staff.
            received = title.pk in got or (not title.for_collective and title.pk in staff_got)
            (row.matched if received else row.missing).append(title)
        row.unregistered = sorted(
            (known[t] for t in got - {t.pk for t in titles}), key=lambda t: (t.display_order, t.name)
        )
        rows.append(row)
    return YearComparison(year=year, units=rows, campaign_registrations=by_campaign)
