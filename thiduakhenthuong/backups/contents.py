"""What the database holds that a backup carries or checks, read through the ORM on the default connection.

The caller holds the snapshot (a REPEATABLE READ transaction on PostgreSQL, a read transaction on SQLite), so
that these reads see exactly the rows of the dump. Attachments are found from the models, not from a list: every
concrete FileField of every installed app (campaigns' documents and covenants, dossiers' files today), so that a
field added later is backed up without touching this module.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import DefaultStorage, Storage, default_storage, storages
from django.db import DatabaseError, connection, models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.graph import MigrationGraph
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from reports.models import Report
from thiduakhenthuong.backups.layout import BackupError

# Tables whose rows a fresh `migrate` writes by itself, or that only hold passing state: a database whose other
# tables are all empty is "empty" for a restore.
BOOKKEEPING_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission", "django_session"})


@dataclass(frozen=True, order=True)
class FileRef:
    """An attachment as rows reference it: its storage alias (settings.STORAGES) and its name in that storage."""

    storage: str
    name: str


@dataclass
class Contents:
    migrations: dict[str, str]  # app label → latest applied migration
    tables: dict[str, int]  # table → rows
    files: dict[FileRef, list[str]]  # referenced attachment → the fields referencing it ("campaigns.Document.file")
    issued_reports: list[dict[str, Any]]  # id, number and symbol, the stored PDF's SHA-256


def contents_read() -> Contents:
    return Contents(
        migrations=migration_state(),
        tables=table_counts(),
        files=referenced_files(),
        issued_reports=issued_reports(),
    )


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, models.FileField):
                found.append((model, field))
    return found


def storage_alias(storage: Storage) -> str:
    if isinstance(storage, DefaultStorage) or storage is storages["default"]:
        return "default"
    for alias in settings.STORAGES:
        if storages[alias] is storage:
            return alias
    raise BackupError(f"A file field uses a storage that settings.STORAGES does not name ({storage!r}).")


def storage_get(alias: str) -> Storage:
    return default_storage if alias == "default" else storages[alias]


def referenced_files() -> dict[FileRef, list[str]]:
    files: dict[FileRef, list[str]] = {}
    for model, field in file_fields():
        alias = storage_alias(field.storage)
        label = f"{model._meta.label}.{field.name}"
        names = (
            model._base_manager.exclude(**{field.attname: ""})
            .filter(**{f"{field.attname}__isnull": False})
            .order_by()
            .values_list(field.attname, flat=True)
            .distinct()
        )
        for name in names.iterator():
            files.setdefault(FileRef(alias, name), []).append(label)
    return files


def storage_names(storage: Storage) -> set[str] | None:
    """Every file name in the storage (None when the storage cannot list its files)."""
    names: set[str] = set()
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:
            continue  # MEDIA_ROOT not created yet: no file
        except NotImplementedError:
            return None
        prefix = f"{folder}/" if folder else ""
        names.update(prefix + name for name in files)
        folders.extend(prefix + name for name in subfolders)
    return names


def _graph() -> MigrationGraph:
    return MigrationLoader(None, ignore_no_migrations=True).graph


def latest_migrations(applied: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Per app, the applied migration that comes last in this code's graph (by name for one it does not know)."""
    graph = _graph()
    ranked: dict[str, tuple[int, str]] = {}
    for app, name in applied:
        depth = len(graph.forwards_plan((app, name))) if (app, name) in graph.nodes else -1
        ranked[app] = max(ranked.get(app, (-2, "")), (depth, name))
    return {app: name for app, (_, name) in sorted(ranked.items())}


def migration_state() -> dict[str, str]:
    return latest_migrations(MigrationRecorder(connection).applied_migrations())


def migrations_unknown(state: dict[str, str]) -> list[str]:
    """The migrations of a backup's state that this code does not have: the backup is newer than the code."""
    nodes = _graph().nodes
    return [f"{app}.{name}" for app, name in sorted(state.items()) if (app, name) not in nodes]


def migrations_pending() -> int:
    """How many of this code's migrations the database (as restored) has not applied: `migrate` adds them."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            try:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            except DatabaseError as error:
                raise BackupError(f"Cannot read the table {table} ({error}).") from error
            counts[table] = cursor.fetchone()[0]
    return counts


def cache_tables() -> set[str]:
    return {str(cache["LOCATION"]) for cache in settings.CACHES.values() if "DatabaseCache" in cache["BACKEND"]}


def data_rows(counts: dict[str, int]) -> int:
    """The rows of a database that someone entered: 0 for a new or freshly migrated database."""
    skipped = BOOKKEEPING_TABLES | cache_tables()
    return sum(rows for table, rows in counts.items() if table not in skipped)


def issued_reports() -> list[dict[str, Any]]:
    reports = Report.objects.filter(status=Report.Status.ISSUED).only("number", "symbol", "pdf_sha256")
    return [
        {"id": report.pk, "number_symbol": report.number_symbol, "pdf_sha256": report.pdf_sha256}
        for report in reports.order_by("pk")
    ]


def issued_reports_stored() -> Iterator[tuple[int, str, str, bytes]]:
    """Each issued report as stored: id, number and symbol, the SHA-256 stored beside its PDF, the PDF bytes."""
    reports = Report.objects.filter(status=Report.Status.ISSUED).only("number", "symbol", "pdf", "pdf_sha256")
    for report in reports.order_by("pk").iterator(chunk_size=20):
        yield report.pk, report.number_symbol, report.pdf_sha256, bytes(report.pdf or b"")
