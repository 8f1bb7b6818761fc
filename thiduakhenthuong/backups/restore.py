"""manage.py restore: a backup set back into the configured database and storage, then checked.

`restore_plan` changes nothing: it verifies the set (every SHA-256), refuses a backup of another engine or one
whose migrations this code does not have (a newer release's), checks the PostgreSQL tools and measures the
target: the rows someone entered (0 for a new or freshly migrated database) and the files in storage that the
set would replace with other bytes. The command asks before replacing either. `restore_apply` first copies the
current bytes of each file it will replace into a folder of its own (named in the summary), then writes the files
storage lacks, under their own names (a file already there with the same bytes is kept), then the database, in
one transaction, and only once that succeeded replaces the conflicting files. A failure before then leaves the
database and every stored file as they were, adding only files nothing references; a storage error is reported
naming the file and what was and was not done. Then `restore_verify` checks what was restored against the manifest:
the migration state and every table's rows, each issued report's stored PDF against its stored SHA-256 (and the
set's), each referenced attachment opened, read to its end and hashed.
"""

import contextlib
import hashlib
import shutil
import tempfile
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
from thiduakhenthuong.backups.layout import (
    BackupError,
    copy_hashing,
    file_path,
    problems_message,
    safe_name,
    set_verify,
)


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
    files_written: int  # absent files written and conflicting files replaced
    replaced_aside: Path | None  # where the replaced files' previous bytes were copied, when any
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


def _file_save(plan: RestorePlan, entry: dict[str, Any]) -> None:
    """The backup's bytes of entry into storage under its name (absent there: deleted first when replaced)."""
    name = entry["name"]
    with open(file_path(plan.directory, entry["storage"], name), "rb") as handle:
        saved = storage_get(entry["storage"]).save(name, File(handle, name=name))
    if saved != name:
        raise BackupError(f"The storage saved {name} as {saved}: the rows would not find it.")


def _storage_failed(entry: dict[str, Any], error: Exception, state: str) -> BackupError:
    return BackupError(f"Writing {entry['name']} to storage {entry['storage']!r} failed: {error}.\n{state}")


def _conflicts_set_aside(plan: RestorePlan) -> Path | None:
    """Copy the current bytes of every file the restore will replace into a new folder (mode 0700: personal data),
    under <storage>/<name>, so that none is lost whatever fails later. $TMPDIR chooses where."""
    if not plan.conflicts:
        return None
    aside = Path(tempfile.mkdtemp(prefix="tdkt-restore-replaced-"))
    for entry in plan.conflicts:
        target = aside / entry["storage"] / safe_name(entry["name"])
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage_get(entry["storage"]).open(entry["name"], "rb") as source, open(target, "wb") as copy:
                copy_hashing(source, copy)
        except Exception as error:  # OSError from a disk, botocore's errors from an object store
            _aside_drop(aside)
            raise BackupError(
                f"Copying the current bytes of {entry['name']} aside to {target} failed: {error}.\nNothing was "
                "changed: not the database, not storage. Fix the cause (or set TMPDIR to a folder with room) and "
                "run restore again."
            ) from error
    return aside


def _aside_drop(aside: Path | None) -> None:
    """Nothing was replaced: the copies set aside are not needed (and hold personal data)."""
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


def _absent_write(plan: RestorePlan) -> int:
    """The files storage lacks, before the database: until it is restored nothing references them."""
    conflicts = {FileRef(entry["storage"], entry["name"]) for entry in plan.conflicts}
    written = 0
    for entry in plan.manifest["files"]:
        ref = FileRef(entry["storage"], entry["name"])
        if ref in plan.present or ref in conflicts:
            continue
        try:
            _file_save(plan, entry)
        except Exception as error:
            if not isinstance(error, BackupError):  # a partial file would be taken for a conflict by the next run
                with contextlib.suppress(Exception):  # the error above is the one to report
                    storage_get(ref.storage).delete(ref.name)
            raise _storage_failed(
                entry,
                error,
                f"The database was not touched and no file storage held was changed; the {written} files written "
                "before it were ones storage lacked. Fix the cause and run restore again.",
            ) from error
        written += 1
    return written


def _conflicts_replace(plan: RestorePlan, aside: Path) -> int:
    """Once the database is restored: each conflicting file's backup bytes in place of its current ones."""
    for done, entry in enumerate(plan.conflicts):
        try:
            storage_get(entry["storage"]).delete(entry["name"])
            _file_save(plan, entry)
        except Exception as error:
            raise _storage_failed(
                entry,
                error,
                f"The database was restored from the backup and {done} of the {len(plan.conflicts)} files storage "
                f"held with other bytes were replaced; {entry['name']} may now be missing or incomplete in storage. "
                f"The previous bytes of all {len(plan.conflicts)} are in {aside}. Fix the cause and run restore "
                "again with --force: it replaces the rest.",
            ) from error
    return len(plan.conflicts)


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
    aside = _conflicts_set_aside(plan)
    try:
        written = _absent_write(plan)
    except BackupError:
        _aside_drop(aside)
        raise
    try:
        _database_write(plan)
    except BackupError as error:
        _aside_drop(aside)
        kept = (
            f"; the {len(plan.conflicts)} files storage holds with other bytes were left as they were"
            if plan.conflicts
            else ""
        )
        raise BackupError(
            f"{error}\nThe database restore runs in one transaction, so none of it was applied. Storage: the "
            f"{written} files it lacked were added{kept}. Fix the cause and run restore again."
        ) from error
    if aside is not None:
        written += _conflicts_replace(plan, aside)
    problems, reports, files, file_bytes, missing_before = restore_verify(plan.manifest)
    tables: dict[str, int] = plan.manifest["database"]["tables"]
    return RestoreResult(
        seconds=time.monotonic() - start,
        files_written=written,
        replaced_aside=aside,
        files_kept=len(plan.present),
        reports_checked=reports,
        files_checked=files,
        file_bytes=file_bytes,
        rows=sum(tables.values()),
        pending_migrations=migrations_pending(),
        missing_before=missing_before,
        problems=problems,
    )
