"""The package's tables and texts made from the database: the nominee list and the ballots as Excel workbooks
(kernel/lib/xlsx.py writes every typed string as text), the public consultation's record and the readable list
of the package's files (DANH_MUC.txt)."""

import datetime
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from awards.models import Ballot, Consultation, Dossier, Meeting, Nomination, StandingAppraisal
from kernel.lib.formatting import vn_date
from kernel.lib.xlsx import put
from reports.decision_print import KIND_LABELS
from reports.minutes_print import BALLOT_NAMES
from reports.package_zip import PackedFile

RESULTS: dict[str, str] = {
    Nomination.Result.PASSED: "Đạt",
    Nomination.Result.FAILED: "Không đạt",
    Nomination.Result.PENDING: "Chưa xét",
}
VETTING = {True: "Đủ tiêu chuẩn", False: "Không đủ tiêu chuẩn", None: "Chưa thẩm định"}
BALLOTS: dict[str, str] = {str(ballot): name for ballot, name in BALLOT_NAMES.items()}
KINDS: dict[str, str] = {str(kind): label for kind, label in KIND_LABELS.items()}
WRAP = Alignment(vertical="top", wrap_text=True)


def _sheet(title: str, headers: tuple[str, ...], widths: tuple[int, ...], rows: list[tuple[Any, ...]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = put(ws, 1, column, header)
        cell.font = Font(bold=True)
        cell.alignment = WRAP
        ws.column_dimensions[cell.column_letter].width = width
    for row_no, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            put(ws, row_no, column, value).alignment = WRAP
    ws.freeze_panes = "A2"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


NOMINEE_HEADERS = (
    "TT",
    "Tên tập thể, họ và tên",
    "Cá nhân/tập thể",
    "Chức vụ, đơn vị công tác",
    "Hình thức đề nghị",
    "Tóm tắt thành tích",
    "Thẩm định",
    "Ý kiến thẩm định",
    "Kết quả Hội đồng",
    "Đề nghị Trung ương",
)


def nominee_list_xlsx(dossier: Dossier, nominees: list[Nomination]) -> bytes:
    """Every nominee of the dossier with the vetting and the council's result; the last column says whether the
    forwarding letter proposes them (passed, for a State award)."""
    rows = [
        (
            n.line_no,
            n.recipient_name,
            KINDS.get(n.recipient_kind, n.recipient_kind),
            ", ".join(part for part in (n.position, dossier.unit.name) if part),
            n.award_type.name,
            n.achievements,
            VETTING[n.vetting_ok],
            n.vetting_remark,
            RESULTS.get(n.result, n.result),
            "Có" if n.result == Nomination.Result.PASSED and n.award_type.level == "state" else "Không",
        )
        for n in nominees
    ]
    return _sheet("Danh sách đề nghị", NOMINEE_HEADERS, (5, 28, 12, 32, 32, 60, 16, 30, 14, 12), rows)


BALLOT_HEADERS = (
    "Phiên họp",
    "Ngày họp",
    "Tên tập thể, họ và tên",
    "Hình thức đề nghị",
    "Hình thức biểu quyết",
    "Tổng số thành viên",
    "Có mặt",
    "Đồng ý",
    "Không đồng ý",
    "Ý kiến bằng văn bản đồng ý",
    "Ý kiến bằng văn bản không đồng ý",
    "Kết quả",
    "Căn cứ, giải thích",
)


def ballots_xlsx(meetings: list[Meeting], ballots: list[Ballot], appraisals: list[StandingAppraisal]) -> bytes:
    """The dossier's nominees' ballots in the meetings that reviewed it, and the standing body's appraisals."""
    by_pk = {m.pk: m for m in meetings}
    rows: list[tuple[Any, ...]] = []
    for b in ballots:
        meeting = by_pk[b.meeting_id]
        rows.append(
            (
                meeting.title,
                vn_date(meeting.date),
                b.nomination.recipient_name,
                b.nomination.award_type.name,
                BALLOTS.get(b.ballot, b.ballot),
                b.members_total,
                b.present,
                b.votes_for,
                b.votes_against,
                b.written_for,
                b.written_against,
                "Đạt" if b.passed else "Không đạt",
                b.explanation,
            )
        )
    for a in appraisals:
        meeting = by_pk[a.meeting_id]
        rows.append(
            (
                meeting.title,
                vn_date(meeting.date),
                a.nomination.recipient_name,
                a.nomination.award_type.name,
                "Thường trực Hội đồng thẩm định",
                None,
                None,
                None,
                None,
                None,
                None,
                "Đạt" if a.agrees else "Không đạt",
                a.explanation,
            )
        )
    widths = (30, 12, 28, 32, 20, 10, 8, 8, 10, 12, 12, 10, 60)
    return _sheet("Kết quả biểu quyết", BALLOT_HEADERS, widths, rows)


OUTCOMES: dict[str, str] = {
    Consultation.Outcome.NO_FEEDBACK: "Không nhận được ý kiến phản hồi",
    Consultation.Outcome.CONSIDERED: "Có ý kiến phản hồi, đã được xem xét, trả lời",
}
# Citizens' names, addresses, phones, e-mails and letters stay in the portal: no rule the notes found (Luật 2022
# Đ84 k4-k5, NĐ 98/2023 Đ46, NĐ 152/2025) asks the province to send them to the central level, and they are
# personal data (NĐ 13/2023). The record gives what the central level checks: the notice, its window, the
# nominees listed, how much feedback came and the outcome in the province's words.
PERSONAL_DATA_NOTE = (
    "Họ tên, địa chỉ, số điện thoại, thư điện tử và nội dung thư của người góp ý không đưa vào gói (dữ liệu cá "
    "nhân, lưu tại Cổng); gói chỉ ghi số ý kiến nhận được, số đã trả lời và kết quả."
)


def consultation_text(consultation: Consultation, feedback_counts: dict[int | None, int], answered: int) -> str:
    """The record of one public consultation, as plain UTF-8 text anyone can open."""
    total = sum(feedback_counts.values())
    status = "Đã kết thúc" if consultation.status == Consultation.Status.CLOSED else "Đang lấy ý kiến"
    outcome = OUTCOMES.get(consultation.outcome, "Chưa có kết quả")
    window = f"Từ ngày {vn_date(consultation.start_date)} đến ngày {vn_date(consultation.end_date)}"
    if consultation.working_days:
        window += f" ({consultation.working_days} ngày làm việc)"
    lines = [
        "HỒ SƠ LẤY Ý KIẾN NHÂN DÂN",
        "",
        consultation.title,
        "",
        f"Căn cứ: {consultation.legal_basis}",
        f"Thời gian: {window}",
        f"Đăng tải trên: {consultation.published_where}",
        f"Địa chỉ nhận ý kiến: {consultation.contact}",
        f"Khi không có ý kiến: {consultation.no_feedback_rule}",
        f"Trạng thái: {status}",
        f"Kết quả: {outcome}",
    ]
    if consultation.outcome_text:
        lines.append(f"Kết quả (diễn giải): {consultation.outcome_text}")
    lines += ["", "DANH SÁCH CÔNG KHAI", ""]
    for entry in consultation.entries.all():
        count = feedback_counts.get(entry.pk, 0)
        lines.append(
            f"{entry.line_no}. {entry.name}; {entry.position_and_unit}; đề nghị: {entry.award_name}; "
            f"số ý kiến về trường hợp này: {count}"
        )
    lines += [
        "",
        f"Tổng số ý kiến nhận được: {total} (trong đó {feedback_counts.get(None, 0)} ý kiến chung); "
        f"đã trả lời: {answered}.",
        "",
        PERSONAL_DATA_NOTE,
        "",
    ]
    return "\n".join(lines)


def listing_text(header: dict[str, Any], files: list[PackedFile]) -> str:
    """DANH_MUC.txt: the manifest to read (CRLF, so that Notepad shows its lines too)."""
    letter = header["forwarding_letter"]
    lines = [
        "DANH MỤC HỒ SƠ GỬI TRUNG ƯƠNG",
        f"Hồ sơ: {header['dossier']['title']} (số {header['dossier']['id']}, {header['dossier']['unit']})",
        f"Tờ trình số {letter['number_symbol']} ngày {vn_date(datetime.date.fromisoformat(letter['date']))}",
        f"Lập lúc: {header['generated_at']}",
        f"Tờ trình trong gói: {header['letter_note']}",
        "",
    ]
    for no, f in enumerate(files, start=1):
        lines += [
            f"{no}. {f.name}",
            f"   Loại: {f.title} ({f.kind})",
            f"   Kích thước: {f.size} byte",
            f"   SHA-256: {f.sha256}",
            f"   Nguồn: {f.source}",
        ]
    lines += ["", "Kiểm tra gói: python manage.py check_package <tệp .zip> (so từng tệp với manifest.json).", ""]
    return "\r\n".join(lines)
