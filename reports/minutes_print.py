"""The minutes of a council meeting (biên bản họp Hội đồng Thi đua - Khen thưởng) as printed: time and place,
who attended and who did not, the quorum, each nominee's tally and result under the rule applied, and the
signatures of the chair and the secretary. Plain data, then its PDF; it lives in reports, the app that renders
documents, so that awards never imports reports."""

from dataclasses import dataclass

from django.conf import settings

from awards.council.forms import ROLE_NAMES
from awards.council.meetings import Quorum, meeting_quorum
from awards.council.selectors import meeting_agenda
from awards.models import CouncilMember, CouncilRole, Meeting, VotingRule
from kernel.lib.formatting import vn_long_date
from kernel.lib.pdf import render_pdf
from reports.decision_print import DRAFT_NUMBER_BLANK
from reports.document import Profile, profile_for

BALLOT_NAMES = {VotingRule.Ballot.SECRET: "Bỏ phiếu kín", VotingRule.Ballot.NAMED: "Biểu quyết công khai"}
# Who presides when the chair is absent: the vice-chairs in the decision's order.
PRESIDING_ORDER = (
    CouncilRole.CHAIR,
    CouncilRole.FIRST_VICE_CHAIR,
    CouncilRole.STANDING_VICE_CHAIR,
    CouncilRole.VICE_CHAIR,
)


@dataclass(frozen=True)
class MemberLine:
    name: str
    role: str  # "Ủy viên"
    title: str  # "Giám đốc Sở Tư pháp"


@dataclass(frozen=True)
class TallyRow:
    no: int
    name: str
    award: str
    dossier: str
    ballot: str
    votes_for: int | None
    votes_against: int | None
    result: str  # "Đạt", "Không đạt", or "Chưa biểu quyết"
    explanation: str


@dataclass(frozen=True)
class Signature:
    role_line: str  # "CHỦ TRÌ", "THƯ KÝ"
    name: str


@dataclass(frozen=True)
class MinutesDocument:
    # The names _header.html and _document_style.html expect.
    parent_body: str
    issuing_body_lines: tuple[str, ...]
    number_symbol: str
    place_and_date: str
    title: str
    summary_lines: tuple[str, ...]
    profile: Profile
    is_draft: bool
    # The minutes themselves.
    opening: str
    present: tuple[MemberLine, ...]
    absent: tuple[MemberLine, ...]
    members_total: int
    quorum_sentence: str
    rows: tuple[TallyRow, ...]
    signatures: tuple[Signature, ...]


def _line(member: CouncilMember) -> MemberLine:
    return MemberLine(member.full_name, ROLE_NAMES[member.role], member.title)


def _quorum_sentence(quorum: Quorum) -> str:
    """Attendance against the council rules in force on the meeting's date, naming them."""
    rules = quorum.rules
    if rules is None:
        return f"Có mặt {quorum.present}/{quorum.members} thành viên Hội đồng; chưa có quy chế áp dụng cho ngày họp."
    rule_set = rules.rule_set
    sentence = (
        f"Có mặt {quorum.present}/{quorum.members} thành viên Hội đồng; theo {rules.citation}, phiên họp cần ít "
        f"nhất {quorum.required} thành viên ({rule_set.quorum_text} tổng số thành viên) có mặt"
    )
    if quorum.award_required is not None:
        sentence += (
            f"; phiên họp xét khen thưởng cần ít nhất {quorum.award_required} thành viên "
            f"({rule_set.award_meeting_min_percent}% tổng số thành viên) có mặt"
        )
    verdict = "đủ" if quorum.may_vote else "không đủ"
    return f"{sentence}. Phiên họp {verdict} điều kiện để biểu quyết."


def _presiding(present: list[CouncilMember]) -> CouncilMember | None:
    for role in PRESIDING_ORDER:
        for member in present:
            if member.role == role:
                return member
    return present[0] if present else None


def _secretary(present: list[CouncilMember], chair: CouncilMember | None) -> CouncilMember | None:
    """The standing member (Ủy viên thường trực, from the secretariat) keeps the minutes."""
    standing = [m for m in present if m.role == CouncilRole.STANDING_MEMBER and m != chair]
    return standing[0] if standing else None


def minutes_document(*, meeting: Meeting) -> MinutesDocument:
    """The minutes as they print, in the layout of the meeting's date. A fixed number of queries."""
    members = list(meeting.composition.members.order_by("position"))
    present_ids = set(meeting.attendance.filter(present=True).values_list("member_id", flat=True))
    present = [m for m in members if m.pk in present_ids]
    absent = [m for m in members if m.pk not in present_ids]
    quorum = meeting_quorum(meeting=meeting)
    rows = []
    for no, item in enumerate(meeting_agenda(meeting=meeting, members=len(members)), start=1):
        ballot = item.ballot
        rule_ballot = ballot.ballot if ballot else (item.rule.ballot if item.rule else "")
        if item.standing_body:  # appraised by the standing body, no vote (the council rules in force)
            rule_ballot = ""
            appraisal = item.appraisal
            result = "Chưa thẩm định" if appraisal is None else ("Đạt" if appraisal.agrees else "Không đạt")
            explanation = "" if appraisal is None else appraisal.explanation
        elif ballot is None:
            result, explanation = "Chưa biểu quyết", ""
        else:
            result, explanation = ("Đạt" if ballot.passed else "Không đạt"), ballot.explanation
        rows.append(
            TallyRow(
                no=no,
                name=item.nomination.recipient_name,
                award=item.nomination.award_type.name,
                dossier=item.nomination.dossier.title,
                ballot="Thường trực Hội đồng thẩm định" if item.standing_body else BALLOT_NAMES.get(rule_ballot, ""),
                votes_for=ballot.votes_for if ballot else None,
                votes_against=ballot.votes_against if ballot else None,
                result=result,
                explanation=explanation,
            )
        )
    chair = _presiding(present)
    secretary = _secretary(present, chair)
    council = meeting.council.name
    short_council = "Hội đồng Thi đua - Khen thưởng"
    province = settings.PROVINCE_NAME
    return MinutesDocument(
        parent_body=f"UBND TỈNH {province.upper()}",
        issuing_body_lines=(short_council.upper(),),
        number_symbol=f"{DRAFT_NUMBER_BLANK}/BB-HĐTĐKT",
        place_and_date=f"{province}, {vn_long_date(meeting.date)}",
        title="BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        summary_lines=(meeting.title,),
        profile=profile_for(meeting.date),
        is_draft=meeting.status != Meeting.Status.CLOSED,
        opening=(
            f"Vào {vn_long_date(meeting.date)}, tại {meeting.place}, {council} họp xét, "
            "biểu quyết các đề nghị khen thưởng."
        ),
        present=tuple(_line(m) for m in present),
        absent=tuple(_line(m) for m in absent),
        members_total=len(members),
        quorum_sentence=_quorum_sentence(quorum),
        rows=tuple(rows),
        signatures=(
            Signature("THƯ KÝ", secretary.full_name if secretary else ""),
            Signature("CHỦ TRÌ", chair.full_name if chair else ""),
        ),
    )


def minutes_pdf(meeting: Meeting) -> bytes:
    return render_pdf("reports/minutes_pdf.html", {"doc": minutes_document(meeting=meeting)})
