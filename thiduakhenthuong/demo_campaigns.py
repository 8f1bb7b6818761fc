"""The demo's campaigns (report 235/BC-UBND), the 20 clusters' covenants and a sample of registrations.

Everything goes through campaigns.services, so each row has its audit entry. Idempotent: campaigns are matched
by name and level, covenants by cluster, registrations by unit, year and campaign. Launching documents are
looked up in the document register (number, symbol, year) and linked when present, never created: a document
loaded after the campaign is linked by the next run."""

import datetime
import json
from functools import cache
from pathlib import Path

from django.conf import settings

from awards.models import AwardType
from campaigns.models import Campaign, Covenant, Document, Registration
from campaigns.services import (
    CampaignFields,
    CovenantFields,
    RegistrationFields,
    campaign_create,
    campaign_update,
    covenant_save,
    registration_save,
)
from clusters.models import Cluster, ClusterMembership, Unit

CAMPAIGNS_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "campaigns_2018.json"
DEMO_YEAR = 2018
# The demo's history says what happened: a data load, by no one, not a member of staff entering 26 decisions.
DEMO_REASON = "Nạp dữ liệu minh họa Lạng Sơn 2018 (manage.py load_demo)"


@cache
def _spec(path: Path = CAMPAIGNS_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _launching_document(item: dict) -> Document | None:
    ref = item.get("launching_document")
    if not ref:
        return None
    return Document.objects.filter(number=ref["number"], symbol=ref["symbol"], date__year=ref["year"]).first()


def campaigns_ensure(*, path: Path = CAMPAIGNS_FILE) -> dict[str, Campaign]:
    """The demo's campaigns by key, created when missing (parents first: the file lists them first). Campaigns
    load before the decisions that reward them (decisions_load calls this), so each link is made at creation."""
    campaigns: dict[str, Campaign] = {}
    for item in _spec(path)["campaigns"]:
        existing = Campaign.objects.filter(name=item["name"], level=item["level"]).first()
        if existing is None:
            existing = campaign_create(
                actor=None,
                reason=DEMO_REASON,
                fields=CampaignFields(
                    name=item["name"],
                    kind=item["kind"],
                    level=item["level"],
                    parent=campaigns[item["parent"]] if item.get("parent") else None,
                    start_date=_date(item["start"]),
                    end_date=_date(item.get("end")),
                    organiser=item["organiser"],
                    organising_unit=Unit.objects.get(name=item["unit"]) if item.get("unit") else None,
                    launching_document=_launching_document(item),
                    status=item["status"],
                    description=item.get("description", ""),
                ),
            )
        campaigns[item["key"]] = existing
    return campaigns


def _link_documents(campaigns: dict[str, Campaign], path: Path) -> int:
    linked = 0
    for item in _spec(path)["campaigns"]:
        campaign = campaigns[item["key"]]
        if campaign.launching_document_id or not item.get("launching_document"):
            continue
        document = _launching_document(item)
        if document is None:
            continue
        fields = CampaignFields(
            **{name: getattr(campaign, name) for name in CampaignFields.__dataclass_fields__},
        )
        fields.launching_document = document
        campaign_update(actor=None, campaign=campaign, fields=fields, reason=DEMO_REASON)
        linked += 1
    return linked


def _covenants_load(spec: dict, year: int) -> int:
    created = 0
    first = _date(spec["first_date"])
    leaders = {
        m.cluster_id: m.unit.name
        for m in ClusterMembership.objects.filter(year=year, role=ClusterMembership.Role.LEADER).select_related("unit")
    }
    signed = set(Covenant.objects.filter(cluster__year=year).values_list("cluster_id", flat=True))
    clusters = Cluster.objects.filter(year=year).order_by("bloc__display_order", "display_order", "name")
    for index, cluster in enumerate(clusters):
        if cluster.pk in signed:
            continue
        content = spec["content"].format(cluster=cluster.name, leader=leaders.get(cluster.pk, "—"))
        # Illustrative dates, a working day apart in the order of the organisation notice.
        signed_on = first + datetime.timedelta(days=index)
        covenant_save(
            actor=None,
            cluster=cluster,
            fields=CovenantFields(signed_on=signed_on, content=content),
            reason=DEMO_REASON,
        )
        created += 1
    return created


def _registrations_load(spec: dict, campaigns: dict[str, Campaign], year: int) -> int:
    types = {t.code: t for t in AwardType.objects.all()}
    units = {u.name: u for u in Unit.objects.all()}
    created = 0
    rows = [(item, None) for item in spec["yearly"]] + [
        (item, campaigns[item["campaign"]]) for item in spec["campaign"]
    ]
    for item, campaign in rows:
        unit = units[item["unit"]]
        if Registration.objects.filter(unit=unit, year=year, campaign=campaign).exists():
            continue
        registration_save(
            actor=None,
            reason=DEMO_REASON,
            fields=RegistrationFields(
                unit=unit,
                year=year,
                campaign=campaign,
                registered_on=_date(item["on"]),
                targets=item.get("targets", spec["targets"]),
                titles=[types[code] for code in item["titles"]],
            ),
        )
        created += 1
    return created


def campaigns_load(*, path: Path = CAMPAIGNS_FILE, year: int = DEMO_YEAR) -> dict[str, int]:
    """Campaigns (and their launching documents when the register has them), covenants, registrations."""
    before = Campaign.objects.count()
    campaigns = campaigns_ensure(path=path)
    spec = _spec(path)
    return {
        "campaigns": Campaign.objects.count() - before,
        "launching_documents": _link_documents(campaigns, path),
        "covenants": _covenants_load(spec["covenants"], year),
        "registrations": _registrations_load(spec["registrations"], campaigns, year),
    }
