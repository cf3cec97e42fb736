"""The working-day clock on the mainland calendar (法定节假日 and 调休 make-up working days).

Base data comes from the maintained `chinese-calendar` package (it covers the years the State
Council has announced); `HolidayOverride` rows, editable by district administrators, take
precedence and fill years the package does not know yet. For a year neither covers, weekends are
rest days and weekdays working days.

Deadlines are counted in whole working days after the dispatch day and fall at the end
(23:59:59, Asia/Shanghai) of the last working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import chinese_calendar
from django.utils import timezone

from chrysalis.support.models import HolidayOverride


class WorkingCalendar:
    """A calendar with overrides loaded once (use one instance for a batch of computations)."""

    def __init__(self, overrides: dict[dt.date, bool] | None = None):
        if overrides is None:
            overrides = dict(HolidayOverride.objects.values_list("date", "is_working"))
        self.overrides = overrides
        self._cache: dict[dt.date, bool] = {}

    def is_working_day(self, day: dt.date) -> bool:
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        if day in self.overrides:
            result = self.overrides[day]
        else:
            try:
                result = chinese_calendar.is_workday(day)
            except NotImplementedError:  # a year the package does not cover
                result = day.weekday() < 5
        self._cache[day] = result
        return result

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date of the `days`-th working day after `start` (start itself not counted).

        With days == 0: start if it is a working day, else the next working day.
        """
        day = start
        if days <= 0:
            while not self.is_working_day(day):
                day += dt.timedelta(days=1)
            return day
        counted = 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Number of working days d with start < d <= end (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def deadline(self, start: dt.datetime, days: int) -> dt.datetime:
        """End of the `days`-th working day after the local date of `start`."""
        local = timezone.localtime(start).date()
        last = self.add_working_days(local, days)
        return timezone.make_aware(dt.datetime.combine(last, dt.time(23, 59, 59)))

    def working_days_elapsed(
        self, start: dt.datetime, end: dt.datetime, pauses: Iterable[tuple[dt.datetime, dt.datetime]] = ()
    ) -> int:
        """Working days from `start` to `end` (local dates), minus working days spent paused."""
        a, b = timezone.localtime(start).date(), timezone.localtime(end).date()
        total = self.working_days_between(a, b)
        for p_start, p_end in pauses:
            total -= self.working_days_between(
                timezone.localtime(p_start).date(), timezone.localtime(p_end).date()
            )
        return max(total, 0)


def local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()
