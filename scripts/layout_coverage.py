#!/usr/bin/env python
"""Which awards of a period a Phụ lục 2 layout file leaves uncounted or counts on several lines (a check, not a test).

Usage, against any database with awards (even one not migrated to the code's latest report layouts, such as a
scratch database filled by `generate_synthetic`):
    DATABASE_URL=postgres://…/tdkt_scale SECRET_KEY=x .venv/bin/python scripts/layout_coverage.py \\
        --from 2024-12-20 --to 2025-06-20 fixtures/catalog/appendix2_layout{,_2024}.csv
Each layout file is read into memory and counted by Phụ lục 2's own engine over the period's award groups (one
GROUP BY); nothing is written: the session is read only and rolled back.
"""

import argparse
import datetime
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakhenthuong.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from awards.models import AwardType, CommendationKind  # noqa: E402
from reports.layouts import LineClaims, layout_csv_lines  # noqa: E402
from reports.models import LayoutRow  # noqa: E402
from reports.selectors import _award_groups, _count_lines  # noqa: E402


def layout_in_memory(path: Path) -> tuple[list[LayoutRow], LineClaims]:
    """The file's lines as unsaved rows (ids are positions) and their claims, by the catalog's ids."""
    types = dict(AwardType.objects.values_list("code", "pk"))
    kinds = dict(CommendationKind.objects.values_list("code", "pk"))
    lines, claims = [], LineClaims(defaultdict(set), defaultdict(set))
    for line in layout_csv_lines(path):
        lines.append(
            LayoutRow(id=line.position, parent_id=line.parent, position=line.position, label=line.fields["label"])
        )
        claims.award_types[line.position].update(types[code] for code in line.codes("award_types"))
        claims.commendation_kinds[line.position].update(kinds[code] for code in line.codes("commendation_kinds"))
    return lines, claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", type=datetime.date.fromisoformat, default=datetime.date(2024, 12, 20))
    parser.add_argument("--to", dest="end", type=datetime.date.fromisoformat, default=datetime.date(2025, 6, 20))
    parser.add_argument("layouts", nargs="+", type=Path)
    args = parser.parse_args()
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET TRANSACTION READ ONLY")
        started = time.perf_counter()
        groups = _award_groups(args.start, args.end)
        grouped_ms = (time.perf_counter() - started) * 1000
        awards = sum(group["count"] for group in groups)
        period = f"{args.start:%d/%m/%Y}–{args.end:%d/%m/%Y}"
        print(f"{period}: {awards:,} awards in {len(groups)} groups ({grouped_ms:.0f} ms)")
        for path in args.layouts:
            lines, claims = layout_in_memory(path)
            counts, uncounted, twice = _count_lines(lines, claims, groups)
            counted = sum(sum(counts[line.id][:3]) for line in lines if line.parent_id is None)
            print(f"\n{path.name}: {len(lines)} lines, {counted:,} awards counted")
            for title, found in (("uncounted", uncounted), ("counted on several lines (once, on the first)", twice)):
                print(f"  {title}: {sum(g['count'] for g in found):,} awards")
                by_award: dict[str, int] = defaultdict(int)  # recipient kinds and grassroots flags together
                for group in found:
                    by_award[f"{group['award_type_name']} ({group['commendation_kind_name']})"] += group["count"]
                for award, count in sorted(by_award.items(), key=lambda item: -item[1]):
                    print(f"    {count:>7,}  {award}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
