"""Workbook parts for scripts/bench_import.py: a workbook saved to bytes, its zip rewritten with parts replaced,
and the shared strings Excel writes where openpyxl writes each text inline."""

import io
import re
import zipfile
from pathlib import Path

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def workbook_bytes(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezip(content: bytes, path: Path, parts: dict) -> None:
    """Writes `content` with some parts replaced or added; a part given as a callable writes itself, streamed."""
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename not in parts:
                target.writestr(entry.filename, source.read(entry.filename))
        for name, data in parts.items():
            if callable(data):
                with target.open(name, "w", force_zip64=True) as part:
                    data(part)
            else:
                target.writestr(name, data)


INLINE = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>')


def as_excel_saves(content: bytes) -> bytes:
    """openpyxl writes text inline in each cell; Excel and LibreOffice save it once in xl/sharedStrings.xml, each
    cell holding its index. The same workbook, as a clerk's Excel would save it."""
    strings: dict[str, int] = {}

    def shared(match: re.Match) -> str:
        index = strings.setdefault(match.group(3), len(strings))
        return f'<c {match.group(1)}t="s"{match.group(2)}><v>{index}</v></c>'

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename).decode()
            if entry.filename.startswith("xl/worksheets/"):
                data = INLINE.sub(shared, data)
            elif entry.filename == "[Content_Types].xml":
                data = data.replace(
                    "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/></Types>'
                )
            elif entry.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    "</Relationships>",
                    f'<Relationship Id="rIdSst" Type="{SST_REL}" Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(entry.filename, data)
        items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="{MAIN_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>',
        )
    return out.getvalue()
