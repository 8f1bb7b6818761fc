"""Vietnamese number and date formatting as printed in administrative documents.

Dates follow Decree 30/2020 (and the 2011 circular before it): the day gets a leading zero below 10,
the month only when it is January or February, so "06/01/2018", "20/6/2018", "ngày 10 tháng 7 năm 2018".
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal


def vn_int(value: int | None) -> str:
    """1482 -> "1.482"; None -> ""."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def vn_decimal(value: float | Decimal | None, places: int = 2) -> str:
    """7.98 -> "7,98"; 2817.4 (places=1) -> "2.817,4"."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = vn_int(int(whole))
    if fraction:
        text += "," + fraction
    return ("-" if rounded < 0 else "") + text


def vn_percent(numerator: int, denominator: int, places: int = 1) -> str:
    """Share as printed in reports: vn_percent(373, 639) -> "58,4%"; an empty base gives ""."""
    if not denominator:
        return ""
    return vn_decimal(Decimal(numerator) * 100 / Decimal(denominator), places) + "%"


def _day(date: datetime.date) -> str:
    return f"{date.day:02d}"


def _month(date: datetime.date) -> str:
    return f"{date.month:02d}" if date.month <= 2 else str(date.month)


def vn_date(date: datetime.date | None) -> str:
    """20/6/2018, 06/01/2018."""
    if date is None:
        return ""
    return f"{_day(date)}/{_month(date)}/{date.year}"


def vn_long_date(date: datetime.date) -> str:
    """ "ngày 10 tháng 7 năm 2018", as in the place-and-date line of a document."""
    return f"ngày {_day(date)} tháng {_month(date)} năm {date.year}"
