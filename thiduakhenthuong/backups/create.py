"""manage.py backup: the database and the attachments its rows reference, as one consistent set.

The dump is taken first, in a snapshot that also lists the referenced attachments (backups.postgres,
backups.sqlite); those files are then copied from their storage through Django's storage API (never from a
local path, so an object store works as MEDIA_ROOT does), each hashed as it is copied. Files in storage that no
row references (an upload whose row was rolled back) are left out and counted. A referenced file missing from
storage fails the backup, unless allow_missing: then the manifest lists it and a restore reports it as missing
before the backup already. The manifest is written last, so a folder without one is an unfinished backup; a
failed backup removes what it wrote.
"""

import datetime
import sqlite3
import subprocess
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from thiduakhenthuong.backups import postgres, sqlite
from thiduakhenthuong.backups.contents import (
    Contents,
    FileRef,
    contents_read,
    file_fields,
    storage_alias,
    storage_get,
    storage_names,
)
from thiduakhenthuong.backups.layout import (
    DUMP_NAMES,
    FORMAT,
    FORMAT_VERSION,
    BackupError,
    copy_hashing,
    directory_clear,
    directory_prepare,
    file_hash,
    file_path,
    manifest_write,
    problems_message,
)


@dataclass
class BackupResult:
    directory: Path
    seconds: float
    tables: int
    rows: int
    dump_bytes: int
    files: int
    file_bytes: int
    unreferenced: int | None  # None: the storage cannot list its files
    missing: list[dict[str, Any]]


def portal_version() -> dict[str, str | None]:
    base = Path(settings.BASE_DIR)
    try:
        version = tomllib.loads((base / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, ValueError):
        version = None
    try:
        commit = subprocess.run(
            ["git", "-C", str(base), "rev-parse", "HEAD"], capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = None  # a release installed without its .git
    return {"version": version, "git_commit": commit or None}


def _dump(root: Path) -> tuple[Contents, dict[str, Any]]:
    engine = connection.vendor
    if engine not in DUMP_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")
    target = root / DUMP_NAMES[engine]
    database: dict[str, Any] = {"engine": engine}
    if engine == "postgresql":
        contents, tool = postgres.snapshot_dump(target=target, read=contents_read)
        database.update(server_version=postgres.server_version()[1], facts=postgres.database_facts())
        tool_version = tool.version
    else:
        contents = sqlite.snapshot_dump(target=target, read=contents_read)
        database["server_version"] = sqlite3.sqlite_version
        tool_version = f"SQLite {sqlite3.sqlite_version} online backup API"
    size, sha256 = file_hash(target)
    database["dump"] = {"name": target.name, "size": size, "sha256": sha256, "tool": tool_version}
    database["tables"] = contents.tables
    return contents, database


def _copy_files(root: Path, referenced: dict[FileRef, list[str]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    copied, missing = [], []
    for ref, fields in sorted(referenced.items()):
        target = file_path(root, ref.storage, ref.name)  # refuses a name that would leave the set
        entry: dict[str, Any] = {"storage": ref.storage, "name": ref.name, "fields": fields}
        try:
            source = storage_get(ref.storage).open(ref.name, "rb")
        except FileNotFoundError:
            missing.append(entry)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with source, open(target, "xb") as copy:
            entry["size"], entry["sha256"] = copy_hashing(source, copy)
        copied.append(entry)
    return copied, missing


def _unreferenced(referenced: dict[FileRef, list[str]]) -> int | None:
    total = 0
    for alias in sorted({storage_alias(field.storage) for _, field in file_fields()}):
        names = storage_names(storage_get(alias))
        if names is None:
            return None
        total += len(names - {ref.name for ref in referenced if ref.storage == alias})
    return total


def backup_create(*, directory: Path, allow_missing: bool = False) -> BackupResult:
    """Write a backup set into directory, which must be absent or empty (see the module's docstring)."""
    start = time.monotonic()
    created_at = datetime.datetime.now(datetime.UTC)
    created = directory_prepare(directory)
    try:
        contents, database = _dump(directory)
        copied, missing = _copy_files(directory, contents.files)
        if missing and not allow_missing:
            raise BackupError(
                problems_message(
                    "Referenced files are missing from storage, so no backup was written (restore them, or run "
                    "again with --allow-missing to back up without them):",
                    [f"{entry['name']} ({', '.join(entry['fields'])})" for entry in missing],
                )
            )
        unreferenced = _unreferenced(contents.files)
        manifest_write(
            directory,
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": created_at.isoformat(timespec="seconds"),
                "portal": portal_version(),
                "database": database,
                "migrations": contents.migrations,
                "issued_reports": contents.issued_reports,
                "files": copied,
                "missing_files": missing,
                "unreferenced_files": unreferenced,
            },
        )
    except BaseException:
        directory_clear(directory, created=created)
        raise
    return BackupResult(
        directory=directory,
        seconds=time.monotonic() - start,
        tables=len(contents.tables),
        rows=sum(contents.tables.values()),
        dump_bytes=database["dump"]["size"],
        files=len(copied),
        file_bytes=sum(entry["size"] for entry in copied),
        unreferenced=unreferenced,
        missing=missing,
    )
