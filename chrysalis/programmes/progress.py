"""The status rule: where a target stands, by linear projection from its baseline to its deadline.

Pure arithmetic on Decimals (hand-worked in tests/test_progress.py):

- time elapsed  τ = (day − start) / (deadline − start), between 0 and 1;
- progress      f = (value − baseline) / (target − baseline)  (works for targets that go down too);
- expected by now  = baseline + τ × (target − baseline);
- projected at the deadline = baseline + (value − baseline) / τ  (the pace so far, continued);

and the status:

- not started: the day is before the counting start; no data: no value;
- achieved: f ≥ 1;
- past the deadline and not achieved: behind;
- on track: f ≥ τ (the projection reaches the target);
- at risk: f ≥ 0.9 τ (the projection reaches at least 90 % of the planned change);
- behind: otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chrysalis.programmes.choices import TargetStatus

AT_RISK_SHARE = Decimal("0.9")
PLACES = Decimal("0.01")

RULE = gettext_lazy(
    "Linear projection: the value so far is compared with the straight line from the baseline at the "
    "counting start to the target at the deadline. Achieved: the target is reached. On track: progress "
    "is at least the share of time elapsed (the pace reaches the target by the deadline). At risk: "
    "progress is at least 90% of the time elapsed. Behind: less than that, or the deadline has passed "
    "without reaching the target."
)


@dataclass(frozen=True)
class Assessment:
    status: str
    expected: Decimal | None
    projected: Decimal | None
    time_share: Decimal  # τ, 0..1
    progress: Decimal | None  # f
    reason: str

    @property
    def progress_percent(self) -> Decimal | None:
        return (
            None if self.progress is None else (self.progress * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        )

    @property
    def time_percent(self) -> Decimal:
        return (self.time_share * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _q(x: Decimal) -> Decimal:
    return x.quantize(PLACES, rounding=ROUND_HALF_UP)


def time_share(start: dt.date, deadline: dt.date, day: dt.date) -> Decimal:
    span = (deadline - start).days
    if span <= 0:
        return Decimal(1)
    elapsed = min(max((day - start).days, 0), span)
    return Decimal(elapsed) / Decimal(span)


def assess(
    *,
    baseline: Decimal,
    target: Decimal,
    start: dt.date,
    deadline: dt.date,
    day: dt.date,
    value: Decimal | None,
) -> Assessment:
    tau = time_share(start, deadline, day)
    gain = target - baseline
    expected = _q(baseline + tau * gain)
    if day < start:
        return Assessment(TargetStatus.NOT_STARTED, expected, None, tau, None, _("Counting has not started."))
    if value is None:
        return Assessment(TargetStatus.NO_DATA, expected, None, tau, None, _("No value yet."))
    if gain == 0:
        progress = Decimal(1)
    else:
        progress = (value - baseline) / gain
    projected = _q(baseline + (value - baseline) / tau) if tau > 0 else None
    pct = {"f": (progress * 100).quantize(Decimal("0.1")), "t": (tau * 100).quantize(Decimal("0.1"))}
    if progress >= 1:
        status, reason = TargetStatus.ACHIEVED, _("Progress %(f)s%%: the target is reached.") % pct
    elif day >= deadline:
        status, reason = TargetStatus.BEHIND, _("The deadline has passed at %(f)s%% progress.") % pct
    elif progress >= tau:
        status, reason = TargetStatus.ON_TRACK, _("Progress %(f)s%% ≥ time elapsed %(t)s%%.") % pct
    elif progress >= AT_RISK_SHARE * tau:
        status, reason = (
            TargetStatus.AT_RISK,
            _("Progress %(f)s%% is below time elapsed %(t)s%% but within 90%% of it.") % pct,
        )
    else:
        status, reason = TargetStatus.BEHIND, _("Progress %(f)s%% < 90%% of time elapsed %(t)s%%.") % pct
    return Assessment(status, expected, projected, tau, progress, reason)
