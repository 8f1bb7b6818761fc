"""The province's forwarding letter (tờ trình) proposing a reviewed dossier's State awards to the central level,
as printed (Decree 30/2020 / Circular 01/2011 layout by its date): the letter and the annex listing the nominees
the council passed. A province submits every State award to the Prime Minister through the Central Emulation and
Commendation Board (Luật 2022 Đ83): the Prime Minister is asked to grant what the Prime Minister grants, and to
submit the rest to its granting authority (the President: orders, medals, State honorary titles, prizes).
Plain data, then its PDF; it lives in reports, the app that renders documents, so that awards never imports
reports."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from awards.models import Authority, AwardType, Consultation, Dossier, LegalRegime, Meeting, Nomination
from awards.nominations.services import forwarding_letter_symbol
from campaigns.models import Issuer
from kernel.lib.formatting import vn_date, vn_long_date
from kernel.lib.pdf import render_pdf
from kernel.lib.symbols import SymbolError, parse_symbol
from reports.decision_print import (
    DRAFT_NUMBER_BLANK,
    KIND_LABELS,
    AnnexSection,
    _annex_sections,
    _award_phrase,
    _counts_phrase,
    _drafting_unit,
    _issuing_body_lines,
    _kinds_phrase,
    _province,
    _regime_basis_lines,
    signature_lines,
)
from reports.document import Profile, profile_for
from reports.selectors import vn_count

DRAFT_SYMBOL = "TTr-UBND"  # the province's submissions, until the letter has its own number and symbol
DRAFT_SIGNER_TITLE = "Phó Chủ tịch"
CENTRAL_BOARD = "Ban Thi đua - Khen thưởng Trung ương"
PRIME_MINISTER = "Thủ tướng Chính phủ"  # the addressee of every letter
PRIME_MINISTER_CODE = "prime_minister"  # fixtures/catalog/authorities.csv
# The unit that drafts the province's emulation and commendation submissions: in Lạng Sơn the Department of Home
# Affairs (Sở Nội vụ, through its Ban Thi đua - Khen thưởng), filed as "Lưu: VT, SNV." when the letter's symbol
# ("TTr-UBND") names no drafting unit of its own.
LETTER_DRAFTING_UNIT = "SNV"


@dataclass(frozen=True)
class NomineeRow:
    no: int
    name: str
    position_and_unit: str  # "Chuyên viên, Sở Tư pháp"; a collective: its proposing unit
    achievements: str

    @property
    def cells(self) -> tuple[str, ...]:  # the columns after "TT" (documents/_annex.html)
        return (self.name, self.position_and_unit, self.achievements)


@dataclass(frozen=True)
class ForwardingAnnex:
    title_lines: tuple[str, ...]
    caption: str
    sections: tuple[AnnexSection, ...]  # of NomineeRow
    headers: tuple[str, ...] = ("Tên tập thể, họ và tên", "Chức vụ, đơn vị công tác", "Tóm tắt thành tích")


@dataclass(frozen=True)
class ForwardingDocument:
    # The names documents/_header.html, _closing.html and _document_style.html expect.
    number_symbol: str
    issuing_body_lines: tuple[str, ...]
    place_and_date: str
    title: str
    summary_lines: tuple[str, ...]
    signature_lines: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]
    profile: Profile
    is_draft: bool
    # The letter's own parts.
    addressee_lines: tuple[str, ...]  # ("Thủ tướng Chính phủ.",)
    addressee_via: str  # "(qua Ban Thi đua - Khen thưởng Trung ương)"
    basis_lines: tuple[str, ...]
    review_paragraph: str
    request_paragraph: (
        str  # "… kính trình Thủ tướng Chính phủ xem xét, tặng …" or, for several award types, "… xem xét:"
    )
    request_items: tuple[str, ...]  # one per award type when there are several: "- Trình Chủ tịch nước tặng thưởng …;"
    annex: ForwardingAnnex
    counts: dict[str, int]
    authorities: tuple[str, ...]  # who grants the proposed awards, in the order of the catalog
    parent_body: str = ""
    # Where and when the list was published for the people's opinion (awards.consultations), before proposing.
    consultation_paragraph: str = ""


def letter_nominees(dossier: Dossier) -> list[Nomination]:
    """The nominees the letter proposes: passed by the council, for a State award. Two queries."""
    return list(
        Nomination.objects.filter(dossier=dossier, result=Nomination.Result.PASSED, award_type__level="state")
        .select_related("award_type")
        .prefetch_related("award_type__grantors")
        .order_by("award_type__display_order", "award_type__name", "line_no")
    )


def _granting_authority(award_type: AwardType) -> Authority | None:
    state = [a for a in award_type.grantors.all() if a.level == Authority.Level.STATE]
    return min(state, key=lambda a: (a.display_order, a.name)) if state else None


def _counts(nominees) -> dict[str, int]:
    return {kind: sum(1 for n in nominees if n.recipient_kind == kind) for kind in KIND_LABELS}


def _grant_verb(award_type: AwardType) -> str:
    """Orders and medals are "tặng thưởng"; certificates of merit, flags and titles are "tặng"."""
    return "tặng thưởng" if award_type.category in (AwardType.Category.ORDER, AwardType.Category.MEDAL) else "tặng"


def _proposal(award_type: AwardType, nominations: list[Nomination]) -> str:
    """What the Prime Minister is asked for one award type: "tặng Bằng khen của Thủ tướng Chính phủ cho 01 tập thể",
    or, for an award another authority grants, "trình Chủ tịch nước tặng thưởng Huân chương … cho 01 cá nhân"."""
    grant = (
        f"{_grant_verb(award_type)} {_award_phrase(award_type)} cho {_counts_phrase(_counts(nominations), vn_count)}"
    )
    authority = _granting_authority(award_type)
    if authority is None or authority.code == PRIME_MINISTER_CODE:
        return grant
    return f"trình {authority.name} {grant}"


def _letter_issuer(symbol: str) -> tuple[str, Authority | None]:
    """The issuing body's name and the authority that signs for it, from the symbol's issuer code (UBND)."""
    try:
        code = parse_symbol(f"1/{symbol}").issuer_code
    except SymbolError:
        code = "UBND"
    authority = Authority.objects.select_related("issuer").filter(issuer__code=code).order_by("display_order").first()
    if authority is not None:
        return authority.issuer.name, authority
    issuer = Issuer.objects.filter(code=code).first()
    return (issuer.name if issuer else f"Ủy ban nhân dân tỉnh {_province()}"), None


def _signature(issuing_body: tuple[str, ...], authority: Authority | None, signer_title: str) -> tuple[str, ...]:
    """ "TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH" and "PHÓ CHỦ TỊCH": a collective body signs through its head."""
    lines = signature_lines(authority, signer_title) if authority else (signer_title.upper(),)
    return (f"TM. {issuing_body[0]}", *lines)


def _review_paragraph(dossier: Dossier, meeting_date: datetime.date | None, counts: dict[str, int]) -> str:
    council = "Hội đồng Thi đua - Khen thưởng tỉnh"
    reviewed = f"{council} đã họp xét ngày {vn_date(meeting_date)}" if meeting_date else f"{council} đã xét"
    return (
        f"Xét đề nghị của {dossier.unit.name} tại hồ sơ “{dossier.title}”; {reviewed} và thống nhất đề nghị khen "
        f"thưởng {_counts_phrase(counts, vn_count)} có thành tích xuất sắc, đủ tiêu chuẩn theo quy định."
    )


def _consultation_paragraph(nominees: list[Nomination]) -> str:
    """The public consultations listing the letter's nominees, closed, as the letter cites them. One query."""
    consultations = (
        Consultation.objects.filter(status=Consultation.Status.CLOSED, entries__nomination__in=[n.pk for n in nominees])
        .distinct()
        .order_by("start_date", "pk")
    )
    sentences = []
    for c in consultations:
        outcome = (
            "không nhận được ý kiến phản hồi"
            if c.outcome == Consultation.Outcome.NO_FEEDBACK
            else "các ý kiến phản hồi đã được xem xét, trả lời"
        )
        sentences.append(
            f"Danh sách đã được công khai, lấy ý kiến Nhân dân trên {c.published_where} từ ngày "
            f"{vn_date(c.start_date)} đến ngày {vn_date(c.end_date)}; {outcome}."
        )
    return " ".join(sentences)


def forwarding_document(*, dossier: Dossier, nominees: list[Nomination] | None = None) -> ForwardingDocument:
    """The letter as it prints: as recorded when the dossier was forwarded, otherwise a draft (number left blank,
    dated today) to read before forwarding. A fixed number of queries, however many nominees."""
    nominees = letter_nominees(dossier) if nominees is None else nominees
    is_draft = dossier.forwarding_number is None
    date = timezone.localdate() if is_draft else dossier.forwarding_date
    symbol = DRAFT_SYMBOL if is_draft else dossier.forwarding_symbol
    number_symbol = f"{DRAFT_NUMBER_BLANK}/{symbol}" if is_draft else forwarding_letter_symbol(dossier)
    signer_title = dossier.forwarding_signer_title or DRAFT_SIGNER_TITLE

    by_type: dict[AwardType, list[Nomination]] = {}
    for nomination in nominees:
        by_type.setdefault(nomination.award_type, []).append(nomination)
    grantors = {a.name: (a.display_order, a.name) for t in by_type if (a := _granting_authority(t)) is not None}
    authorities = tuple(sorted(grantors, key=grantors.__getitem__))
    counts = _counts(nominees)

    issuer_name, signing_authority = _letter_issuer(symbol)
    issuing_body = _issuing_body_lines(issuer_name)
    regime = LegalRegime.objects.valid_on(date).order_by("-valid_from").first()
    meeting_date = (
        Meeting.objects.filter(agenda=dossier, status=Meeting.Status.CLOSED)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )

    proposals = [_proposal(award_type, nominations) for award_type, nominations in by_type.items()]
    listed = " (có danh sách kèm theo)./."
    if len(proposals) == 1:
        request = f"{issuer_name} kính trình {PRIME_MINISTER} xem xét, {proposals[0]}{listed}"
        items: tuple[str, ...] = ()
    else:
        request = f"{issuer_name} kính trình {PRIME_MINISTER} xem xét:"
        items = tuple(
            f"- {proposal[0].upper()}{proposal[1:]}" + (listed if i == len(proposals) - 1 else ";")
            for i, proposal in enumerate(proposals)
        )

    if len(by_type) == 1:
        [award_type] = by_type
        what = f"{_grant_verb(award_type)} {_award_phrase(award_type)}"
        summary = f"Về việc đề nghị {what}"
        annex_what = f"{_kinds_phrase(counts).upper()} ĐỀ NGHỊ {what.upper()}"
    else:
        summary = "Về việc đề nghị khen thưởng"
        annex_what = f"{_kinds_phrase(counts).upper()} ĐỀ NGHỊ KHEN THƯỞNG"
    unit_name = dossier.unit.name
    caption = (
        f"(Kèm theo Tờ trình số {number_symbol} {vn_long_date(date)} "
        f"của {issuer_name.replace('Ủy ban nhân dân', 'UBND')})"
    )
    sections = _annex_sections(
        by_type,
        lambda no, n: NomineeRow(
            no, n.recipient_name, ", ".join(part for part in (n.position, unit_name) if part), n.achievements
        ),
    )
    return ForwardingDocument(
        number_symbol=number_symbol,
        issuing_body_lines=issuing_body,
        place_and_date=f"{_province()}, {vn_long_date(date)}",
        title="TỜ TRÌNH",
        summary_lines=(summary,),
        signature_lines=_signature(issuing_body, signing_authority, signer_title),
        signer_name=dossier.forwarding_signer_name,
        recipients=(
            "- Như trên;",
            "- Ban TĐKT Trung ương;",
            "- Chủ tịch, các PCT UBND tỉnh;",
            f"- {unit_name};",
            f"- Lưu: VT, {_drafting_unit(symbol) or LETTER_DRAFTING_UNIT}.",
        ),
        profile=profile_for(date),
        is_draft=is_draft,
        addressee_lines=(f"{PRIME_MINISTER}.",),
        addressee_via=f"(qua {CENTRAL_BOARD})",
        basis_lines=_regime_basis_lines(regime),
        review_paragraph=_review_paragraph(dossier, meeting_date, counts),
        consultation_paragraph=_consultation_paragraph(nominees),
        request_paragraph=request,
        request_items=items,
        annex=ForwardingAnnex(("DANH SÁCH", annex_what), caption, sections),
        counts=counts,
        authorities=authorities,
    )


def forwarding_pdf(dossier: Dossier, nominees: list[Nomination] | None = None) -> bytes:
    return render_pdf("reports/forwarding_pdf.html", {"doc": forwarding_document(dossier=dossier, nominees=nominees)})
