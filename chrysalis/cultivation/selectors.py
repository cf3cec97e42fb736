"""Reads for the pool, coaching and recognitions (always from `restrict`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet

from chrysalis.cultivation.models.pool import PoolEntry, PoolStage
from chrysalis.cultivation.models.recognition import Recognition


def pool_counts(user) -> dict[str, int]:
    rows = PoolEntry.objects.restrict(user, "view").values("stage").annotate(n=Count("pk"))
    counts = {s: 0 for s in PoolStage.values}
    counts.update({r["stage"]: r["n"] for r in rows})
    return counts


def upcoming_reviews(user, today: dt.date, days: int = 365) -> QuerySet[Recognition]:
    return Recognition.objects.restrict(user, "view").filter(review_due__gte=today, review_due__lte=today + dt.timedelta(days=days)) \
        .select_related("enterprise").order_by("review_due")


def lapsing_this_year(user, today: dt.date) -> QuerySet[Recognition]:
    return Recognition.objects.restrict(user, "view").filter(valid_until__year=today.year).select_related("enterprise")
