"""`manage.py check --deploy` is clean with the production settings README's "Configuration and production" lists,
and those settings read from the environment under Django's own names."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The production settings as README lists them (the secret key is any long random string).
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "p9Vx!r2Lq#7mZt4Wc8Ny1Hb6Ks3Dj0Fg5Aa-Ee_Uu+Ii=Oo*Yy%Tt@Rr",
    "ALLOWED_HOSTS": "tdkt.langson.gov.vn",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_PROXY_SSL_HEADER": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "CSRF_TRUSTED_ORIGINS": "https://tdkt.langson.gov.vn",
    "EMAIL_URL": "smtp+tls://tdkt%40langson.gov.vn:mat-khau@mail.langson.gov.vn:587",
    "PORTAL_URL": "https://tdkt.langson.gov.vn",
}
# DJANGO_ALLOW_ASYNC_UNSAFE: scripts/test sets it for Playwright; a deployment must not (async.E001).
NAMES = [
    *PRODUCTION,
    "CACHE_URL",
    "SESSION_COOKIE_AGE",
    "CONN_HEALTH_CHECKS",
    "CONN_MAX_AGE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
]


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in NAMES}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base, "DJANGO_SETTINGS_MODULE": "thiduakhenthuong.settings", **env},
    )


def _settings(env: dict) -> dict:
    code = (
        "import django, json; from django.conf import settings as s; django.setup(); print(json.dumps({"
        "'redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS, 'sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        "'preload': s.SECURE_HSTS_PRELOAD, 'proxy': s.SECURE_PROXY_SSL_HEADER, 'session': s.SESSION_COOKIE_SECURE,"
        "'csrf': s.CSRF_COOKIE_SECURE, 'origins': s.CSRF_TRUSTED_ORIGINS, 'age': s.SESSION_COOKIE_AGE,"
        "'health': s.DATABASES['default']['CONN_HEALTH_CHECKS']}))"
    )
    result = _run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _collected(folder: Path) -> dict:
    """STATIC_ROOT as collectstatic leaves it, as far as the check looks: its manifest."""
    (folder / "staticfiles.json").write_text('{"paths": {}, "version": "1.1", "hash": ""}')
    return {"STATIC_ROOT": str(folder)}


def test_check_deploy_is_clean_with_the_production_settings_of_the_readme(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], {**PRODUCTION, **_collected(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_says_when_collectstatic_did_not_run(tmp_path):
    result = _run(["manage.py", "check", "--deploy"], {**PRODUCTION, "STATIC_ROOT": str(tmp_path)})
    assert result.returncode != 0
    assert "tdkt.E008" in result.stderr and "collectstatic" in result.stderr


def test_check_deploy_warns_without_them(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {**PRODUCTION, **_collected(tmp_path), "SECURE_HSTS_SECONDS": "0"},
    )
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_check_deploy_warns_while_notices_e_mails_go_nowhere(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k not in ("EMAIL_URL", "PORTAL_URL")}
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], {**env, **_collected(tmp_path)})
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "tdkt.W011" in output and "tdkt.W012" in output


def test_the_production_settings_are_read_under_djangos_names():
    values = _settings({**PRODUCTION, "SESSION_COOKIE_AGE": "3600", "CONN_HEALTH_CHECKS": "false"})
    assert values == {
        "redirect": True,
        "hsts": 31536000,
        "sub": True,
        "preload": True,
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "session": True,
        "csrf": True,
        "origins": ["https://tdkt.langson.gov.vn"],
        "age": 3600,
        "health": False,
    }


def test_defaults_are_off_under_debug_and_a_session_lasts_a_working_day():
    values = _settings({"DEBUG": "true"})
    assert values == {
        "redirect": False,
        "hsts": 0,
        "sub": False,
        "preload": False,
        "proxy": None,
        "session": False,
        "csrf": False,
        "origins": [],
        "age": 9 * 60 * 60,
        "health": True,
    }


def test_check_deploy_refuses_a_cache_kept_in_each_process():
    """Several workers or app servers would each count login failures on their own."""
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], {**PRODUCTION, "CACHE_URL": "locmemcache://"}
    )
    assert result.returncode != 0
    assert "tdkt.E006" in result.stdout + result.stderr
