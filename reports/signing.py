"""The organisation's signature (the seal) applied by the portal with the office's PKCS#12 certificate, when one is
configured on the server (REPORT_SIGNING_PKCS12): a PAdES signature over the leader-signed revision, shown as
Nghị định 30/2020 describes it as far as the research notes know (the red seal at real size, the organisation's
name, the signing time in ISO 8601 with +07:00). What the notes mark unverified is data (SealAppearance)."""

import datetime
import functools
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from kernel.lib.event_loop import outside_event_loop
from kernel.lib.fonts import FONT_FILES
from reports.signature_models import SealAppearance

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
_PT_PER_MM = 72 / 25.4
# pyHanko formats the signing time with this, then the style turns it into ISO 8601 in Vietnam time.
_TS_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
SEAL_FIELD = "ChuKySoCoQuan"


def signing_configured() -> bool:
    return bool(settings.REPORT_SIGNING_PKCS12)


def _signer() -> Any:
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(
        pfx_file=settings.REPORT_SIGNING_PKCS12,
        passphrase=settings.REPORT_SIGNING_PASSPHRASE.encode() or None,
    )
    if signer is None:
        raise RuntimeError(f"cannot read the signing certificate {settings.REPORT_SIGNING_PKCS12}")
    return signer


def pdf_sign(pdf: bytes, *, reason: str, location: str) -> bytes:
    """The PDF with an invisible PAdES signature covering the whole file (pyHanko)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    metadata = signers.PdfSignatureMetadata(
        field_name="ChuKySo", reason=reason, location=location, subfilter=fields.SigSeedSubFilter.PADES
    )
    signer = _signer()
    output = outside_event_loop(
        lambda: signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), metadata, signer=signer)
    )
    return output.getvalue()


def vietnam_iso(moment: datetime.datetime) -> str:
    """2026-12-08T02:31:45+07:00: the signing time as the organisation's signature shows it."""
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def _pt(mm: Decimal | float) -> float:
    return float(mm) * _PT_PER_MM


@dataclass(frozen=True)
class SealBox:
    """Where the appearance goes (points, from the page's bottom left) and where the seal sits inside it."""

    page: int
    x: float
    y: float
    width: float
    height: float
    text_height: float


def seal_box(appearance: SealAppearance, *, pages: int, leader_rect: tuple[float, ...] | None) -> SealBox:
    """The seal over the left part of the leader's signature image when it has one (overlap_percent of its
    width, centred on it), at the configured position otherwise; the text beside or below it."""
    seal_w, seal_h = _pt(appearance.image_width_mm), _pt(appearance.image_height_mm)
    text_w = _pt(appearance.text_width_mm)
    text_h = 2 * float(appearance.font_size_pt) * 1.3 + 4
    below = appearance.text_position == SealAppearance.TextPosition.BELOW
    width = max(seal_w, text_w) if below else seal_w + text_w
    height = seal_h + text_h if below else max(seal_h, text_h)
    seal_left_in_box = (width - seal_w) / 2 if below else 0.0
    page = 0 if appearance.page == SealAppearance.Page.FIRST else pages - 1
    if leader_rect and abs(leader_rect[2] - leader_rect[0]) > 1:
        x1, y1, x2, y2 = leader_rect
        seal_left = min(x1, x2) + abs(x2 - x1) * appearance.overlap_percent / 100 - seal_w
        seal_bottom = (y1 + y2) / 2 - seal_h / 2
        x = seal_left - seal_left_in_box
        y = seal_bottom - (text_h if below else (height - seal_h) / 2)
    else:
        x, y = _pt(appearance.x_mm), _pt(appearance.y_mm)
    return SealBox(page=page, x=x, y=y, width=width, height=height, text_height=text_h)


def _leader_rect(reader: Any) -> tuple[float, ...] | None:
    """The visible rectangle of the last signature already in the file (the leader's), if it has one."""
    signatures = list(reader.embedded_signatures)
    if not signatures:
        return None
    rect = signatures[-1].sig_field.get("/Rect")
    return tuple(float(value) for value in rect) if rect is not None else None


@functools.cache
def _font_file() -> str:
    """The serif rescaled to 1000 units per em: pyHanko 0.38 writes a TrueType font's glyph widths in the font's
    own units where PDF wants thousandths of an em, so Liberation Serif (2048) comes out letter-spaced."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    source = Path(settings.PDF_FONT_DIR) / FONT_FILES["normal", "normal"]
    target = Path(tempfile.gettempdir()) / f"tdkt-seal-{hashlib.sha256(source.read_bytes()).hexdigest()[:16]}.ttf"
    if not target.exists():
        with TTFont(source) as font:
            if font["head"].unitsPerEm != 1000:
                scale_upem(font, 1000)
            partial = target.with_suffix(f".{os.getpid()}.part")
            font.save(partial)
            partial.replace(target)  # atomic: a concurrent worker never reads half a font
    return str(target)


def _style(appearance: SealAppearance, box: SealBox) -> Any:
    from PIL import Image
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    class SealStampStyle(TextStampStyle):
        def create_stamp(self, writer: Any, box: Any, text_params: dict) -> Any:
            moment = datetime.datetime.strptime(text_params["ts"], _TS_FORMAT)
            return super().create_stamp(writer, box, {**text_params, "ts": vietnam_iso(moment)})

    below = appearance.text_position == SealAppearance.TextPosition.BELOW
    seal_w, seal_h = _pt(appearance.image_width_mm), _pt(appearance.image_height_mm)
    background = None
    if appearance.image:
        image = Image.open(io.BytesIO(bytes(appearance.image)))
        background = PdfImage(image, box=layout.BoxConstraints(width=round(seal_w), height=round(seal_h)))
    font = GlyphAccumulatorFactory(_font_file())
    text_margins = layout.Margins(left=0 if below else int(seal_w) + 2)
    return SealStampStyle(
        stamp_text="%(label)s%(organisation)s\n%(ts)s",
        timestamp_format=_TS_FORMAT,
        text_box_style=TextBoxStyle(
            font=font, font_size=round(appearance.font_size_pt), leading=round(float(appearance.font_size_pt) * 1.3)
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID if below else layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MIN if below else layout.AxisAlignment.ALIGN_MID,
            margins=text_margins,
        ),
        background=background,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID if below else layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MAX,
            inner_content_scaling=layout.InnerScaling.NO_SCALING,
        ),
        background_opacity=1.0,
        border_width=0,
    )


def pdf_sign_seal(pdf: bytes, *, appearance: SealAppearance | None = None) -> bytes:
    """`pdf` with the organisation's signature added as an incremental update: visible as the SealAppearance in
    use describes, invisible when none is configured."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers

    appearance = appearance or SealAppearance.objects.filter(enabled=True).first()
    signer = _signer()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    metadata = signers.PdfSignatureMetadata(field_name=SEAL_FIELD, subfilter=fields.SigSeedSubFilter.PADES)
    if appearance is None:
        return outside_event_loop(lambda: signers.sign_pdf(writer, metadata, signer=signer)).getvalue()
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    box = seal_box(appearance, pages=int(reader.root["/Pages"]["/Count"]), leader_rect=_leader_rect(reader))
    spec = fields.SigFieldSpec(
        SEAL_FIELD,
        on_page=box.page,
        box=(round(box.x), round(box.y), round(box.x + box.width), round(box.y + box.height)),
    )
    organisation = appearance.organisation_name
    label = "Ký bởi: " if appearance.show_signed_by_label else ""
    pdf_signer = signers.PdfSigner(metadata, signer=signer, stamp_style=_style(appearance, box), new_field_spec=spec)
    output = outside_event_loop(
        lambda: pdf_signer.sign_pdf(writer, appearance_text_params={"organisation": organisation, "label": label})
    )
    return output.getvalue()
