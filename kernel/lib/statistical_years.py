"""The statistical year of the annual reports (Thông tư 02/2023/TT-BNV): from 1 December of the year before to
30 November of the year named. One definition for the forms' pages, the unclassified awards, the dashboard and the
decision page (the forms' regimes also hold it as data, `StatisticsRegime.period_start_*`; both say 01/12)."""

import datetime


def statistical_year(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of statistical year `year`: 2024 is 01/12/2023–30/11/2024."""
    return datetime.date(year - 1, 12, 1), datetime.date(year, 11, 30)


def statistical_year_of(day: datetime.date) -> int:
    """The statistical year `day` falls in: 07/12/2026 is in 2027."""
    return day.year + 1 if day.month == 12 else day.year


def latest_closed_statistical_year(today: datetime.date) -> int:
    """The last statistical year already over (its 30/11 before today), the one whose forms can be issued: on
    07/12/2026 it is 2026, on 30/11/2026 still 2025."""
    return statistical_year_of(today) - 1


def last_statistical_year(today: datetime.date) -> int:
    """The latest statistical year that has ended by `today`."""
    return today.year if today >= datetime.date(today.year, 11, 30) else today.year - 1
