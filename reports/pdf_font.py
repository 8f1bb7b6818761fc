"""One face of the portal's serif, measured and embedded by hand in a PDF drawn with pydyf (reports/annex_pdf.py):
advance widths for line breaking, and a subset embedded as a Type0/CIDFontType2 font with Identity-H encoding
(the glyph ids are the codes) and a ToUnicode map, so that the text can be selected, copied and searched."""

import functools
import io
import logging
from pathlib import Path

import pydyf
from fontTools import subset
from fontTools.ttLib import TTFont

# fontTools warns of each table it cannot subset (FFTM, FontForge's timestamps), which it drops: nothing to act on.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


@functools.cache
def _metrics(path: Path) -> tuple[dict[int, int], dict[int, int], int, int, int, tuple[int, ...], float]:
    """(code point -> glyph id, glyph id -> advance, units per em, ascent, descent, bbox, italic angle)."""
    with TTFont(path) as font:
        order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
        cmap = {code: order[name] for code, name in font.getBestCmap().items()}
        advances = {order[name]: advance for name, (advance, _lsb) in font["hmtx"].metrics.items()}
        head, hhea = font["head"], font["hhea"]
        bbox = (head.xMin, head.yMin, head.xMax, head.yMax)
        angle = float(font["post"].italicAngle)
        return cmap, advances, head.unitsPerEm, hhea.ascent, hhea.descent, bbox, angle


class Face:
    """A face in use in one PDF: it remembers the glyphs it showed, to embed only those."""

    def __init__(self, path: Path, pdf_name: str) -> None:
        self.path = path
        self.pdf_name = pdf_name
        self.cmap, self.advances, self.units, ascent, descent, self.bbox, self.angle = _metrics(path)
        self.ascent = ascent / self.units  # of the em, as Pango places the baseline
        self.descent = -descent / self.units
        self.used: dict[int, str] = {}
        self.widths: dict[str, int] = {}  # in font units, by character: looked up once
        self.hexes: dict[str, str] = {}  # the glyph id's four hex digits, by character

    def width(self, text: str, size: float) -> float:
        """The advance width of the text in points (no kerning)."""
        widths = self.widths
        total = 0
        for char in text:
            advance = widths.get(char)
            if advance is None:
                advance = widths[char] = self.advances[self.cmap.get(ord(char), 0)]
            total += advance
        return total * size / self.units

    def encode(self, text: str) -> bytes:
        """The text (NFC: the font has Vietnamese's precomposed letters) as a PDF hex string of two-byte glyph
        ids (Identity-H), the glyphs noted for embedding."""
        codes, hexes, used, cmap = [], self.hexes, self.used, self.cmap
        for char in text:
            code = hexes.get(char)
            if code is None:
                gid = cmap.get(ord(char), 0)
                used.setdefault(gid, char)
                code = hexes[char] = f"{gid:04x}"
            codes.append(code)
        return b"<" + "".join(codes).encode() + b">"

    def _subset(self) -> bytes:
        options = subset.Options()
        options.retain_gids = True  # the codes in the content streams are the original glyph ids
        options.notdef_outline = True
        options.layout_features = []
        options.name_IDs = ["*"]
        font = TTFont(self.path)
        subsetter = subset.Subsetter(options)
        subsetter.populate(gids=sorted({0, *self.used}))
        subsetter.subset(font)
        output = io.BytesIO()
        font.save(output)
        return output.getvalue()

    def _to_unicode(self) -> bytes:
        lines = [
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
            "1 begincodespacerange <0000> <ffff> endcodespacerange",
        ]
        pairs = sorted((gid, char) for gid, char in self.used.items() if gid)
        for start in range(0, len(pairs), 100):  # at most 100 entries in a bfchar block
            chunk = pairs[start : start + 100]
            lines.append(f"{len(chunk)} beginbfchar")
            lines += [f"<{gid:04x}> <{char.encode('utf-16-be').hex()}>" for gid, char in chunk]
            lines.append("endbfchar")
        lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
        return "\n".join(lines).encode()

    def embed(self, pdf: pydyf.PDF, tag: str) -> pydyf.Dictionary:
        """Adds the font's objects to the PDF and returns the Type0 font dictionary (added too)."""
        base_name = f"/{tag}+{self.pdf_name}"
        scale = 1000 / self.units
        file = pydyf.Stream([self._subset()], compress=True)
        pdf.add_object(file)
        italic = 64 if self.angle else 0
        descriptor = pydyf.Dictionary(
            {
                "Type": "/FontDescriptor",
                "FontName": base_name,
                "Flags": 2 | 32 | italic,  # serif, non-symbolic
                "FontBBox": pydyf.Array([round(v * scale) for v in self.bbox]),
                "ItalicAngle": self.angle,
                "Ascent": round(self.ascent * 1000),
                "Descent": round(-self.descent * 1000),
                "CapHeight": round(self.ascent * 1000),
                "StemV": 80,
                "FontFile2": file.reference,
            }
        )
        pdf.add_object(descriptor)
        widths = pydyf.Array()
        for gid in sorted(self.used):
            widths += [gid, pydyf.Array([round(self.advances[gid] * scale)])]
        cid_font = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/CIDFontType2",
                "BaseFont": base_name,
                "CIDSystemInfo": pydyf.Dictionary(
                    {"Registry": pydyf.String("Adobe"), "Ordering": pydyf.String("Identity"), "Supplement": 0}
                ),
                "FontDescriptor": descriptor.reference,
                "W": widths,
                "CIDToGIDMap": "/Identity",
            }
        )
        pdf.add_object(cid_font)
        to_unicode = pydyf.Stream([self._to_unicode()], compress=True)
        pdf.add_object(to_unicode)
        font = pydyf.Dictionary(
            {
                "Type": "/Font",
                "Subtype": "/Type0",
                "BaseFont": base_name,
                "Encoding": "/Identity-H",
                "DescendantFonts": pydyf.Array([cid_font.reference]),
                "ToUnicode": to_unicode.reference,
            }
        )
        pdf.add_object(font)
        return font
