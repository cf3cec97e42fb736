"""The registry list's total, exact and cheap at a million firms.

`list_count(user, filterset)` answers the number of enterprises the list found from the count
summary (`models.counts.EnterpriseCount`, kept by PostgreSQL triggers) when it can: PostgreSQL, a
scope made of org subtrees (no firm represented by the user), and only filters the summary keeps
(zone / street, grid, industry, size category, size class, the four flags; the ordering changes
nothing). The same FilterSet filters and the same scope rule (`restrict(user, "view")`) are applied
to the summary's rows, so the sum is the number a `COUNT(*)` of the page's queryset returns. The
holders of a valid title (alone or with zone / street and grid) are summed the same way from
`TitleHolderCount` (per grid, kind and latest validity, kept by triggers as well). In every other
case it returns None and the list counts its rows as before (search, figure ranges, …).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from django.utils.functional import cached_property
from django_filters.constants import EMPTY_VALUES

from chrysalis.core.extensions import scope_for
from chrysalis.enterprises.models import EnterpriseCount, TitleHolderCount

# FilterSet filters whose fields (or methods) read only columns the summary keeps, under the same names
SUMMARY_FILTERS = frozenset(
    {
        "zone",
        "org_unit",
        "industry",
        "size_category",
        "size_class",
        "above_scale",
        "high_growth",
        "key_firm",
        "key_project",
    }
)
NEUTRAL = frozenset({"ordering"})  # filters that order and do not select
TITLE_FILTERS = frozenset({"zone", "org_unit"})  # filters the title holders' summary answers with "title"


def list_count(user, filterset) -> int | None:
    """The exact number of rows of `filterset.qs` (over `restrict(user, "view")`), from the summary;
    None when the summary cannot answer (count the rows instead)."""
    if connection.vendor != "postgresql" or (filterset.is_bound and not filterset.is_valid()):
        return None
    values = filterset.form.cleaned_data.items() if filterset.is_bound else ()  # unbound: no filter
    used = {name: value for name, value in values if value not in EMPTY_VALUES and name not in NEUTRAL}
    if scope_for(user).own_enterprises:
        return None
    title = used.pop("title", None)
    if title is not None:  # holders of a valid title: the same rule as the filter (FilterSet.has_title)
        if set(used) - TITLE_FILTERS:
            return None
        qs = TitleHolderCount.objects.restrict(user, "view").filter(
            kind=title, until__gte=timezone.localdate()
        )
    elif set(used) - SUMMARY_FILTERS:
        return None
    else:
        qs = EnterpriseCount.objects.restrict(user, "view")
    for name, value in used.items():
        qs = filterset.filters[name].filter(qs, value)
    return qs.aggregate(n=Sum("n"))["n"] or 0


class KnownCountPaginator(Paginator):
    """A paginator that asks `known_count()` for the total before counting the rows itself."""

    def __init__(self, object_list, per_page, *args, known_count=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        known = self.known_count() if self.known_count is not None else None
        return known if known is not None else super().count
