"""Certificates of an issued decision as one PDF, one page per award, laid out by WeasyPrint from the award's
certificate template (reports/certificate_models.py), with the portal's serif embedded.

Each field is an absolutely placed box: `x_mm` its left edge, `width_mm` its width, `y_mm` the baseline of its first
line. CSS places a line box by its top, so the box's top is computed from the face's ascent and descent (as Pango
places the baseline: the hhea metrics of the font file, read once) and the line height; tests read the baselines
and edges back from the PDF (pdfplumber) and find them within 0.5 mm."""

import base64
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from awards.models import Award, Decision, RegisterNumber
from kernel.lib.fonts import FONT_FILES
from kernel.lib.formatting import vn_date, vn_long_date
from reports.certificate_models import COLOUR, CertificateField, CertificateTemplate
from reports.decision_print import authority_name, signature_lines

TEMPLATE = "reports/certificates_pdf.html"
LINE_HEIGHT = 1.2  # of the font size, for a field that wraps onto more lines
PT_PER_MM = 72 / 25.4
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class CertificateUnavailable(Exception):
    """A certificate cannot be printed (no template for the award type and grantor, no register number): the
    message says what to do, in Vietnamese."""


@functools.cache
def _vertical_metrics(bold: bool, italic: bool) -> tuple[float, float]:
    """(ascent, descent) of the face, in ems, as Pango reads them (hhea)."""
    from fontTools.ttLib import TTFont

    name = FONT_FILES[("bold" if bold else "normal", "italic" if italic else "normal")]
    with TTFont(Path(settings.PDF_FONT_DIR) / name, lazy=True) as font:
        units = font["head"].unitsPerEm
        return font["hhea"].ascent / units, -font["hhea"].descent / units


@dataclass(frozen=True)
class PlacedText:
    key: str
    text: str
    left_mm: float
    width_mm: float
    top_mm: float  # of the box, computed so that the first baseline falls on the field's y
    size_pt: float
    line_height_pt: float
    colour: str
    bold: bool
    italic: bool
    align: str


@dataclass(frozen=True)
class CertificatePage:
    template_id: int
    texts: tuple[PlacedText, ...]


@dataclass(frozen=True)
class PageStyle:
    template_id: int
    width_mm: Decimal
    height_mm: Decimal
    background: str  # a data: URL, or "" (text only: printed on a pre-printed blank)


def box_top_mm(*, baseline_mm: float, size_pt: float, bold: bool, italic: bool) -> float:
    """The top of a one-line-high box whose baseline is at `baseline_mm`: the line's half-leading plus the ascent
    above it (CSS 2.1 §10.8.1)."""
    ascent, descent = _vertical_metrics(bold, italic)
    line = LINE_HEIGHT * size_pt
    above_baseline_pt = (line - (ascent + descent) * size_pt) / 2 + ascent * size_pt
    return baseline_mm - above_baseline_pt / PT_PER_MM


def place(field: CertificateField, text: str) -> PlacedText:
    size = float(field.font_size_pt)
    return PlacedText(
        key=field.key,
        text=text.upper() if field.uppercase else text,
        left_mm=float(field.x_mm),
        width_mm=float(field.width_mm),
        top_mm=box_top_mm(baseline_mm=float(field.y_mm), size_pt=size, bold=field.bold, italic=field.italic),
        size_pt=size,
        line_height_pt=LINE_HEIGHT * size,
        colour=field.colour if COLOUR.match(field.colour or "") else "#000000",  # only a colour in the CSS
        bold=field.bold,
        italic=field.italic,
        align=field.align,
    )


_ACHIEVEMENT = re.compile(r"(?:đã\s+)?(?:có\s+)?thành\s+tích", re.IGNORECASE)
_LEAD = re.compile(r"^(?:đã\s+)?(?:có\s+)?", re.IGNORECASE)


def achievement_of(summary: str) -> str:
    """The achievement a certificate states, from the decision's summary: "Về việc tặng Bằng khen cho các tập thể, cá
    nhân đã có thành tích xuất sắc đột xuất" → "Đã có thành tích xuất sắc đột xuất". A summary naming no achievement
    gives nothing (the field is then left blank, for staff to write by hand)."""
    match = _ACHIEVEMENT.search(summary or "")
    if not match:
        return ""
    return "Đã có " + _LEAD.sub("", summary[match.start() :].strip().rstrip(".;"), count=1)


def certificate_values(*, award: Award, decision: Decision, register: str) -> dict[str, str]:
    """What each data field prints for an award (the fixed lines print their own text)."""
    return {
        "recipient": award.recipient_name,
        "position": award.position,
        "unit": award.workplace,
        "achievement": achievement_of(decision.summary),
        "decision": f"{decision.number_and_symbol} ngày {vn_date(decision.date)}",
        "register": register,
        "place_date": f"{settings.PROVINCE_NAME}, {vn_long_date(decision.date)}",
        "signer_title": "\n".join(signature_lines(decision.authority, decision.signer_title)),
        "signer_name": decision.signer_name,
    }


def page_for(
    template: CertificateTemplate, fields: Iterable[CertificateField], values: dict[str, str]
) -> CertificatePage:
    grantor = authority_name(template.authority)
    texts = []
    for field in fields:
        if field.artwork_only and template.mode != CertificateTemplate.Mode.ARTWORK:
            continue  # a pre-printed blank carries it
        value = values.get(field.key, "")
        if field.key in values and not value:
            continue  # no position, no unit: nothing printed, not even the field's lead text
        text = field.text.replace("{grantor}", grantor) + value
        if text.strip():
            texts.append(place(field, text))
    return CertificatePage(template_id=template.pk, texts=tuple(texts))


def _background(template: CertificateTemplate, *, with_blank: bool) -> str:
    if not template.background or not (with_blank or template.mode == CertificateTemplate.Mode.ARTWORK):
        return ""
    with template.background.open("rb") as handle:
        data = handle.read()
    content_type = next((kind for magic, kind in IMAGE_TYPES.items() if data.startswith(magic)), None)
    if content_type is None:  # checked on upload (reports/certificate_admin.py); never trusted when printed
        return ""
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def page_style(template: CertificateTemplate, *, with_blank: bool = False) -> PageStyle:
    """`with_blank`: the background also in text mode, where it is the scan of the pre-printed blank (previews)."""
    background = _background(template, with_blank=with_blank)
    return PageStyle(template.pk, template.page_width_mm, template.page_height_mm, background)


def certificates_html(pages: Sequence[CertificatePage], styles: Iterable[PageStyle]) -> str:
    return render_to_string(TEMPLATE, {"pages": pages, "styles": list(styles)})


def certificates_pdf(pages: Sequence[CertificatePage], styles: Iterable[PageStyle]) -> bytes:
    from kernel.lib.pdf import html_to_pdf

    return html_to_pdf(certificates_html(pages, styles))


def templates_for(awards: Sequence[Award], *, authority_id: int) -> dict[int, CertificateTemplate]:
    """The template of each award type among the awards, for the decision's grantor, with its fields: two queries."""
    type_ids = {a.award_type_id for a in awards}
    templates = CertificateTemplate.objects.filter(award_type_id__in=type_ids, authority_id=authority_id)
    found = {t.award_type_id: t for t in templates.select_related("authority").prefetch_related("fields")}
    missing = [a.award_type.name for a in awards if a.award_type_id not in found]
    if missing:
        raise CertificateUnavailable(
            f"Chưa có mẫu giấy chứng nhận cho “{missing[0]}” do {awards[0].decision.authority} quyết định: "
            "thêm mẫu trong trang quản trị (Mẫu bằng khen, giấy khen)."
        )
    return found


def decision_certificates_pdf(*, decision: Decision, awards: Sequence[Award]) -> bytes:
    """The certificates of `awards` (of one issued decision), one page each, in line order."""
    if decision.status != Decision.Status.ISSUED:
        raise CertificateUnavailable("Chỉ in giấy chứng nhận của quyết định đã ban hành (không bị hủy).")
    numbers = dict(RegisterNumber.objects.filter(award__in=awards).values_list("award_id", "text"))
    unnumbered = [a.recipient_name for a in awards if a.pk not in numbers]
    if unnumbered:
        raise CertificateUnavailable(f"Chưa có số sổ vàng: {', '.join(unnumbered[:5])}.")
    templates = templates_for(awards, authority_id=decision.authority_id)
    pages = [
        page_for(
            templates[a.award_type_id],
            templates[a.award_type_id].fields.all(),
            certificate_values(award=a, decision=decision, register=numbers[a.pk]),
        )
        for a in awards
    ]
    return certificates_pdf(pages, (page_style(t) for t in templates.values()))
