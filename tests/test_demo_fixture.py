"""The `demo` fixture (tests/conftest.py): the demo is loaded once per test process into a database of its own.
A test that does not ask for the demo never sees a demo row, and what a test of the demo writes is gone for the
next one. (Run in one process, `-n 0`, these tests follow each other in this order; under xdist they may land on
different workers, where each still holds.)"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from awards.models import Decision
from clusters.models import Unit
from thiduakhenthuong.demo import DEMO_CLERK_UNIT, STAFF_LOGIN

WRITTEN = "Đơn vị chỉ có trong một phép thử"


def _demo_rows() -> dict[str, bool]:
    return {
        "staff login": get_user_model().objects.filter(username=STAFF_LOGIN.username).exists(),
        "decisions": Decision.objects.exists(),
        "clerk's unit": Unit.objects.filter(name=DEMO_CLERK_UNIT).exists(),
    }


def test_a_test_of_the_demo_runs_on_the_demo_database_and_writes_in_its_own_transaction(demo):
    assert connection.settings_dict["NAME"].endswith("_demo")
    assert _demo_rows() == {"staff login": True, "decisions": True, "clerk's unit": True}
    assert demo["decisions"] > 0 and demo["reports"] == 1
    Unit.objects.create(name=WRITTEN)
    Unit.objects.filter(name=DEMO_CLERK_UNIT).update(name=f"{DEMO_CLERK_UNIT} (đổi tên)")
    assert Unit.objects.filter(name=WRITTEN).exists()


@pytest.mark.django_db
def test_a_test_without_the_demo_sees_no_demo_row():
    assert not connection.settings_dict["NAME"].endswith("_demo")
    assert _demo_rows() == {"staff login": False, "decisions": False, "clerk's unit": False}
    assert not Unit.objects.filter(name=WRITTEN).exists()


def test_the_next_test_of_the_demo_finds_it_as_loaded(demo):
    assert _demo_rows() == {"staff login": True, "decisions": True, "clerk's unit": True}
    assert not Unit.objects.filter(name=WRITTEN).exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_without_the_demo_sees_no_demo_row():
    assert not connection.settings_dict["NAME"].endswith("_demo")
    assert _demo_rows() == {"staff login": False, "decisions": False, "clerk's unit": False}
