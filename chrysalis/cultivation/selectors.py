"""Reads for the pool, coaching and recognitions (always from `restrict`)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from chrysalis.cultivation.models.pool import STAGE_RANK, PoolEntry, PoolSnapshot, PoolStage
from chrysalis.cultivation.models.recognition import Recognition


def pool_counts(user) -> dict[str, int]:
    rows = PoolEntry.objects.restrict(user, "view").values("stage").annotate(n=Count("pk"))
    counts = {s: 0 for s in PoolStage.values}
    counts.update({r["stage"]: r["n"] for r in rows})
    return counts


def upcoming_reviews(user, today: dt.date, days: int = 365) -> QuerySet[Recognition]:
    return (
        Recognition.objects.restrict(user, "view")
        .filter(review_due__gte=today, review_due__lte=today + dt.timedelta(days=days))
        .select_related("enterprise")
        .order_by("review_due")
    )


def lapsing_this_year(user, today: dt.date) -> QuerySet[Recognition]:
    return (
        Recognition.objects.restrict(user, "view")
        .filter(valid_until__year=today.year)
        .select_related("enterprise")
    )


def year_ago_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The snapshot "of a year ago" is the newest one taken between 18 and 12 months before ``today``."""
    end = _minus_months(today, 12)
    return _minus_months(today, 18), end


def _minus_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1

    return dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def year_ago_snapshot_date(today: dt.date) -> dt.date | None:
    lo, hi = year_ago_window(today)
    return PoolSnapshot.objects.filter(taken_on__gte=lo, taken_on__lte=hi).aggregate(d=Max("taken_on"))["d"]


def with_year_ago(qs: QuerySet[PoolEntry], snapshot_date: dt.date | None) -> QuerySet[PoolEntry]:
    """Annotate ``stage_year_ago`` (the stage in the snapshot of ``snapshot_date``, "" if none) and
    ``movement`` (rank now − rank then; NULL when the entry was not in the snapshot)."""
    if snapshot_date is None:
        return qs.annotate(
            stage_year_ago=Value("", output_field=CharField()),
            movement_rank=Value(None, output_field=IntegerField()),
        )
    sub = PoolSnapshot.objects.filter(entry=OuterRef("pk"), taken_on=snapshot_date).values("stage")[:1]
    qs = qs.annotate(stage_year_ago=Coalesce(Subquery(sub, output_field=CharField()), Value("")))
    return qs.annotate(movement_rank=_rank("stage") - _rank("stage_year_ago"))


def _rank(field: str) -> Case:
    return Case(
        *[When(**{field: s}, then=Value(i)) for s, i in STAGE_RANK.items()],
        default=Value(None),
        output_field=IntegerField(),
    )
