"""The package for the central level (Luật 2022 Đ84 k4): a forwarded State proposal as one ZIP holding the tờ
trình, the nominee list (XLSX), every file of the dossier, the minutes and ballots of the council meetings that
reviewed it, the public consultation's record, and the manifest (reports/package_zip.py). Built into a temporary
file, never whole in memory: a dossier's files are copied from storage in chunks."""

import datetime
import hashlib
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.utils import timezone

from awards.models import (
    Ballot,
    Consultation,
    ConsultationFeedback,
    Dossier,
    DossierFile,
    Meeting,
    Nomination,
    StandingAppraisal,
)
from awards.nominations.services import forwarding_letter_symbol
from kernel.downloads import missing_file_errors
from kernel.lib.formatting import vn_date
from reports.forwarding_print import forwarding_pdf, letter_nominees
from reports.minutes_print import minutes_pdf
from reports.package_tables import (
    PERSONAL_DATA_NOTE,
    ballots_xlsx,
    consultation_text,
    listing_text,
    nominee_list_xlsx,
)
from reports.package_zip import CHUNK, PackageWriter, file_chunks
from reports.signature_models import SignedDocument
from reports.signature_services import signed_document_latest_pdf, signed_document_of

# Where a background job keeps the packages it built (one folder per job); `cache/` may be emptied at any time.
PACKAGE_FOLDER = "cache/dossier-package"
# A dossier is packaged once its letter is recorded: forwarded, and afterwards (decided).
PACKAGED_STATUSES = (Dossier.Status.FORWARDED, Dossier.Status.DECIDED)
DOSSIER_FILE_KINDS: dict[str, tuple[str, str]] = {
    DossierFile.Kind.ACHIEVEMENTS: ("achievement_report", "Báo cáo thành tích"),
    DossierFile.Kind.SUBMISSION: ("unit_submission", "Tờ trình của đơn vị"),
    DossierFile.Kind.MINUTES: ("unit_minutes", "Biên bản của đơn vị"),
    DossierFile.Kind.OTHER: ("other_file", "Tài liệu khác của hồ sơ"),
}
SIGNED_NOTES: dict[str, str] = {
    SignedDocument.State.COMPLETE: "bản ký số: người có thẩm quyền và chữ ký số của cơ quan",
    SignedDocument.State.AWAITING_SEAL: "bản ký số của người có thẩm quyền, chưa có chữ ký số của cơ quan",
}
ISSUED_NOTE = "bản phát hành, chưa ký số"
RENDERED_NOTE = "bản in của Cổng, chưa phát hành để ký số"


class PackageRefused(Exception):
    """The package cannot be made as it would be incomplete or wrong (the message is Vietnamese, for staff)."""


@dataclass(frozen=True)
class Package:
    file: IO[bytes]  # a temporary file, at its start; closed by whoever sends it
    sha256: str
    size: int
    filename: str
    manifest: dict[str, Any]


def package_filename(dossier: Dossier) -> str:
    """goi-ho-so-TW-12-TTr-UBND-ho-so-7.zip"""
    symbol = forwarding_letter_symbol(dossier).replace("/", "-")
    return f"goi-ho-so-TW-{symbol}-ho-so-{dossier.pk}.zip"


def _signed_or_issued(obj: Dossier | Meeting, render: Callable[[], bytes], printed: str) -> tuple[bytes, str, str]:
    """A document's PDF for the package, with its source and what the manifest says of it: the newest signed copy
    accepted (reports.signature_services); else the PDF frozen for signing, as issued; else rendered now."""
    document = signed_document_of(obj)
    if document is not None:
        signed = signed_document_latest_pdf(obj=obj)
        if signed is not None:
            note = SIGNED_NOTES.get(document.state, SIGNED_NOTES[SignedDocument.State.COMPLETE])
            return signed, f"signed_document:{document.pk} (bản ký số mới nhất)", note
        return bytes(document.pdf), f"signed_document:{document.pk} (bản phát hành)", ISSUED_NOTE
    return render(), f"{printed} (bản in của Cổng)", RENDERED_NOTE


def _dossier_files(writer: PackageWriter, dossier: Dossier) -> None:
    for attached in DossierFile.objects.filter(dossier=dossier).order_by("uploaded_at", "pk"):
        kind, title = DOSSIER_FILE_KINDS.get(attached.kind, ("other_file", "Tài liệu khác của hồ sơ"))
        try:
            handle = attached.file.open("rb")  # through the storage API: the local disk or S3
        except missing_file_errors() as error:
            raise PackageRefused(
                f"Tệp “{attached.original_name}” của hồ sơ không còn trên máy chủ; gói sẽ thiếu tệp này nên "
                "không được lập. Báo quản trị hệ thống khôi phục tệp từ bản sao lưu."
            ) from error
        with handle:
            writer.add(
                folder="03_Ho_so_don_vi",
                name=attached.original_name,
                kind=kind,
                title=f"{title}: {attached.original_name}",
                source=f"dossier_file:{attached.pk} ({attached.file.name})",
                chunks=file_chunks(handle),
            )


def _council(writer: PackageWriter, dossier: Dossier) -> list[dict[str, Any]]:
    meetings = list(
        Meeting.objects.filter(agenda=dossier, status=Meeting.Status.CLOSED)
        .select_related("council", "composition")
        .order_by("date", "pk")
    )
    for meeting in meetings:
        content, source, note = _signed_or_issued(meeting, partial(minutes_pdf, meeting), "reports.minutes_print")
        writer.add_bytes(
            folder="04_Hoi_dong",
            name=f"bien-ban-hop-{meeting.date:%Y-%m-%d}-{meeting.pk}.pdf",
            kind="council_minutes",
            title=f"Biên bản họp Hội đồng: {meeting.title} ({vn_date(meeting.date)}; {note})",
            source=f"meeting:{meeting.pk}, {source}",
            content=content,
        )
    if meetings:
        ballots = list(
            Ballot.objects.filter(meeting__in=meetings, nomination__dossier=dossier)
            .select_related("nomination__award_type")
            .order_by("meeting__date", "nomination__line_no")
        )
        appraisals = list(
            StandingAppraisal.objects.filter(meeting__in=meetings, nomination__dossier=dossier)
            .select_related("nomination__award_type")
            .order_by("meeting__date", "nomination__line_no")
        )
        writer.add_bytes(
            folder="04_Hoi_dong",
            name="ket-qua-bieu-quyet.xlsx",
            kind="ballot_results",
            title="Kết quả biểu quyết, thẩm định của Hội đồng",
            source="ballots (awards.Ballot, awards.StandingAppraisal)",
            content=ballots_xlsx(meetings, ballots, appraisals),
        )
    return [{"id": m.pk, "title": m.title, "date": m.date.isoformat()} for m in meetings]


def _consultations(writer: PackageWriter, dossier: Dossier) -> list[dict[str, Any]]:
    consultations = list(
        Consultation.objects.filter(dossier=dossier).prefetch_related("entries").order_by("start_date", "pk")
    )
    # Two grouped queries for all of the dossier's consultations, not two per consultation.
    feedback = ConsultationFeedback.objects.filter(consultation__in=consultations)
    counts_by: dict[int, dict[int | None, int]] = defaultdict(dict)
    for consultation_id, entry_id, n in (
        feedback.values_list("consultation", "entry").annotate(n=Count("pk")).values_list("consultation", "entry", "n")
    ):
        counts_by[consultation_id][entry_id] = n
    answered_by: dict[int, int] = dict(
        feedback.filter(~Q(answer=""))
        .values_list("consultation")
        .annotate(n=Count("pk"))
        .values_list("consultation", "n")
    )
    summary = []
    for consultation in consultations:
        counts = counts_by[consultation.pk]
        answered = answered_by.get(consultation.pk, 0)
        writer.add_bytes(
            folder="05_Lay_y_kien",
            name=f"lay-y-kien-nhan-dan-{consultation.start_date:%Y-%m-%d}-{consultation.pk}.txt",
            kind="consultation_record",
            title=f"Hồ sơ lấy ý kiến Nhân dân: {consultation.title}",
            source=f"consultation:{consultation.public_id}",
            content=consultation_text(consultation, counts, answered).encode("utf-8"),
        )
        summary.append(
            {
                "public_id": str(consultation.public_id),
                "start_date": consultation.start_date.isoformat(),
                "end_date": consultation.end_date.isoformat(),
                "status": consultation.status,
                "outcome": consultation.outcome,
                "feedback_count": sum(counts.values()),
            }
        )
    return summary


def dossier_package_write(*, dossier: Dossier, out: IO[bytes], now: datetime.datetime | None = None) -> dict[str, Any]:
    """Writes the package of a forwarded dossier into `out` (seekable) and returns its manifest."""
    if dossier.status not in PACKAGED_STATUSES or dossier.forwarding_date is None:
        raise PackageRefused("Chỉ lập gói hồ sơ gửi Trung ương cho hồ sơ đã có tờ trình và đã chuyển Trung ương.")
    now = now or timezone.now()
    with PackageWriter(out) as writer:
        return _write(writer, dossier, now)


def _write(writer: PackageWriter, dossier: Dossier, now: datetime.datetime) -> dict[str, Any]:
    letter_date = dossier.forwarding_date
    assert letter_date is not None  # checked by dossier_package_write
    nominees = list(Nomination.objects.filter(dossier=dossier).select_related("award_type").order_by("line_no"))
    letter, letter_source, letter_note = _signed_or_issued(
        dossier, lambda: forwarding_pdf(dossier, letter_nominees(dossier)), "reports.forwarding_print"
    )
    symbol = forwarding_letter_symbol(dossier)
    writer.add_bytes(
        folder="01_To_trinh",
        name=f"to-trinh-{symbol.replace('/', '-')}.pdf",
        kind="forwarding_letter",
        title=f"Tờ trình số {symbol} ngày {vn_date(letter_date)} ({letter_note})",
        source=letter_source,
        content=letter,
    )
    writer.add_bytes(
        folder="02_Danh_sach",
        name="danh-sach-de-nghi.xlsx",
        kind="nominee_list",
        title="Danh sách đề nghị khen thưởng (thành tích, thẩm định, kết quả Hội đồng)",
        source=f"nominations of dossier:{dossier.pk}",
        content=nominee_list_xlsx(dossier, nominees),
    )
    _dossier_files(writer, dossier)
    meetings = _council(writer, dossier)
    consultations = _consultations(writer, dossier)
    header = {
        "dossier": {
            "id": dossier.pk,
            "title": dossier.title,
            "unit": dossier.unit.name,
            "year": dossier.year,
            "status": dossier.status,
            "nominees": len(nominees),
        },
        "forwarding_letter": {
            "number_symbol": symbol,
            "date": letter_date.isoformat(),
            "signer": dossier.forwarding_signer_name,
            "signer_title": dossier.forwarding_signer_title,
        },
        "letter_note": letter_note,
        "generated_at": timezone.localtime(now).isoformat(timespec="seconds"),
        "meetings": meetings,
        "consultations": consultations,
        "personal_data": PERSONAL_DATA_NOTE,
        "legal_basis": "Luật Thi đua, khen thưởng 2022, Điều 84 khoản 4: 01 bộ hồ sơ bản chính kèm theo các tệp "
        "tin điện tử của hồ sơ. Định dạng gói do Cổng tự thiết kế (chưa có chuẩn trao đổi quốc gia).",
    }
    return writer.finish(header, listing_text(header, writer.files))


def dossier_package(*, dossier: Dossier, now: datetime.datetime | None = None) -> Package:
    """The package in a temporary file, with the SHA-256 of the whole ZIP (what the download's audit records)."""
    out = tempfile.TemporaryFile()
    try:
        manifest = dossier_package_write(dossier=dossier, out=out, now=now)
        out.seek(0)
        digest, size = hashlib.sha256(), 0
        for chunk in iter(lambda: out.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
        out.seek(0)
    except BaseException:
        out.close()
        raise
    return Package(out, digest.hexdigest(), size, package_filename(dossier), manifest)


def dossier_package_store(*, dossier: Dossier, folder: str) -> tuple[Package, str]:
    """The package built and kept in the default storage (shared by app servers and workers) for a background job
    to hand over: (the package, its storage name). PackageRefused is a ValidationError's message for the job."""
    try:
        package = dossier_package(dossier=dossier)
    except PackageRefused as error:
        raise ValidationError(str(error)) from error
    with package.file:
        name = default_storage.save(f"{folder}/{package.filename}", File(package.file))
    return package, name
