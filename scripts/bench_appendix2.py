#!/usr/bin/env python
"""Time Phụ lục 2 and count its queries for growing numbers of awards (a benchmark, not a test).

Usage, against a scratch PostgreSQL database that has been migrated and has the catalog loaded:
    DATABASE_URL=postgres://…/scratch SECRET_KEY=x .venv/bin/python scripts/bench_appendix2.py 1000 100000
Everything it writes is rolled back at the end.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakhenthuong.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from awards.models import Authority, Award, AwardType, CommendationKind, Decision  # noqa: E402
from campaigns.models import Issuer  # noqa: E402
from reports.selectors import appendix2_compute  # noqa: E402

START, END = datetime.date(2017, 12, 20), datetime.date(2018, 6, 20)
PER_DECISION = 500


def add_awards(count: int, offset: int) -> None:
    issuer, authority = Issuer.objects.get(code="UBND"), Authority.objects.get(code="provincial_chair")
    award_type, kinds = (
        AwardType.objects.get(code="BK_TINH"),
        list(CommendationKind.objects.filter(code__in=["regular", "thematic", "ad_hoc"])),
    )
    for first in range(0, count, PER_DECISION):
        decision = Decision.objects.create(
            issuer=issuer,
            authority=authority,
            number=offset + first // PER_DECISION + 1,
            symbol="QĐ-UBND",
            date=START + datetime.timedelta(days=first % 180),
            signer_name="x",
            signer_title="x",
        )
        Award.objects.bulk_create(
            Award(
                decision=decision,
                line_no=i + 1,
                award_type=award_type,
                commendation_kind=kinds[i % 3],
                recipient_kind=("collective", "individual", "family")[i % 3],
                recipient_name=f"N{i}",
                is_grassroots=i % 3 == 2 or i % 2 == 0,
            )
            for i in range(min(PER_DECISION, count - first))
        )
        Decision.objects.filter(pk=decision.pk).update(status="issued", issued_at=decision.created_at)


def measure() -> tuple[float, int]:
    times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            appendix2_compute(start=START, end=END)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, len(captured)


def main(targets: list[int]) -> None:
    with transaction.atomic():
        existing = Award.objects.count()
        print(f"{'awards':>10}  {'median ms':>9}  queries")
        done = 0
        for target in sorted(targets):
            add_awards(target - done, offset=100_000 + done)
            done = target
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE awards_award; ANALYZE awards_decision")
            ms, queries = measure()
            print(f"{existing + target:>10}  {ms:>9.1f}  {queries}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [1_000, 10_000, 100_000])
