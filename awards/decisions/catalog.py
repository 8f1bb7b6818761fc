"""Loading the reference catalog (issuing bodies, authorities, legal regimes, kinds of commendation,
award types, the council's rule sets and their voting rules, eligibility rules, and the reward money data: base
salaries, coefficients, rounding rules) from the CSV files in fixtures/catalog. Idempotent: rows are matched on
their code (money rows on their start date, a coefficient on its award type and recipient kind too). By default
only missing rows are created, so what administrators changed in the catalog survives a redeploy; `update=True`
(`load_catalog --update`) rewrites existing rows from the files. Eligibility rules the research notes could not
verify (from memory, leads) are loaded disabled."""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from awards.models import (
    Authority,
    AwardType,
    BaseSalary,
    CommendationKind,
    CouncilRuleSet,
    EligibilityRule,
    LegalRegime,
    RewardCoefficient,
    RoundingRule,
    VotingRule,
)
from campaigns.models import Issuer
from kernel.lib.catalog_files import CATALOG_DIR, catalog_rows, date_or_none
from kernel.verification import UNVERIFIED


@dataclass
class CatalogLoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)


def _upsert(result: CatalogLoadResult, model, code, defaults: dict, update: bool):
    """`code` is the row's code, or a dict of the fields that identify it."""
    lookup = code if isinstance(code, dict) else {"code": code}
    if update:
        obj, created = model.objects.update_or_create(**lookup, defaults=defaults)
    else:
        obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
    if created or update:
        bucket = result.created if created else result.updated
        bucket[model.__name__] = bucket.get(model.__name__, 0) + 1
    return obj


@transaction.atomic
def catalog_load(*, directory: Path = CATALOG_DIR, update: bool = False) -> CatalogLoadResult:
    result = CatalogLoadResult()

    def upsert(model, code, defaults):
        return _upsert(result, model, code, defaults, update)

    issuers = {}
    for row in catalog_rows("issuers.csv", directory=directory):
        issuers[row["code"]] = upsert(Issuer, row["code"], {"name": row["name"], "level": row["level"]})
    for row in catalog_rows("legal_regimes.csv", directory=directory):
        upsert(
            LegalRegime,
            row["code"],
            {
                "name": row["name"],
                "valid_from": date_or_none(row["valid_from"]),
                "valid_to": date_or_none(row["valid_to"]),
            },
        )
    authorities = {}
    for row in catalog_rows("authorities.csv", directory=directory):
        authorities[row["code"]] = upsert(
            Authority,
            row["code"],
            {
                "name": row["name"],
                "level": row["level"],
                "issuer": issuers.get(row["issuer_code"]),
                "display_order": int(row["display_order"]),
            },
        )
    for row in catalog_rows("commendation_kinds.csv", directory=directory):
        upsert(
            CommendationKind,
            row["code"],
            {
                "name": row["name"],
                "description": row["description"],
                "valid_from": date_or_none(row["valid_from"]),
                "valid_to": date_or_none(row["valid_to"]),
                "display_order": int(row["display_order"]),
                "verification": row["verification"],
                "council_review": row.get("council_review", "1") != "0",
                "statistics_method": row.get("statistics_method", ""),
            },
        )
    for row in catalog_rows("award_types.csv", directory=directory):
        award_type = upsert(
            AwardType,
            row["code"],
            {
                "name": row["name"],
                "level": row["level"],
                "category": row["category"],
                "for_collective": row["for_collective"] == "1",
                "for_individual": row["for_individual"] == "1",
                "for_family": row["for_family"] == "1",
                "valid_from": date_or_none(row["valid_from"]),
                "valid_to": date_or_none(row["valid_to"]),
                "display_order": int(row["display_order"]),
                "verification": row["verification"],
                "source": row["source"],
            },
        )
        if update or not award_type.grantors.exists():
            award_type.grantors.set([authorities[code] for code in row["grantors"].split(";")])
    award_types = {t.code: t for t in AwardType.objects.all()}
    rule_sets = _council_rule_sets_load(directory, upsert, award_types, update)
    for row in catalog_rows("voting_rules.csv", directory=directory):
        rule = upsert(
            VotingRule,
            row["code"],
            {
                "name": row["name"],
                "rule_set": rule_sets[row["rule_set"]],
                "ballot": row["ballot"],
                "threshold_percent": int(row["threshold_percent"]),
                "denominator": row["denominator"],
                "award_categories": row["award_categories"],
                "valid_from": date_or_none(row["valid_from"]),
                "valid_to": date_or_none(row["valid_to"]),
                "source": row["source"],
                "verification": row["verification"],
            },
        )
        if update or not rule.award_types.exists():
            rule.award_types.set([award_types[code] for code in row["award_types"].split(";") if code])
    _money_load(directory, upsert, award_types)
    for row in catalog_rows("eligibility_rules.csv", directory=directory):
        _eligibility_rule_load(row, award_types, upsert, update)
    return result


def _council_rule_sets_load(
    directory: Path, upsert, award_types: dict[str, AwardType], update: bool
) -> dict[str, CouncilRuleSet]:
    """The council's rule sets (awards.models.council_rules): this province's, and other provinces' examples."""
    loaded = {}
    for row in catalog_rows("council_rule_sets.csv", directory=directory):
        rule_set = upsert(
            CouncilRuleSet,
            row["code"],
            {
                "name": row["name"],
                "province": row["province"],
                "scope": row["scope"],
                "valid_from": date_or_none(row["valid_from"]),
                "valid_to": date_or_none(row["valid_to"]),
                "quorum_numerator": int(row["quorum_numerator"]),
                "quorum_denominator": int(row["quorum_denominator"]),
                "quorum_verification": row["quorum_verification"],
                "award_meeting_min_percent": int(row["award_meeting_min_percent"])
                if row["award_meeting_min_percent"]
                else None,
                "written_opinions": row["written_opinions"],
                "source": row["source"],
                "verification": row["verification"],
                "note": row["note"],
            },
        )
        for name in ("standing_body_award_types", "party_opinion_award_types"):
            related = getattr(rule_set, name)
            if update or not related.exists():
                related.set([award_types[code] for code in row[name].split(";") if code])
        loaded[row["code"]] = rule_set
    return loaded


def _money_load(directory: Path, upsert, award_types: dict[str, AwardType]) -> None:
    for row in catalog_rows("base_salaries.csv", directory=directory):
        upsert(
            BaseSalary,
            {"effective_from": date_or_none(row["effective_from"])},
            {"amount": int(row["amount"]), "source": row["source"], "verification": row["verification"]},
        )
    for row in catalog_rows("reward_coefficients.csv", directory=directory):
        upsert(
            RewardCoefficient,
            {
                "award_type": award_types[row["award_type"]],
                "recipient_kind": row["recipient_kind"],
                "valid_from": date_or_none(row["valid_from"]),
            },
            {
                "valid_to": date_or_none(row["valid_to"]),
                "coefficient": Decimal(row["coefficient"]),
                "source": row["source"],
                "verification": row["verification"],
            },
        )
    for row in catalog_rows("rounding_rules.csv", directory=directory):
        upsert(
            RoundingRule,
            {"valid_from": date_or_none(row["valid_from"])},
            {
                "valid_to": date_or_none(row["valid_to"]),
                "step": int(row["step"]),
                "mode": row["mode"],
                "source": row["source"],
                "verification": row["verification"],
            },
        )


# Rules the research notes could not verify are loaded switched off: staff enable them once checked.


def _eligibility_rule_load(row: dict[str, str], award_types: dict[str, AwardType], upsert, update: bool):
    rule = upsert(
        EligibilityRule,
        row["code"],
        {
            "name": row["name"],
            "kind": row["kind"],
            "required_award_type": award_types[row["required_award_type"]] if row["required_award_type"] else None,
            "required_count": int(row["required_count"]) if row["required_count"] else None,
            "within_years": int(row["within_years"]) if row["within_years"] else None,
            "article": row["article"],
            "legal_text": row["legal_text"],
            "source": row["source"],
            "valid_from": date_or_none(row["valid_from"]),
            "valid_to": date_or_none(row["valid_to"]),
            "verification": row["verification"],
            "enabled": row["verification"] not in UNVERIFIED,
            "display_order": int(row["display_order"]),
        },
    )
    if update or not rule.award_types.exists():
        rule.award_types.set([award_types[code] for code in row["award_types"].split(";") if code])
