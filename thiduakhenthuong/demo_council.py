"""The demo's provincial council: the composition set by Quyết định 651/QĐ-UBND of 11/4/2018 (seed report
235/BC-UBND, section I.2), recorded through the council's services. Needs the document register
(documents_load) first; a composition whose decision is not registered yet is left for the next run.
Idempotent: the council is matched by name, a composition by its council and date."""

import datetime
import json
from pathlib import Path

from django.conf import settings

from awards.council.services import MemberFields, council_compose
from awards.models import Council, CouncilComposition
from campaigns.models import Document
from clusters.models import Unit
from kernel.lib.symbols import parse_symbol
from thiduakhenthuong.demo_campaigns import DEMO_REASON

COUNCIL_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "council_2018.json"


def council_load(*, path: Path = COUNCIL_FIXTURE, accounts: dict | None = None) -> int:
    """Returns the number of compositions recorded by this run. `accounts` gives members (by name) their portal
    account."""
    accounts = accounts or {}
    data = json.loads(path.read_text(encoding="utf-8"))
    council, _created = Council.objects.get_or_create(name=data["council"])
    unit_names = {m["unit"] for c in data["compositions"] for m in c["members"] if m["unit"]}
    units = {u.name: u for u in Unit.objects.filter(name__in=unit_names)}
    recorded = 0
    for item in data["compositions"]:
        effective_from = datetime.date.fromisoformat(item["effective_from"])
        if CouncilComposition.objects.filter(council=council, effective_from=effective_from).exists():
            continue
        symbol = parse_symbol(item["document"])
        document = Document.objects.filter(
            number=symbol.number,
            symbol=symbol.symbol,
            date=datetime.date.fromisoformat(item["document_date"]),
            direction=Document.Direction.ISSUED,
        ).first()
        if document is None:
            continue
        council_compose(
            actor=None,
            council=council,
            document=document,
            effective_from=effective_from,
            note=item["note"],
            reason=DEMO_REASON,
            members=[
                MemberFields(
                    role=m["role"],
                    full_name=m["name"],
                    title=m["title"],
                    unit=units.get(m["unit"]) if m["unit"] else None,
                    is_illustrative=m["illustrative"],
                    user=accounts.get(m["name"]),
                )
                for m in item["members"]
            ],
        )
        recorded += 1
    return recorded
