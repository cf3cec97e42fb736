"""Reads: totals up the organisation tree, year on year, the plausibility check and the reward working.

Every read that answers a user starts from `restrict()`; the helpers taking a queryset are given
one that did.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils.translation import gettext as _

from chrysalis.accounts.scopes import get_scope
from chrysalis.core.scope import PATH_STEP
from chrysalis.villages.choices import VILLAGE_ROLES, FigureStatus, HonourLevel, PeriodKind
from chrysalis.villages.models import FigureEntry, Metric, ParentMonthTotal, Plan

# A value more than FACTOR times the village's own median (or less than a FACTOR-th of it) for the
# same metric asks for confirmation; at least MIN_HISTORY earlier figures are needed to judge.
FACTOR = Decimal(3)
MIN_HISTORY = 3
HISTORY = 24

CENT = Decimal("0.01")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_years(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years)


def implausible(*, village, metric, period_kind, period, value) -> Decimal | None:
    """The village's own median for this metric when `value` is far outside it, else None."""
    history = list(
        FigureEntry.objects.filter(village=village, metric=metric, period_kind=period_kind)
        .exclude(period=period)
        .order_by("-period")
        .values_list("value", flat=True)[:HISTORY]
    )
    if len(history) < MIN_HISTORY:
        return None
    median = Decimal(statistics.median(history))
    if median <= 0:
        return None
    if value > median * FACTOR or value < median / FACTOR:
        return median.quantize(CENT)
    return None


def totals(queryset, *, metric: Metric, start: dt.date, end: dt.date, path: str = "", reviewed_only=False):
    """Sum of the entries of `metric` with a period starting in [start, end] under `path`.

    `queryset` is already restricted to what the reader may see.
    """
    qs = queryset.filter(metric=metric, period__gte=start, period__lte=end)
    if path:
        qs = qs.filter(path__startswith=path)
    if reviewed_only:
        qs = qs.filter(status=FigureStatus.REVIEWED)
    return qs.aggregate(total=Sum("value"))["total"] or Decimal(0)


@dataclass
class Row:
    """One line of the figures dashboard: a unit (street or village) and its totals."""

    unit_id: int
    name: str
    path: str
    kind: str
    current: Decimal = Decimal(0)
    previous: Decimal = Decimal(0)

    @property
    def yoy(self) -> Decimal | None:
        if not self.previous:
            return None
        return ((self.current - self.previous) / self.previous * 100).quantize(Decimal("0.1"))


def breakdown(queryset, *, metric: Metric, start: dt.date, end: dt.date, units, path: str = "") -> list[Row]:
    """Totals of `metric` over [start, end] and the same span a year before, for each of `units`
    (org units; each row sums the entries of its whole subtree)."""
    rows = {u.path: Row(u.pk, u.name, u.path, u.kind) for u in units}
    if not rows:
        return []
    base = queryset.filter(metric=metric)
    if path:  # only the subtree the rows belong to
        base = base.filter(path__startswith=path)
    for attr, lo, hi in (("current", start, end), ("previous", add_years(start, -1), add_years(end, -1))):
        sums = (
            base.filter(period__gte=lo, period__lte=hi)
            .values("path")
            .annotate(total=Sum("value"))
            .values_list("path", "total")
        )
        for path, total in sums:
            for prefix, row in rows.items():
                if path.startswith(prefix):
                    setattr(row, attr, getattr(row, attr) + total)
    return list(rows.values())


def dashboard_figures(
    queryset, *, metric: Metric, start: dt.date, end: dt.date, units, path: str = ""
) -> tuple[list[Row], list[tuple[dt.date, Decimal]]]:
    """`breakdown(...)` and `monthly_series(...)` from ONE scan of the covering index.

    The rows are grouped in the database by (the unit prefix of the path, period, period kind) over
    the year-earlier start … end span: a district view of 10 streets × 132 months reads ~1,300 groups
    instead of three scans (current, previous, series) of every village's row. Falls back to the
    two functions when the units are not all at one depth of the tree."""
    units = list(units)
    depths = {len(u.path) for u in units}
    if len(depths) != 1:
        return (
            breakdown(queryset, metric=metric, start=start, end=end, units=units, path=path),
            monthly_series(queryset, metric=metric, start=start, end=end, path=path),
        )
    width = depths.pop()
    rows = {u.path: Row(u.pk, u.name, u.path, u.kind) for u in units}
    prev_lo, prev_hi = add_years(start, -1), add_years(end, -1)
    qs = queryset.filter(metric=metric, period__gte=prev_lo, period__lte=end)
    if path:
        qs = qs.filter(path__startswith=path)
    grouped = (
        qs.annotate(prefix=Substr("path", 1, width))
        .values("prefix", "period", "period_kind")
        .annotate(total=Sum("value"))
        .values_list("prefix", "period", "period_kind", "total")
        .order_by()
    )
    series: dict[dt.date, Decimal] = {}
    for prefix, period, kind, total in grouped:
        current = start <= period <= end
        if current and kind == PeriodKind.MONTH:
            series[period] = series.get(period, Decimal(0)) + total
        row = rows.get(prefix)
        if row is None:
            continue
        if current:
            row.current += total
        if prev_lo <= period <= prev_hi:
            row.previous += total
    return list(rows.values()), sorted(series.items())


def totals_rebuild(entry_model=None, total_model=None) -> int:
    """Recompute ParentMonthTotal from the entries (the migration passes its historical models)."""
    entry_model = entry_model or FigureEntry
    total_model = total_model or ParentMonthTotal
    grouped = (
        entry_model.objects.annotate(parent=Substr("path", 1, Length("path") - PATH_STEP))
        .values("parent", "metric_id", "period_kind", "period")
        .annotate(total=Sum("value"), n=Count("pk"))
        .order_by()
    )
    total_model.objects.all().delete()
    rows = [
        total_model(
            path=g["parent"],
            metric_id=g["metric_id"],
            period_kind=g["period_kind"],
            period=g["period"],
            total=g["total"],
            entries=g["n"],
        )
        for g in grouped
    ]
    total_model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def parent_totals_figures(
    user, *, metric: Metric, start: dt.date, end: dt.date, units
) -> tuple[list[Row], list[tuple[dt.date, Decimal]]] | None:
    """The district view from the running totals of each street (ParentMonthTotal): the same rows and
    series as `dashboard_figures` over the entries, read from ~units × months rows. None when a unit is
    not wholly inside the user's reach (an operator paired with villages of two streets): then the
    entries are summed instead, so a total never includes a village the user may not see."""
    units = list(units)
    totals = ParentMonthTotal.objects.restrict(user, "view").filter(path__in=[u.path for u in units])
    reach = get_scope(user).paths(*VILLAGE_ROLES)
    if not units or not all(any(u.path.startswith(p) for p in reach) for u in units):
        return None
    rows = {u.path: Row(u.pk, u.name, u.path, u.kind) for u in units}
    prev_lo, prev_hi = add_years(start, -1), add_years(end, -1)
    grouped = (
        totals.filter(metric=metric, period__gte=prev_lo, period__lte=end)
        .values("path", "period", "period_kind")
        .annotate(sum=Sum("total"))
        .values_list("path", "period", "period_kind", "sum")
        .order_by()
    )
    series: dict[dt.date, Decimal] = {}
    for path, period, kind, total in grouped:
        current = start <= period <= end
        if current and kind == PeriodKind.MONTH:
            series[period] = series.get(period, Decimal(0)) + total
        row = rows[path]
        if current:
            row.current += total
        if prev_lo <= period <= prev_hi:
            row.previous += total
    return list(rows.values()), sorted(series.items())


def monthly_series(queryset, *, metric: Metric, start: dt.date, end: dt.date, path: str = ""):
    """[(period, total)] of monthly entries of `metric` under `path`, by month."""
    qs = queryset.filter(metric=metric, period_kind=PeriodKind.MONTH, period__gte=start, period__lte=end)
    if path:
        qs = qs.filter(path__startswith=path)
    return list(
        qs.values("period").annotate(total=Sum("value")).order_by("period").values_list("period", "total")
    )


# --- the reward rule ---------------------------------------------------------------------------


@dataclass
class TargetLine:
    metric: str
    target: Decimal
    actual: Decimal
    weight: Decimal
    achievement: Decimal  # share of the target reached, 4 decimals
    counted: Decimal  # the share that earns bonus (0 under the threshold, capped above)
    bonus: Decimal


@dataclass
class Working:
    base: Decimal
    bonus_pool: Decimal
    threshold: Decimal
    cap: Decimal
    lines: list[TargetLine] = field(default_factory=list)

    @property
    def bonus(self) -> Decimal:
        return sum((line.bonus for line in self.lines), Decimal(0))

    @property
    def total(self) -> Decimal:
        return (self.base + self.bonus).quantize(CENT, ROUND_HALF_UP)

    def explain(self) -> list[str]:
        """The working, one sentence per step, for the plan page."""
        out = [
            _("Reward = base %(base)s + bonus pool %(pool)s × Σ(weight × counted achievement).")
            % {"base": self.base, "pool": self.bonus_pool}
        ]
        for line in self.lines:
            out.append(
                _(
                    "%(metric)s: %(actual)s of %(target)s = %(ach)s%%; counted %(counted)s%% × weight "
                    "%(weight)s → %(bonus)s"
                )
                % {
                    "metric": line.metric,
                    "actual": line.actual,
                    "target": line.target,
                    "ach": (line.achievement * 100).quantize(Decimal("0.1")),
                    "counted": (line.counted * 100).quantize(Decimal("0.1")),
                    "weight": line.weight,
                    "bonus": line.bonus,
                }
            )
        out.append(
            _("Total: %(base)s + %(bonus)s = %(total)s (10,000 yuan).")
            % {"base": self.base, "bonus": self.bonus.quantize(CENT, ROUND_HALF_UP), "total": self.total}
        )
        return out


def counted_share(achievement: Decimal, threshold: Decimal, cap: Decimal) -> Decimal:
    """Under the threshold a target earns nothing; above the cap it counts as the cap."""
    if achievement < threshold:
        return Decimal(0)
    return min(achievement, cap)


def compute_reward(*, base, bonus_pool, threshold, cap, targets) -> Working:
    """`targets`: [(metric name, target, actual, weight)]. Pure arithmetic (hand-worked in the tests)."""
    working = Working(Decimal(base), Decimal(bonus_pool), Decimal(threshold), Decimal(cap))
    for name, target, actual, weight in targets:
        target, actual, weight = Decimal(target), Decimal(actual), Decimal(weight)
        achievement = (actual / target).quantize(Decimal("0.0001"), ROUND_HALF_UP)
        counted = counted_share(achievement, working.threshold, working.cap)
        bonus = (working.bonus_pool * weight * counted).quantize(CENT, ROUND_HALF_UP)
        working.lines.append(TargetLine(name, target, actual, weight, achievement, counted, bonus))
    return working


def plan_actual(plan: Plan, metric: Metric) -> Decimal:
    """What the plan's village reached on `metric` in the plan's year (reviewed figures only)."""
    return FigureEntry.objects.filter(
        village=plan.village, metric=metric, period__year=plan.year, status=FigureStatus.REVIEWED
    ).aggregate(total=Sum("value"))["total"] or Decimal(0)


def reward_working(plan: Plan) -> Working:
    targets = [
        (t.metric.name, t.target, plan_actual(plan, t.metric), t.weight)
        for t in plan.targets.select_related("metric")
    ]
    return compute_reward(
        base=plan.reward_base,
        bonus_pool=plan.reward_bonus,
        threshold=plan.reward_threshold,
        cap=plan.reward_cap,
        targets=targets,
    )


def home_cards(user) -> list[dict]:
    """Home page (settings.CHRYSALIS_HOME_CARD_PROVIDERS): the figures waiting for the street's review,
    for those who review them."""
    waiting = FigureEntry.objects.restrict(user, "assess")
    if not waiting.exists():
        return []
    n = waiting.filter(status=FigureStatus.ENTERED).count()
    return [
        {
            "label": _("Village figures waiting for review"),
            "value": n,
            "url": reverse("villages:figure_list") + "?status=entered",
        }
    ]


@dataclass
class PlanRow:
    plan: Plan
    achievement: Decimal  # Σ(weight × counted achievement): the share of the bonus pool earned
    reward: Decimal  # frozen when evaluated, else computed from the reviewed figures so far
    working: Working


def plan_rows(plans) -> list[PlanRow]:
    """Each plan's weighted achievement and reward (the plan page's working, for many plans)."""
    rows = []
    for plan in plans.select_related("village__unit", "operator").prefetch_related("targets__metric"):
        working = reward_working(plan)
        achievement = sum((line.weight * line.counted for line in working.lines), Decimal(0))
        reward = plan.reward_amount if plan.reward_amount is not None else working.total
        rows.append(PlanRow(plan, achievement.quantize(Decimal("0.0001")), reward, working))
    return rows


def operator_rows(plan_rows_: list[PlanRow], operators) -> list[dict]:
    """Operators with their paired villages, plans, mean weighted achievement and rewards."""
    by_operator: dict[int, list[PlanRow]] = {}
    for row in plan_rows_:
        by_operator.setdefault(row.plan.operator_id, []).append(row)
    out = []
    for op in operators.select_related("street").prefetch_related("pairings__village__unit"):
        rows = by_operator.get(op.pk, [])
        out.append(
            {
                "operator": op,
                "villages": sorted({str(p.village) for p in op.pairings.all()}),
                "plans": len(rows),
                "achievement": (sum((r.achievement for r in rows), Decimal(0)) / len(rows)).quantize(
                    Decimal("0.0001")
                )
                if rows
                else None,
                "reward": sum((r.reward for r in rows), Decimal(0)),
            }
        )
    return out


def honours_by_level(honours) -> list[dict]:
    """Counts of honours per level (national, provincial, city, district), every level shown."""
    counts = dict(honours.values_list("level").annotate(n=Count("pk")).values_list("level", "n"))
    return [
        {"level": value, "label": str(label), "n": counts.get(value, 0)}
        for value, label in HonourLevel.choices
    ]
