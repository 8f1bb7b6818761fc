"""Working days: Monday to Friday, less Vietnam's public holidays (the `holidays` package: Tết by the lunar
calendar, and the days off it knows were substituted), with the province's own days (kernel.models.CalendarDay:
a Saturday worked to make up for a bridged holiday, an extra day off) winning over both.

Each answer reads the staff's days of the range it needs in one query (a range that proves too short, only when
staff have added dozens of days off, is extended by one more query each time)."""

import datetime
from collections.abc import Callable
from functools import lru_cache

import holidays

from kernel.models import CalendarDay

_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def _staff_days(first: datetime.date, last: datetime.date) -> dict[datetime.date, bool]:
    """Staff's days from first to last, inclusive: date → whether it is a working day."""
    rows = CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind")
    return {date: kind == CalendarDay.Kind.WORKING for date, kind in rows}


def _rule(staff: dict[datetime.date, bool]) -> Callable[[datetime.date], bool]:
    def working(day: datetime.date) -> bool:
        if day in staff:
            return staff[day]
        return day.weekday() < 5 and day not in _public_holidays(day.year)

    return working


def is_working_day(day: datetime.date) -> bool:
    return _rule(_staff_days(day, day))(day)


def nth_working_day(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day counting from `start` itself (n ≥ 1): a window of n working days opened on a working
    day `start` ends on this day. Counting from a day off, the first working day after it is the first."""
    if n < 1:
        raise ValueError("n must be at least 1")
    # Seven calendar days hold at least five working days but for holidays; Tết takes up to nine days.
    span = n * 2 + 21
    first = start
    while True:
        last = first + datetime.timedelta(days=span)
        working = _rule(_staff_days(first, last))
        day = first
        while day <= last:
            if working(day):
                n -= 1
                if n == 0:
                    return day
            day += _DAY
        first, span = last + _DAY, span * 2


def working_days_between(first: datetime.date, last: datetime.date) -> int:
    """How many working days from `first` to `last`, both included (0 when last is before first)."""
    if last < first:
        return 0
    working = _rule(_staff_days(first, last))
    count, day = 0, first
    while day <= last:
        count += working(day)
        day += _DAY
    return count
