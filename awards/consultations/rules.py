"""Which awards need a public consultation, and its shortest window, as data by legal regime
(fixtures/catalog/consultation_rules.csv, loaded by `load_catalog`; edited in the admin). Only missing rows are
created unless `update`; a rule whose obligation the notes could not verify is loaded switched off."""

import datetime
from pathlib import Path

from django.db import transaction
from django.db.models import Prefetch

from awards.models import AwardType, ConsultationRule
from kernel.lib.catalog_files import CATALOG_DIR, catalog_rows, date_or_none, row_upsert
from kernel.verification import UNVERIFIED


@transaction.atomic
def consultation_rules_load(*, directory: Path = CATALOG_DIR, update: bool = False) -> tuple[int, int]:
    """(created, rewritten) rules, matched on their code."""
    created = rewritten = 0
    award_types = {t.code: t for t in AwardType.objects.all()}
    for row in catalog_rows("consultation_rules.csv", directory=directory):
        defaults = {
            "name": row["name"],
            "award_categories": row["award_categories"],
            "valid_from": date_or_none(row["valid_from"]),
            "valid_to": date_or_none(row["valid_to"]),
            "citation": row["citation"],
            "verification": row["verification"],
            "min_working_days": int(row["min_working_days"]),
            "window_citation": row["window_citation"],
            "window_verification": row["window_verification"],
            "note": row["note"],
            "source": row["source"],
            "enabled": row["verification"] not in UNVERIFIED,
        }
        rule, was_created = row_upsert(ConsultationRule, code=row["code"], defaults=defaults, update=update)
        created += was_created
        rewritten += update and not was_created
        if update or was_created:
            rule.award_types.set([award_types[code] for code in row["award_types"].split(";") if code])
    return created, rewritten


def consultation_rules_on(date: datetime.date) -> list[ConsultationRule]:
    """The enabled rules in force on `date`, with their award types (two queries)."""
    return list(
        ConsultationRule.objects.valid_on(date)
        .filter(enabled=True)
        .prefetch_related(Prefetch("award_types", queryset=AwardType.objects.only("pk"), to_attr="types"))
    )


def consultation_rule_for(*, award_type: AwardType, rules: list[ConsultationRule]) -> ConsultationRule | None:
    """The rule requiring a consultation for `award_type`, the longest window first; None when none does."""
    matching = [r for r in rules if award_type.category in r.categories() or award_type.pk in {t.pk for t in r.types}]
    return max(matching, key=lambda r: r.min_working_days, default=None)
