"""A static file against the login page, on the same gunicorn (issue 13, point 4): a phase of scripts/bench_load.py
(which sets up Django and collects the static files), not run alone.

The stylesheet is asked for under the name the login page links (hashed, once collectstatic hashes names) and both
with a browser's Accept-Encoding: gzip, br, so that each is served as a browser gets it: the page rendered and
gzipped by the GZip middleware, the file as WhiteNoise sends it. With --compare, the other checkout is served the
same way, after a collectstatic with its own settings into a folder of its own (its storage may write other names).
"""

import http.client
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from types import ModuleType

from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
ACCEPT = "gzip, br"
SHOWN = ("Content-Type", "Content-Encoding", "Cache-Control", "Vary")


def _get(url: str, accept_encoding: str | None) -> tuple[int, dict[str, str], bytes]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.request("GET", parts.path, headers={"Accept-Encoding": accept_encoding} if accept_encoding else {})
    response = connection.getresponse()
    body = response.read()  # as sent: http.client decodes no Content-Encoding
    connection.close()
    return response.status, dict(response.getheaders()), body


def _describe(name: str, url: str) -> str:
    lines = [f"  {name}: {urllib.parse.urlsplit(url).path}"]
    for accept in (ACCEPT, None):
        status, headers, body = _get(url, accept)
        shown = ", ".join(f"{k}: {headers[k]}" for k in SHOWN if k in headers)
        lines.append(f"    Accept-Encoding {accept or '(none)':<10} → {status}, {len(body):7,d} bytes; {shown}")
    return "\n".join(lines)


def _figures(label: str, f: dict, load: str) -> str:
    return (
        f"  {label:<20} {f['rps']:8.1f} req/s  p50 {f['p50'] / 1000:7.1f} ms  p95 {f['p95'] / 1000:7.1f} ms  "
        f"{f['requests']:6d} requests, {f['errors']} errors  ({load})"
    )


def _sequential(urls: dict[tuple[str, str], str], rounds: int = 200) -> dict[tuple[str, str], str]:
    """One request at a time, the URLs taking turns: each one's own time, without wrk's queue of 20 connections,
    which on a busy machine mostly measures the wait for a worker (and for a core)."""
    times: dict[tuple[str, str], list[float]] = {key: [] for key in urls}
    for _ in range(rounds):
        for key, url in urls.items():
            started = time.perf_counter()
            _get(url, ACCEPT)
            times[key].append((time.perf_counter() - started) * 1000)
    return {
        key: f"one at a time: median {statistics.median(ms):5.1f} ms, p90 {statistics.quantiles(ms, n=10)[-1]:5.1f} ms"
        for key, ms in times.items()
    }


def _booted(server) -> int:
    """Workers gunicorn has started: after GUNICORN_MAX_REQUESTS requests a worker is replaced, and a new one loads
    Django before it answers (seconds on a busy machine): when they all reach it together, requests wait."""
    return server.log.read_text(errors="replace").count("Booting worker")


def _collect(root: Path, static_root: Path) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=root,
        env={**os.environ, "STATIC_ROOT": str(static_root)},
        check=True,
    )


def phase_static(
    workdir: Path, bench: ModuleType, *, compare: Path | None = None, seconds: int = 20, connections: int = 20
) -> None:
    """`bench` is scripts/bench_load.py, whose Server, wrk and load it uses."""
    lua = workdir / "summary.lua"
    lua.write_text(bench.DONE % {})
    trees = [("this tree", ROOT, workdir / "static")]  # collected by bench_load.main
    if compare:
        _collect(compare, workdir / "static-compare")
        trees.append((compare.name, compare, workdir / "static-compare"))
    header = (f"Accept-Encoding: {ACCEPT}",)
    servers, urls = [], {}
    try:
        for label, root, static_root in trees:
            server = bench.Server(workdir, root=root, extra_env={"STATIC_ROOT": str(static_root)}).start()
            servers.append(server)
            login = server.url(reverse("login"))
            _, _, page = _get(login, None)
            href = re.search(rb'href="(/static/bootstrap/css/bootstrap\.min(?:\.[0-9a-f]{12})?\.css)"', page)[1]
            urls[label] = {"login page": login, "bootstrap.min.css": server.url(href.decode())}
            print(f"{label} ({root}):", *(_describe(name, url) for name, url in urls[label].items()), sep="\n")
            for url in urls[label].values():  # warm-up: every worker started, the files opened
                bench.wrk(url, lua, seconds=3, connections=connections, headers=header)
        # Each tree's two measurements side by side; the trees in the order A B B A, so that a change of the
        # machine's load during the run weighs on both alike.
        order = [(label, name) for label, _, _ in trees for name in urls[label]]
        if len(trees) == 2:
            order = order[:2] + order[2:][::-1]
        alone = _sequential({(label, name): url for label in urls for name, url in urls[label].items()})
        results = {}
        for label, name in order:
            server = servers[[tree[0] for tree in trees].index(label)]
            booted = _booted(server)
            figures = bench.wrk(urls[label][name], lua, seconds=seconds, connections=connections, headers=header)
            replaced = _booted(server) - booted
            results[label, name] = (
                f"{_figures(name, figures, bench.load())}; {replaced} workers replaced; {alone[label, name]}"
            )
        sequence = ", ".join(f"{label} {name}" for label, name in order)
        print(f"wrk -t2 -c{connections} -d{seconds}s, Accept-Encoding: {ACCEPT}; measured in this order: {sequence}")
        for label, _, _ in trees:
            print(f" {label}:", *(results[label, name] for name in urls[label]), sep="\n")
    finally:
        for server in servers:
            server.stop()
