"""An award decision as printed (Decree 30/2020 / Circular 01/2011 layout by its date): the decision with its
articles and the annex listing its recipients, as plain data, and its PDF. It lives in reports, the app that
renders documents, so that awards never imports reports.

Reward money (awards.decisions.money, never recomputed here): Điều 2 states the amount each recipient kind receives for
each award type, the decree the coefficients come from (the money data's source on the decision's date) and the
total; the annex has a "Số tiền (đồng)" column and a total row. An amount resting on a coefficient, base salary
or rounding rule the research notes give from memory or as a lead (awards.decisions.money.Amount.unsourced) is never
printed as a plain figure: a draft prints it marked "(*)" with a warning on the first page and under the annex,
for staff to check before the decision is signed; an issued (or annulled) decision then prints no figure at all,
only the article's reference to the decree, as a decision without money data does."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from awards.decisions.money import DecisionMoney, decision_total, money_rules
from awards.decisions.selectors import decision_awards
from awards.models import Authority, Award, AwardType, Decision, LegalRegime, RecipientKind
from kernel.lib.formatting import vn_int, vn_long_date
from kernel.lib.pdf import render_pdf
from kernel.lib.symbols import SymbolError, format_symbol, parse_symbol
from reports.document import Profile, profile_for

DRAFT_NUMBER_BLANK = "\u00a0" * 8  # "Số:        /QĐ-UBND": the number is written in when the decision is signed
KIND_LABELS = {
    RecipientKind.COLLECTIVE: "tập thể",
    RecipientKind.INDIVIDUAL: "cá nhân",
    RecipientKind.FAMILY: "gia đình",
}
ROMAN = ("I", "II", "III")
# "Nghị định 91/2017/NĐ-CP Đ73" (a coefficient's source, fixtures/catalog/reward_coefficients.csv) -> "91/2017/NĐ-CP"
DECREE = re.compile(r"Nghị định (?:số )?(\d+/\d{4}/NĐ-CP)")
AMOUNT_HEADER = "Số tiền (đồng)"
UNSOURCED_MARK = " (*)"
UNSOURCED_WARNING = (
    "(*) Dự thảo: mức tiền có dấu (*) được tính theo số liệu chưa kiểm chứng (hệ số, mức lương cơ sở hoặc cách "
    "làm tròn ghi theo trí nhớ), cần đối chiếu văn bản trước khi trình ký. Quyết định đã ban hành không in các mức "
    "tiền này."
)


@dataclass(frozen=True)
class Article:
    label: str  # "Điều 1."
    text: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnnexRow:
    no: int
    name: str
    position: str
    workplace: str
    amount: str | None = None  # "1.300.000" ("" for an award without money); None: the annex has no amount column

    @property
    def cells(self) -> tuple[str, ...]:  # the columns after "TT" (documents/_annex.html)
        columns = (self.name, self.position, self.workplace)
        return columns if self.amount is None else (*columns, self.amount)


@dataclass(frozen=True)
class AnnexGroup:
    heading: str  # "I. TẬP THỂ"
    rows: tuple  # AnnexRow, or the row of another document's annex (reports.forwarding_print)


@dataclass(frozen=True)
class AnnexSection:
    heading: str  # "A. BẰNG KHEN CỦA …" when the decision gives several award types, else ""
    groups: tuple[AnnexGroup, ...]


@dataclass(frozen=True)
class DecisionAnnex:
    title_lines: tuple[str, ...]
    caption: str
    sections: tuple[AnnexSection, ...]
    headers: tuple[str, ...] = ("Tên tập thể, họ và tên", "Chức vụ", "Đơn vị công tác, địa chỉ")
    total: tuple[str, str] | None = None  # ("Tổng cộng", "871.000.000"): the last row, under the amount column
    notes: tuple[str, ...] = ()  # printed under the table


@dataclass(frozen=True)
class PrintedMoney:
    """The reward money as the decision prints it (None when it prints none, see the module's docstring)."""

    amounts: dict[int, str]  # by award id: "1.300.000", "1.300.000 (*)"; absent: the award has no amount
    per_type: dict[AwardType, dict[str, str]]  # award type -> recipient kind -> "1.300.000 đồng", "… đồng (*)"
    total: int
    decrees: tuple[str, ...]  # ("91/2017/NĐ-CP",): where the coefficients come from
    unsourced: bool  # some amount rests on memory or a lead (a draft only: an issued decision prints none)

    def total_text(self, unit: str = "") -> str:
        """ "871.000.000", "871.000.000 đồng (*)": the total is marked when one of its amounts is."""
        return vn_int(self.total) + unit + (UNSOURCED_MARK if self.unsourced else "")


@dataclass(frozen=True)
class DecisionDocument:
    number_symbol: str
    issuing_body_lines: tuple[str, ...]
    place_and_date: str
    title: str
    summary_lines: tuple[str, ...]
    authority_line: str
    basis_lines: tuple[str, ...]
    articles: tuple[Article, ...]
    signature_lines: tuple[str, ...]
    signer_name: str
    recipients: tuple[str, ...]
    annex: DecisionAnnex
    profile: Profile
    is_draft: bool
    counts: dict[str, int]  # recipients per kind, as Điều 1 states them
    parent_body: str = ""
    money: PrintedMoney | None = None
    money_warning: str = ""  # a draft with unsourced amounts: printed in a box under the articles


def _province() -> str:
    return settings.PROVINCE_NAME


def _issuing_body_lines(issuer_name: str) -> tuple[str, ...]:
    """ "Ủy ban nhân dân tỉnh Lạng Sơn" -> ("ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"), as the header prints it."""
    suffix = f"tỉnh {_province()}"
    if issuer_name.lower().endswith(suffix.lower()) and len(issuer_name) > len(suffix):
        return (issuer_name[: -len(suffix)].strip(" ,-").upper(), suffix.upper())
    return (issuer_name.upper(),)


def authority_name(authority: Authority) -> str:
    """ "Chủ tịch Ủy ban nhân dân tỉnh" -> "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"."""
    name = authority.name.strip()
    return f"{name} {_province()}" if name.lower().endswith(" tỉnh") else name


def signature_lines(authority: Authority, signer_title: str) -> tuple[str, ...]:
    """A deputy signs for the head (ký thay): "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH"."""
    title = signer_title.strip()
    head = title[4:].strip() if title.lower().startswith("phó ") else ""
    if head and authority.name.lower().startswith(head.lower()):
        return (f"KT. {head.upper()}", title.upper())
    return (title.upper(),)


# How a basis line ("Căn cứ …;") cites each part of a legal regime, keyed by the part as `_regime_parts` gives it
# (the regime's name in fixtures/catalog/legal_regimes.csv, split at ";"). Kept here rather than as a column of
# that file because a column would need a LegalRegime field and a migration. Only what the research notes
# (shared/reference/research/domain-facts.md §1) support is written: the numbers of the 2003 law and its 2013
# amendment (their dates are not in the notes), the dates of the 2022 law and of Decrees 91/2017, 98/2023 and
# 152/2025 (their titles are not in the notes). A part without an entry is cited as the catalog names it.
LEGAL_CITATIONS = {
    "Luật Thi đua, Khen thưởng 2003 (sửa đổi 2013)": (
        "Luật Thi đua, Khen thưởng số 15/2003/QH11; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, "
        "Khen thưởng số 39/2013/QH13"
    ),
    "Nghị định 91/2017/NĐ-CP": "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ",
    "Luật Thi đua, Khen thưởng số 06/2022/QH15": "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
    "Nghị định 98/2023/NĐ-CP": "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ",
    "Nghị định 152/2025/NĐ-CP": "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ",
}


def _regime_parts(regime: LegalRegime | None) -> list[str]:
    """The regime's law and decrees as short names: ["Luật Thi đua, Khen thưởng …", "Nghị định 91/2017/NĐ-CP"]."""
    if regime is None:
        return []
    parts = [part.strip() for part in regime.name.split(";") if part.strip()]
    return [part.replace("Luật TĐKT", "Luật Thi đua, Khen thưởng") for part in parts]


def _regime_basis_lines(regime: LegalRegime | None) -> tuple[str, ...]:
    """ "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", one line per part of the regime, in full."""
    parts = _regime_parts(regime) or ["Luật Thi đua, Khen thưởng và các văn bản hướng dẫn thi hành"]
    return tuple(f"Căn cứ {LEGAL_CITATIONS.get(part, part)};" for part in parts)


def _drafting_unit(symbol: str) -> str | None:
    """The drafting unit of a symbol ("QĐ-UBND-KG-VX" -> "KG-VX"), for "Lưu: VT, KG-VX."; None when it has none."""
    try:
        return parse_symbol(f"1/{symbol}").drafting_unit
    except SymbolError:
        return None


def _basis_lines(issuer_name: str, regime: LegalRegime | None) -> tuple[str, ...]:
    lines = []
    if issuer_name.lower().startswith("ủy ban nhân dân"):
        lines.append("Căn cứ Luật Tổ chức chính quyền địa phương;")
    lines += _regime_basis_lines(regime)
    lines.append("Xét đề nghị của cơ quan làm công tác thi đua, khen thưởng,")
    return tuple(lines)


def _counts_phrase(counts: dict[str, int], number: Callable[[int], str] = vn_int) -> str:
    """ "3 tập thể, 5 cá nhân, 1 gia đình"; `number` writes each count (reports.selectors.vn_count: "03")."""
    return ", ".join(f"{number(counts[kind])} {label}" for kind, label in KIND_LABELS.items() if counts.get(kind))


def _kinds_phrase(counts: dict[str, int]) -> str:
    return ", ".join(label for kind, label in KIND_LABELS.items() if counts.get(kind))


def _award_phrase(award_type: AwardType) -> str:
    """What is given: "Bằng khen của …", "danh hiệu Chiến sĩ thi đua cấp tỉnh"."""
    titles = (AwardType.Category.EMULATION_TITLE, AwardType.Category.HONORARY_TITLE)
    if award_type.category in titles and not award_type.name.startswith("Cờ"):
        return f"danh hiệu {award_type.name}"
    return award_type.name


def _printed_money(decision: Decision, by_type: dict[AwardType, list[Award]], money: DecisionMoney):
    """What Điều 2 and the annex print of the money awards.decisions.money computed, or None when they print none: no
    award of the decision has an amount, or an issued decision has an amount resting on memory or a lead."""
    priced = {award_id: amount for award_id, amount in money.amounts.items() if amount is not None}
    if not priced:
        return None
    unsourced = any(amount.unsourced for amount in priced.values())
    if unsourced and not decision.is_draft:
        return None

    def figure(amount, unit: str = "") -> str:
        return vn_int(amount.rounded) + unit + (UNSOURCED_MARK if amount.unsourced else "")

    per_type: dict[AwardType, dict[str, str]] = {}
    for award_type, awards in by_type.items():
        for kind in KIND_LABELS:
            figures = list(
                dict.fromkeys(
                    figure(priced[a.pk], " đồng") for a in awards if a.recipient_kind == kind and a.pk in priced
                )
            )
            if figures:  # one amount per award type and kind: the awards of a decision share its date
                per_type.setdefault(award_type, {})[kind] = " – ".join(figures)
    sources = [amount.coefficient_rule.source for amount in priced.values()]
    return PrintedMoney(
        amounts={award_id: figure(amount) for award_id, amount in priced.items()},
        per_type=per_type,
        total=money.total,
        decrees=tuple(dict.fromkeys(m.group(1) for source in sources if (m := DECREE.search(source)))),
        unsourced=unsourced,
    )


def _money_article(counts: dict[str, int], rules: str, money: PrintedMoney, *, award_types: int) -> Article:
    """ "Điều 2. Các tập thể, cá nhân có tên tại Điều 1 được nhận hiện vật và tiền thưởng theo quy định tại Nghị
    định số 91/2017/NĐ-CP, mức tiền thưởng như sau: - Mỗi tập thể: 2.600.000 đồng; … Tổng số tiền thưởng: …"."""
    if money.decrees:
        rules = " và ".join(f"Nghị định số {decree}" for decree in money.decrees)
    # "Mỗi cá nhân: …" alone only when Điều 1 gives one award: with two, one of them unpriced, it would read as if
    # it applied to every recipient.
    if award_types == 1 and len(money.per_type) == 1:
        [by_kind] = money.per_type.values()
        items = [f"- Mỗi {KIND_LABELS[kind]}: {figure};" for kind, figure in by_kind.items()]
    else:
        items = [
            f"- {_award_phrase(award_type)}: "
            + ", ".join(f"mỗi {KIND_LABELS[kind]} {figure}" for kind, figure in by_kind.items())
            + ";"
            for award_type, by_kind in money.per_type.items()
        ]
    items.append(f"Tổng số tiền thưởng: {money.total_text(' đồng')}.")
    text = (
        f"Các {_kinds_phrase(counts)} có tên tại Điều 1 được nhận hiện vật và tiền thưởng theo quy định tại "
        f"{rules}, mức tiền thưởng như sau:"
    )
    return Article("Điều 2.", text, tuple(items))


def _articles(
    by_type: dict[AwardType, list[Award]], counts: dict[str, int], regime, money: PrintedMoney | None = None
) -> tuple[Article, ...]:
    listed = "có tên trong danh sách kèm theo"
    if len(by_type) == 1:
        [award_type] = by_type
        first = Article("Điều 1.", f"Tặng {_award_phrase(award_type)} cho {_counts_phrase(counts)} {listed}.")
    else:
        items = []
        for award_type, awards in by_type.items():
            type_counts = {kind: sum(1 for a in awards if a.recipient_kind == kind) for kind in KIND_LABELS}
            items.append(f"- {_award_phrase(award_type)}: {_counts_phrase(type_counts)};")
        first = Article("Điều 1.", f"Khen thưởng {_counts_phrase(counts)} {listed}, gồm:", tuple(items))
    decrees = [part for part in _regime_parts(regime) if part.startswith("Nghị định")]
    rules = decrees[-1] if decrees else "các văn bản hướng dẫn thi hành Luật Thi đua, Khen thưởng"
    second = (
        _money_article(counts, rules, money, award_types=len(by_type))
        if money
        else Article(
            "Điều 2.",
            f"Các {_kinds_phrase(counts)} có tên tại Điều 1 được nhận hiện vật và tiền thưởng theo quy định tại "
            f"{rules}.",
        )
    )
    third = Article(
        "Điều 3.",
        "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị có liên quan và các "
        f"{_kinds_phrase(counts)} có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    )
    return (first, second, third)


def _annex_sections(by_type: dict[AwardType, list], make_row) -> tuple[AnnexSection, ...]:
    """The annex's sections, one per award type ("A. BẰNG KHEN CỦA …" when there are several), each grouped by
    recipient kind ("I. TẬP THỂ", "II. CÁ NHÂN", …); `make_row(no, item)` gives a row of the table."""
    sections = []
    for index, (award_type, items) in enumerate(by_type.items()):
        groups = []
        for kind, label in KIND_LABELS.items():
            rows = [item for item in items if item.recipient_kind == kind]
            if rows:
                groups.append(
                    AnnexGroup(
                        f"{ROMAN[len(groups)]}. {label.upper()}",
                        tuple(make_row(no, item) for no, item in enumerate(rows, 1)),
                    )
                )
        heading = f"{chr(ord('A') + index)}. {_award_phrase(award_type).upper()}" if len(by_type) > 1 else ""
        sections.append(AnnexSection(heading, tuple(groups)))
    return tuple(sections)


def _annex(
    by_type: dict[AwardType, list[Award]], counts: dict[str, int], caption: str, money: PrintedMoney | None = None
) -> DecisionAnnex:
    def row(no: int, a: Award) -> AnnexRow:
        amount = None if money is None else money.amounts.get(a.pk, "")
        return AnnexRow(no, a.recipient_name, a.position, a.workplace, amount)

    sections = _annex_sections(by_type, row)
    if len(by_type) == 1:
        what = f"{_kinds_phrase(counts).upper()} ĐƯỢC TẶNG {_award_phrase(next(iter(by_type))).upper()}"
    else:
        what = f"{_kinds_phrase(counts).upper()} ĐƯỢC KHEN THƯỞNG"
    if money is None:
        return DecisionAnnex(("DANH SÁCH", what), caption, sections)
    return DecisionAnnex(
        ("DANH SÁCH", what),
        caption,
        sections,
        headers=(*DecisionAnnex.headers, AMOUNT_HEADER),
        total=("Tổng cộng", money.total_text()),
        notes=(UNSOURCED_WARNING,) if money.unsourced else (),
    )


def decision_document(*, decision: Decision) -> DecisionDocument:
    """The decision and its annex (danh sách kèm theo) as they print, in the layout of the decision's date.
    A fixed number of queries, however many recipients."""
    awards = sorted(
        decision_awards(decision=decision),
        key=lambda a: (
            a.award_type.display_order,
            a.award_type.name,
            list(KIND_LABELS).index(a.recipient_kind),
            a.line_no,
        ),
    )
    by_type: dict[AwardType, list[Award]] = {}
    for award in awards:
        by_type.setdefault(award.award_type, []).append(award)
    counts = {kind: sum(1 for a in awards if a.recipient_kind == kind) for kind in KIND_LABELS}
    regime = LegalRegime.objects.valid_on(decision.date).order_by("-valid_from").first()
    money = _printed_money(decision, by_type, decision_total(decision=decision, awards=awards, rules=money_rules()))
    grantor = authority_name(decision.authority)
    issuer_name = decision.issuer.name
    number_symbol = (
        f"{DRAFT_NUMBER_BLANK}/{decision.symbol}"
        if decision.number is None
        else format_symbol(decision.number, decision.symbol)
    )
    caption = (
        f"(Kèm theo Quyết định số {number_symbol} {vn_long_date(decision.date)} "
        f"của {grantor.replace('Ủy ban nhân dân', 'UBND')})"
    )
    unit = _drafting_unit(decision.symbol)
    return DecisionDocument(
        number_symbol=number_symbol,
        issuing_body_lines=_issuing_body_lines(issuer_name),
        place_and_date=f"{_province()}, {vn_long_date(decision.date)}",
        title="QUYẾT ĐỊNH",
        summary_lines=tuple(line.strip() for line in decision.summary.splitlines() if line.strip())
        or ("Về việc khen thưởng",),
        authority_line=grantor.upper(),
        basis_lines=_basis_lines(issuer_name, regime),
        articles=_articles(by_type, counts, regime, money),
        signature_lines=signature_lines(decision.authority, decision.signer_title),
        signer_name=decision.signer_name,
        recipients=("- Như Điều 3;", f"- Lưu: VT, {unit}." if unit else "- Lưu: VT."),
        annex=_annex(by_type, counts, caption, money),
        profile=profile_for(decision.date),
        is_draft=decision.is_draft,
        counts=counts,
        money=money,
        money_warning=UNSOURCED_WARNING if money and money.unsourced else "",
    )


def decision_pdf(decision: Decision) -> bytes:
    return render_pdf("awards/decision_pdf.html", {"doc": decision_document(decision=decision)})
