import pytest
from django.db import transaction

from thiduakhenthuong.demo import demo_load


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The Lạng Sơn 2018 demo, as `manage.py load_demo` loads it, once per test module: loaded inside an
    outer transaction that each test's own transaction nests in, and rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        result = demo_load()
        yield result
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_module, db):
    return demo_module
