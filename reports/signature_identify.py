"""Which issued document a file is, by the SHA-256 of its first revision (each place its first revision may end),
and whether it is an intact signed copy of it: shared by signed_upload_accept's refusal message and
`manage.py verify_signed`."""

from dataclasses import dataclass

from django.db.models import Model

from reports.models import IssuedStatistics, Report
from reports.signature_models import SignedDocument
from reports.signature_verification import VerificationResult


@dataclass(frozen=True)
class Identified:
    title: str
    sha256: str
    # Where the issued document's bytes end in the file: what the first signature must come after.
    end: int
    obj: Model


def issued_document_of(result: VerificationResult) -> Identified | None:
    """The issued document whose frozen PDF the file starts with: a document prepared for signing first, then an
    issued report or statistical form (their PDFs were frozen when issued)."""
    ends = {digest: end for end, digest in result.revision_prefixes}
    candidates: list[tuple[type[Model], str]] = [(SignedDocument, "title"), (Report, ""), (IssuedStatistics, "")]
    for model, title_field in candidates:
        found = model.objects.filter(pdf_sha256__in=ends).defer("pdf").first()  # type: ignore[attr-defined]
        if found is not None:
            title = getattr(found, title_field) if title_field else str(found)
            return Identified(title=title, sha256=found.pdf_sha256, end=ends[found.pdf_sha256], obj=found)
    return None
