"""Computing targets: the value on a day (metric or latest manual value), the status by the rule of
`progress.py`, the records behind the number, and the monthly snapshots.

The snapshot is idempotent per (target, month): running it again for a month overwrites that
month's row with the value recomputed now (`update_or_create`), never adds a second one.
`manage.py programmes_snapshot` and the job function `snapshot_job` call `snapshot_month`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.jobs.runner import Outcome, job_function
from chrysalis.programmes import metrics
from chrysalis.programmes.choices import STATUS_COLOURS, TargetStatus
from chrysalis.programmes.models import ManualValue, Snapshot, Target
from chrysalis.programmes.progress import Assessment, assess


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def count_day(target: Target, day: dt.date) -> dt.date:
    """The day a target is taken on: `day`, but never after its deadline."""
    return min(day, target.deadline)


def window(target: Target, day: dt.date) -> metrics.Window | None:
    as_of = count_day(target, day)
    if as_of < target.starts_on:
        return None
    return metrics.Window(path=target.programme.unit.path, start=target.starts_on, as_of=as_of)


@dataclass
class Evaluation:
    target: Target
    day: dt.date
    value: Decimal | None
    assessment: Assessment
    manual: ManualValue | None = None

    @property
    def status(self) -> str:
        return str(self.assessment.status)

    @property
    def status_label(self) -> str:
        return str(TargetStatus(self.status).label)

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[TargetStatus(self.status)]


def latest_manual(target: Target, day: dt.date) -> ManualValue | None:
    return target.manual_values.filter(as_of__lte=day).order_by("-as_of", "-pk").first()


def value_on(target: Target, day: dt.date) -> tuple[Decimal | None, ManualValue | None]:
    w = window(target, day)
    if w is None:
        return None, None
    if target.is_manual:
        manual = latest_manual(target, w.as_of)
        return (manual.value if manual else None), manual
    metric = metrics.get(target.metric)
    return metric.compute(w, metric.clean_params(target.params)), None


def evaluate(target: Target, day: dt.date | None = None) -> Evaluation:
    day = day or timezone.localdate()
    value, manual = value_on(target, day)
    assessment = assess(
        baseline=target.baseline,
        target=target.target_value,
        start=target.starts_on,
        deadline=target.deadline,
        day=count_day(target, day),
        value=value,
    )
    return Evaluation(target, day, value, assessment, manual)


def evaluate_all(targets: Iterable[Target], day: dt.date | None = None) -> list[Evaluation]:
    return [evaluate(t, day) for t in targets]


def records(target: Target, day: dt.date | None = None) -> QuerySet | None:
    """The records behind the target's number on `day` (None for a manual target or before start)."""
    day = day or timezone.localdate()
    w = window(target, day)
    if w is None or target.is_manual:
        return None
    metric = metrics.get(target.metric)
    return metric.records(w, metric.clean_params(target.params))


# --- snapshots ------------------------------------------------------------------------------------


def snapshot_target(target: Target, month: dt.date, *, today: dt.date | None = None) -> tuple[Snapshot, bool]:
    """(Re)compute the snapshot of `target` for `month` (its first day): the value at the month's end,
    or today for the running month. Returns (row, created)."""
    today = today or timezone.localdate()
    month = month_start(month)
    day = min(month_end(month), today)
    ev = evaluate(target, day)
    a = ev.assessment
    return Snapshot.objects.update_or_create(
        target=target,
        month=month,
        defaults={
            "as_of": count_day(target, day),
            "value": ev.value,
            "expected": a.expected,
            "projected": a.projected,
            "status": a.status,
            "manual": target.is_manual,
        },
    )


def targets_in(month: dt.date) -> QuerySet[Target]:
    """Targets whose counting span touches the month."""
    return Target.objects.filter(
        starts_on__lte=month_end(month), deadline__gte=month_start(month)
    ).select_related("programme__unit")


def snapshot_month(month: dt.date, *, today: dt.date | None = None, progress=None) -> dict[str, int]:
    """Snapshot every target of the month; idempotent. Returns counts created / updated."""
    created = updated = 0
    targets = list(targets_in(month))
    if progress is not None:
        progress(0, len(targets), _("Computing targets"))
    for i, target in enumerate(targets, 1):
        with transaction.atomic():
            _row, made = snapshot_target(target, month, today=today)
        created += made
        updated += not made
        if progress is not None and i % 20 == 0:
            progress(i)
    if progress is not None:
        progress(len(targets))
    return {"created": created, "updated": updated}


def backfill(target: Target, *, today: dt.date | None = None) -> int:
    """Snapshots of every month from the target's start to this month (the demo; a new target)."""
    today = today or timezone.localdate()
    month, last, n = month_start(target.starts_on), month_start(min(today, target.deadline)), 0
    while month <= last:
        snapshot_target(target, month, today=today)
        month, n = add_months(month, 1), n + 1
    return n


def parse_month(text: str | None, today: dt.date | None = None) -> dt.date:
    if not text:
        return month_start(today or timezone.localdate())
    try:
        year, mon = (int(x) for x in text.split("-"))
        return dt.date(year, mon, 1)
    except ValueError:
        raise ValueError(_("A month is written YYYY-MM, e.g. 2026-03.")) from None


@job_function
def snapshot_job(*, progress, actor, month: str | None = None) -> Outcome:
    """The periodic job: snapshot every target for the month (default: the running month)."""
    counts = snapshot_month(parse_month(month), progress=progress)
    return Outcome(
        message=_("%(created)s snapshots taken, %(updated)s recomputed.") % counts,
        result=counts,
    )
