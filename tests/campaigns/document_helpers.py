"""Building register entries for the document tests, through the service as staff would."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.services import DocumentFields, document_create

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


def upload(content: bytes, name: str = "van-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def fields(
    symbol="05/BC-UBND",
    *,
    date=datetime.date(2018, 1, 6),
    direction="issued",
    issued_by="UBND tỉnh",
    summary="về việc Tổng kết phong trào thi đua, công tác khen thưởng năm 2017",
    file=None,
) -> DocumentFields:
    return DocumentFields(
        number_and_symbol=symbol, date=date, direction=direction, issued_by=issued_by, summary=summary, file=file
    )


def make_document(symbol="05/BC-UBND", *, actor=None, **kwargs):
    return document_create(actor=actor, fields=fields(symbol, **kwargs))
