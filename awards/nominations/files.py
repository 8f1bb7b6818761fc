"""A dossier's files while the unit prepares it (draft or returned): attach, replace, remove.

Every upload is checked before anything is written: its size, and its type read from its content (magic bytes,
the zip directory of DOCX and XLSX), never from its name, which is kept only to show what the unit sent. Each
write is one transaction with its audit entry, which names the file before and after: kind, name as sent, stored
name, size and SHA-256. As for the document register, stored bytes are never overwritten or deleted: a replaced
or removed file leaves the dossier, and the audit entry still names its stored copy."""

import hashlib
import unicodedata

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.services import acting_user, audit_record
from awards.models import Dossier, DossierFile
from awards.nominations.services import (
    DossierInvalid,
    DossierTransitionRefused,
    dossier_lock_editable,
    dossier_snapshot,
)
from campaigns.files import CONTENT_TYPES, sniff_document_kind
from kernel.types import Actor

# Files a unit may attach: the office formats of the register, and scans as JPEG or PNG.
IMAGE_MAGIC = {b"\xff\xd8\xff": "jpeg", b"\x89PNG\r\n\x1a\n": "png"}
DOSSIER_CONTENT_TYPES = {
    **{kind: CONTENT_TYPES[kind] for kind in ("pdf", "docx", "xlsx")},
    "jpeg": "image/jpeg",
    "png": "image/png",
}
NAME_MAX: int = DossierFile._meta.get_field("original_name").max_length or 255


def _sniff(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, kind in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return kind
    document_kind = sniff_document_kind(upload)
    return document_kind if document_kind in DOSSIER_CONTENT_TYPES else None


def _checked_type(upload: UploadedFile) -> str:
    """The upload's type from its content, once its size is within the limit; DossierInvalid otherwise."""
    limit = settings.DOSSIER_FILE_MAX_BYTES
    if (upload.size or 0) > limit:
        raise DossierInvalid(
            fields={"file": [_("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}]}
        )
    detected = _sniff(upload)
    if detected is None:
        raise DossierInvalid(
            fields={"file": [_("Only PDF, DOCX, XLSX, JPEG or PNG files are accepted; this file is none of them.")]}
        )
    return detected


def _name_as_sent(name: str | None) -> str:
    """The name shown to staff: no folder, no control or format character (a NUL byte cannot even be stored),
    at most the column's length, keeping the end where the extension is."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    name = " ".join(name.split())
    if len(name) > NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        tail = f"…{dot}{extension}" if dot and len(extension) <= 10 else "…"
        name = name[: NAME_MAX - len(tail)] + tail
    return name or _("(no name)")


def _rename_for_storage(upload: UploadedFile, detected: str) -> None:
    # The stored file's extension comes from the detected type, never from the name the user's computer gave it.
    stem = slugify((upload.name or "").rsplit(".", 1)[0])[:60] or "tep"
    upload.name = f"{stem}.{'jpg' if detected == 'jpeg' else detected}"


def _sha256(handle: File) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def file_snapshot(attached: DossierFile, *, sha256: str | None = None) -> dict:
    """What an audit entry records of a file. The SHA-256 is read from the stored copy unless given."""
    if sha256 is None:
        try:
            with attached.file.open("rb") as handle:
                sha256 = _sha256(handle)
        except (FileNotFoundError, ValueError):
            sha256 = ""  # the stored copy is missing: the size still says what the unit sent
    return {
        "id": attached.pk,
        "kind": attached.kind,
        "name": attached.original_name,
        "stored_as": attached.file.name,
        "content_type": attached.content_type,
        "size": attached.size,
        "sha256": sha256,
    }


@transaction.atomic
def dossier_attach(*, actor: Actor, dossier: Dossier, kind: str, upload: UploadedFile) -> DossierFile:
    """Store a file after checking its size and, from its content, its type (a renamed file is refused)."""
    dossier = dossier_lock_editable(dossier, refusal=_("Files are attached while the dossier is prepared or returned."))
    if kind not in DossierFile.Kind.values:
        raise DossierInvalid(fields={"kind": [_("Choose what the file is.")]})
    detected = _checked_type(upload)
    before = dossier_snapshot(dossier)
    sha256 = _sha256(upload)
    original_name = _name_as_sent(upload.name)
    _rename_for_storage(upload, detected)
    attached = DossierFile.objects.create(
        dossier=dossier,
        kind=kind,
        file=upload,
        original_name=original_name,
        content_type=DOSSIER_CONTENT_TYPES[detected],
        size=upload.size or 0,
        uploaded_by=acting_user(actor),
    )
    # The file as the replace and remove entries record it, so that the bytes first attached are on record too.
    after = {**dossier_snapshot(dossier), "file": file_snapshot(attached, sha256=sha256)}
    audit_record(actor=actor, action="dossier.attach", obj=dossier, before=before, after=after)
    return attached


def _file_of(dossier: Dossier, attached: DossierFile) -> DossierFile:
    """The file, locked, if it is still one of the dossier's (someone may have removed it meanwhile)."""
    found = DossierFile.objects.select_for_update().filter(dossier=dossier, pk=attached.pk).first()
    if found is None:
        raise DossierTransitionRefused(_("This file is no longer in the dossier."))
    return found


@transaction.atomic
def dossier_file_replace(*, actor: Actor, dossier: Dossier, attached: DossierFile, upload: UploadedFile) -> DossierFile:
    """Put a new upload in the place of one of the dossier's files, of the same kind, checked as an attachment
    is; the audit entry names the file before and after."""
    dossier = dossier_lock_editable(
        dossier, refusal=_("A file is replaced only while the dossier is prepared or returned.")
    )
    attached = _file_of(dossier, attached)
    detected = _checked_type(upload)
    before = file_snapshot(attached)
    sha256 = _sha256(upload)
    attached.original_name = _name_as_sent(upload.name)
    _rename_for_storage(upload, detected)
    attached.file = upload
    attached.content_type = DOSSIER_CONTENT_TYPES[detected]
    attached.size = upload.size or 0
    attached.uploaded_at, attached.uploaded_by = timezone.now(), acting_user(actor)
    attached.save()
    after = file_snapshot(attached, sha256=sha256)
    audit_record(
        actor=actor, action="dossier.file_replace", obj=dossier, before={"file": before}, after={"file": after}
    )
    return attached


@transaction.atomic
def dossier_file_remove(*, actor: Actor, dossier: Dossier, attached: DossierFile) -> None:
    """Take a file out of the dossier; the audit entry names what was removed."""
    dossier = dossier_lock_editable(
        dossier, refusal=_("A file is removed only while the dossier is prepared or returned.")
    )
    attached = _file_of(dossier, attached)
    before = file_snapshot(attached)
    attached.delete()
    audit_record(actor=actor, action="dossier.file_remove", obj=dossier, before={"file": before}, after=None)
