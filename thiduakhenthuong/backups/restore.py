"""manage.py restore: a backup set back into the configured database and storage, then checked.

`restore_plan` changes nothing: it verifies the set (every SHA-256), refuses a backup of another engine or one
whose migrations this code does not have (a newer release's), checks the PostgreSQL tools and measures the
target: the rows someone entered (0 for a new or freshly migrated database) and the files in storage that the
set would replace with other bytes. The command asks before replacing either. `restore_apply` writes the files
first, under their own names (a file already there with the same bytes is kept), then the database, in one
transaction: a failure there leaves the database as it was and only adds files nothing references. Then
`restore_verify` checks what was restored against the manifest: the migration state and every table's rows, each
issued report's stored PDF against its stored SHA-256 (and the set's), each referenced attachment opened, read to
its end and hashed.
"""

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import connection

from thiduakhenthuong.backups import postgres, sqlite
from thiduakhenthuong.backups.contents import (
    FileRef,
    cache_tables,
    data_rows,
    issued_reports_stored,
    migration_state,
    migrations_pending,
    migrations_unknown,
    referenced_files,
    storage_get,
    table_counts,
)
from thiduakhenthuong.backups.layout import BackupError, copy_hashing, file_path, problems_message, set_verify


@dataclass
class RestorePlan:
    directory: Path
    manifest: dict[str, Any]
    target_rows: int  # rows already in the target database, bookkeeping aside
    conflicts: list[dict[str, Any]]  # files of the set whose name storage holds with other bytes
    present: set[FileRef]  # files of the set already in storage, same bytes
    tool: postgres.Tool | None
    warnings: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    seconds: float
    files_written: int
    files_kept: int
    reports_checked: int
    files_checked: int
    file_bytes: int
    rows: int
    pending_migrations: int
    missing_before: list[str]
    problems: list[str]


def _storage_state(manifest: dict[str, Any]) -> tuple[set[FileRef], list[dict[str, Any]]]:
    present, conflicts = set(), []
    for entry in manifest["files"]:
        try:
            storage = storage_get(entry["storage"])
        except Exception as error:  # an alias this installation's STORAGES lacks
            raise BackupError(f"The backup's storage {entry['storage']!r} is not configured here ({error}).") from error
        if not storage.exists(entry["name"]):
            continue
        with storage.open(entry["name"], "rb") as handle:
            stored = copy_hashing(handle)
        if stored == (entry["size"], entry["sha256"]):
            present.add(FileRef(entry["storage"], entry["name"]))
        else:
            conflicts.append(entry)
    return present, conflicts


def restore_plan(directory: Path) -> RestorePlan:
    manifest = set_verify(directory)
    engine = manifest["database"]["engine"]
    if engine != connection.vendor:
        raise BackupError(f"The backup is of a {engine} database; this portal is configured for {connection.vendor}.")
    unknown = migrations_unknown(manifest["migrations"])
    if unknown:
        raise BackupError(
            problems_message(
                "The backup is newer than this code: its database has migrations this code does not have. Deploy the "
                "release it was made with (or a later one), then restore. Nothing was changed:",
                unknown,
            )
        )
    tool, warnings = postgres.restore_check(manifest["database"]) if engine == "postgresql" else (None, [])
    present, conflicts = _storage_state(manifest)
    return RestorePlan(
        directory=directory,
        manifest=manifest,
        target_rows=data_rows(table_counts()),
        conflicts=conflicts,
        present=present,
        tool=tool,
        warnings=warnings,
    )


def _files_write(plan: RestorePlan) -> int:
    replaced = {(entry["storage"], entry["name"]) for entry in plan.conflicts}
    written = 0
    for entry in plan.manifest["files"]:
        alias, name = entry["storage"], entry["name"]
        if FileRef(alias, name) in plan.present:
            continue
        storage = storage_get(alias)
        if (alias, name) in replaced:
            storage.delete(name)
        with open(file_path(plan.directory, alias, name), "rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}: the rows would not find it.")
        written += 1
    return written


def _database_write(plan: RestorePlan) -> None:
    dump = plan.directory / plan.manifest["database"]["dump"]["name"]
    if plan.tool is not None:
        postgres.restore(dump=dump, tool=plan.tool, tables=set(plan.manifest["database"]["tables"]))
    else:
        sqlite.restore(dump=dump)
    ContentType.objects.clear_cache()  # ids cached by this process may have changed


def _reports_verify(manifest: dict[str, Any], problems: list[str]) -> int:
    expected = {entry["id"]: entry for entry in manifest["issued_reports"]}
    seen = set()
    for pk, label, stored_sha256, pdf in issued_reports_stored():
        seen.add(pk)
        actual = hashlib.sha256(pdf).hexdigest()
        if actual != stored_sha256:
            problems.append(
                f"issued report {label} (id {pk}): its PDF hashes to {actual}, not its stored {stored_sha256}"
            )
        elif pk not in expected or expected[pk]["pdf_sha256"] != stored_sha256:
            problems.append(f"issued report {label} (id {pk}) is not the one the backup lists")
    problems.extend(
        f"issued report {entry['number_symbol']} (id {pk}) is missing"
        for pk, entry in expected.items()
        if pk not in seen
    )
    return len(seen)


def _files_verify(manifest: dict[str, Any], problems: list[str]) -> tuple[int, int, list[str]]:
    entries = {FileRef(entry["storage"], entry["name"]): entry for entry in manifest["files"]}
    missing_before = {FileRef(entry["storage"], entry["name"]) for entry in manifest.get("missing_files", [])}
    checked = total = 0
    noted = []
    for ref, fields in sorted(referenced_files().items()):
        entry = entries.get(ref)
        if entry is None:
            if ref in missing_before:
                noted.append(f"{ref.name} ({', '.join(fields)})")
            else:
                problems.append(f"{ref.name} ({', '.join(fields)}) is referenced but not in the backup")
            continue
        try:
            with storage_get(ref.storage).open(ref.name, "rb") as handle:
                size, sha256 = copy_hashing(handle)
        except Exception as error:  # OSError from a disk, botocore's errors from an object store: all a failure
            problems.append(f"{ref.name} does not open: {error!r}")
            continue
        if (size, sha256) != (entry["size"], entry["sha256"]):
            problems.append(f"{ref.name} reads {size} bytes with SHA-256 {sha256}, not the backup's {entry['sha256']}")
        checked += 1
        total += size
    return checked, total, noted


def restore_verify(manifest: dict[str, Any]) -> tuple[list[str], int, int, int, list[str]]:
    """Problems found (none when the restore is faithful), issued reports checked, files checked and their bytes,
    files already missing when the backup was made."""
    problems = []
    state = migration_state()
    if state != manifest["migrations"]:
        problems.append(f"the migration state is {state}, the backup's {manifest['migrations']}")
    counts = table_counts()
    passing = {"django_session"} | cache_tables()
    for table, rows in sorted(manifest["database"]["tables"].items()):
        if table not in passing and counts.get(table) != rows:
            problems.append(f"table {table} has {counts.get(table)} rows, the backup {rows}")
    reports = _reports_verify(manifest, problems)
    files, file_bytes, missing_before = _files_verify(manifest, problems)
    return problems, reports, files, file_bytes, missing_before


def restore_apply(plan: RestorePlan) -> RestoreResult:
    start = time.monotonic()
    written = _files_write(plan)
    try:
        _database_write(plan)
    except BackupError as error:
        raise BackupError(
            f"{error}\nThe database restore runs in one transaction, so none of it was applied (the files written "
            "to storage are referenced by nothing yet). Fix the cause and run restore again."
        ) from error
    problems, reports, files, file_bytes, missing_before = restore_verify(plan.manifest)
    tables: dict[str, int] = plan.manifest["database"]["tables"]
    return RestoreResult(
        seconds=time.monotonic() - start,
        files_written=written,
        files_kept=len(plan.present),
        reports_checked=reports,
        files_checked=files,
        file_bytes=file_bytes,
        rows=sum(tables.values()),
        pending_migrations=migrations_pending(),
        missing_before=missing_before,
        problems=problems,
    )
