#!/usr/bin/env python
"""Time a decision's pages and PDF at scale (issue #13, point 5): a benchmark, not a test.

Usage, against the PostgreSQL database of bench_scale.py (`manage.py generate_synthetic`):
    DATABASE_URL=postgres://…/tdkt_scale SECRET_KEY=x .venv/bin/python scripts/bench_decision.py [--no-pdf|--pdf-only]
Pages are fetched with Django's test Client as a secretariat user made for the run, the median of 5 after a
warm-up. A 5,000-row draft is made for the run (a copy of the largest decision's rows, renamed), and everything
written is rolled back. Floors from the same process and the same load: the login page (a static page through
the whole middleware stack) and the raw SQL of one page of rows. The PDF is laid out once after a warm-up of the
HTML, both ways: the annex table drawn (reports/annex_pdf.py), then WeasyPrint laying out everything (tens of
seconds for 5,000 rows). It reports, it never fails.
"""

import importlib.util
import io
import os
import re
import statistics
import sys
import time
from urllib.parse import urlencode

from _pages_bench import django_for_pages  # noqa: E402  (beside this script)

django_for_pages()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from awards.decisions import services  # noqa: E402
from awards.models import Award, Decision  # noqa: E402
from kernel.roles import SECRETARIAT  # noqa: E402

RUNS = 5
DRAFT_ROWS = 5000
ROWS_PER_PAGE = 200  # awards.decisions.paged_rows.ROWS_PER_PAGE (a tree without it shows every row)


def timed(call, runs: int = RUNS) -> tuple[float, int, int]:
    """Median milliseconds of `runs` calls after a warm-up, the queries and the bytes of the last call."""
    call()
    times, queries, size = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            size = call() or 0
            times.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(times) * 1000, queries, size


def get(client: Client, url: str, **params):
    def call() -> int:
        response = client.get(url, params)
        assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
        return len(response.content)

    return call


def make_draft(source: Decision, user) -> Decision:
    """A draft of DRAFT_ROWS rows: the source decision's rows over and over, each name numbered."""
    rows = list(source.awards.select_related("award_type", "commendation_kind", "unit").order_by("line_no"))
    recipients = [
        services.RecipientFields(
            award_type=a.award_type,
            commendation_kind=a.commendation_kind,
            recipient_kind=a.recipient_kind,
            recipient_name=f"{a.recipient_name} {i // len(rows) + 1}",
            position=a.position,
            unit=a.unit,
            unit_name=a.unit_name,
            is_grassroots=a.is_grassroots,
        )
        for i, a in enumerate(rows[i % len(rows)] for i in range(DRAFT_ROWS))
    ]
    fields = services.DecisionFields(
        issuer=source.issuer,
        authority=source.authority,
        number=None,
        symbol=source.symbol,
        date=source.date,
        signer_name=source.signer_name,
        signer_title=source.signer_title,
        summary="Bench: 5,000 rows",
    )
    return services.decision_create(actor=user, fields=fields, recipients=recipients)


def page_post(client: Client, draft: Decision, page: int) -> dict:
    """What the browser sends back from the edit page of `draft`'s page `page` (its version from a GET of the
    page), one name changed."""
    html = client.get(reverse("awards:decision-edit", args=[draft.pk]), {"trang": page}).content.decode()
    found = re.search(r'name="version" value="([^"]+)"', html)
    assert found, "no version field"
    first = (page - 1) * ROWS_PER_PAGE
    awards = list(draft.awards.select_related("unit").order_by("line_no")[first : first + ROWS_PER_PAGE])
    data = {
        "version": found[1],
        "number_and_symbol": draft.number_and_symbol,
        "date": draft.date.isoformat(),
        "authority": str(draft.authority_id),
        "summary": draft.summary,
        "signer_name": draft.signer_name,
        "signer_title": draft.signer_title,
        "campaign": str(draft.campaign_id or ""),
        "r-TOTAL_FORMS": str(len(awards)),
        "r-INITIAL_FORMS": str(len(awards)),
        "r-MIN_NUM_FORMS": "0",
        "r-MAX_NUM_FORMS": "5000",
    }
    for index, award in enumerate(awards):
        data |= {
            f"r-{index}-award_type": str(award.award_type_id),
            f"r-{index}-commendation_kind": str(award.commendation_kind_id),
            f"r-{index}-recipient_kind": award.recipient_kind,
            f"r-{index}-recipient_name": award.recipient_name,
            f"r-{index}-position": award.position,
            f"r-{index}-workplace": award.workplace,
        }
        if award.is_grassroots:
            data[f"r-{index}-is_grassroots"] = "on"
    data["r-0-recipient_name"] += " (sửa)"
    return data


def main(pdf: bool, pages: bool = True) -> None:
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows: list[tuple[str, float, int, int]] = []
    with transaction.atomic():
        user = get_user_model().objects.create_user("bench-decision", password="x")
        user.groups.add(Group.objects.get(name=SECRETARIAT))
        client = Client()
        client.force_login(user)
        print(f"Data: {Decision.objects.count():,} decisions, {Award.objects.count():,} awards")

        rows.append(("floor: login page", *timed(get(Client(), reverse("login")))))
        largest = Decision.objects.annotate(n=Count("awards")).order_by("-n").first()
        assert largest is not None
        n = largest.awards.count()
        rows.append((f"floor: SQL of {min(n, ROWS_PER_PAGE)} rows", *timed(lambda: len(_rows_sql(largest)))))
        rows.append((f"decision page, {n} awards ({largest.status})", *timed(get(client, _detail(largest)))))
        if importlib.util.find_spec("awards.decisions.row_html"):
            rows.append(("  of it, its page's rows as HTML", *timed(_rows_html(largest, user))))

        started = time.perf_counter()
        draft = make_draft(largest, user)
        print(f"a {DRAFT_ROWS:,}-row draft made in {time.perf_counter() - started:.1f} s")
        if pages:
            rows += _draft_pages(client, draft)
        for name, ms, queries, size in rows:
            print(f"{name:<45} {ms:>9.1f} ms  {queries:>4} queries  {size / 1024:>8.0f} KB")
        if pdf:
            _pdf(draft)
        transaction.set_rollback(True)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _draft_pages(client: Client, draft: Decision) -> list[tuple[str, float, int, int]]:
    rows = [(f"draft page, {DRAFT_ROWS:,} rows, page 1", *timed(get(client, _detail(draft))))]
    rows.append((f"draft page, {DRAFT_ROWS:,} rows, last page", *timed(get(client, _detail(draft), trang=999))))
    rows.append((f"floor: SQL of {ROWS_PER_PAGE} of its rows", *timed(lambda: len(_rows_sql(draft)))))
    edit = reverse("awards:decision-edit", args=[draft.pk])
    rows.append((f"draft edit page, {DRAFT_ROWS:,} rows, page 3", *timed(get(client, edit, trang=3))))
    if importlib.util.find_spec("awards.decisions.paged_rows"):  # a tree that saves a page of rows
        rows.append((f"save of page 3 of the {DRAFT_ROWS:,}-row draft", *_saves(client, draft)))
    return rows


def _detail(decision: Decision) -> str:
    return reverse("awards:decision-detail", args=[decision.pk])


def _rows_html(decision: Decision, user):
    """The decision page's rows (page 1) built as HTML, apart from the rest of the page."""
    from awards.decisions.money import award_amount, money_rules
    from awards.decisions.row_html import decision_award_rows_html
    from awards.decisions.selectors import decision_rows_page
    from awards.decisions.shown_rows import decision_shown_rows

    rows = decision_rows_page(number=1, count=decision.awards.count(), per_page=ROWS_PER_PAGE)
    shown, _duplicates = decision_shown_rows(user=user, decision=decision, rows=rows)
    rules = money_rules(on=decision.date)
    priced = [
        (a, award_amount(award_type=a.award_type_id, recipient_kind=a.recipient_kind, date=decision.date, rules=rules))
        for a in shown
    ]

    def call() -> int:
        return len(decision_award_rows_html(priced, is_draft=decision.is_draft, can_link_people=True, user=user))

    return call


def _rows_sql(decision: Decision) -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.*, t.name, k.name, u.name FROM awards_award a"
            " JOIN awards_awardtype t ON t.id = a.award_type_id"
            " JOIN awards_commendationkind k ON k.id = a.commendation_kind_id"
            " LEFT JOIN clusters_unit u ON u.id = a.unit_id"
            " WHERE a.decision_id = %s ORDER BY a.line_no LIMIT %s",
            [decision.pk, ROWS_PER_PAGE],
        )
        return cursor.fetchall()


def _saves(client: Client, draft: Decision) -> tuple[float, int, int]:
    """POSTs of page 3 (each from a fresh GET of its page, for the version), timed without the GET."""
    url = reverse("awards:decision-edit", args=[draft.pk]) + "?trang=3"
    times, queries = [], 0
    for run in range(RUNS + 1):
        data = page_post(client, draft, 3)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            # As a browser sends the form (it has no enctype): not the test client's default multipart.
            response = client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")
            elapsed = time.perf_counter() - started
        assert response.status_code == 302, f"save refused: HTTP {response.status_code}"
        if run:
            times.append(elapsed)
        queries = len(captured)
    return statistics.median(times) * 1000, queries, 0


def _pdf(draft: Decision) -> None:
    """The draft's PDF both ways, one after the other: the annex table drawn (reports/annex_pdf.py) and WeasyPrint
    laying out the whole decision, with the load average by each (the machine may be shared)."""
    from django.template.loader import render_to_string
    from pypdf import PdfReader

    from kernel.lib.pdf import html_to_pdf
    from reports.decision_files import TEMPLATE, decision_pdf_fast, decision_print

    def load() -> str:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())

    started = time.perf_counter()
    printed = decision_print(draft)
    html = render_to_string(TEMPLATE, {"doc": printed.document})
    built = time.perf_counter() - started
    print(f"PDF of the {DRAFT_ROWS:,}-row draft: HTML {built:.2f} s ({len(html) / 1024:.0f} KB)")
    decision_pdf_fast(printed.document)  # warm-up: WeasyPrint's import, fonts, fontTools
    runs = {}
    makers = {"drawn annex": lambda: decision_pdf_fast(printed.document), "WeasyPrint": lambda: html_to_pdf(html)}
    for name, make in makers.items():
        before = load()
        started = time.perf_counter()
        document = make()
        runs[name] = time.perf_counter() - started
        pages = len(PdfReader(io.BytesIO(document)).pages)
        print(
            f"  {name:<12} {runs[name]:6.1f} s  {len(document) / 1024:6.0f} KB  {pages} pages"
            f"  (load average before: {before}, after: {load()})"
        )
    print(f"  WeasyPrint / drawn annex: {runs['WeasyPrint'] / runs['drawn annex']:.1f}x")


if __name__ == "__main__":
    try:
        main(pdf="--no-pdf" not in sys.argv, pages="--pdf-only" not in sys.argv)
    except Exception as error:  # a report, never a failure
        print(f"benchmark stopped: {error!r}")
