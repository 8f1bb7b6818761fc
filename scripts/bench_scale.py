#!/usr/bin/env python
"""Time the pages that must stay fast at scale, with the number of SQL queries of each (a benchmark, not a test).

Usage, against a PostgreSQL database filled by `manage.py generate_synthetic` (after `migrate` and `load_catalog`):
    DATABASE_URL=postgres://…/tdkt_scale SECRET_KEY=x .venv/bin/python scripts/bench_scale.py
The home page's dashboard is timed for the last whole statistical year of the data
(against the year before), for the current year to date and for a unit clerk.
Each figure is the median of 5 runs after a warm-up. Pages are fetched with Django's test Client as a
secretariat user created for the run; everything the script writes is rolled back. It reports, it never fails:
the exit status is 0 even when a page is slow or missing.

A second table times the searches over SEARCH_RUNS runs each, with the median (p50) and the 95th percentile (p95):
the site search and the people list searched for common words, beside two floors measured in the same run, the
login page through the same test Client (a page that reads nothing) and the capped queries alone, called through
their selectors without the view or the template.
"""

import datetime
import os
import statistics
import time

from _pages_bench import django_for_pages  # noqa: E402  (beside this script)

django_for_pages()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.db.models import Count, Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from awards.decisions.selectors import decision_search  # noqa: E402
from awards.models import Award, Decision  # noqa: E402
from awards.people.selectors import people_list  # noqa: E402
from clusters.selectors import person_search, unit_search  # noqa: E402
from kernel.lib.search import CappedPaginator  # noqa: E402
from kernel.roles import SECRETARIAT  # noqa: E402
from reports.selectors import appendix2_compute  # noqa: E402

RUNS = 5
SEARCH_RUNS = 20
SEARCH_WORDS = ["nguyen", "hoang van", "van"]
SLOW_MS = 200
# URL names the people and search features may use (issue #5); the first that resolves is measured.
PERSON_LIST_NAMES = ["clusters:person-list", "clusters:person-index", "people:person-list", "people:index"]
PERSON_DETAIL_NAMES = ["clusters:person-detail", "people:person-detail", "people:detail"]
SEARCH_NAMES = ["search", "search:index", "search:search", "thiduakhenthuong:search", "campaigns:search"]


def measure(call) -> tuple[float, int, float, str]:
    """Median milliseconds of RUNS calls after a warm-up, the queries of one call, the median milliseconds
    spent in SQL (as Django's cursor measures it, round trips included), and a note (status code)."""
    warm = call()
    note = warm if isinstance(warm, str) else ""
    times, sql, queries = [], [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        queries = len(captured)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries))
    return statistics.median(times) * 1000, queries, statistics.median(sql) * 1000, note


def spread(call) -> tuple[float, float, int, float]:
    """The median and the 95th percentile of SEARCH_RUNS calls after a warm-up, in milliseconds, the queries of
    one call and the median milliseconds spent in SQL."""
    call()
    times, sql, queries = [], [], 0
    for _ in range(SEARCH_RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, queries, statistics.median(sql)


def _search_rows(client: Client, user, search: str, listing: str | None) -> list:
    """The site search and the people list for SEARCH_WORDS, and their floors (see the module's docstring)."""
    cap, shown = settings.LIST_COUNT_CAP, settings.SEARCH_SECTION_ROWS
    rows = []
    login = Client()
    rows.append(("Login page (floor)", *spread(page(login, reverse("login"))), ""))
    for words in SEARCH_WORDS:
        sections = {
            "units": unit_search(text=words, limit=shown, cap=cap),
            "decisions": decision_search(user=user, text=words, limit=shown, cap=cap),
            "people": person_search(user=user, text=words, limit=shown, cap=cap),
        }
        totals = ", ".join(f"{name} {'> ' + str(cap) if f.more else f.total}" for name, f in sections.items())
        rows.append((f"Search page, q={words!r}", *spread(page(client, search, q=words)), totals))

        def capped_queries(words=words):
            unit_search(text=words, limit=shown, cap=cap)
            decision_search(user=user, text=words, limit=shown, cap=cap)
            person_search(user=user, text=words, limit=shown, cap=cap)

        rows.append((f"  its capped queries alone, q={words!r}", *spread(capped_queries), ""))
    if listing:
        for words in SEARCH_WORDS:
            paginator = CappedPaginator(people_list(user=user, text=words), 50, cap=cap)
            total = f"> {cap}" if paginator.capped else str(paginator.count)
            rows.append((f"People list, q={words!r}", *spread(page(client, listing, q=words)), total))

            def list_queries(words=words):
                paginator = CappedPaginator(people_list(user=user, text=words), 50, cap=cap)
                list(paginator.get_page(1))

            rows.append((f"  its capped queries alone, q={words!r}", *spread(list_queries), ""))
    return rows


def first_url(names: list[str], *args) -> str | None:
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def page(client: Client, url: str, **params):
    def get():
        response = client.get(url, params)
        if response.status_code != 200:
            return f"HTTP {response.status_code}"
        return ""

    return get


# Phụ lục 2's floor (issue #13): the one GROUP BY over the period's issued awards that yields its groups.
APPENDIX2_FLOOR_SQL = """
    SELECT a.award_type_id, a.commendation_kind_id, a.recipient_kind, a.is_grassroots, count(*)
    FROM awards_award a JOIN awards_decision d ON d.id = a.decision_id
    WHERE d.status = 'issued' AND d.date BETWEEN %s AND %s
    GROUP BY 1, 2, 3, 4
"""
PAIRED_RUNS = 31


def appendix2_beside_floor(start: datetime.date, end: datetime.date) -> list:
    """Phụ lục 2 computed and its raw-SQL floor, run in turn (so that the machine's load weighs on both alike),
    medians of PAIRED_RUNS each, and their ratio."""

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(APPENDIX2_FLOOR_SQL, [start, end])
            return len(cursor.fetchall())

    def table():
        appendix2_compute(start=start, end=end)

    groups = floor()
    table()
    timings: dict = {floor: [], table: []}
    for _ in range(PAIRED_RUNS):
        for call in (floor, table):
            started = time.perf_counter()
            call()
            timings[call].append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        table()
    floor_ms, table_ms = (statistics.median(timings[call]) * 1000 for call in (floor, table))
    period = f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"
    return [
        (f"Phụ lục 2 floor: one GROUP BY, raw SQL, {period}", floor_ms, 1, floor_ms, f"{groups} groups"),
        (f"Phụ lục 2, {period}", table_ms, len(captured), None, f"{table_ms / floor_ms:.2f}× the floor"),
    ]


def main() -> None:
    rows: list[tuple[str, float | None, int | None, float | None, str]] = []
    with transaction.atomic():
        user = get_user_model().objects.create_user("bench-scale", password="x", is_staff=False)
        user.groups.add(Group.objects.get(name=SECRETARIAT))
        client = Client()
        client.force_login(user)
        last = Decision.objects.aggregate(last=Max("date"))["last"] or datetime.date.today()
        start, end = datetime.date(last.year - 1, 12, 20), datetime.date(last.year, 6, 20)
        print(
            f"Data: {Decision.objects.count():,} decisions, {Award.objects.count():,} awards"
            + (f", {apps.get_model('clusters', 'Person').objects.count():,} people" if _has_person() else "")
            + " (load {:.2f} {:.2f} {:.2f})".format(*os.getloadavg())
        )

        rows += appendix2_beside_floor(start, end)
        try:
            with transaction.atomic():  # a savepoint: a database behind the code's migrations fails this part only
                rows += _dashboard_rows(client, user, last)
        except DatabaseError as error:
            rows.append(("Home dashboard", None, None, None, f"skipped: {str(error).splitlines()[0]}"))

        decisions = reverse("awards:decision-list")
        rows.append(("Decisions list, first page", *measure(page(client, decisions))))
        rows.append(("Decisions list, page 50 (Next link)", *measure(page(client, decisions, **_after(49 * 50)))))
        rows.append(("Decisions list, ?page=50 (old link)", *measure(page(client, decisions, page=50))))
        sample = Award.objects.filter(recipient_kind="individual").order_by("-id").values("recipient_name").first()
        if sample:
            rows.append(
                (
                    f"Decisions list, q={sample['recipient_name']!r}",
                    *measure(page(client, decisions, q=sample["recipient_name"])),
                )
            )
        largest = Decision.objects.annotate(n=Count("awards")).order_by("-n").values("pk", "n").first()
        if largest:
            url = reverse("awards:decision-detail", args=[largest["pk"]])
            rows.append((f"Decision page, {largest['n']} awards", *measure(page(client, url))))

        rows += _people_rows(client)
        search = first_url(SEARCH_NAMES)
        if search:
            rows.append(("Search page, q='hoang van'", *measure(page(client, search, q="hoang van"))))
        else:
            rows.append(("Search page", None, None, None, "skipped: no search page yet"))
        search = first_url(SEARCH_NAMES)
        searches = _search_rows(client, user, search, first_url(PERSON_LIST_NAMES)) if search else []
        transaction.set_rollback(True)

    width = max(len(r[0]) for r in rows)
    print(f"{'page':<{width}}  {'median ms':>9}  {'queries':>7}  {'of it SQL':>9}  note")
    for name, ms, queries, sql, note in rows:
        figures = (
            f"{ms:>9.1f}  {queries:>7}  {'–' if sql is None else format(sql, '.1f'):>9}"
            if ms is not None
            else f"{'–':>9}  {'–':>7}  {'–':>9}"
        )
        slow = f"  SLOW (> {SLOW_MS} ms)" if ms is not None and ms > SLOW_MS else ""
        print(f"{name:<{width}}  {figures}  {note}{slow}")
    if searches:
        width = max(len(r[0]) for r in searches)
        print(
            f"\n{'search, ' + str(SEARCH_RUNS) + ' runs':<{width}}  {'p50 ms':>7}  {'p95 ms':>7}  {'queries':>7}  "
            f"{'SQL p50':>7}  total"
        )
        for name, p50, p95, queries, sql, note in searches:
            print(f"{name:<{width}}  {p50:>7.1f}  {p95:>7.1f}  {queries:>7}  {sql:>7.1f}  {note}")
    print("(load {:.2f} {:.2f} {:.2f})".format(*os.getloadavg()))


def _dashboard_rows(client: Client, user, last: datetime.date) -> list:
    """The home page's dashboard (issue #14): staff's for the last whole statistical year of the data against the
    year before, its figures' selectors alone, staff's for the current year to date (the default), a unit
    clerk's (what waits for them only)."""
    from clusters.models import Unit, UnitUser
    from kernel.roles import UNIT_CLERK
    from thiduakhenthuong.dashboard.figures import award_figures, campaign_figures, dossier_stages
    from thiduakhenthuong.dashboard.period import dashboard_period

    year = last.year if (last.month, last.day) >= (11, 30) else last.year - 1
    period = dashboard_period(year=year, today=datetime.date.today())
    home = reverse("home")

    def figures():
        award_figures(current=period.current, previous=period.previous)
        campaign_figures(user=user, current=period.current, previous=period.previous)
        dossier_stages(user=user, today=datetime.date.today())

    awards = award_figures(current=period.current, previous=period.previous).total
    ms, queries, sql, _note = measure(figures)
    rows = [
        (f"Home dashboard, staff, statistical year {year}", *measure(page(client, home, year=year))),
        (f"  its figures' selectors alone, {year}", ms, queries, sql, f"{awards.current:,}/{awards.previous:,} awards"),
        ("Home dashboard, staff, current year to date", *measure(page(client, home))),
    ]
    unit = Unit.objects.order_by("pk").first()
    if unit is not None:
        clerk = get_user_model().objects.create_user("bench-scale-clerk", password="x")
        clerk.groups.add(Group.objects.get(name=UNIT_CLERK))
        UnitUser.objects.create(user=clerk, unit=unit)
        clerk_client = Client()
        clerk_client.force_login(clerk)
        rows.append(("Home dashboard, unit clerk", *measure(page(clerk_client, home))))
    return rows


def _after(rows_before: int) -> dict:
    """The query of the list's "Next" link to the page after the first `rows_before` decisions."""
    from kernel.lib.paging import DATE_NUMBER_ID

    last = Decision.objects.order_by("-date", "-number", "-pk")[rows_before - 1]
    return {"after": DATE_NUMBER_ID.cursor(last), "page": rows_before // 50 + 1}


def _has_person() -> bool:
    try:
        apps.get_model("clusters", "Person")
    except LookupError:
        return False
    return True


def _people_rows(client: Client) -> list:
    if not _has_person():
        return [("Person search / history", None, None, None, "skipped: no clusters.Person model yet")]
    person_model = apps.get_model("clusters", "Person")
    rows = []
    listing = first_url(PERSON_LIST_NAMES)
    if listing:
        rows.append(("People list, first page", *measure(page(client, listing))))
        rows.append(("Person search, q='hoang van phong'", *measure(page(client, listing, q="hoang van phong"))))
        rows.append(("Person search, q='nguyen'", *measure(page(client, listing, q="nguyen"))))
    else:
        rows.append(("Person search", None, None, None, "skipped: no person list page yet"))
    # The person with the most awards, through the link table (awards.PersonAward).
    busiest = (
        apps.get_model("awards", "PersonAward")
        .objects.values("person_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    person_id = busiest["person_id"] if busiest else person_model.objects.values_list("pk", flat=True).first()
    detail = first_url(PERSON_DETAIL_NAMES, person_id) if person_id else None
    if detail:
        label = f"Person history page, {busiest['n']} awards" if busiest else "Person history page"
        rows.append((label, *measure(page(client, detail))))
    else:
        rows.append(("Person history page", None, None, None, "skipped: no person page yet"))
    return rows


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # a report, never a failure
        print(f"benchmark stopped: {error!r}")
