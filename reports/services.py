"""Writes for reports: stored layouts."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from awards.models import AwardType, CommendationKind
from reports.models import LayoutRow, ReportLayout

DEFAULT_APPENDIX2_LAYOUT = Path(settings.BASE_DIR) / "fixtures" / "catalog" / "appendix2_layout.csv"


def _codes(text: str) -> list[str]:
    return [code for code in text.split(";") if code]


@transaction.atomic
def layout_create_from_csv(*, path: Path, code: str, name: str, kind: str, make_default: bool) -> ReportLayout:
    """Build a layout from a CSV of lines (no, depth, label, award_types, commendation_kinds), where depth
    0/1/2 places each line under the nearest line above it with a smaller depth."""
    with open(path, newline="", encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    award_types = {t.code: t for t in AwardType.objects.all()}
    kinds = {k.code: k for k in CommendationKind.objects.all()}
    if make_default:
        ReportLayout.objects.filter(kind=kind, is_default=True).update(is_default=False)
    layout = ReportLayout.objects.create(kind=kind, code=code, name=name, is_default=make_default)
    open_parents: dict[int, LayoutRow] = {}
    for position, line in enumerate(lines, start=1):
        depth = int(line["depth"])
        if depth > 0 and depth - 1 not in open_parents:
            raise ValueError(
                f"{path}: line {position} ({line['label']}) has depth {depth} but no line above it at depth {depth - 1}"
            )
        row = LayoutRow.objects.create(
            layout=layout,
            parent=open_parents.get(depth - 1),
            position=position,
            number=line["no"],
            label=line["label"],
        )
        row.award_types.set([award_types[c] for c in _codes(line["award_types"])])
        row.commendation_kinds.set([kinds[c] for c in _codes(line["commendation_kinds"])])
        open_parents[depth] = row
        for deeper in [d for d in open_parents if d > depth]:  # a new section closes the lines below it
            del open_parents[deeper]
    return layout


def layout_ensure_default_appendix2() -> ReportLayout:
    """The seed's Phụ lục 2 table, created once; staff edits to it afterwards are kept."""
    existing = ReportLayout.objects.filter(kind=ReportLayout.Kind.APPENDIX2, is_default=True).first()
    if existing:
        return existing
    return layout_create_from_csv(
        path=DEFAULT_APPENDIX2_LAYOUT,
        code="appendix2-235-2018",
        name="Phụ lục 2 theo Báo cáo 235/BC-UBND (2018)",
        kind=ReportLayout.Kind.APPENDIX2,
        make_default=True,
    )
