"""What kind of file a document's attachment really is, read from its content, never from its name.

A register entry may carry the scanned or signed document: PDF, Word (DOCX, DOC), Excel (XLSX) or
OpenDocument text (ODT). Anything else (an image renamed .pdf, an executable) is refused."""

import zipfile

from kernel.lib import content_types

PDF_MAGIC = b"%PDF-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (and other legacy Office files)
ZIP_MAGIC = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

CONTENT_TYPES = {
    "pdf": content_types.PDF,
    "docx": content_types.DOCX,
    "xlsx": content_types.XLSX,
    "doc": "application/msword",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _zip_kind(handle) -> str | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = archive.namelist()
            if any(name.startswith("word/") for name in names):
                return "docx"
            if any(name.startswith("xl/") for name in names):
                return "xlsx"
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def sniff_document_kind(handle) -> str | None:
    """ "pdf", "docx", "xlsx", "doc" or "odt" from the file's first bytes (and zip directory), or None.
    Leaves the file positioned at its start."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "doc"
    if head.startswith(ZIP_MAGIC):
        kind = _zip_kind(handle)
        handle.seek(0)
        return kind
    return None
