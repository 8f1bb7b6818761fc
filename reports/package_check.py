"""Checking a central-level package against its manifest (`manage.py check_package FILE.zip`): every file the
manifest lists is in the ZIP with its size and SHA-256, nothing else is, and the readable list is the one the
manifest names. It reads the ZIP alone, never the database, so the receiving office or an archive can run it on
a copy. The messages are Vietnamese, for the staff who run it."""

import hashlib
import json
import stat
import zipfile
from dataclasses import dataclass, field
from typing import Any

from reports.package_zip import CHUNK, FORMAT, LISTING, MANIFEST

# A manifest lists a few hundred files; anything far larger is not one (a ZIP bomb is refused before it is inflated).
MAX_MANIFEST_BYTES = 8 * 1024 * 1024


@dataclass
class PackageCheck:
    problems: list[str] = field(default_factory=list)
    checked: int = 0  # files found matching the manifest

    @property
    def ok(self) -> bool:
        return not self.problems


def _unsafe(name: str) -> bool:
    parts = name.split("/")
    return name.startswith("/") or "\\" in name or "\x00" in name or ".." in parts or ":" in parts[0]


def _digest(archive: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with archive.open(name) as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _manifest(archive: zipfile.ZipFile, result: PackageCheck) -> dict[str, Any] | None:
    try:
        size = archive.getinfo(MANIFEST).file_size
    except KeyError:
        result.problems.append(f"Thiếu tệp {MANIFEST} (bản kê của gói).")
        return None
    if size > MAX_MANIFEST_BYTES:
        result.problems.append(f"{MANIFEST} quá lớn ({size} byte) để là bản kê của gói; không đọc.")
        return None
    try:
        raw = archive.read(MANIFEST)  # zipfile stops inflating at the size the directory records
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        result.problems.append(f"{MANIFEST} hỏng, không đọc được: {error}.")
        return None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        result.problems.append(f"{MANIFEST} hỏng, không đọc được: {error}.")
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        result.problems.append(f"{MANIFEST} không phải bản kê của gói hồ sơ gửi Trung ương (thiếu “{FORMAT}”).")
        return None
    files = manifest.get("files")
    valid = isinstance(files, list) and all(
        isinstance(f, dict)
        and isinstance(f.get("name"), str)
        and isinstance(f.get("sha256"), str)
        and isinstance(f.get("size"), int)
        for f in files
    )
    if not valid:
        result.problems.append(f"{MANIFEST} hỏng: danh sách tệp (files) thiếu tên, SHA-256 hoặc kích thước.")
        return None
    return manifest


def _compare(archive: zipfile.ZipFile, name: str, expected: dict[str, Any], result: PackageCheck) -> None:
    size = archive.getinfo(name).file_size
    if size != expected.get("size"):  # found from the directory: a member far larger (a bomb) is never inflated
        result.problems.append(f"Tệp bị sửa: {name} (bản kê ghi {expected.get('size')} byte; trong gói {size} byte).")
        return
    try:
        sha256, size = _digest(archive, name)
    except (zipfile.BadZipFile, OSError, EOFError) as error:  # a CRC error: the bytes were changed in place
        result.problems.append(f"Tệp bị sửa: {name} (không đọc được: {error}).")
        return
    if sha256 != expected.get("sha256") or size != expected.get("size"):
        result.problems.append(
            f"Tệp bị sửa: {name} (bản kê ghi {expected.get('size')} byte, SHA-256 {expected.get('sha256')}; "
            f"trong gói {size} byte, SHA-256 {sha256})."
        )
    else:
        result.checked += 1


def package_check(path: str) -> PackageCheck:
    """Every problem found, each naming the file; none when the ZIP matches its manifest."""
    result = PackageCheck()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        result.problems.append(f"Không phải tệp ZIP đọc được: {error}.")
        return result
    with archive:
        names = archive.namelist()
        for name in sorted({n for n in names if names.count(n) > 1}):
            result.problems.append(f"Tệp trùng tên trong gói: {name}.")
        for name in names:
            if _unsafe(name):
                result.problems.append(f"Tên tệp không an toàn trong gói: {name!r}.")
        for info in archive.infolist():
            # a symbolic link, once unpacked, lets a later member be written anywhere on the receiving computer
            if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
                result.problems.append(f"Liên kết tượng trưng (symlink) trong gói: {info.filename!r}.")
        manifest = _manifest(archive, result)
        if manifest is None:
            return result
        listed: dict[str, dict[str, Any]] = {f["name"]: f for f in manifest["files"]}
        listing = manifest.get("listing")
        if isinstance(listing, dict) and listing.get("name") == LISTING:
            listed[LISTING] = listing
        else:
            result.problems.append(f"{MANIFEST} hỏng: không ghi SHA-256 của {LISTING}.")
        present = set(names) - {MANIFEST}
        for name, expected in listed.items():
            if name not in present:
                result.problems.append(f"Thiếu tệp: {name} (có trong bản kê, không có trong gói).")
            elif not _unsafe(name):
                _compare(archive, name, expected, result)
        for name in sorted(present - set(listed)):
            result.problems.append(f"Tệp thừa: {name} (có trong gói, không có trong bản kê).")
    return result
