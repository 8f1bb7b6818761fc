"""What a web process does once, before its first request, instead of during it.

Django imports the URLconf (every app's views, and openpyxl and the report renderers behind them), reads the
translation catalogs and compiles each template on first use. gunicorn loads the portal once and forks its
workers (preload_app), but those first uses happened in each worker, on its first requests: 0.3 s for a worker
on a quiet machine, over a second for the workers that max_requests replaces while the others are busy, the
slowest requests of a load test. Done here, in the process that loads the portal, the forked workers share it."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connections
from django.template import engines
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver, reverse
from django.utils import translation


def process_warm_up() -> None:
    """Imports the URLconf, reads the catalogs of every language and compiles every template, without touching
    the database (a connection opened here would be shared by the forked workers)."""
    get_resolver().url_patterns  # noqa: B018  (the property imports every urls and views module)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            reverse("home")  # the resolver's reverse table, built per language
            translation.gettext("Log out")  # the language's catalogs, read once
    for engine in engines.all():
        if engine.name != "django":
            continue
        for name in _template_names(engine.dirs, engine.app_dirs):
            engine.get_template(name)  # kept by the cached loader (DEBUG off)
    try:
        staticfiles_storage.url("css/portal.css")  # the manifest of hashed names, read once
    except ValueError:  # not collected yet: the deploy check (tdkt.E008) says so
        pass
    connections.close_all()


def _template_names(dirs: list, app_dirs: bool) -> list[str]:
    roots = [Path(d) for d in dirs] + ([Path(d) for d in get_app_template_dirs("templates")] if app_dirs else [])
    names = []
    for root in roots:
        names += [path.relative_to(root).as_posix() for path in root.rglob("*.html")]
    return sorted(set(names))
