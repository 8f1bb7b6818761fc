"""Shared fixtures: the reference catalog, the personas every view is tried with, and browser settings."""

import io
import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from clusters.models import UnitUser
from kernel.roles import COUNCIL_MEMBER, LEADER, UNIT_CLERK
from tests.factories import UnitFactory, UserFactory, roles_ready, secretariat_user


def pytest_collection_modifyitems(config, items):
    # Browser tests need Debian's Chromium; everything else runs everywhere.
    for item in items:
        if "ui" in item.path.parts:
            item.add_marker(pytest.mark.browser)


class _TransactionalTestsLast:
    """pytest-django runs transactional tests after the others, since each empties the database (the catalog
    too) when it ends. --ff and --nf reorder the tests after it: this puts the transactional ones last again,
    keeping any other order. Registered in pytest_configure, after the cache plugin, so that it runs last."""

    @staticmethod
    def _transactional(item) -> bool:
        marker = item.get_closest_marker("django_db")
        if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
            return True
        return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_collection_modifyitems(self, items):
        result = yield
        items.sort(key=self._transactional)
        return result


def pytest_configure(config):
    config.pluginmanager.register(_TransactionalTestsLast(), "tdkt-transactional-tests-last")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The suite runs on PostgreSQL (as production does), with the reference catalog loaded once."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.exit("The test suite runs on PostgreSQL: use scripts/test (it starts one).", returncode=2)
        call_command("load_catalog", stdout=io.StringIO())


@pytest.fixture(autouse=True, scope="session")
def plain_static_storage():
    """Pages name static files by their plain names: the production storage (hashed names, compressed copies) needs
    a collectstatic before any page renders, which tests/thiduakhenthuong/test_static_files.py runs and checks."""
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": plain}
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(autouse=True, scope="session")
def media_root(tmp_path_factory):
    """Uploaded and demo files go to a temporary folder, never into the checkout's media/."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


class _DemoDatabase:
    """Where each test process (each xdist worker) keeps the demo: a database of its own beside the test
    database, created once as a copy of it (schema and catalog) and loaded once with the demo, committed.

    Tests that ask for the demo run on that database, each in its own transaction rolled back afterwards (the
    `db` fixture), so the demo stays as loaded; every other test runs on the test database, which never holds
    a demo row. `pytest_runtest_setup` points Django's connection at the right one before each test."""

    test_name: str | None = None  # the worker's test database
    name: str | None = None  # its demo database, once created
    result: dict[str, int] | None = None  # what demo_load() reported

    @staticmethod
    def use(name: str) -> None:
        if connection.settings_dict["NAME"] == name:
            return
        if connection.in_atomic_block:
            raise RuntimeError(
                f"Cannot move the connection to {name}: a transaction is open (a module- or session-scoped "
                "fixture holding one, around a test that asks for the demo and tests that do not?)"
            )
        connection.close()
        connection.settings_dict["NAME"] = name


_demo_database = _DemoDatabase()


def _needs_demo(item) -> bool:
    return "demo_database" in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before any fixture of the test: the demo database for a test of the demo, the test database otherwise.
    if _demo_database.name is not None:
        _demo_database.use(_demo_database.name if _needs_demo(item) else _demo_database.test_name)


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker, media_root):
    """The Lạng Sơn 2018 demo, as `manage.py load_demo` loads it, once per test process (see _DemoDatabase)."""
    from awards.models import AwardType
    from thiduakhenthuong.demo import demo_load

    test_name = connection.settings_dict["NAME"]
    name = f"{test_name}_demo"
    with django_db_blocker.unblock():
        connection.close()  # PostgreSQL copies a database nobody is connected to
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{test_name}"')
        _demo_database.test_name, _demo_database.name = test_name, name
        _demo_database.use(name)
        if not AwardType.objects.exists():  # a transactional test emptied the test database before the copy
            call_command("load_catalog", stdout=io.StringIO())
        _demo_database.result = demo_load()
    yield _demo_database.result
    with django_db_blocker.unblock():
        _demo_database.use(test_name)
        _demo_database.name = None
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def demo(demo_database, db, request):
    """The demo for one test, in the test's transaction (rolled back after it) on the demo database."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        pytest.fail("A test of the demo cannot be transactional: it would empty the demo database.")
    return dict(demo_database)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher spends ~0.5 s per password on purpose; tests only need it to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Login-throttling counts live in the cache: each test starts with none. Tests count them in the process's
    memory, which needs no database; the tests of the throttle itself switch to the production default, the
    database cache (tests/kernel/test_throttle.py), whose table `migrate` created with the test database (session
    fixtures are set up before this one, under the real settings)."""
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def catalog(db):
    """For transactional tests, whose database is emptied after each test."""
    from awards.models import AwardType
    from reports.models import ReportLayout

    # A test may have made an award type of its own without the rest of the catalog: the layouts tell.
    if not (AwardType.objects.exists() and ReportLayout.objects.exists()):
        call_command("load_catalog", stdout=io.StringIO())


# Personas (house style): provincial staff, clerks of two units, a council member, and anonymous.
@pytest.fixture
def staff(db):
    return secretariat_user(username="canbo.bantdkt")


def _in_role(user, role: str):
    roles_ready()
    user.groups.add(Group.objects.get(name=role))
    return user


def _unit_clerk(username: str, unit_name: str):
    unit = UnitFactory(name=unit_name)
    user = _in_role(UserFactory(username=username), UNIT_CLERK)
    UnitUser.objects.create(user=user, unit=unit)
    return user


@pytest.fixture
def unit_a(clerk_a):
    return clerk_a.unit_account.unit


@pytest.fixture
def unit_b(clerk_b):
    return clerk_b.unit_account.unit


@pytest.fixture
def clerk_a(db):
    """The clerk of unit A: reads their unit's registrations and the issued decisions awarding it."""
    return _unit_clerk("vanthu.donvi.a", "Đơn vị A")


@pytest.fixture
def clerk_b(db):
    return _unit_clerk("vanthu.donvi.b", "Đơn vị B")


@pytest.fixture
def council_member(db):
    return _in_role(UserFactory(username="uyvien.hoidong"), COUNCIL_MEMBER)


@pytest.fixture
def leader(db):
    """A leader of the provincial People's Committee: reads everything provincial, changes nothing."""
    return _in_role(UserFactory(username="lanhdao.ubnd"), LEADER)


@pytest.fixture
def viewer(db):
    """A leader who may read decisions and statistics but change nothing: catches a view that checks the
    wrong permission."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username="lanhdao.xem")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="awards", codename="view_decision"),
        Permission.objects.get(content_type__app_label="reports", codename="view_statistics"),
    )
    return user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
