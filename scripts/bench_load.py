#!/usr/bin/env python
"""The portal as a service under load and faults (issue 12, point 8): a benchmark, not a test.

Usage, against a PostgreSQL database filled by `manage.py generate_synthetic` (after `migrate` and `load_catalog`):
    DATABASE_URL=postgres://…/tdkt_scale .venv/bin/python scripts/bench_load.py --pgdata /path/to/pg/data
Each phase starts gunicorn with gunicorn.conf.py and the README's production settings (DEBUG off, collected static
files; plain HTTP on 127.0.0.1, so no HTTPS redirect) on a free port, and drives it with wrk (Debian's `wrk`):
- static: the login page and Bootstrap's stylesheet under the name the page links (hashed), side by side, 20
  connections, 20 s each, as a browser asks (Accept-Encoding: gzip, br), with their sizes and headers
  (scripts/bench_static.py; with --compare, the same from the other checkout, collected by its own settings);
- floor: a static file of the same server (WhiteNoise through gunicorn), 50 connections, 20 s;
- mix: a logged-in secretariat's mix of pages (lists, searches, a decision, a person, Phụ lục 2, home), 50
  connections, 60 s: requests per second, p50, p95, p99, errors;
- restart: the same mix with PostgreSQL restarted (pg_ctl restart -m fast) in the middle, errors counted and
  compared with the workers' count, the most requests that can be in flight (sync workers: one each);
- throttle: wrong passwords for one account across the workers (their pids from the access log) until the lockout,
  then gunicorn restarted and the right password tried again;
- worker: kill -9 of the task worker while it issues a report and while it imports (when a worker exists).
- list: the logged-in decisions list (pages 1, 50 and 500) beside the login page and the signed-in home page,
  each under wrk -t2 -c20 for 10 s, in 4 rounds of alternate order, compared by medians (issue #13, point 1);
The machine's load average is printed beside each figure. It reports, it never fails: the exit status is 0.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakhenthuong.settings")
os.environ.setdefault("SECRET_KEY", "bench-load-" + "x" * 40)
os.environ["TASKS_BACKEND"] = "database"  # as production: the app servers queue, a worker runs

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connections  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.urls import reverse  # noqa: E402

from awards.models import Award, Decision  # noqa: E402
from kernel.roles import SECRETARIAT  # noqa: E402

PGBIN = Path("/usr/lib/postgresql/15/bin")
LUA = r"""
local paths = {%(paths)s}
local cookie = "%(cookie)s"
init = function(args)
  math.randomseed(math.floor(os.clock() * 1000000) + tonumber(tostring({}):sub(8), 16) %% 1000000)
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Cookie"] = cookie})
end
"""
# wrk's summary as one JSON line (%% for the % formatting of LUA; scripts/bench_static.py uses it alone).
DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "seconds": %%.3f, "p50": %%d, "p95": %%d, "p99": %%d, "max": %%d, ' ..
    '"status": %%d, "connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
"""
LUA += DONE


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Server:
    """gunicorn with the production settings, its access log (with each worker's pid) in a file."""

    def __init__(self, workdir: Path, extra_env: dict | None = None, root: Path = ROOT):
        self.port, self.root = free_port(), root
        self.log = workdir / f"gunicorn-{self.port}.log"
        self.env = {
            **os.environ,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(workdir / "static"),
            "CONN_MAX_AGE": "60",
            **(extra_env or {}),
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> "Server":
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),  # this tree's virtualenv, whichever tree is served
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logformat",
                '%(p)s "%(m)s %(U)s" %(s)s %(M)s',
            ],
            cwd=self.root,
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = http("GET", self.url("/healthz"))
                if status in (200, 503):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer; see {self.log}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)

    def pages(self, since: int = 0) -> list[str]:
        """The median time of each kind of page (numbers in the path as N) in the access log after line `since`."""
        times: dict[str, list[int]] = {}
        for entry in self.log.read_text(errors="replace").splitlines()[since:]:
            match = re.match(r'^<?\d+>? "GET ([^"]*)" (\d{3}) (\d+)', entry)
            if match and not match[1].startswith("/static/"):
                times.setdefault(re.sub(r"\d+", "N", match[1]), []).append(int(match[3]))
        return [
            f"{path:<40} {len(ms):6d} requests, median {sorted(ms)[len(ms) // 2]:6d} ms, max {max(ms):6d} ms"
            for path, ms in sorted(times.items(), key=lambda item: -sum(item[1]))
        ]

    def lines(self) -> int:
        return len(self.log.read_text(errors="replace").splitlines())

    def statuses(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in self.log.read_text(errors="replace").splitlines():
            match = re.match(r'^<?\d+>? "\w+ [^"]*" (\d{3}) ', line)
            if match:
                counts[match[1]] = counts.get(match[1], 0) + 1
        return counts


def http(method: str, url: str, *, body: dict | None = None, cookies: dict | None = None) -> tuple[int, dict]:
    """One request without following redirects; returns the status and the headers and body."""
    import http.client

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = url
    connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), data, headers)
    response = connection.getresponse()
    content = response.read().decode("utf-8", errors="replace")
    set_cookies = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            set_cookies[key] = rest.split(";", 1)[0]
    connection.close()
    return response.status, {"cookies": set_cookies, "body": content, "location": response.getheader("Location")}


def bench_user(username: str, password: str | None = None):
    user, _ = get_user_model().objects.get_or_create(username=username)
    if password:
        user.set_password(password)
        user.save()
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    return user


def session_cookie(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def mix_paths() -> list[str]:
    """A secretariat's day, weighted by repetition: lists and searches, decisions and people, the reports."""
    from django.apps import apps

    decisions = list(Decision.objects.order_by("?").values_list("pk", flat=True)[:200])
    names = list(
        Award.objects.filter(recipient_kind="individual", id__in=range(1, 1_000_000, 9973)).values_list(
            "recipient_name", flat=True
        )[:60]
    )
    people = list(apps.get_model("clusters", "Person").objects.order_by("?").values_list("pk", flat=True)[:200])
    last = Decision.objects.aggregate(last=Max("date"))["last"]
    period = {"from": f"20/12/{last.year - 1}", "to": f"20/6/{last.year}"}
    decision_list, person_list = reverse("awards:decision-list"), reverse("people:person-list")

    def q(url: str, **params) -> str:
        return url + "?" + urllib.parse.urlencode(params)

    paths = [reverse("home")] * 10
    paths += [decision_list] * 10 + [q(decision_list, page=n) for n in range(2, 12)]
    paths += [q(decision_list, q=name) for name in names[:10]]
    paths += [reverse("awards:decision-detail", args=[pk]) for pk in decisions[:20]]
    paths += [q(person_list, q=name) for name in names[10:20]]
    paths += [reverse("people:person-detail", args=[pk]) for pk in people[:10]]
    paths += [q(reverse("search"), q=name) for name in names[20:25]]
    paths += [q(reverse("reports:appendix2"), **period)] * 5
    paths += [reverse("reports:report-list")] * 5 + [reverse("awards:dossier-list")] * 5
    return paths


def wrk(url: str, lua: Path, *, seconds: int, connections: int = 50, headers: tuple[str, ...] = ()) -> dict:
    """wrk's figures; `headers` ("Name: value") go with every request of a script that builds none itself."""
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(lua)]
        + [arg for header in headers for arg in ("-H", header)]
        + [url],
        capture_output=True,
        text=True,
    )
    for line in result.stdout.splitlines():
        if line.startswith("RESULT "):
            figures = json.loads(line[len("RESULT ") :])
            figures["rps"] = figures["requests"] / figures["seconds"]
            figures["errors"] = sum(figures[k] for k in ("status", "connect", "read", "write", "timeout"))
            return figures
    raise RuntimeError(result.stdout + result.stderr)


def write_lua(workdir: Path, paths: list[str], cookie: str) -> Path:
    lua = workdir / f"mix-{len(paths)}-{abs(hash(cookie)) % 10000}.lua"
    lua.write_text(LUA % {"paths": ", ".join(json.dumps(p) for p in paths), "cookie": cookie})
    return lua


def line(label: str, f: dict) -> str:
    return (
        f"{label:<38} {f['rps']:8.1f} req/s  p50 {f['p50'] / 1000:7.0f} ms  p95 {f['p95'] / 1000:7.0f} ms  "
        f"p99 {f['p99'] / 1000:7.0f} ms  {f['requests']:6d} requests, {f['errors']} errors "
        f"(status {f['status']}, connect {f['connect']}, read {f['read']}, timeout {f['timeout']})"
    )


def phase_mix(workdir: Path, seconds: int, pgdata: Path | None, restart: bool, compare: Path | None = None) -> None:
    static = "/" + settings.STATIC_URL.strip("/") + "/js/portal.js"
    cookie = session_cookie(bench_user("bench-load"))
    server = Server(workdir).start()
    try:
        floor_lua = write_lua(workdir, [static], "")
        mix_lua = write_lua(workdir, mix_paths(), cookie)
        print(f"Static floor warm-up and mix warm-up… ({load()})")
        wrk(server.url("/"), floor_lua, seconds=3)
        wrk(server.url("/"), mix_lua, seconds=10)
        floor = wrk(server.url("/"), floor_lua, seconds=20)
        print(line("floor: a static file, same server", floor), f"({load()})")
        before, since = server.statuses(), server.lines()
        mix = wrk(server.url("/"), mix_lua, seconds=seconds)
        print(line(f"mix, 50 connections, {seconds} s", mix), f"({load()})")
        print("  gunicorn statuses during the mix:", _delta(before, server.statuses()))
        print("  where the time went (by total time):", *server.pages(since), sep="\n    ")
        if compare:
            other = Server(workdir, root=compare).start()
            try:
                wrk(other.url("/"), mix_lua, seconds=10)
                before, since = other.statuses(), other.lines()
                old = wrk(other.url("/"), mix_lua, seconds=seconds)
                print(line(f"the same mix served from {compare.name}", old), f"({load()})")
                print("  gunicorn statuses:", _delta(before, other.statuses()))
                print("  where the time went (by total time):", *other.pages(since), sep="\n    ")
            finally:
                other.stop()
        if restart and pgdata:
            before = server.statuses()
            timer = threading.Timer(seconds / 2, _restart_postgres, args=[pgdata])
            timer.start()
            mix = wrk(server.url("/"), mix_lua, seconds=seconds)
            timer.join()
            connections.close_all()  # this script's own connection did not survive the restart either
            workers = int(server.env.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0)) + 1)
            print(line("mix with PostgreSQL restarted at half", mix), f"({load()})")
            print(
                "  gunicorn statuses:",
                _delta(before, server.statuses()),
                f"— at most {workers} requests can be in flight ({workers} sync workers)",
            )
    finally:
        server.stop()


def _delta(before: dict, after: dict) -> dict:
    return {k: after[k] - before.get(k, 0) for k in sorted(after) if after[k] - before.get(k, 0)}


def _restart_postgres(pgdata: Path) -> None:
    started = time.monotonic()
    # Its log to a file and no pipe: the server it starts would otherwise hold this process's pipe open.
    restart = [
        str(PGBIN / "pg_ctl"),
        "-D",
        str(pgdata),
        "-m",
        "fast",
        "-w",
        "-l",
        str(pgdata.parent / "log"),
        "restart",
    ]
    subprocess.run(as_postgres(restart), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"  PostgreSQL restarted in {time.monotonic() - started:.2f} s")


def phase_list(workdir: Path, seconds: int = 10, rounds: int = 4) -> None:
    """Issue #13, point 1: the logged-in decisions list beside the login page of the same server, each alone
    under `wrk -t2 -c20`. This machine's speed drifts by tens of percent within minutes, so the pages are
    measured in `rounds` rounds, in alternate order (forward, then backward), and compared by their medians."""
    cookie = session_cookie(bench_user("bench-list"))
    decision_list = reverse("awards:decision-list")
    pages = [
        ("login page (anonymous)", reverse("login"), ""),
        # what every signed-in page costs before its own work (session, user, menu): the home page's links
        ("home page (signed in)", reverse("home"), cookie),
        ("decisions list, page 1", decision_list, cookie),
        ("decisions list, page 50 (Next link)", keyset_url(decision_list, 50), cookie),
        ("decisions list, page 500 (Next link)", keyset_url(decision_list, 500), cookie),
        ("decisions list, ?page=50 (old link)", decision_list + "?page=50", cookie),
    ]
    server = Server(workdir).start()
    workers = server.env.get("WEB_CONCURRENCY") or f"{2 * len(os.sched_getaffinity(0)) + 1} (the default)"
    print(
        f"Decisions list beside the login page, wrk -t2 -c20 -d{seconds}s each, {rounds} rounds in alternate "
        f"order, {workers} gunicorn workers:"
    )
    measured: dict[str, list[dict]] = {label: [] for label, _path, _cookie in pages}
    try:
        for round_number in range(rounds):
            order = pages if round_number % 2 == 0 else pages[::-1]
            for label, path, page_cookie in order:
                lua = write_lua(workdir, [path], page_cookie)
                wrk(server.url("/"), lua, seconds=2, connections=20)  # warm-up
                figures = wrk(server.url("/"), lua, seconds=seconds, connections=20)
                measured[label].append(figures)
                slowest = f"max {figures['max'] / 1000:.0f} ms"
                print(f"  round {round_number + 1}: {line(label, figures)} {slowest} ({load()})")
    finally:
        server.stop()
    floor = statistics.median(f["rps"] for f in measured[pages[0][0]])
    print("Medians of the rounds (max: the slowest request of all rounds):")
    for label, runs in measured.items():
        rps = statistics.median(f["rps"] for f in runs)
        p95 = statistics.median(f["p95"] for f in runs) / 1000
        slowest = max(f["max"] for f in runs) / 1000
        each = ", ".join(f"{f['rps']:.0f}" for f in runs)
        print(
            f"{label:<38} {rps:8.1f} req/s  p95 {p95:6.0f} ms  max {slowest:6.0f} ms  "
            f"{100 * rps / floor:4.0f}% of the login page  (rounds: {each})"
        )


def keyset_url(decision_list: str, page: int, size: int = 50) -> str:
    """The URL the list's "Next" link gives for page `page`: the last decision of the page before as cursor."""
    from kernel.lib.paging import DATE_NUMBER_ID

    last = Decision.objects.order_by("-date", "-number", "-pk")[(page - 1) * size - 1]
    return f"{decision_list}?{urllib.parse.urlencode({'after': DATE_NUMBER_ID.cursor(last), 'page': page})}"


def phase_throttle(workdir: Path) -> None:
    limit = settings.LOGIN_FAILURE_LIMIT
    username = f"bench-throttle-{int(time.time())}"
    bench_user(username, password="the-right-password-42")
    server = Server(workdir).start()
    login = server.url(reverse("login"))
    outcomes, pids = [], set()
    try:
        for attempt in range(1, limit + 3):
            password = "wrong" if attempt <= limit else "the-right-password-42"
            outcomes.append((attempt, password != "wrong", _login(login, username, password)))
        pids = {ln.split()[0] for ln in server.log.read_text().splitlines() if '"POST /dang-nhap/' in ln}
    finally:
        server.stop()
    server = Server(workdir).start()  # a restart: the counts must survive it
    try:
        after_restart = _login(server.url(reverse("login")), username, "the-right-password-42")
    finally:
        server.stop()
    first_lock = next((n for n, _, outcome in outcomes if outcome == "locked"), None)
    print(f"Throttle (LOGIN_FAILURE_LIMIT={limit}), log-in attempts answered by {len(pids)} worker processes:")
    for attempt, right, outcome in outcomes:
        print(f"  attempt {attempt} ({'right' if right else 'wrong'} password): {outcome}")
    print(f"  first refusal at attempt {first_lock} (expected {limit + 1}); after a gunicorn restart: {after_restart}")


def _login(url: str, username: str, password: str) -> str:
    status, page = http("GET", url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page["body"])[1]
    cookies = page["cookies"]
    status, answer = http(
        "POST", url, body={"username": username, "password": password, "csrfmiddlewaretoken": token}, cookies=cookies
    )
    if status == 302:
        return "logged in"
    if "tạm khóa" in answer["body"]:
        return "locked"
    if re.search(r"nhập đúng|không đúng", answer["body"]):
        return "wrong password"
    return f"HTTP {status}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--pgdata", type=Path, help="PostgreSQL data folder, for the restart phase (pg_ctl)")
    parser.add_argument("--only", choices=["static", "list", "mix", "throttle", "worker"], action="append")
    parser.add_argument(
        "--compare",
        type=Path,
        help="another checkout (e.g. a git worktree of an older commit) to serve the same mix (and static phase) from",
    )
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    phases = options.only or ["static", "list", "mix", "throttle", "worker"]
    print(
        f"Data: {Decision.objects.count():,} decisions, {Award.objects.count():,} awards; "
        f"{len(os.sched_getaffinity(0))} cores; {load()}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        workdir = Path(tmp)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env={**os.environ, "STATIC_ROOT": str(workdir / "static")},
            check=True,
        )
        if "static" in phases:
            from scripts.bench_static import phase_static

            phase_static(workdir, sys.modules[__name__], compare=options.compare)
        if "list" in phases:
            phase_list(workdir)
        if "mix" in phases:
            phase_mix(workdir, options.seconds, options.pgdata, restart=True, compare=options.compare)
        if "throttle" in phases:
            phase_throttle(workdir)
        if "worker" in phases:
            from scripts.bench_worker_faults import phase_worker  # imported here: it needs Django set up

            phase_worker(workdir)


if __name__ == "__main__":
    main()
