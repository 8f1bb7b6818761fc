"""What a signed PDF proves, without the database: whether it is a readable PDF, the SHA-256 of each revision it
may have started as (a signature is an incremental update, so the issued PDF is a byte prefix of the signed file),
and each embedded signature checked by pyHanko (intact, covering its whole revision, no disallowed change after
it, its certificate chaining to one of the given trust roots). The service (reports.signature_services) and
`manage.py verify_signed` decide from this what a file is."""

import datetime
import hashlib
import io
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from kernel.lib.event_loop import outside_event_loop

# The largest signed file accepted: an issued PDF of a long decision plus a few signatures.
MAX_SIGNED_PDF_BYTES = 50 * 1024 * 1024

_EOF = re.compile(rb"%%EOF[ \t]*(\r\n|\r|\n)?")


@dataclass(frozen=True)
class SignatureInfo:
    field_name: str
    signer_name: str
    organisation: str
    signing_time: datetime.datetime | None
    subject: str
    issuer: str
    serial: str
    fingerprint_sha256: str
    # The signed revision ends at this byte offset (the file up to there is what the signature covers).
    revision_end: int
    # The index of the file revision the signature was added in (0 is the file as first written).
    revision: int
    intact: bool
    covers_revision: bool
    modifications_allowed: bool
    trusted: bool

    @property
    def sound(self) -> bool:
        """Intact, covering its whole revision, nothing disallowed after it: the document is what was signed."""
        return self.intact and self.covers_revision and self.modifications_allowed


@dataclass(frozen=True)
class VerificationResult:
    # Empty when the file is a readable PDF; otherwise why not, in Vietnamese.
    error: str = ""
    signatures: tuple[SignatureInfo, ...] = ()
    # (end offset, SHA-256) of every place the file's first revision may end: each "%%EOF" line.
    revision_prefixes: tuple[tuple[int, str], ...] = field(default=())

    @property
    def is_pdf(self) -> bool:
        return not self.error

    @property
    def prefix_hashes(self) -> set[str]:
        return {digest for _end, digest in self.revision_prefixes}


def _prefixes(data: bytes) -> tuple[tuple[int, str], ...]:
    ends: list[int] = []
    for match in _EOF.finditer(data):
        ends.extend({match.start() + len(b"%%EOF"), match.end()})
    return tuple((end, hashlib.sha256(data[:end]).hexdigest()) for end in sorted(set(ends)))


def _name_part(name: Any, key: str) -> str:
    value = name.native.get(key, "")
    return ", ".join(value) if isinstance(value, list) else str(value)


def _signature_info(embedded: Any, status: Any) -> SignatureInfo:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    cert = embedded.signer_cert
    signing_time = status.signer_reported_dt
    allowed = status.modification_level in (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    )
    return SignatureInfo(
        field_name=str(embedded.field_name or ""),
        signer_name=_name_part(cert.subject, "common_name"),
        organisation=_name_part(cert.subject, "organization_name"),
        signing_time=signing_time,
        subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        serial=format(cert.serial_number, "X"),
        fingerprint_sha256=hashlib.sha256(cert.dump()).hexdigest(),
        revision_end=int(embedded.byte_range[2]) + int(embedded.byte_range[3]),
        revision=int(embedded.signed_revision),
        intact=bool(status.intact and status.valid),
        covers_revision=status.coverage is not None and status.coverage >= SignatureCoverageLevel.ENTIRE_REVISION,
        modifications_allowed=allowed and status.docmdp_ok is not False,
        trusted=bool(status.trusted),
    )


def pdf_verify(data: bytes, *, trust_roots: list[bytes] | tuple[bytes, ...] = ()) -> VerificationResult:
    """Check a file's signatures against `trust_roots` (DER or PEM CA certificates). Never raises on bad input."""
    if len(data) > MAX_SIGNED_PDF_BYTES:
        return VerificationResult(
            error=_("The file is larger than %(size)d MB.") % {"size": MAX_SIGNED_PDF_BYTES >> 20}
        )
    if not data.startswith(b"%PDF-"):
        return VerificationResult(error=_("The file is not a PDF."))
    if not _EOF.search(data[-1024:]):
        return VerificationResult(error=_("The PDF is incomplete (truncated): it does not end where a PDF ends."))
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    # RFC 5280 leaves a trust anchor's own dates unchecked; an expired or not-yet-valid root trusts nothing here.
    now = datetime.datetime.now(datetime.UTC)
    context_roots = [
        cert
        for cert in map(_load_root, trust_roots)
        if cert is not None and cert.not_valid_before <= now <= cert.not_valid_after
    ]
    # pyHanko logs a traceback at error level for an untrusted chain; the result says it, the log need not.
    logger = logging.getLogger("pyhanko")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
        infos = []
        for signature in embedded:
            context = ValidationContext(trust_roots=context_roots, allow_fetching=False)
            infos.append(
                _signature_info(
                    signature,
                    outside_event_loop(lambda: validate_pdf_signature(signature, context)),  # noqa: B023
                )
            )
    except Exception:  # noqa: BLE001 - any parse failure of a hostile file is a refusal, never a crash
        return VerificationResult(error=_("The PDF cannot be read: it is damaged or incomplete."))
    finally:
        logger.setLevel(level)
    return VerificationResult(signatures=tuple(infos), revision_prefixes=_prefixes(data))


def pdf_revision_count(data: bytes) -> int:
    """How many revisions (the first write plus each incremental update) a PDF the portal trusts has."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(data), strict=False).xrefs.total_revisions)


def _load_root(data: bytes) -> Any:
    from asn1crypto import pem, x509

    try:
        if pem.detect(data):
            _type, _headers, data = pem.unarmor(data)
        cert = x509.Certificate.load(data)
        _ = cert.native  # parses it whole: a damaged root fails here, not inside the validation
        return cert
    except Exception:  # noqa: BLE001 - a root that cannot be read trusts nothing
        return None


def certificate_describe(data: bytes) -> tuple[bytes, str, str, datetime.datetime]:
    """DER bytes, subject, SHA-256 fingerprint and expiry of a PEM or DER certificate; ValueError when unreadable."""
    from asn1crypto import pem, x509

    if pem.detect(data):
        _type, _headers, data = pem.unarmor(data)
    try:
        cert = x509.Certificate.load(data)
        subject = cert.subject.human_friendly
        not_after = cert["tbs_certificate"]["validity"]["not_after"].native
    except Exception as error:  # noqa: BLE001
        raise ValueError(str(error)) from error
    der = cert.dump()
    return der, subject, hashlib.sha256(der).hexdigest(), not_after
