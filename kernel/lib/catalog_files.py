"""The catalog's files (fixtures/catalog/*.csv): where they are and how a row's cells read, for every app's loader
(awards' catalog, the rules on ended units, the report layouts and profiles, the statistical forms)."""

import csv
import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Model

CATALOG_DIR = Path(settings.BASE_DIR) / "fixtures" / "catalog"


def catalog_rows(name: str, *, directory: Path = CATALOG_DIR) -> list[dict[str, str]]:
    """The rows of the CSV file `name` of the catalog, as dicts by column."""
    with open(directory / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def date_or_none(text: str) -> datetime.date | None:
    """An ISO date cell; empty is no date."""
    return datetime.date.fromisoformat(text) if text else None


def row_upsert(model: type[Model], *, code: str, defaults: dict[str, Any], update: bool) -> tuple[Any, bool]:
    """The catalog row of `model` whose code is `code`: created from `defaults` when missing, rewritten from them only
    when `update` (so that corrections made in the administration survive a redeploy). (row, created)."""
    manager = model._default_manager
    if update:
        return manager.update_or_create(code=code, defaults=defaults)
    return manager.get_or_create(code=code, defaults=defaults)
