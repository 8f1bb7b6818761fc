"""SQLite (the quick start): a consistent copy with SQLite's online backup API, and the copy back.

Consistency as for PostgreSQL (see backups.postgres): `snapshot_dump` opens a transaction on Django's connection,
reads what the manifest needs in it (the first read fixes the snapshot: in WAL mode a reader keeps its view, in
rollback-journal mode its shared lock keeps writers out until it ends) and then copies the database through that
same connection, which copies the snapshot it reads.
"""

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.db import connection, transaction

from thiduakhenthuong.backups.layout import BackupError

T = TypeVar("T")


def copy(source: sqlite3.Connection, target: Path) -> None:
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()


def snapshot_dump(*, target: Path, read: Callable[[], T]) -> T:
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction: it takes a snapshot of its own.")
    with transaction.atomic():
        result = read()
        copy(connection.connection, target)
    return result


def restore(*, dump: Path) -> None:
    """Replace the configured SQLite database's contents with the copy, page by page (all or nothing)."""
    name = connection.settings_dict["NAME"]
    connection.close()
    source = sqlite3.connect(dump.resolve().as_uri() + "?mode=ro", uri=True)
    destination = sqlite3.connect(name)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
