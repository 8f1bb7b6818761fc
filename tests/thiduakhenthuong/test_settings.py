"""Settings come from the environment; a production start without a secret key fails loudly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import django, json; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps([db['ENGINE'], str(db['NAME']), db['CONN_MAX_AGE'], settings.DEBUG, settings.ALLOWED_HOSTS, "
    "settings.LANGUAGE_CODE, settings.TIME_ZONE]))"
)


def _run(env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base, "DJANGO_SETTINGS_MODULE": "thiduakhenthuong.settings", **env},
    )


def test_quick_start_defaults_to_the_embedded_sqlite_file():
    result = _run({"DEBUG": "1", "DATABASE_URL": ""})
    assert result.returncode == 0, result.stderr
    engine, name, max_age, debug, hosts, language, zone = __import__("json").loads(result.stdout)
    assert engine == "django.db.backends.sqlite3" and name.endswith("db.sqlite3")
    assert (debug, language, zone) == (True, "vi", "Asia/Ho_Chi_Minh")


def test_production_values_are_read_from_the_environment():
    result = _run(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://tdkt:pw@db.internal:5432/tdkt",
            "CONN_MAX_AGE": "60",
            "ALLOWED_HOSTS": "tdkt.langson.gov.vn,127.0.0.1",
        }
    )
    assert result.returncode == 0, result.stderr
    engine, name, max_age, debug, hosts, *_ = __import__("json").loads(result.stdout)
    assert engine == "kernel.db.postgresql" and name == "tdkt"  # Django's, waiting for a restarting server
    assert (max_age, debug, hosts) == (60, False, ["tdkt.langson.gov.vn", "127.0.0.1"])


def test_without_debug_a_secret_key_is_required():
    result = _run({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
