"""Reads for the document register and Phụ lục 1 (the documents the province issued in a period)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from campaigns.models import Document
from thiduakhenthuong.lib.formatting import vn_date
from thiduakhenthuong.lib.symbols import SymbolError, parse_symbol

# The type filter's value for official letters (công văn), which carry no type abbreviation.
OFFICIAL_LETTER = "CV"


def document_list(
    *, year: int | None = None, direction: str = "", type_code: str = "", q: str = "", **_ignored
) -> QuerySet[Document]:
    """The register, newest first, filtered. `q` is a number and symbol ("05/BC-UBND") or words of the
    symbol, summary or issuer."""
    documents = Document.objects.order_by("-date", "-number", "-id")
    if year:
        documents = documents.filter(date__year=year)
    if direction:
        documents = documents.filter(direction=direction)
    if type_code:
        documents = documents.filter(type_code="" if type_code == OFFICIAL_LETTER else type_code)
    q = (q or "").strip()
    if q:
        try:
            parsed = parse_symbol(q)
        except SymbolError:
            match = Q(symbol__icontains=q) | Q(summary__icontains=q) | Q(issued_by__icontains=q)
            if q.isdigit():
                match |= Q(number=int(q))
            documents = documents.filter(match)
        else:
            documents = documents.filter(number=parsed.number, symbol=parsed.symbol)
    return documents


def document_years() -> list[int]:
    return [d.year for d in Document.objects.dates("date", "year", order="DESC")]


@dataclass(frozen=True)
class Appendix1Row:
    no: int
    symbol: str  # formatted: "05/BC-UBND"
    date: datetime.date
    text: str


@dataclass(frozen=True)
class Appendix1:
    """Phụ lục 1 of a half-year or year-end report: the documents the province issued in the period."""

    start: datetime.date
    end: datetime.date
    rows: list[Appendix1Row]

    def as_json(self) -> dict:
        return {
            "rows": [{"no": r.no, "symbol": r.symbol, "date": r.date.isoformat(), "text": r.text} for r in self.rows]
        }

    @classmethod
    def from_json(cls, data: dict, *, start: datetime.date | None = None, end: datetime.date | None = None):
        """Rebuilds a stored snapshot. The snapshot holds only the rows: the period comes from the caller
        (a report stores its own), else from an optional "period" {"from", "to"}, else from the rows' dates."""
        rows = [
            Appendix1Row(no=r["no"], symbol=r["symbol"], date=datetime.date.fromisoformat(r["date"]), text=r["text"])
            for r in data["rows"]
        ]
        period = data.get("period") or {}
        start = start or (datetime.date.fromisoformat(period["from"]) if "from" in period else None)
        end = end or (datetime.date.fromisoformat(period["to"]) if "to" in period else None)
        if start is None or end is None:
            if not rows:
                raise ValueError("An empty Phụ lục 1 snapshot needs its period (start and end).")
            start, end = start or rows[0].date, end or rows[-1].date
        return cls(start=start, end=end, rows=rows)


def appendix1_text(document: Document) -> str:
    """As the province prints it: "Báo cáo số 05/BC-UBND ngày 06/01/2018 của UBND tỉnh về việc …." —
    "của …" only when the register says who issued it, and exactly one final period."""
    text = f"{document.type_name} số {document.number_symbol} ngày {vn_date(document.date)}"
    if document.issued_by:
        text += f" của {document.issued_by}"
    return f"{text} {document.summary.strip().rstrip('./ ')}."


def appendix1_compute(*, start: datetime.date, end: datetime.date) -> Appendix1:
    """Issued documents dated within the period, both ends included, by date then number; one query."""
    documents = Document.objects.filter(direction=Document.Direction.ISSUED, date__range=(start, end)).order_by(
        "date", "number", "id"
    )
    rows = [
        Appendix1Row(no=no, symbol=d.number_symbol, date=d.date, text=appendix1_text(d))
        for no, d in enumerate(documents, start=1)
    ]
    return Appendix1(start=start, end=end, rows=rows)


def appendix1_default_period(*, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first-half reporting period (20/12 of the year before to 20/6) of the latest year with an issued
    document, or of this year, as reports.selectors.appendix2_default_period does for decisions."""
    latest = (
        Document.objects.filter(direction=Document.Direction.ISSUED)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    year = (latest or today).year
    if latest and latest.month == 12 and latest.day > 20:
        year += 1
    return datetime.date(year - 1, 12, 20), datetime.date(year, 6, 20)
