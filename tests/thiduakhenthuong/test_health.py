"""/healthz: the state of the database, the storage and the task queue, 503 when one is down, open to anyone and
telling nothing about the machine."""

import datetime
import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

URL = "/healthz"


def _assert_tells_nothing(response):
    body = response.content.decode()
    assert str(settings.MEDIA_ROOT) not in body and settings.DATABASES["default"]["NAME"] not in body
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "no-store" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_everything_up_answers_200_with_each_check(client):
    response = client.get(URL)

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["status"] == "ok"
    assert set(answer["checks"]) == {"database", "storage", "task_queue"}
    assert answer["checks"]["database"]["status"] == "ok" and answer["checks"]["storage"]["status"] == "ok"
    assert answer["checks"]["task_queue"]["status"] == "immediate"  # TASKS_BACKEND=immediate: no queue to check
    assert all(isinstance(check["ms"], float) for check in answer["checks"].values())
    assert not [name for name in os.listdir(settings.MEDIA_ROOT) if name.startswith(".healthz-")]
    _assert_tells_nothing(response)


def test_a_failing_database_answers_503_without_its_message(client):
    failure = OperationalError('connection to server at "db.internal" (10.0.0.5), port 5432 failed')
    with mock.patch.object(connection, "cursor", side_effect=failure):
        response = client.get(URL)

    assert response.status_code == 503
    answer = response.json()
    assert answer["status"] == "error"
    assert answer["checks"]["database"] == {"status": "error", "error": "OperationalError", "ms": mock.ANY}
    assert answer["checks"]["storage"]["status"] == "ok"
    assert "db.internal" not in response.content.decode() and "10.0.0.5" not in response.content.decode()
    _assert_tells_nothing(response)


def test_a_slow_query_is_cut_by_the_statement_timeout(client):
    real_cursor = connection.cursor

    def slow_cursor():
        cursor = real_cursor()
        execute = cursor.execute
        cursor.execute = lambda sql, params=None: execute("SELECT pg_sleep(1)" if sql == "SELECT 1" else sql, params)
        return cursor

    with (
        mock.patch("thiduakhenthuong.health.DATABASE_TIMEOUT_MS", 50),
        mock.patch.object(connection, "cursor", slow_cursor),
    ):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"]["database"]["error"] == "OperationalError"
    assert response.json()["checks"]["database"]["ms"] < 900


@pytest.mark.parametrize("where", ["missing", "a file"])
def test_a_media_root_that_cannot_be_written_answers_503(client, tmp_path, where):
    media_root = tmp_path / "media"
    if where == "a file":
        (tmp_path / "file").write_text("not a folder")
        media_root = tmp_path / "file" / "media"
    with override_settings(MEDIA_ROOT=media_root):
        response = client.get(URL)

    assert response.status_code == 503
    answer = response.json()
    assert answer["status"] == "error" and answer["checks"]["database"]["status"] == "ok"
    assert answer["checks"]["storage"]["status"] == "error"
    assert answer["checks"]["storage"]["error"] in ("FileNotFoundError", "NotADirectoryError")
    assert str(tmp_path) not in response.content.decode()
    assert not media_root.exists()


@pytest.fixture
def read_only_folder(tmp_path, monkeypatch):
    """A folder nobody may write to: by its mode, or for root (whom modes do not stop) immutable (chattr +i). Where
    root has no chattr +i (a container's overlay file system), creating a file in it is refused as the kernel
    refuses it in a read-only folder (EACCES), so that the check's answer is still tested."""
    folder = tmp_path / "media"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        create = tempfile.mkstemp

        def refused_in_folder(*args, dir=None, **kwargs):
            if dir is not None and Path(dir) == folder:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
            return create(*args, dir=dir, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", refused_in_folder)
        yield folder
        return
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_media_root_answers_503(client, read_only_folder):
    with override_settings(MEDIA_ROOT=read_only_folder):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == {"status": "error", "error": "PermissionError", "ms": mock.ANY}
    assert not list(read_only_folder.iterdir())


def test_anyone_may_ask_even_when_every_page_needs_a_login(client, staff):
    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, "django.contrib.auth.middleware.LoginRequiredMiddleware"]):
        assert client.get(URL).status_code == 200
        assert client.get(reverse("campaigns:document-list"))["Location"].startswith(reverse("login"))
    client.force_login(staff)
    assert client.get(URL).status_code == 200


def test_only_get_and_head():
    client = Client(enforce_csrf_checks=True)  # as a real server: a POST without a token meets CSRF checks first
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405
    assert client.put(URL).status_code == 405
    assert not client.cookies


def test_the_health_check_is_answered_without_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/dang-nhap/").status_code == 301  # every other page goes to HTTPS


DATABASE_TASKS = {"TASKS_BACKEND": "database", "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}}


def test_the_database_queue_reports_its_waiting_tasks_and_recent_failures(client, staff):
    from kernel.models import Job
    from reports.tasks import decision_pdf_task

    now = timezone.now()
    Job.objects.create(kind="x", label="x", requested_by=staff, state="failed", error="Lỗi", finished_at=now)
    old = now - datetime.timedelta(days=2)
    Job.objects.create(kind="x", label="x", requested_by=staff, state="failed", error="Lỗi", finished_at=old)
    with override_settings(**DATABASE_TASKS):
        decision_pdf_task.enqueue(0)
        DBTaskResult.objects.update(enqueued_at=now - datetime.timedelta(seconds=90))
        response = client.get(URL)

    assert response.status_code == 200
    queue = response.json()["checks"]["task_queue"]
    assert queue == {"status": "ok", "queued": 1, "oldest_queued_seconds": mock.ANY, "failed_24h": 1, "ms": mock.ANY}
    assert 90 <= queue["oldest_queued_seconds"] < 120


def test_an_unreachable_queue_table_answers_503(client):
    missing = ProgrammingError('relation "django_tasks_database_dbtaskresult" does not exist')
    with override_settings(**DATABASE_TASKS), mock.patch.object(DBTaskResult.objects, "ready", side_effect=missing):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"]["task_queue"] == {"status": "error", "error": "ProgrammingError", "ms": mock.ANY}
    assert "django_tasks_database" not in response.content.decode()
