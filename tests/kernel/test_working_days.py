"""Working days across Tết 2026 (16–20 February, the `holidays` package) and the days staff set in the admin: a
Saturday worked to make up for a bridged holiday, an extra day off. Staff's days win."""

import datetime

import pytest

from kernel.models import CalendarDay
from kernel.working_days import is_working_day, nth_working_day, working_days_between

pytestmark = pytest.mark.django_db
D = datetime.date


def test_ten_working_days_from_the_friday_before_tet_2026_end_on_5_march():
    # 13/2 (1); 14–15 weekend; 16–20 Tết; 23–27 (2–6); 2–5/3 (7–10).
    assert nth_working_day(D(2026, 2, 13), 10) == D(2026, 3, 5)
    assert working_days_between(D(2026, 2, 13), D(2026, 3, 5)) == 10
    assert [is_working_day(D(2026, 2, day)) for day in (13, 14, 16, 20, 23)] == [True, False, False, False, True]


def test_a_saturday_staff_make_a_working_day_counts_and_an_extra_day_off_does_not():
    CalendarDay.objects.create(date=D(2026, 2, 14), kind=CalendarDay.Kind.WORKING, reason="Làm bù")
    assert nth_working_day(D(2026, 2, 13), 10) == D(2026, 3, 4)
    assert working_days_between(D(2026, 2, 13), D(2026, 3, 4)) == 10
    CalendarDay.objects.create(date=D(2026, 3, 2), kind=CalendarDay.Kind.DAY_OFF, reason="Nghỉ bù")
    assert nth_working_day(D(2026, 2, 13), 10) == D(2026, 3, 5)


def test_staff_days_win_over_public_holidays():
    CalendarDay.objects.create(date=D(2026, 2, 20), kind=CalendarDay.Kind.WORKING, reason="Đi làm mùng 4 (giả định)")
    assert is_working_day(D(2026, 2, 20))
    assert working_days_between(D(2026, 2, 16), D(2026, 2, 20)) == 1


def test_counting_from_a_day_off_starts_on_the_next_working_day_and_edges():
    assert nth_working_day(D(2026, 2, 14), 1) == D(2026, 2, 23)
    assert working_days_between(D(2026, 3, 5), D(2026, 3, 4)) == 0
    with pytest.raises(ValueError):
        nth_working_day(D(2026, 2, 14), 0)


def test_one_query_for_the_staff_days_of_the_range(django_assert_num_queries):
    CalendarDay.objects.bulk_create(
        CalendarDay(date=D(2026, 1, 5) + datetime.timedelta(days=i), kind="day_off", reason="x") for i in range(10)
    )
    with django_assert_num_queries(1):
        assert nth_working_day(D(2026, 1, 1), 10) == D(2026, 1, 27)
    with django_assert_num_queries(1):
        working_days_between(D(2026, 1, 1), D(2026, 12, 31))
    # A month of extra days off outgrows the first range: one more query, and the answer is still right.
    CalendarDay.objects.bulk_create(
        CalendarDay(date=D(2026, 1, 15) + datetime.timedelta(days=i), kind="day_off", reason="x") for i in range(30)
    )
    with django_assert_num_queries(2):
        assert nth_working_day(D(2026, 1, 1), 10) == D(2026, 3, 5)
