"""Django set up for the benchmarks that fetch pages in the process (bench_scale.py, bench_decision.py)."""

import os
import sys
from pathlib import Path


def django_for_pages() -> None:
    """The portal's settings, with static files named by their plain names: the benchmarks time pages, with no
    collectstatic run first (the production storage needs its manifest); and the test Client's host allowed.
    Django's setup_test_environment is not called: it records every rendered template's context for tests
    (a copy per template render), which production never pays, and which made pages look slower than they are."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduakhenthuong.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    allowed = [*settings.ALLOWED_HOSTS, "testserver"]
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}, ALLOWED_HOSTS=allowed).enable()
