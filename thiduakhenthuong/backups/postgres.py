"""PostgreSQL: a consistent pg_dump, and pg_restore into the configured database.

Consistency. Attachments are written to storage before the row that names them is committed, and never
overwritten or deleted afterwards (campaigns.services, awards.nominations.files), so a set is consistent when its
files are those referenced by the rows of its dump. `snapshot_dump` therefore opens a REPEATABLE READ, READ ONLY
transaction on Django's connection, exports its snapshot (pg_export_snapshot), reads in it what the manifest needs
(the referenced files, the migration state, row counts, issued reports) and runs `pg_dump --snapshot` on that same
snapshot while the transaction is held open: the dump and the list of files see exactly the same rows, whatever
is committed meanwhile. The files are copied afterwards; a row committed later is simply not in this backup.

Connection settings come from settings.DATABASES["default"] as libpq environment variables; the password goes
through PGPASSWORD, never on a command line (where `ps` would show it). The binaries are looked for where Debian
installs them for the server's major version (/usr/lib/postgresql/<major>/bin, as scripts/_postgres.sh does),
then on PATH, or only in POSTGRES_BIN_DIR when that setting is given; a pg_dump older than the server is refused
(it could not read the server's catalogs faithfully), as is a pg_restore older than the pg_dump that wrote the set.
"""

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from thiduakhenthuong.backups.layout import BackupError

T = TypeVar("T")

# libpq's environment variable for each connection option Django passes through OPTIONS.
_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
# pg_restore --list lines of extensions and their comments: left to the database's owner (see `restore`).
_EXTENSION_ENTRY = re.compile(r"^\d+; \d+ \d+ (?:EXTENSION - (\S+)|COMMENT - EXTENSION (\S+))")


@dataclass(frozen=True)
class Tool:
    path: str
    version: str  # as it prints it: "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
    major: int


def server_version() -> tuple[int, str]:
    connection.ensure_connection()
    number = connection.pg_version  # type: ignore[attr-defined]  # e.g. 150018
    return number // 10000, f"{number // 10000}.{number % 10000}"


def _tool_version(path: str) -> Tool | None:
    try:
        printed = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    found = re.search(r"\) (\d+)(?:\.\d+)?", printed)
    return Tool(path, printed, int(found[1])) if found else None


def tool_find(name: str, *, at_least: int) -> Tool:
    """The PostgreSQL client program `name` of major version `at_least` or newer (see the module's docstring)."""
    configured = getattr(settings, "POSTGRES_BIN_DIR", "")
    if configured:
        candidates = [str(Path(configured) / name)]
    else:
        candidates = [f"/usr/lib/postgresql/{at_least}/bin/{name}"]
        candidates += sorted(
            (str(path) for path in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")),
            key=lambda path: int(path.split("/")[4]) if path.split("/")[4].isdigit() else 0,
            reverse=True,
        )
        on_path = shutil.which(name)
        if on_path:
            candidates.append(on_path)
    seen = []
    for path in dict.fromkeys(candidates):
        tool = _tool_version(path) if os.access(path, os.X_OK) else None
        if tool is None:
            continue
        if tool.major >= at_least:
            return tool
        seen.append(f"{path} ({tool.version})")
    raise BackupError(
        f"{name} of PostgreSQL {at_least} or newer is needed"
        + (f"; found only {', '.join(seen)}" if seen else f"; none found in {', '.join(dict.fromkeys(candidates))}")
        + f". Install postgresql-client-{at_least} (Debian) or set POSTGRES_BIN_DIR."
    )


def libpq_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    for option, value in (settings_dict.get("OPTIONS") or {}).items():
        if option in _OPTION_VARIABLES and value not in (None, ""):
            environment[_OPTION_VARIABLES[option]] = str(value)
    environment["PGAPPNAME"] = "tdkt-backup"
    return environment


def _conninfo_database(name: str) -> str:
    """`dbname='…'` for --dbname: a conninfo string, so that no database name is read as a URL or options."""
    return "dbname='" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _run(command: list[str], *, what: str) -> str:
    completed = subprocess.run(
        command, env=libpq_environment(connection.settings_dict), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(f"{what} failed (exit {completed.returncode}):\n{completed.stderr.strip()[-4000:]}")
    return completed.stdout


def snapshot_dump(*, target: Path, read: Callable[[], T]) -> tuple[T, Tool]:
    """Dump the database into target (custom format) and call `read` in the very snapshot of the dump."""
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction: it takes a snapshot of its own.")
    major, _ = server_version()
    tool = tool_find("pg_dump", at_least=major)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        result = read()
        _run(
            [
                tool.path,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-password",
                f"--file={target}",
                f"--dbname={_conninfo_database(connection.settings_dict['NAME'])}",
            ],
            what="pg_dump",
        )
    return result, tool


def database_facts() -> dict[str, Any]:
    """The database's default collation: restoring into one made otherwise changes how names sort."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datlocprovider, datcollate, daticulocale FROM pg_database WHERE datname = current_database()"
        )
        provider, collate, icu_locale = cursor.fetchone()
    return {"locale_provider": {"i": "icu", "c": "libc"}.get(provider, provider), "collate": collate, "icu": icu_locale}


def restore_check(manifest_database: dict[str, Any]) -> tuple[Tool, list[str]]:
    """Before anything changes: the pg_restore to use, and warnings about the target (its server, its collation)."""
    server_major, server = server_version()
    dump_major = int(re.search(r"\) (\d+)", manifest_database["dump"]["tool"])[1])  # type: ignore[index]
    tool = tool_find("pg_restore", at_least=dump_major)
    source_major = int(str(manifest_database["server_version"]).split(".")[0])
    if server_major < source_major:
        raise BackupError(
            f"The backup comes from PostgreSQL {manifest_database['server_version']}; this server is {server}, "
            f"older: restore it into PostgreSQL {source_major} or newer."
        )
    warnings = []
    facts, expected = database_facts(), manifest_database.get("facts", {})
    if expected and facts != expected:
        warnings.append(
            f"The target database's collation is {facts}, the backed-up one's {expected}: names may sort "
            "differently. Create the database with the ICU Vietnamese locale (see README, production)."
        )
    return tool, warnings


def _extensions_ready(extensions: list[str]) -> None:
    for name in extensions:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = %s", [name])
            if cursor.fetchone():
                continue
            try:
                with transaction.atomic():
                    cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {connection.ops.quote_name(name)}")
            except Exception as error:
                raise BackupError(
                    f"The backup needs the PostgreSQL extension {name}, which this role may not create ({error}). "
                    f"Ask a superuser to run “CREATE EXTENSION IF NOT EXISTS {name};” in this database, then restore "
                    "again. Nothing else was changed."
                ) from error


def restore(*, dump: Path, tool: Tool, tables: set[str]) -> None:
    """Replace the configured database's contents with the dump, in one transaction (all or nothing).

    Extensions are left out of pg_restore's list and created beforehand when missing: dropping and re-creating
    them (what --clean would do) needs their owner, often a superuser rather than the portal's role. Tables the
    dump does not have (from a newer migration of the target) are dropped first, since they would otherwise
    stay beside restored tables they no longer match and block `migrate` from creating them again."""
    listing = _run([tool.path, "--list", str(dump)], what="pg_restore --list")
    kept, extensions = [], []
    for line in listing.splitlines():
        entry = _EXTENSION_ENTRY.match(line)
        if entry:
            if entry[1]:
                extensions.append(entry[1])
            continue
        kept.append(line)
    _extensions_ready(extensions)
    extra = sorted(set(connection.introspection.table_names()) - tables)
    if extra:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS " + ", ".join(map(connection.ops.quote_name, extra)) + " CASCADE")
        except DatabaseError as error:
            message = f"Cannot drop the tables the backup does not have ({', '.join(extra)}): {error}"
            raise BackupError(message) from error
    connection.close()  # pg_restore --clean needs every lock: hold none
    with tempfile.NamedTemporaryFile("w", suffix=".list", encoding="utf-8") as use_list:
        use_list.write("\n".join(kept) + "\n")
        use_list.flush()
        _run(
            [
                tool.path,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--use-list={use_list.name}",
                f"--dbname={_conninfo_database(connection.settings_dict['NAME'])}",
                str(dump),
            ],
            what="pg_restore",
        )
