"""A backup set on disk, and the checks that it is whole.

    DIR/manifest.json            written last: a folder without it is not a backup set
    DIR/database.dump            PostgreSQL: pg_dump --format=custom
    DIR/database.sqlite3         SQLite: a copy made with SQLite's online backup API
    DIR/files/<storage>/<name>   each referenced attachment, under its storage alias and its name in that storage

The manifest gives the SHA-256 and size of the dump and of every file; `set_verify` checks them all before a
restore changes anything. The manifest itself is not signed: it guards against damage (a truncated copy, a bad
disk), not against someone who may rewrite the set; keep backups where only the operators can write.
"""

import hashlib
import json
import os
import shutil
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = "tdkt-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILES = "files"
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024
PROBLEMS_SHOWN = 20


class BackupError(Exception):
    """A backup or a restore refused or failed; the message says why, for the operator."""


def problems_message(heading: str, problems: list[str]) -> str:
    shown = problems[:PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    return "\n  ".join([heading, *shown, *([f"… and {more} more"] if more else [])])


def size_text(size: int) -> str:
    """1,234 B; 12.3 KB; 4.5 MB; 1.2 GB."""
    if size < 1024:
        return f"{size:,} B"
    scaled = float(size)
    for unit in ("KB", "MB", "GB"):
        scaled /= 1024
        if scaled < 1024 or unit == "GB":
            break
    return f"{scaled:,.1f} {unit}"


def copy_hashing(source: IO[bytes], target: IO[bytes] | None = None) -> tuple[int, str]:
    """Read source to its end (writing it to target when given): its size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return size, digest.hexdigest()


def file_hash(path: Path) -> tuple[int, str]:
    with open(path, "rb") as handle:
        return copy_hashing(handle)


def safe_name(name: str) -> PurePosixPath:
    """A storage name as a relative path that stays inside the set: no absolute path, no `..`, no empty part."""
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or any(p in ("", ".", "..") for p in path.parts)
    ):
        raise BackupError(f"Refusing the file name {name!r}: not a plain relative name.")
    if str(path) != name:
        raise BackupError(f"Refusing the file name {name!r}: not in its normal form ({str(path)!r}).")
    return path


def file_path(root: Path, storage: str, name: str) -> Path:
    if not storage.isidentifier():
        raise BackupError(f"Refusing the storage alias {storage!r}.")
    return root / FILES / storage / safe_name(name)


def directory_prepare(root: Path) -> bool:
    """Make root ready for a new set: created (True) when absent, used as it is (False) when an empty folder,
    refused otherwise, so that a backup never mixes with other files. Readable by its owner only: it holds
    personal data and password hashes."""
    if root.exists():
        if not root.is_dir():
            raise BackupError(f"{root} exists and is not a folder.")
        if any(root.iterdir()):
            raise BackupError(f"{root} is not empty: give a new or empty folder for the backup.")
        os.chmod(root, 0o700)
        return False
    root.mkdir(parents=True, mode=0o700)
    return True


def directory_clear(root: Path, *, created: bool) -> None:
    """Undo a failed backup: remove what it wrote (and the folder when it made it), leaving no partial set."""
    if created:
        shutil.rmtree(root, ignore_errors=True)
        return
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def manifest_write(root: Path, manifest: dict[str, Any]) -> None:
    partial = root / f".{MANIFEST}.partial"
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(root / MANIFEST)


def manifest_read(root: Path) -> dict[str, Any]:
    path = root / MANIFEST
    if not path.is_file():
        raise BackupError(f"{root} holds no {MANIFEST}: it is not a backup set (or the backup did not finish).")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} is not valid JSON: {error}.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not the manifest of a portal backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is in format version {manifest.get('format_version')!r}; this portal reads version "
            f"{FORMAT_VERSION}."
        )
    return manifest


def set_verify(root: Path) -> dict[str, Any]:
    """The set's manifest, once the dump and every file match their size and SHA-256; BackupError otherwise,
    naming every damaged or missing part."""
    manifest = manifest_read(root)
    problems: list[str] = []
    try:
        dump = manifest["database"]["dump"]
        parts = [(root / dump["name"], dump["size"], dump["sha256"], "database dump")]
        if dump["name"] not in DUMP_NAMES.values():
            raise BackupError(f"The manifest names an unexpected dump {dump['name']!r}.")
        for entry in manifest["files"]:
            parts.append((file_path(root, entry["storage"], entry["name"]), entry["size"], entry["sha256"], "file"))
    except (KeyError, TypeError) as error:
        raise BackupError(f"The manifest of {root} lacks {error}: it is incomplete.") from error
    for path, size, sha256, what in parts:
        if not path.is_file():
            problems.append(f"{what} {path.relative_to(root)} is missing")
            continue
        actual_size, actual_sha256 = file_hash(path)
        if (actual_size, actual_sha256) != (size, sha256):
            problems.append(
                f"{what} {path.relative_to(root)} is damaged: {actual_size} bytes, SHA-256 {actual_sha256}; "
                f"the manifest says {size} bytes, SHA-256 {sha256}"
            )
    if problems:
        raise BackupError(problems_message(f"The backup set {root} is damaged; nothing was changed:", problems))
    return manifest
