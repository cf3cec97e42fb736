"""The status rule on hand-worked series (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chrysalis.programmes.choices import TargetStatus
from chrysalis.programmes.progress import assess, time_share

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)  # 364 days


def run(value, day, baseline=0, target=100):
    return assess(
        baseline=Decimal(baseline),
        target=Decimal(target),
        start=START,
        deadline=END,
        day=day,
        value=None if value is None else Decimal(value),
    )


def test_time_share_is_clamped():
    assert time_share(START, END, dt.date(2025, 6, 1)) == 0
    assert time_share(START, END, dt.date(2026, 7, 2)) == Decimal(182) / Decimal(364)  # exactly half
    assert time_share(START, END, dt.date(2027, 3, 1)) == 1


def test_half_way_hand_worked():
    day = dt.date(2026, 7, 2)  # τ = 0.5
    on = run(50, day)
    assert on.status == TargetStatus.ON_TRACK
    assert on.expected == Decimal("50.00") and on.projected == Decimal("100.00")
    # 46 / 100 = 0.46 ≥ 0.9 × 0.5 = 0.45: at risk; projection 92
    risk = run(46, day)
    assert risk.status == TargetStatus.AT_RISK and risk.projected == Decimal("92.00")
    # 44 < 45: behind; projection 88
    behind = run(44, day)
    assert behind.status == TargetStatus.BEHIND and behind.projected == Decimal("88.00")
    assert run(100, day).status == TargetStatus.ACHIEVED


def test_baseline_and_decreasing_target():
    day = dt.date(2026, 7, 2)
    # from 200 up to 300: 260 is 60 % of the way at 50 % of the time
    assert run(260, day, baseline=200, target=300).status == TargetStatus.ON_TRACK
    # a target that goes down (e.g. open pain points 40 → 20): 35 is 25 % of the way: behind
    down = run(35, day, baseline=40, target=20)
    assert down.status == TargetStatus.BEHIND and down.projected == Decimal("30.00")
    assert run(29, day, baseline=40, target=20).status == TargetStatus.ON_TRACK


@pytest.mark.parametrize(
    ("value", "day", "status"),
    [
        (None, dt.date(2026, 3, 1), TargetStatus.NO_DATA),
        (0, dt.date(2025, 12, 1), TargetStatus.NOT_STARTED),
        (99, END, TargetStatus.BEHIND),  # the deadline passed short of the target
        (100, END, TargetStatus.ACHIEVED),
        (0, START, TargetStatus.ON_TRACK),  # nothing expected on the first day
    ],
)
def test_edges(value, day, status):
    assert run(value, day).status == status


def test_reason_names_the_figures():
    a = run(44, dt.date(2026, 7, 2))
    assert "44.0" in a.reason and "50.0" in a.reason
