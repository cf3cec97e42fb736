"""Bounded number filters for FilterSets: a hand-edited query (year=-1, enterprise=10^30, 1.9)
makes the filter form invalid (the list shows nothing and says why) instead of reaching the
database with a value it cannot hold."""

from __future__ import annotations

import django_filters
from django import forms

from chrysalis.core.forms import ID_MAX, YEAR_MAX, YEAR_MIN


class _WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField
    bounds: tuple[int, int] = (0, ID_MAX)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", self.bounds[0])
        kwargs.setdefault("max_value", self.bounds[1])
        super().__init__(*args, **kwargs)


class IdFilter(_WholeNumberFilter):
    """A primary key (1 … 2^63 − 1)."""

    bounds = (1, ID_MAX)


class YearFilter(_WholeNumberFilter):
    bounds = (YEAR_MIN, YEAR_MAX)


class MonthFilter(_WholeNumberFilter):
    bounds = (1, 12)
