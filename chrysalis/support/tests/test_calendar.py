"""The working-day clock around Spring Festival and National Day, make-up days included."""

import datetime as dt

import pytest
from django.utils import timezone

from chrysalis.support.calendar import WorkingCalendar
from chrysalis.support.models import HolidayOverride

D = dt.date


@pytest.fixture
def cal():
    return WorkingCalendar(overrides={})


def test_package_covers_the_years_we_rely_on(cal):
    # 2025 春节: 1/28–2/4 off; Sunday 1/26 and Saturday 2/8 are make-up working days.
    assert cal.is_working_day(D(2025, 1, 26)) and cal.is_working_day(D(2025, 2, 8))
    assert not any(cal.is_working_day(D(2025, 1, 28) + dt.timedelta(days=i)) for i in range(8))
    # 2026 春节: 2/15–2/23 off; Saturdays 2/14 and 2/28 are working days.
    assert cal.is_working_day(D(2026, 2, 14)) and cal.is_working_day(D(2026, 2, 28))
    assert not any(cal.is_working_day(D(2026, 2, 15) + dt.timedelta(days=i)) for i in range(9))
    # 2025 国庆+中秋: 10/1–10/8 off; Sunday 9/28 and Saturday 10/11 work.
    assert cal.is_working_day(D(2025, 9, 28)) and cal.is_working_day(D(2025, 10, 11))
    assert not cal.is_working_day(D(2025, 10, 8))


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2025, 1, 24), 1, D(2025, 1, 26)),  # Friday + 1 → the make-up Sunday
        (D(2025, 1, 24), 3, D(2025, 2, 5)),  # 1/26, 1/27, then the holiday, then 2/5
        (D(2025, 1, 27), 4, D(2025, 2, 8)),  # 2/5, 2/6, 2/7, then the make-up Saturday 2/8
        (D(2025, 1, 27), 5, D(2025, 2, 10)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # make-up Saturday
        (D(2026, 2, 13), 2, D(2026, 2, 24)),  # over the nine-day holiday
        (D(2026, 2, 24), 4, D(2026, 2, 28)),  # 2/25, 2/26, 2/27, make-up Saturday 2/28
        (D(2025, 9, 26), 1, D(2025, 9, 28)),  # make-up Sunday before National Day
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # the eight-day holiday is skipped
        (D(2025, 9, 30), 3, D(2025, 10, 11)),  # 10/9, 10/10, make-up Saturday 10/11
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # make-up Saturday 10/10
    ],
)
def test_add_working_days(cal, start, days, expected):
    assert cal.add_working_days(start, days) == expected


def test_working_days_between_counts_make_up_days(cal):
    assert cal.working_days_between(D(2025, 1, 24), D(2025, 2, 10)) == 7  # 1/26 1/27 2/5 2/6 2/7 2/8 2/10
    assert (
        cal.working_days_between(D(2025, 9, 26), D(2025, 10, 13)) == 7
    )  # 9/28 9/29 9/30 10/9 10/10 10/11 10/13
    assert cal.working_days_between(D(2025, 10, 13), D(2025, 10, 13)) == 0


def test_deadline_is_end_of_local_day_and_starts_at_dispatch():
    cal = WorkingCalendar(overrides={})
    dispatched = timezone.make_aware(dt.datetime(2025, 9, 30, 16, 0))
    due = cal.deadline(dispatched, 3)
    assert timezone.localtime(due) == timezone.make_aware(dt.datetime(2025, 10, 11, 23, 59, 59))


def test_pause_is_excluded_from_elapsed_working_days():
    cal = WorkingCalendar(overrides={})
    aware = lambda *a: timezone.make_aware(dt.datetime(*a))  # noqa: E731
    start, end = aware(2026, 2, 12, 9), aware(2026, 3, 2, 9)
    # 2/13, 2/14 (make-up), 2/24, 2/25, 2/26, 2/27, 2/28 (make-up), 3/2 = 8 working days
    assert cal.working_days_elapsed(start, end) == 8
    # minus a pause from 2/24 to 2/26 (2/25 and 2/26: 2 working days)
    assert cal.working_days_elapsed(start, end, [(aware(2026, 2, 24, 9), aware(2026, 2, 26, 9))]) == 6


@pytest.mark.django_db
def test_overrides_fill_years_the_package_does_not_know():
    # 2027 is not in the package: without overrides, weekdays count; an override marks 春节 2027.
    assert WorkingCalendar().is_working_day(D(2027, 2, 8))  # a Monday
    HolidayOverride.objects.create(date=D(2027, 2, 8), is_working=False, name="春节")
    HolidayOverride.objects.create(date=D(2027, 2, 20), is_working=True, name="春节调休")  # a Saturday
    cal = WorkingCalendar()
    assert not cal.is_working_day(D(2027, 2, 8))
    assert cal.is_working_day(D(2027, 2, 20))
    assert cal.add_working_days(D(2027, 2, 5), 1) == D(2027, 2, 9)


@pytest.mark.django_db
def test_override_beats_the_package():
    HolidayOverride.objects.create(date=D(2026, 2, 14), is_working=False, name="调整")
    assert not WorkingCalendar().is_working_day(D(2026, 2, 14))
