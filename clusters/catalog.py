"""The organisation's reference data loaded by `load_catalog`: the rules on ended units
(fixtures/catalog/ended_unit_rules.csv). As for the award catalog (awards.decisions.catalog), only missing rows are
created unless `update`, so corrections made in the administration survive a redeploy; a rule the research notes
could not verify (from memory, a lead) is loaded disabled."""

import datetime
from pathlib import Path

from django.db import transaction

from clusters.models import EndedUnitRule
from kernel.lib.catalog_files import CATALOG_DIR, catalog_rows, row_upsert
from kernel.verification import UNVERIFIED


@transaction.atomic
def ended_unit_rules_load(*, directory: Path = CATALOG_DIR, update: bool = False) -> tuple[int, int]:
    """(created, rewritten) rules, matched on their code."""
    created = rewritten = 0
    for row in catalog_rows("ended_unit_rules.csv", directory=directory):
        defaults = {
            "name": row["name"],
            "end_reason": row["end_reason"],
            "article": row["article"],
            "legal_text": row["legal_text"],
            "source": row["source"],
            "valid_from": datetime.date.fromisoformat(row["valid_from"]),
            "valid_to": datetime.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
            "verification": row["verification"],
            "enabled": row["verification"] not in UNVERIFIED,
        }
        _rule, was_created = row_upsert(EndedUnitRule, code=row["code"], defaults=defaults, update=update)
        created += was_created
        rewritten += update and not was_created
    return created, rewritten
