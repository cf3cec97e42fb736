"""Reads: the dashboard figures (scoped), the public queryset and verification by number."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.functional import cached_property

from chrysalis.notices.choices import DECLARATION_KINDS, Kind, Status
from chrysalis.notices.filtersets import normalise_number
from chrysalis.notices.models import Notice


def month_starts(today: dt.date, months: int = 12) -> list[dt.date]:
    first = today.replace(day=1)
    out = []
    for _ in range(months):
        out.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return out[::-1]


def dashboard(user, today: dt.date) -> dict:
    """Published notices per month and type over twelve months, and creditors' periods that end in the
    next 14 days or ended in the last 7 — from the user's scope, in three queries."""
    qs = Notice.objects.restrict(user, "view")
    months = month_starts(today)
    rows = (
        qs.filter(status__in=[Status.PUBLISHED, Status.EXPIRED], published_on__gte=months[0])
        .annotate(month=TruncMonth("published_on"))
        .values("month", "kind")
        .annotate(n=Count("id"))
    )
    grid: dict[dt.date, dict[str, int]] = defaultdict(dict)
    for r in rows:
        month = r["month"].date() if isinstance(r["month"], dt.datetime) else r["month"]
        grid[month][r["kind"]] = r["n"]
    table = [
        {"month": m, "counts": [grid[m].get(k, 0) for k in Kind.values], "total": sum(grid[m].values())}
        for m in months
    ]
    totals = [sum(row["counts"][i] for row in table) for i in range(len(Kind.values))]
    expiring = list(
        qs.filter(
            status=Status.PUBLISHED,
            creditor_period_end__gte=today - dt.timedelta(days=7),
            creditor_period_end__lte=today + dt.timedelta(days=14),
        )
        .select_related("enterprise")
        .order_by("creditor_period_end", "pk")[:100]
    )
    for n in expiring:
        n.days_left = (n.creditor_period_end - today).days
    status_counts = dict(qs.values_list("status").annotate(n=Count("id")))
    return {
        "kinds": Kind.choices,
        "table": table,
        "totals": totals,
        "grand_total": sum(totals),
        "expiring": expiring,
        "status_counts": [(label, status_counts.get(value, 0), value) for value, label in Status.choices],
        "review_count": qs.filter(registry_review=True).count(),
    }


def public_notices():
    return Notice.objects.public().select_related("org_unit")


COUNT_CAP = 1000


def newest_first(qs, *, text_search: bool, count: int | None = None):
    """Newest first, in the plan that suits the number of matches of a substring search.

    Few matches (count ≤ COUNT_CAP): the order is given as an expression the publication-date index
    cannot serve, so PostgreSQL takes the trigram matches and sorts them; otherwise it may walk that
    index backwards testing LIKE on every row until it finds 20 (half a second at 1,000,000 notices).
    Many matches: walking the index is right — the newest 20 come quickly."""
    if text_search and count is not None and count <= COUNT_CAP:
        return qs.order_by(Coalesce("published_on", Value(dt.date(1900, 1, 1))).desc(), "-pk")
    return qs.order_by("-published_on", "-pk")


def capped_count(qs) -> int:
    """At most COUNT_CAP + 1: the pager says "1000+" rather than counting every match."""
    return qs.order_by()[: COUNT_CAP + 1].count()


class SearchPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows, then orders the page for the plan that suits the count."""

    def __init__(self, object_list, per_page, *, text_search: bool, **kwargs):
        self.text_search = text_search
        super().__init__(object_list.order_by("-published_on", "-pk"), per_page, **kwargs)

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list)

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    def page(self, number):
        self.object_list = newest_first(self.object_list, text_search=self.text_search, count=self.count)
        return super().page(number)


def verify(number: str) -> tuple[str, list[Notice]]:
    """The published declarations that void this document number (normalised as users type it)."""
    number = normalise_number(number)
    if not number:
        return number, []
    found = list(
        public_notices()
        .filter(document_number=number, kind__in=sorted(DECLARATION_KINDS))
        .order_by("-published_on", "-pk")[:10]
    )
    return number, found
