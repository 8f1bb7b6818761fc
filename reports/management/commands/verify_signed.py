"""python manage.py verify_signed FILE: which issued document a signed PDF is and who signed it; exits non-zero
unless the file is an intact signed copy of an issued document (the same checks as an upload, reports.signature_*)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from reports.signature_identify import issued_document_of
from reports.signature_services import trust_roots_enabled
from reports.signature_verification import MAX_SIGNED_PDF_BYTES, pdf_revision_count, pdf_verify
from reports.signing import vietnam_iso


class Command(BaseCommand):
    help = "Verify a signed PDF: which issued document it is, each signature, whether it is intact."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The signed PDF.")
        parser.add_argument(
            "--require-trusted",
            action="store_true",
            help="Also fail when a signer's certificate does not chain to an enabled trust root.",
        )

    def handle(self, *args, **options):
        translation.activate("vi")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if path.stat().st_size > MAX_SIGNED_PDF_BYTES:
            raise CommandError(f"{path}: larger than {MAX_SIGNED_PDF_BYTES >> 20} MB.")
        data = path.read_bytes()
        result = pdf_verify(data, trust_roots=trust_roots_enabled())
        if not result.is_pdf:
            raise CommandError(f"{path}: {result.error}")
        identified = issued_document_of(result)
        problems = []
        if identified is None:
            self.stdout.write(
                "Document: not an issued document of the portal (no frozen PDF matches its first revision)."
            )
            problems.append("unknown document")
        else:
            self.stdout.write(f"Document: {identified.title} (SHA-256 {identified.sha256})")
        if not result.signatures:
            problems.append("no signature")
        for position, signature in enumerate(result.signatures, start=1):
            when = vietnam_iso(signature.signing_time) if signature.signing_time else "?"
            state = "intact" if signature.sound else "BROKEN or changed after signing"
            trust = "trusted" if signature.trusted else "NOT trusted"
            self.stdout.write(
                f"Signature {position}: {signature.signer_name} · {signature.organisation or '—'} · {when} · "
                f"{state} · {trust} · issuer {signature.issuer} · serial {signature.serial}"
            )
            if not signature.sound:
                problems.append(f"signature {position} not intact")
            if options["require_trusted"] and not signature.trusted:
                problems.append(f"signature {position} not trusted")
        if result.signatures and max(s.revision_end for s in result.signatures) != len(data):
            problems.append("content added after its last signature")
        if identified is not None:
            over = [s for s in result.signatures if s.revision_end > identified.end]
            if not over:
                problems.append("no signature over the issued PDF")
            elif min(s.revision for s in over) != pdf_revision_count(data[: identified.end]):
                # an unsigned update between the issued PDF and the first signature may change any page
                problems.append("an update between the issued PDF and its first signature")
        if problems:
            raise CommandError("Not an intact signed copy of an issued document: " + "; ".join(problems) + ".")
        self.stdout.write("OK: an intact signed copy of an issued document.")
