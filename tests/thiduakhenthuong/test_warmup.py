"""thiduakhenthuong.wsgi and warmup: a web process imports its views, reads its catalogs and compiles its templates
before its first request (gunicorn's forked workers then share them), opens no database connection doing it, and
keeps what it loaded out of later garbage collections."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import django
django.setup()
from django.db import connection
from django.template import engines
from django.utils import translation
from django.db.backends.signals import connection_created
opened = []
connection_created.connect(lambda sender, **kwargs: opened.append(1), weak=False)
before = {"views": "awards.decisions.views" in sys.modules, "db": connection.connection is not None}
import gc
import thiduakhenthuong.wsgi  # the web process's entry: the warm-up, then the loaded objects frozen
loader = engines["django"].engine.template_loaders[0]
cached = sorted(getattr(loader, "get_template_cache", {}))
print(json.dumps({
    "before": before,
    "views": "awards.decisions.views" in sys.modules and "reports.views" in sys.modules,
    "templates": cached,
    "catalog": "vi" in translation.trans_real._translations,
    "db": bool(opened),
    "frozen": gc.get_freeze_count(),
    "collected": len(gc.get_objects()),
}))
"""


def run_probe() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thiduakhenthuong.settings", "DEBUG": "false"}
    env.setdefault("SECRET_KEY", "warm-up-probe")
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_views_catalogs_and_every_template_are_ready_before_the_first_request_without_the_database():
    probe = run_probe()
    assert probe["before"] == {"views": False, "db": False}  # what Django leaves to the first request
    assert probe["views"] and probe["catalog"]
    templates = set(probe["templates"])
    assert {"base.html", "_nav_menu.html", "awards/decision_list.html", "registration/login.html"} <= templates
    on_disk = {p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*.html")}
    assert on_disk <= templates
    assert probe["db"] is False
    assert probe["frozen"] > 10 * probe["collected"]  # a worker's full collection no longer traverses the portal
