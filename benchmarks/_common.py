"""Timing and reporting shared by the module benchmarks (events_dashboard, villages_dashboard,
investment_evaluation, programmes_targets, notices_search).

One percentile rule, one timed loop, one closing line that states the figure, the target, whether the
figure meets it and its ratio to a baseline measured in the same run (same-run ratios survive a
loaded machine; absolute times do not).
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Iterable


def percentile(values: Iterable[float], q: float) -> float:
    """The nearest-rank q-quantile (0 < q <= 1): the smallest value with at least a fraction q of the
    values at or below it (p95 of 40 timings is the 38th fastest, of 30 the 29th)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    if not 0 < q <= 1:
        raise ValueError(f"q must be in (0, 1], not {q}")
    rank = max(1, math.ceil(round(q * len(ordered), 9)))
    return ordered[rank - 1]


def median(values: Iterable[float]) -> float:
    return statistics.median(values)


def time_ms(fn: Callable[[], object]) -> float:
    """Milliseconds one call of `fn` takes."""
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def timed_loop(fn: Callable[[], object], runs: int, *, warmup: int = 0) -> list[float]:
    """Milliseconds of each of `runs` calls of `fn`, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    return [time_ms(fn) for _ in range(runs)]


def ratio(figure: float, baseline: float) -> float:
    """figure / baseline, 0 when the baseline is too small to time."""
    return figure / baseline if baseline else 0.0


def report(
    name: str,
    figure: float,
    target: float,
    *,
    unit: str = "ms",
    baseline: float | None = None,
    compared: float | None = None,
    compared_name: str = "",
    digits: int = 1,
) -> bool:
    """Prints the closing line: `name`, the figure against its target (lower is better) and, with a
    baseline, a multiple of it: of the figure itself, or of `compared` (named `compared_name`, e.g.
    the p50 against the baseline's p50), with `digits` decimals. Returns whether the target is met."""
    meets = figure < target
    line = (
        f"{name}: {figure:.{digits}f} {unit} — target < {target:g} {unit}: {'meets' if meets else 'MISSES'}"
    )
    if baseline is not None:
        value = figure if compared is None else compared
        label = f"{compared_name} " if compared_name else ""
        line += f"; {label}×{ratio(value, baseline):.1f} of the same-run baseline ({baseline:.1f} {unit})"
    print(line)
    return meets
