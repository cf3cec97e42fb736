"""The one source of the bounds a number in a query may take, and of the check and the message.

Used by the pages' forgiving side (`core.forms.query_int`/`query_year`/`query_id`, the FilterSets'
`IdFilter`/`YearFilter`/`MonthFilter` in `core.filters`) and by the API's strict side
(`core.filters.ScopedFilterBackend`, `core.pagination.ScopedPagination`, `core.api`'s related ids and
schema), so that a page, the API and the API's schema state the same ranges.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

#: The largest value of a 64-bit signed integer column (every primary key here).
INT64_MAX = 2**63 - 1
#: A primary key.
ID_BOUNDS = (1, INT64_MAX)
#: The years a query may ask for: wider than any data, narrow enough for date arithmetic.
YEAR_BOUNDS = (1949, 2100)
MONTH_BOUNDS = (1, 12)
#: A date part in an API filter such as `starts_at__year` (a year from 1000: year 1 minus the time-zone
#: offset is before datetime.min).
DATE_PART_BOUNDS = {
    "year": (1000, 9999),
    "iso_year": (1000, 9999),
    "month": MONTH_BOUNDS,
    "day": (1, 31),
    "week": (1, 53),
    "week_day": (1, 7),
    "iso_week_day": (1, 7),
    "quarter": (1, 4),
    "hour": (0, 23),
}
#: A decimal filter value must be finite and strictly within ±NUMBER_LIMIT.
NUMBER_LIMIT = Decimal(10) ** 15


def whole_number(value: str, low: int, high: int, *, signed: bool = True, digits: int = 19) -> int | None:
    """`value` as a whole number from `low` to `high`, or None. Only ASCII digits (at most `digits`,
    with a leading minus only when `signed`): no spaces, other scripts' digits, underscores or
    fractions, so nothing reaches the database that it cannot hold."""
    pattern = rf"{'-?' if signed else ''}[0-9]{{1,{digits}}}"
    if not re.fullmatch(pattern, value):
        return None
    number = int(value)
    return number if low <= number <= high else None


def whole_number_message(low: int, high: int) -> str:
    """What a refused whole number is told (the API's 400 body)."""
    return _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
