"""Shared fixtures: the reference catalog, the personas every view is tried with, and browser settings."""

import io
import shutil

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from clusters.models import UnitUser
from kernel.roles import COUNCIL_MEMBER, LEADER, UNIT_CLERK, roles_ensure
from tests.factories import UnitFactory, UserFactory, secretariat_user


def pytest_collection_modifyitems(config, items):
    # Browser tests need Debian's Chromium; everything else runs everywhere.
    for item in items:
        if "ui" in item.path.parts:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The suite runs on PostgreSQL (as production does), with the reference catalog loaded once."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.exit("The test suite runs on PostgreSQL: use scripts/test (it starts one).", returncode=2)
        call_command("load_catalog", stdout=io.StringIO())


@pytest.fixture(autouse=True, scope="session")
def media_root(tmp_path_factory):
    """Uploaded and demo files go to a temporary folder, never into the checkout's media/."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The Lạng Sơn 2018 demo, as `manage.py load_demo` loads it, once per test module: loaded inside an
    outer transaction that each test's own transaction nests in, and rolled back after the module."""
    from thiduakhenthuong.demo import demo_load

    with django_db_blocker.unblock(), transaction.atomic():
        result = demo_load()
        yield result
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_module, db):
    return demo_module


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher spends ~0.5 s per password on purpose; tests only need it to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Login-throttling counts live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalog(db):
    """For transactional tests, whose database is emptied after each test."""
    from awards.models import AwardType

    if not AwardType.objects.exists():
        call_command("load_catalog", stdout=io.StringIO())


# Personas (house style): provincial staff, clerks of two units, a council member, and anonymous.
@pytest.fixture
def staff(db):
    return secretariat_user(username="canbo.bantdkt")


def _in_role(user, role: str):
    roles_ensure()
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
