"""Numbers and symbols of Vietnamese administrative documents ("số, ký hiệu").

Shapes accepted (Decree 30/2020 Appendix I, and what provinces really issue):
    651/QĐ-UBND          number / type - issuer
    235/BC-UBND
    60/UBND-KGVX         an official letter (công văn): no type, issuer - drafting unit
    59/KH-BBT, 01/PĐ-UBND
    1275/BTĐKT-VụIII     drafting units may carry lower-case letters and digits
    30/2014/QĐ-UBND      normative documents carry the year after the number
    22-CT/TW             Party documents: number - type / body (Quy định 66-QĐ/TW), stored as symbol "CT/TW"
"""

import re
import unicodedata
from dataclasses import dataclass

# Document-type abbreviations of Decree 30/2020 Appendix III and of Circular 01/2011, plus what the
# province actually uses ("PĐ" for a launching document, "NĐ"/"TT" for decrees and circulars it cites).
DOCUMENT_TYPES = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "PĐ": "Phát động",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "KL": "Kết luận",  # Party documents: 35-KL/TW
}

_SEGMENT = r"[^\W_]+"  # letters (any script) and digits
_PATTERN = re.compile(rf"^(?P<number>\d{{1,6}})(?:/(?P<year>(?:19|20)\d\d))?/(?P<symbol>{_SEGMENT}(?:-{_SEGMENT})+)$")
# Party documents put a hyphen after the number and a slash before the issuing body: 22-CT/TW, 05-CT/TW.
# The "/" kept in their symbol tells them apart (a state symbol never contains one).
_PARTY_PATTERN = re.compile(rf"^(?P<number>\d{{1,6}})-(?P<symbol>{_SEGMENT}/{_SEGMENT}(?:-{_SEGMENT})*)$")


class SymbolError(ValueError):
    """The text is not a document number and symbol; the message is Vietnamese, for the user."""


@dataclass(frozen=True)
class DocumentSymbol:
    number: int
    symbol: str  # everything after the number (and year): "QĐ-UBND", "UBND-KGVX"
    year: int | None = None

    @property
    def parts(self) -> list[str]:
        return re.split(r"[-/]", self.symbol)

    @property
    def is_party(self) -> bool:
        return "/" in self.symbol

    @property
    def type_code(self) -> str | None:
        first = self.parts[0]
        return first if first in DOCUMENT_TYPES else None

    @property
    def _has_type(self) -> bool:
        return self.is_party or self.type_code is not None  # a Party symbol always starts with its type

    @property
    def issuer_code(self) -> str:
        parts = self.parts
        return parts[1] if self._has_type else parts[0]

    @property
    def drafting_unit(self) -> str | None:
        rest = self.parts[2:] if self._has_type else self.parts[1:]
        return "-".join(rest) or None

    def __str__(self) -> str:
        return format_symbol(self.number, self.symbol, year=self.year)


def normalise(text: str) -> str:
    """NFC, no spaces, and the Icelandic eth (Ð, often typed for Đ) mapped to Đ."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    text = re.sub(r"^\s*(số|so)\s*:?\s*", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", "", text)


def parse_symbol(text: str) -> DocumentSymbol:
    cleaned = normalise(text)
    match = _PATTERN.match(cleaned) or _PARTY_PATTERN.match(cleaned)
    if not match:
        raise SymbolError(
            f"“{text.strip()}” không phải số, ký hiệu văn bản hợp lệ; "
            "ví dụ đúng: 651/QĐ-UBND, 235/BC-UBND, 60/UBND-KGVX."
        )
    number = int(match["number"])
    if number == 0:
        raise SymbolError("Số văn bản phải lớn hơn 0.")
    year = int(match["year"]) if match.groupdict().get("year") else None
    return DocumentSymbol(number=number, symbol=match["symbol"], year=year)


def format_symbol(number: int, symbol: str, *, year: int | None = None) -> str:
    """Numbers below 10 get a leading zero, as printed: 01/PĐ-UBND, 05-CT/TW."""
    if "/" in symbol:  # a Party document
        return f"{number:02d}-{symbol}"
    middle = f"/{year}" if year else ""
    return f"{number:02d}{middle}/{symbol}"
