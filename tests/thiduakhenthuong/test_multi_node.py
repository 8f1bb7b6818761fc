"""More than one machine (issue 12, point 7): two app servers (gunicorn, production settings, one worker each, on two
ports) and the task worker, against one PostgreSQL and one shared file storage, behave as one portal. One person's
journey goes back and forth between the two servers: the session, the CSRF token, the login throttle's counts, an
attachment and a report issued in the background are all seen from both, because none of them lives in a process."""

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse

from campaigns.models import Document
from kernel.models import Job
from reports.models import Report
from reports.services import SectionFields
from tests.campaigns.document_helpers import DOCX
from tests.factories import make_report, secretariat_user

# The catalog (award types, report layouts) again: an earlier transactional test may have emptied the database.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalog")]
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mật-khẩu-đủ-dài-2026"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("multinode")


@pytest.fixture(scope="module")
def portal_environment(shared, django_db_setup):
    """What an operator sets on every machine: the same database, secret key and shared file storage."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "WEB_CONCURRENCY"))},
        "DJANGO_SETTINGS_MODULE": "thiduakhenthuong.settings",
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(shared / "shared-media"),
        "STATIC_ROOT": str(shared / "static"),
        # Plain HTTP on the loopback: no HTTPS to redirect to, and cookies the test's HTTP client sends back.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "WEB_CONCURRENCY": "1",
        "TASKS_BACKEND": "database",  # queued in the database, run by the worker below
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
    }


@pytest.fixture(scope="module")
def servers(portal_environment, shared, django_db_blocker):
    """Started once for the module: they hold no state of their own, which is the point."""
    (shared / "shared-media").mkdir()
    # As at every release: with DEBUG off, pages name the hashed files of collectstatic's manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=portal_environment,
        check=True,
        timeout=300,
    )
    started = []
    worker_log = (shared / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--worker-id", "multinode"],
        cwd=ROOT,
        env=portal_environment,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    for name in ("a", "b"):
        port = _free_port()
        log = (shared / f"gunicorn-{name}.log").open("w")
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=portal_environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, f"http://127.0.0.1:{port}", shared / f"gunicorn-{name}.log"))
    try:
        for process, url, log in started:
            _wait_for(url, process, log)
        yield [url for _, url, _ in started]
    finally:
        for process in (worker, *(process for process, _, _ in started)):
            process.send_signal(signal.SIGTERM)
        for process in (worker, *(process for process, _, _ in started)):
            process.wait(timeout=30)
        # The servers' login-throttle counts, in the database cache table, which flushing the test database leaves.
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM portal_cache")


def _wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped: {log.read_text()}")
        try:
            if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or a worker still loading Django
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer: {log.read_text()}")


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30)
    assert page.status_code == 200, page.text[:500]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]


def _log_in(session: requests.Session, *, form_from: str, post_to: str, username: str, password: str):
    login = reverse("login")
    token = _csrf(session, form_from + login)
    return session.post(
        post_to + login,
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=30,
    )


def _staff_with_password(username: str):
    """The tests' own fast hasher is not among the servers' (production) hashers: a PBKDF2 hash they know, cheap."""
    user = secretariat_user(username=username)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "multinode", iterations=1000)
    user.save()
    return user


def _wait_for_job(browser: requests.Session, state_url: str) -> dict:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        state = browser.get(state_url, timeout=30).json()
        if state["finished"]:
            return state
        time.sleep(0.3)
    return state


def test_one_persons_journey_across_two_app_servers(servers, shared):
    a, b = servers
    _staff_with_password("canbo.haimay")
    browser = requests.Session()

    # The login form from A, posted to B: the CSRF token and the session are valid on both.
    answer = _log_in(browser, form_from=a, post_to=b, username="canbo.haimay", password=PASSWORD)
    assert answer.status_code == 302, answer.text[:500]
    home = browser.get(a + reverse("home"), allow_redirects=False, timeout=30)
    assert home.status_code == 200
    # The page's stylesheet, by its hashed name, from the other server: the brotli copy, cached for good.
    stylesheet = re.search(r'href="(/static/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css)"', home.text)[1]
    css = browser.get(b + stylesheet, headers={"Accept-Encoding": "gzip, br"}, stream=True, timeout=30)
    assert css.status_code == 200 and css.headers["Content-Encoding"] == "br"
    assert css.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    collected = shared / "static" / (stylesheet.removeprefix("/static/") + ".br")
    assert css.raw.read() == collected.read_bytes()

    # An attachment uploaded through A is downloaded through B, byte for byte.
    create = reverse("campaigns:document-create")
    upload = browser.post(
        b + create,
        data={
            "csrfmiddlewaretoken": _csrf(browser, a + create),
            "direction": "issued",
            "number_and_symbol": "48/TB-UBND",
            "date": "02/02/2018",
            "issued_by": "UBND tỉnh",
            "summary": "về việc Phân Khối, Cụm thi đua năm 2018",
        },
        files={"file": ("ke-hoach.docx", DOCX)},
        allow_redirects=False,
        timeout=30,
    )
    assert upload.status_code == 302, upload.text[:800]
    document = Document.objects.get(number=48)
    download = browser.get(a + reverse("campaigns:document-file", args=[document.pk]), timeout=30)
    assert download.status_code == 200 and download.content == DOCX

    # A report issued through B is issued by the worker; A's job page follows it; A serves the stored PDF.
    report = make_report(sections=[SectionFields("none", "", "Công tác thi đua, khen thưởng sáu tháng đầu năm.")])
    issue = reverse("reports:report-issue", args=[report.pk])
    answer = browser.post(
        b + issue,
        data={
            "csrfmiddlewaretoken": _csrf(browser, a + reverse("reports:report-detail", args=[report.pk])),
            "confirm": "on",
            "reauth_password": PASSWORD,
        },
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302 and "/tac-vu/" in answer.headers["Location"], answer.text[:800]
    job = Job.objects.get(kind="report.issue", object_id=report.pk)
    state = _wait_for_job(browser, a + reverse("jobs:state", args=[job.pk]))
    assert state["state"] == "done", (state, (shared / "worker.log").read_text()[-2000:])
    report.refresh_from_db()
    assert report.status == Report.Status.ISSUED
    pdf = browser.get(a + reverse("reports:report-pdf", args=[report.pk]), timeout=30)
    assert pdf.status_code == 200 and hashlib.sha256(pdf.content).hexdigest() == report.pdf_sha256

    # Logged out on B is logged out on A.
    logout = reverse("logout")
    browser.post(a + logout, data={"csrfmiddlewaretoken": _csrf(browser, b + reverse("home"))}, timeout=30)
    assert browser.get(a + reverse("home"), allow_redirects=False, timeout=30).status_code == 302


def test_the_login_throttle_counts_across_both_servers(servers):
    a, b = servers
    _staff_with_password("canbo.khoa")
    limit = settings.LOGIN_FAILURE_LIMIT
    for attempt in range(limit):  # alternately on A and on B
        server = (a, b)[attempt % 2]
        wrong = _log_in(requests.Session(), form_from=server, post_to=server, username="canbo.khoa", password="sai")
        assert wrong.status_code == 200 and "tạm khóa" not in wrong.text

    for server in (a, b):
        refused = _log_in(
            requests.Session(), form_from=server, post_to=server, username="canbo.khoa", password=PASSWORD
        )
        assert refused.status_code == 200 and "tạm khóa" in refused.text
