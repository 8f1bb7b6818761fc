"""Gates a reviewer would run by hand: models and migrations agree, and the code passes the linter."""

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


def test_the_code_passes_ruff():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is a test dependency (pyproject.toml); install the test extras")
    result = subprocess.run(
        [ruff, "check", "--output-format", "concise", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run([ruff, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_quick_start_database_migrates_and_keeps_its_triggers(tmp_path):
    """The README's first command runs on the embedded SQLite: every migration must apply there too, and the
    tables SQLite rebuilds must get their business-rule triggers back."""
    import os
    import sqlite3

    database = tmp_path / "quick-start.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "true", "SECRET_KEY": "test"}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with sqlite3.connect(database) as connection:
        triggers = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {
        "awards_award_guard_insert",
        "awards_decision_guard_update",
        "reports_report_guard_update",
        "reports_section_guard_insert",
    } <= triggers
