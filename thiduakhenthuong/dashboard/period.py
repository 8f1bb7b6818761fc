"""The dashboard's period: a statistical year (01/12 of the year before to 30/11, TT 02/2023/TT-BNV: the period of
the annual TĐKT statistical forms), up to today when it is the current one, and the same days a year before."""

import datetime
from dataclasses import dataclass

from kernel.lib.statistical_years import statistical_year as awards_statistical_year
from kernel.lib.statistical_years import statistical_year_of

# The statistical year N runs from 1 December of N - 1 to 30 November of N (kernel.lib.statistical_years).
FIRST_MONTH = 12
YEARS_OFFERED = 10  # statistical years in the selector, the current one first
# The forms of the year just closed are received by 15 December (biểu 060x: "Ngày nhận báo cáo: Ngày 15 tháng 12
# năm báo cáo"): until then that year, whole, is what staff look at, not the first days of the new one.
REPORT_DUE_DAY = 15


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    def year_before(self) -> "Period":
        return Period(_year_before(self.start), _year_before(self.end))


@dataclass(frozen=True)
class DashboardPeriod:
    """The statistical year shown, its days (cut at today for the current year) and the same days a year before."""

    year: int
    current: Period
    previous: Period
    to_date: bool  # the current statistical year, counted up to today


def statistical_year(year: int) -> Period:
    return Period(*awards_statistical_year(year))


def dashboard_period(*, year: int | None, today: datetime.date) -> DashboardPeriod:
    """Statistical year `year`, compared like with like: the current year up to today against the same days of the
    year before, a past year whole against the year before it whole. When None, the current year, or until its
    forms are due (15 December) the year just closed."""
    current_year = statistical_year_of(today)
    if year is None and today.month == FIRST_MONTH and today.day <= REPORT_DUE_DAY:
        year = current_year - 1
    year = current_year if year is None or year > current_year else year
    whole = statistical_year(year)
    shown = Period(whole.start, min(whole.end, today))
    return DashboardPeriod(year=year, current=shown, previous=shown.year_before(), to_date=shown.end < whole.end)


def years_offered(*, today: datetime.date) -> list[int]:
    current = statistical_year_of(today)
    return list(range(current, current - YEARS_OFFERED, -1))


def _year_before(day: datetime.date) -> datetime.date:
    # 29 February has no day a year before: 28 February is the last day of that month.
    return day.replace(year=day.year - 1, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year - 1)
