"""A consistent read of the database without locks, for work that reads much before it writes (kernel/jobs.py)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def read_only_snapshot() -> Iterator[None]:
    """Reads that must agree with each other (a report's figures and its text) from one snapshot, holding no lock:
    on PostgreSQL a REPEATABLE READ, READ ONLY transaction. Inside a caller's transaction (the tests', the quick
    start's immediate tasks) or on SQLite, that transaction already gives one consistent view."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
