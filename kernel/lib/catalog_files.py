"""The catalog's files (fixtures/catalog/*.csv): where they are and how a row's cells read, for every app's loader
(awards' catalog, the rules on ended units, the report layouts and profiles, the statistical forms)."""

import csv
import datetime
from pathlib import Path

from django.conf import settings

CATALOG_DIR = Path(settings.BASE_DIR) / "fixtures" / "catalog"


def catalog_rows(name: str, *, directory: Path = CATALOG_DIR) -> list[dict[str, str]]:
    """The rows of the CSV file `name` of the catalog, as dicts by column."""
    with open(directory / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def date_or_none(text: str) -> datetime.date | None:
    """An ISO date cell; empty is no date."""
    return datetime.date.fromisoformat(text) if text else None
