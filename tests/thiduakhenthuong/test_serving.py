"""The production server's configuration (gunicorn.conf.py) loads, in Python and in gunicorn, and honours the
environment; the scripts that serve it parse."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "gunicorn.conf.py"
VARIABLES = ("WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_GRACEFUL_TIMEOUT", "GUNICORN_BIND", "FORWARDED_ALLOW_IPS")


@pytest.fixture
def clean_environment(monkeypatch):
    for name in (*VARIABLES, "GUNICORN_CONTROL_SOCKET", "GUNICORN_MAX_REQUESTS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_defaults_suit_the_machine_and_the_slow_pdf_requests(clean_environment):
    config = runpy.run_path(str(CONFIG))

    assert config["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    assert (config["timeout"], config["graceful_timeout"]) == (60, 30)
    assert config["worker_class"] == "sync" and config["wsgi_app"] == "thiduakhenthuong.wsgi:application"
    assert config["accesslog"] == "-" and "%(U)s" in config["access_log_format"]
    assert config["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert config["control_socket_disable"] is True


def test_the_environment_sets_workers_timeouts_and_trusted_proxies(clean_environment):
    clean_environment.setenv("WEB_CONCURRENCY", "3")
    clean_environment.setenv("GUNICORN_TIMEOUT", "90")
    clean_environment.setenv("GUNICORN_GRACEFUL_TIMEOUT", "20")
    clean_environment.setenv("FORWARDED_ALLOW_IPS", "10.0.0.2")

    config = runpy.run_path(str(CONFIG))

    assert (config["workers"], config["timeout"], config["graceful_timeout"]) == (3, 90, 20)
    assert config["forwarded_allow_ips"] == "10.0.0.2"


def test_gunicorn_itself_reads_the_file_with_the_environment():
    environment = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    environment |= {"WEB_CONCURRENCY": "4", "GUNICORN_TIMEOUT": "75", "GUNICORN_BIND": "127.0.0.1:8099"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--print-config"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    printed = dict(line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)
    printed = {name.strip(): value.strip() for name, value in printed.items()}
    assert (printed["workers"], printed["timeout"], printed["bind"]) == ("4", "75", "['127.0.0.1:8099']")
    assert printed["control_socket_disable"] == "True" and printed["accesslog"] == "-"


@pytest.mark.parametrize("script", ["scripts/serve", "scripts/test", "scripts/_postgres.sh"])
def test_the_scripts_parse(script):
    result = subprocess.run(["bash", "-n", str(ROOT / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
