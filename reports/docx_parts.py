"""Parts of a Word copy that python-docx does not write: footnotes at the foot of their page, as in the PDF, and
the portal's serif embedded as the document's Times New Roman.

Both make a reader's Word or LibreOffice lay the copy out as the PDF is: a note takes room at the foot of its
call's page, not in a list after the text (which ran every page after the first note further than the PDF's), and a
machine without Times New Roman, or a metric twin of it, draws the text with the embedded Liberation Serif 2 (same
advance widths) instead of a wider substitute (LibreOffice took DejaVu Serif: 27 pages for the PDF's 22).
"""

import functools
import io
import uuid

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from lxml import etree

from kernel.lib.fonts import FONT_FILES

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
# The characters kept in the embedded faces: Latin with its extensions (ơ, ư, đ), Vietnamese's precomposed letters,
# combining marks, punctuation and the đồng sign; enough for staff to go on typing Vietnamese in the copy.
EMBEDDED_CHARACTERS = (
    set(range(0x20, 0x7F))
    | set(range(0xA0, 0x250))
    | set(range(0x300, 0x370))
    | set(range(0x1EA0, 0x1F00))
    | set(range(0x2000, 0x2070))
    | {0x20AB, 0x20AC, 0x2116, 0x2122}
)
# fontTable.xml's element for each face, and the face's (weight, style) in kernel.lib.fonts.FONT_FILES.
EMBEDDED_FACES = {
    "embedRegular": ("normal", "normal"),
    "embedBold": ("bold", "normal"),
    "embedItalic": ("normal", "italic"),
    "embedBoldItalic": ("bold", "italic"),
}

_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
)


class Footnotes:
    """Word footnotes of one document, numbered from 1 in the order they are called, in the PDF's notes' type:
    10 pt on lines of at least 1.15 em, 1.5 mm apart, justified, the number in superscript."""

    def __init__(self, document, *, size_pt: float = 10, line_height: float = 1.15) -> None:
        self._size = str(round(size_pt * 2))  # half-points
        self._line = str(round(size_pt * line_height * 20))  # twips
        self._root = parse_xml(f"<w:footnotes {nsdecls('w')}>{_SEPARATORS}</w:footnotes>")
        self.count = 0
        self._styles(document, size_pt)
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self._root, document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)

    @staticmethod
    def _styles(document, size_pt: float) -> None:
        """Word's built-in "footnote text" and "footnote reference" styles, which LibreOffice reads for its own
        footnote styles (it numbers a note in the anchor's style, ignoring the number's own run)."""
        names = {style.name for style in document.styles}
        if "footnote reference" not in names:
            anchor = document.styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
            anchor.font.superscript = True
        if "footnote text" not in names:
            text = document.styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
            text.base_style = document.styles["Normal"]
            text.font.size = Pt(size_pt)

    def _run_properties(self, *, superscript: bool):
        properties = OxmlElement("w:rPr")
        if superscript:
            style = OxmlElement("w:rStyle")
            style.set(qn("w:val"), "footnotereference")
            properties.append(style)
        for name in ("w:sz", "w:szCs"):
            size = OxmlElement(name)
            size.set(qn("w:val"), self._size)
            properties.append(size)
        if superscript:  # after the size, in the schema's order (LibreOffice ignored it before)
            align = OxmlElement("w:vertAlign")
            align.set(qn("w:val"), "superscript")
            properties.append(align)
        return properties

    def call(self, paragraph, text: str) -> None:
        """Add a note and its call at the end of the paragraph (Word numbers both)."""
        self.count += 1
        reference = paragraph.add_run(style="footnote reference")
        reference.font.superscript = True
        element = OxmlElement("w:footnoteReference")
        element.set(qn("w:id"), str(self.count))
        reference._r.append(element)
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{self.count}"><w:p><w:pPr><w:pStyle w:val="footnotetext"/>'
            f'<w:spacing w:before="85" w:after="0" w:line="{self._line}" w:lineRule="atLeast"/><w:ind w:firstLine="0"/>'
            '<w:jc w:val="both"/></w:pPr></w:p></w:footnote>'
        )
        marker, body = OxmlElement("w:r"), OxmlElement("w:r")
        marker.append(self._run_properties(superscript=True))
        marker.append(OxmlElement("w:footnoteRef"))
        body.append(self._run_properties(superscript=False))
        words = OxmlElement("w:t")
        words.set(qn("xml:space"), "preserve")
        words.text = f" {text}"
        body.append(words)
        note[0].append(marker)
        note[0].append(body)
        self._root.append(note)


@functools.cache
def _embedded_face(weight: str, style: str) -> tuple[bytes, str]:
    """The face subset to EMBEDDED_CHARACTERS and obfuscated as ECMA-376 asks (its first 32 bytes XORed with the
    key's 16 bytes in reverse order), and that key. Made once per process; the key is fixed so that the same report
    gives the same file."""
    from django.conf import settings
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs, options.name_languages, options.layout_features = ["*"], ["*"], ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps, which fontTools cannot subset
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=EMBEDDED_CHARACTERS)
    with TTFont(f"{settings.PDF_FONT_DIR}/{FONT_FILES[weight, style]}") as font:
        subsetter.subset(font)
        output = io.BytesIO()
        font.save(output)
    data = bytearray(output.getvalue())
    key = uuid.uuid5(uuid.NAMESPACE_URL, f"tdkt-docx-font:{FONT_FILES[weight, style]}")
    mask = key.bytes[::-1]
    for i in range(32):
        data[i] ^= mask[i % 16]
    return bytes(data), "{" + str(key).upper() + "}"


def embed_serif(document, *, family: str) -> None:
    """Embed the portal's serif (Liberation Serif 2, SIL OFL, which allows it) under the document's `family`
    entry of the font table, and tell Word the file carries its fonts."""
    table_part = document.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(table_part.blob)
    font = next((f for f in table.findall(qn("w:font")) if f.get(qn("w:name")) == family), None)
    if font is None:
        font = OxmlElement("w:font")
        font.set(qn("w:name"), family)
        table.append(font)
    for number, (element, face) in enumerate(EMBEDDED_FACES.items(), start=1):
        data, key = _embedded_face(*face)
        part = Part(PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT, data, document.part.package)
        embed = OxmlElement(f"w:{element}")
        embed.set(qn("r:id"), table_part.relate_to(part, RT.FONT))
        embed.set(qn("w:fontKey"), key)
        font.append(embed)
    table_part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    settings = document.settings.element
    # In the schema's order: after the view settings, before everything else python-docx's template has.
    before = [child for child in settings if child.tag in {qn(f"w:{name}") for name in _BEFORE_EMBED_FONTS}]
    index = settings.index(before[-1]) + 1 if before else 0
    settings.insert(index, OxmlElement("w:embedTrueTypeFonts"))


_BEFORE_EMBED_FONTS = (
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
)
