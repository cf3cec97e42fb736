"""Plans: the reward rule against hand-worked examples, the workflow and its scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chrysalis.core.exceptions import OutOfScope
from chrysalis.core.workflow import TransitionError
from chrysalis.villages.choices import PlanStatus
from chrysalis.villages.models import Metric
from chrysalis.villages.selectors import compute_reward
from chrysalis.villages.services.figures import figure_enter, figure_transition
from chrysalis.villages.services.plans import plan_create, plan_transition, target_add


def test_reward_hand_worked_example():
    # base 20, bonus pool 30, threshold 60 %, cap 120 %
    # visitors 90,000 of 100,000 = 90 %  × 0.5 → 30 × 0.5 × 0.9 = 13.50
    # revenue 1,500 of 1,000 = 150 % → capped at 120 % × 0.3 → 30 × 0.3 × 1.2 = 10.80
    # farm sales 500 of 1,000 = 50 % < 60 % → 0 × 0.2 → 0.00
    # total 20 + 13.50 + 10.80 + 0 = 44.30
    w = compute_reward(
        base=20,
        bonus_pool=30,
        threshold=Decimal("0.6"),
        cap=Decimal("1.2"),
        targets=[("游客", 100000, 90000, "0.5"), ("收入", 1000, 1500, "0.3"), ("农产品", 1000, 500, "0.2")],
    )
    assert [line.bonus for line in w.lines] == [Decimal("13.50"), Decimal("10.80"), Decimal("0.00")]
    assert w.total == Decimal("44.30")
    assert len(w.explain()) == 5


def test_reward_second_example_exactly_at_threshold():
    # 60 % exactly counts: 10 × 1 × 0.6 = 6.00; total 5 + 6 = 11.00
    w = compute_reward(
        base=5, bonus_pool=10, threshold=Decimal("0.6"), cap=Decimal("1.2"), targets=[("x", 50, 30, 1)]
    )
    assert w.total == Decimal("11.00")


def test_plan_workflow_and_scope(vworld):
    plan = vworld.extra["plan_a"]
    with pytest.raises(OutOfScope):
        plan_transition(actor=vworld["zone_b_officer"], plan=plan, event="submit")
    plan = plan_transition(actor=vworld["operator_a"], plan=plan, event="submit")
    with pytest.raises(TransitionError):  # the operator cannot approve its own plan
        plan_transition(actor=vworld["operator_a"], plan=plan, event="approve")
    with pytest.raises(TransitionError):  # returning needs a reason
        plan_transition(actor=vworld["street_a"], plan=plan, event="return")
    plan = plan_transition(actor=vworld["street_a"], plan=plan, event="approve")
    plan = plan_transition(actor=vworld["operator_a"], plan=plan, event="start")
    visitors = Metric.objects.get(code="visitors")
    entry = figure_enter(
        actor=vworld["operator_a"],
        village=plan.village,
        metric=visitors,
        period=dt.date(2025, 4, 1),
        value=Decimal(78000),
        unit=visitors.unit,
        source="ticketing",
        today=dt.date(2025, 5, 2),
    )
    figure_transition(actor=vworld["street_a"], entry=entry, event="review")
    figure_transition(actor=vworld["street_a"], entry=vworld.extra["figure_a"], event="review")
    plan = plan_transition(actor=vworld["street_a"], plan=plan, event="evaluate")
    # reviewed 12,000 + 78,000 = 90,000 of 100,000 = 90 %, weight 1, pool 0, base 0 → 0.00
    assert plan.status == PlanStatus.EVALUATED and plan.reward_amount == Decimal("0.00")
    assert [h.to_status for h in plan.history.all()] == ["submitted", "approved", "executing", "evaluated"]


def test_plan_versions_and_target_refusals(vworld):
    v, op = vworld.extra["village_a"], vworld.extra["operator_a"]
    second = plan_create(actor=vworld["operator_a"], village=v, operator=op, title="第二版", year=2025)
    assert second.plan_version == 2
    visitors = Metric.objects.get(code="visitors")
    with pytest.raises(ValidationError):
        target_add(actor=vworld["operator_a"], plan=second, metric=visitors, target=0, weight=Decimal("0.5"))
    target_add(actor=vworld["operator_a"], plan=second, metric=visitors, target=10, weight=Decimal("0.7"))
    with pytest.raises(ValidationError):  # weights would exceed 1
        target_add(
            actor=vworld["operator_a"],
            plan=second,
            metric=Metric.objects.get(code="farm_sales"),
            target=10,
            weight=Decimal("0.4"),
        )
    with pytest.raises(ValidationError):  # an operator not paired with the village
        plan_create(actor=None, village=v, operator=vworld.extra["operator_b"], title="x", year=2025)
