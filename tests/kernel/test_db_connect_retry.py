"""A new connection that PostgreSQL refuses (a restart) is tried again until DATABASE_CONNECT_RETRY_SECONDS, then
the error is raised; a live connection's failing query is never replayed (only connecting goes through here)."""

import time

import pytest
from django.db import connection, connections
from django.db.backends.postgresql import base as django_postgresql
from psycopg import OperationalError

from kernel.db.postgresql import base

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend")


@pytest.fixture
def refusals(monkeypatch):
    """Django's own connect refuses `count["left"]` times, then connects for real."""
    real = django_postgresql.DatabaseWrapper.get_new_connection
    count = {"left": 0, "tries": 0}

    def flaky(self, conn_params):
        count["tries"] += 1
        if count["left"]:
            count["left"] -= 1
            raise OperationalError("connection refused: the database system is starting up")
        return real(self, conn_params)

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "get_new_connection", flaky)
    monkeypatch.setattr(base, "FIRST_PAUSE_SECONDS", 0.01)
    return count


def _connect():
    wrapper = base.DatabaseWrapper(connections["default"].settings_dict.copy())
    try:
        return wrapper.get_new_connection(wrapper.get_connection_params())
    finally:
        wrapper.close()


def test_the_settings_choose_this_backend():
    assert connection.settings_dict["ENGINE"] == "kernel.db.postgresql"
    assert isinstance(connections["default"], base.DatabaseWrapper)


def test_a_refused_connection_is_tried_again_until_the_server_answers(refusals, settings, db):
    settings.DATABASE_CONNECT_RETRY_SECONDS = 5
    refusals["left"] = 3
    raw = _connect()
    try:
        assert raw.execute("SELECT 1").fetchone() == (1,)
    finally:
        raw.close()
    assert refusals["tries"] == 4


def test_it_gives_up_after_the_configured_time(refusals, settings):
    settings.DATABASE_CONNECT_RETRY_SECONDS = 0.1
    refusals["left"] = 1000
    with pytest.raises(OperationalError):
        _connect()
    assert 2 <= refusals["tries"] < 10


def test_zero_turns_the_wait_off(refusals, settings):
    settings.DATABASE_CONNECT_RETRY_SECONDS = 0
    refusals["left"] = 1
    with pytest.raises(OperationalError):
        _connect()
    assert refusals["tries"] == 1


def test_a_missing_database_is_not_waited_for(settings, db):
    """A misconfiguration (here a database that does not exist) fails at once, not after the retry time."""
    settings.DATABASE_CONNECT_RETRY_SECONDS = 30
    wrapper = base.DatabaseWrapper({**connections["default"].settings_dict, "NAME": "tdkt_no_such_database"})
    started = time.monotonic()
    with pytest.raises(OperationalError) as refused:
        wrapper.get_new_connection(wrapper.get_connection_params())
    assert "does not exist" in str(refused.value) and time.monotonic() - started < 5
