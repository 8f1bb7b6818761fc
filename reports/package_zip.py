"""The central-level package's ZIP (gói hồ sơ gửi Trung ương, Luật 2022 Đ84 k4: "01 bộ hồ sơ bản chính kèm theo
các tệp tin điện tử của hồ sơ"): safe names, the writer that hashes each file as it goes in, and the manifest.

No national format for these files was found (research notes §Q4), so this package is the portal's own design: a
ZIP of plain files in numbered folders, `manifest.json` (each file's name in the ZIP, kind, SHA-256, size and
source) and `DANH_MUC.txt` (the same, to read). Nothing here touches the database: reports/package_check.py reads a
package back with these names alone."""

import hashlib
import json
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import IO, Any

MANIFEST = "manifest.json"
LISTING = "DANH_MUC.txt"
FORMAT = "tdkt-goi-ho-so-trung-uong"
FORMAT_VERSION = 1
NAME_MAX = 100  # characters of one file name, extension included
CHUNK = 1024 * 1024
# ZIP_DEFLATED for text and tables; PDFs, images and Office files are compressed already, so they are stored.
STORED_EXTENSIONS = {"pdf", "png", "jpg", "jpeg", "docx", "xlsx", "zip"}
_ALLOWED = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")


def safe_name(name: str, *, fallback: str = "tep") -> str:
    """A file name for any unzip tool: no folder part (a "../../etc/passwd" is "passwd"), no control character
    (NUL included), Vietnamese letters transliterated (“Báo cáo thành tích.pdf” → “Bao-cao-thanh-tich.pdf”),
    anything else a dash, no leading dot, at most NAME_MAX characters keeping the extension. The name as sent
    stays in the manifest."""
    name = (name or "").replace("\x00", "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    name = "".join(c for c in name if unicodedata.category(c) != "Mn")
    name = "".join(c if c in _ALLOWED else "-" for c in name)
    while "--" in name:
        name = name.replace("--", "-")
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem.strip(".-_") or len(extension) > 10:
        stem, extension = name, ""
    stem = stem.strip(".-_")[: NAME_MAX - len(extension) - 1].strip(".-_") or fallback
    extension = extension.strip(".-_").lower()
    return f"{stem}.{extension}" if extension else stem


def unique_name(folder: str, name: str, taken: set[str]) -> str:
    """folder/name, made unique among the names already taken (compared without case, as Windows does): a second
    “bao-cao.pdf” becomes “bao-cao-2.pdf”, so that both are kept."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    candidate, number = f"{folder}/{name}", 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{folder}/{stem}-{number}{'.' + extension if extension else ''}"
    taken.add(candidate.lower())
    return candidate


@dataclass(frozen=True)
class PackedFile:
    name: str  # in the ZIP
    kind: str  # forwarding_letter, nominee_list, achievement_report, council_minutes, ...
    title: str  # what it is, in Vietnamese
    sha256: str
    size: int
    source: str  # where the bytes come from: a dossier file's id and storage name, or what rendered them


class PackageWriter:
    """Writes the files into the ZIP one at a time, hashing each as it is written (a dossier file is read from
    storage in chunks, never whole), then the listing and the manifest last."""

    def __init__(self, out: IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(out, "w", allowZip64=True)
        self.files: list[PackedFile] = []
        self.taken: set[str] = {MANIFEST.lower(), LISTING.lower()}

    def __enter__(self) -> "PackageWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:  # given up half-way: closed now rather than by the garbage collector
            self.zip.close()

    def add(self, *, folder: str, name: str, kind: str, title: str, source: str, chunks: Iterable[bytes]) -> str:
        name = unique_name(folder, safe_name(name), self.taken)
        extension = name.rpartition(".")[2].lower()
        method = zipfile.ZIP_STORED if extension in STORED_EXTENSIONS else zipfile.ZIP_DEFLATED
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # fixed: the hashes say what changed
        info.compress_type = method
        digest, size = hashlib.sha256(), 0
        with self.zip.open(info, "w", force_zip64=True) as handle:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                handle.write(chunk)
        self.files.append(PackedFile(name, kind, title, digest.hexdigest(), size, source))
        return name

    def add_bytes(self, *, folder: str, name: str, kind: str, title: str, source: str, content: bytes) -> str:
        return self.add(folder=folder, name=name, kind=kind, title=title, source=source, chunks=(content,))

    def finish(self, header: dict[str, Any], listing: str) -> dict[str, Any]:
        """Writes DANH_MUC.txt, then manifest.json naming every file and the listing's own hash; closes the ZIP."""
        listing_bytes = listing.encode("utf-8")
        self._write_text(LISTING, listing_bytes)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            **header,
            "files": [asdict(f) for f in self.files],
            "listing": {
                "name": LISTING,
                "sha256": hashlib.sha256(listing_bytes).hexdigest(),
                "size": len(listing_bytes),
            },
        }
        self._write_text(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
        self.zip.close()
        return manifest

    def _write_text(self, name: str, content: bytes) -> None:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, content)


def file_chunks(handle: IO[bytes]) -> Iterable[bytes]:
    yield from iter(lambda: handle.read(CHUNK), b"")
