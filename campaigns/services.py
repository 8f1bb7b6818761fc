"""Writes for the document register. Each service checks everything first, raises one DocumentInvalid
carrying a message per field, then writes the row and its audit entry in one transaction; database
constraints back the same rules."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.services import audit_record, model_snapshot
from campaigns.files import sniff_document_kind
from campaigns.models import Document
from thiduakhenthuong.lib.formatting import vn_date
from thiduakhenthuong.lib.symbols import DocumentSymbol, SymbolError, parse_symbol

EARLIEST_DATE = datetime.date(1945, 1, 1)


@dataclass
class DocumentFields:
    number_and_symbol: str  # as typed: "05/BC-UBND", "30/2014/QĐ-UBND", "22-CT/TW"
    date: datetime.date | None
    summary: str
    direction: str = Document.Direction.ISSUED
    issued_by: str = ""
    file: File | None = None  # a new attachment; None keeps the current one


class DocumentInvalid(ValidationError):
    """Messages by field name (the names of DocumentFields, plus "reason")."""

    def __init__(self, fields: dict[str, list[str]]):
        self.fields = fields
        super().__init__([message for messages in fields.values() for message in messages])


def _parsed_symbol(text: str, errors: dict) -> DocumentSymbol | None:
    try:
        parsed = parse_symbol(text)
    except SymbolError as error:
        errors.setdefault("number_and_symbol", []).append(str(error))
        return None
    limits = {"symbol": parsed.symbol, "type_code": parsed.type_code or "", "issuer_code": parsed.issuer_code}
    limits["drafting_unit"] = parsed.drafting_unit or ""
    if any(len(value) > Document._meta.get_field(name).max_length for name, value in limits.items()):
        errors.setdefault("number_and_symbol", []).append(_("This symbol is too long."))
        return None
    return parsed


def _file_errors(upload: File) -> list[str]:
    limit = settings.DOCUMENT_FILE_MAX_BYTES
    if upload.size > limit:
        return [_("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}]
    if sniff_document_kind(upload) is None:
        return [
            _(
                "The file is not a PDF, Word (DOCX, DOC), Excel (XLSX) or OpenDocument text (ODT) document "
                "(its content is checked, not its name)."
            )
        ]
    return []


def _document_errors(fields: DocumentFields, *, exclude_pk=None) -> tuple[DocumentSymbol | None, dict]:
    errors: dict[str, list[str]] = {}
    parsed = _parsed_symbol(fields.number_and_symbol, errors)
    today = timezone.localdate()
    if fields.date is None:
        errors["date"] = [_("Enter the date of the document.")]
    elif fields.date > today:
        errors["date"] = [_("The date cannot be later than today (%(today)s).") % {"today": vn_date(today)}]
    elif fields.date < EARLIEST_DATE:
        errors["date"] = [_("The date cannot be before 1945.")]
    if not fields.summary.strip():
        errors["summary"] = [_("Enter the summary (trích yếu) of the document.")]
    if fields.direction not in Document.Direction.values:
        errors["direction"] = [_("Choose whether the document was issued or received.")]
    if fields.file is not None:
        if file_errors := _file_errors(fields.file):
            errors["file"] = file_errors
    if parsed and fields.date and "date" not in errors and "direction" not in errors:
        taken = Document.objects.filter(
            number=parsed.number, symbol=parsed.symbol, date__year=fields.date.year, direction=fields.direction
        )
        existing = taken.exclude(pk=exclude_pk).first() if exclude_pk else taken.first()
        if existing:
            errors.setdefault("number_and_symbol", []).append(
                _(
                    "%(symbol)s of %(year)s is already in the register: "
                    "%(type)s %(existing)s of %(date)s, “%(summary)s”."
                )
                % {
                    "symbol": str(parsed),
                    "year": fields.date.year,
                    "type": existing.type_name,
                    "existing": existing.number_symbol,
                    "date": vn_date(existing.date),
                    "summary": existing.summary[:80],
                }
            )
    return parsed, errors


def _file_name(document: Document, kind: str) -> str:
    stem = slugify(document.number_symbol.replace("Đ", "D").replace("đ", "d").replace("/", "-"))
    return f"{document.date:%Y%m%d}-{stem or 'van-ban'}.{kind}"


def _apply(document: Document, fields: DocumentFields, parsed: DocumentSymbol) -> None:
    document.direction = fields.direction
    document.number = parsed.number
    document.symbol = parsed.symbol
    document.symbol_year = parsed.year
    document.type_code = parsed.type_code or ""
    document.issuer_code = parsed.issuer_code
    document.drafting_unit = parsed.drafting_unit or ""
    document.date = fields.date
    document.issued_by = fields.issued_by.strip()
    document.summary = fields.summary.strip()
    if fields.file is not None:
        # Kept files are never overwritten or deleted: the audit log names every version.
        document.file.save(_file_name(document, sniff_document_kind(fields.file)), fields.file, save=False)


def _save(document: Document, fields: DocumentFields, parsed: DocumentSymbol, *, action, actor, before, reason):
    try:
        with transaction.atomic():
            _apply(document, fields, parsed)
            document.save()
            audit_record(
                actor=actor, action=action, obj=document, before=before, after=model_snapshot(document), reason=reason
            )
    except IntegrityError as error:
        if fields.file is not None and document.file:
            document.file.storage.delete(document.file.name)
        if "document_number_unique_per_year" in str(error):
            raise DocumentInvalid(
                {"number_and_symbol": [_("This number and symbol was taken by another document a moment ago.")]}
            ) from error
        raise
    return document


def document_create(*, actor, fields: DocumentFields, reason: str = "") -> Document:
    parsed, errors = _document_errors(fields)
    if errors:
        raise DocumentInvalid(errors)
    return _save(Document(), fields, parsed, action="document.create", actor=actor, before=None, reason=reason)


def document_update(*, actor, document: Document, fields: DocumentFields, reason: str) -> Document:
    reason = (reason or "").strip()
    parsed, errors = _document_errors(fields, exclude_pk=document.pk)
    if not reason:
        errors["reason"] = [_("Give the reason for changing this register entry.")]
    if errors:
        raise DocumentInvalid(errors)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        before = model_snapshot(document)
        return _save(document, fields, parsed, action="document.update", actor=actor, before=before, reason=reason)
