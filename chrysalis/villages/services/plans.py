"""Whole-village operation plans (整村运营方案): versions, targets, the workflow and the reward."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from chrysalis.core.permissions import may, require, require_visible
from chrysalis.core.services import create_object, update_object
from chrysalis.villages.choices import PlanStatus
from chrysalis.villages.models import Metric, Operator, Plan, PlanHistory, PlanTarget, Village
from chrysalis.villages.workflows import PLAN_MACHINE

PLAN_AUDIT_FIELDS = (
    "village",
    "operator",
    "title",
    "year",
    "plan_version",
    "budget",
    "reward_base",
    "reward_bonus",
    "reward_threshold",
    "reward_cap",
    "status",
    "reward_amount",
)
TARGET_AUDIT_FIELDS = ("plan", "metric", "target", "weight")


def plan_create(
    *,
    actor,
    village: Village,
    operator: Operator,
    title: str,
    year: int,
    objectives: str = "",
    budget=0,
    funding_sources: str = "",
    reward_base=0,
    reward_bonus=0,
    reward_threshold=Decimal("0.6"),
    reward_cap=Decimal("1.2"),
) -> Plan:
    """A new plan, or the next version of the village's plan for that year (the earlier stay)."""
    require_visible(actor, village)
    require(actor, "change", village, message=_("You may not write plans for this village."))
    if not operator.pairings.filter(village=village).exists():
        raise ValidationError(
            {
                "operator": _("%(operator)s is not paired with %(village)s.")
                % {"operator": operator, "village": village}
            }
        )
    if Decimal(reward_threshold) > Decimal(reward_cap):
        raise ValidationError({"reward_threshold": _("The threshold cannot be above the cap.")})
    for name, amount in (("budget", budget), ("reward_base", reward_base), ("reward_bonus", reward_bonus)):
        if Decimal(amount) < 0:
            raise ValidationError({name: _("An amount cannot be negative.")})
    with transaction.atomic():
        last = (
            Plan.objects.select_for_update()
            .filter(village=village, year=year)
            .aggregate(v=Max("plan_version"))["v"]
        )
        plan = Plan(
            village=village,
            operator=operator,
            title=title,
            year=year,
            plan_version=(last or 0) + 1,
            objectives=objectives,
            budget=Decimal(budget),
            funding_sources=funding_sources,
            reward_base=Decimal(reward_base),
            reward_bonus=Decimal(reward_bonus),
            reward_threshold=Decimal(reward_threshold),
            reward_cap=Decimal(reward_cap),
        )
        return create_object(actor=actor, instance=plan, audit_fields=PLAN_AUDIT_FIELDS)


PLAN_EDITABLE = (
    "title",
    "objectives",
    "budget",
    "funding_sources",
    "reward_base",
    "reward_bonus",
    "reward_threshold",
    "reward_cap",
)


def plan_update(*, actor, plan: Plan, expected_version=None, **changes) -> Plan:
    """Edit a draft plan (text, budget, reward rule); once submitted it changes through a new version."""
    require_visible(actor, plan)
    require(actor, "change", plan, message=_("You may not write plans for this village."))
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(
            _("“%(plan)s” is %(status)s: only a draft is edited; start a new version instead.")
            % {"plan": plan, "status": PlanStatus(plan.status).label}
        )
    allowed = {k: v for k, v in changes.items() if k in PLAN_EDITABLE}
    for name in ("budget", "reward_base", "reward_bonus"):
        if name in allowed and Decimal(allowed[name]) < 0:
            raise ValidationError({name: _("An amount cannot be negative.")})
    threshold = Decimal(allowed.get("reward_threshold", plan.reward_threshold))
    if threshold > Decimal(allowed.get("reward_cap", plan.reward_cap)):
        raise ValidationError({"reward_threshold": _("The threshold cannot be above the cap.")})
    return update_object(
        actor=actor,
        instance=plan,
        changes=allowed,
        expected_version=expected_version,
        audit_fields=PLAN_AUDIT_FIELDS,
    )


def target_add(*, actor, plan: Plan, metric: Metric, target, weight) -> PlanTarget:
    require_visible(actor, plan)
    require(actor, "change", plan)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Targets are set while the plan is a draft; start a new version instead."))
    target, weight = Decimal(target), Decimal(weight)
    if target <= 0:
        raise ValidationError({"target": _("A target must be above zero.")})
    if not Decimal(0) < weight <= 1:
        raise ValidationError({"weight": _("A weight lies between 0 and 1.")})
    used = plan.targets.aggregate(w=Sum("weight"))["w"] or Decimal(0)
    if used + weight > 1:
        raise ValidationError(
            {
                "weight": _("The weights would add up to %(sum)s; together they may reach at most 1.")
                % {"sum": used + weight}
            }
        )
    if plan.targets.filter(metric=metric).exists():
        raise ValidationError(
            {"metric": _("The plan already has a target for “%(metric)s”.") % {"metric": metric.name}}
        )
    row = PlanTarget(plan=plan, metric=metric, target=target, weight=weight)
    return create_object(actor=actor, instance=row, audit_fields=TARGET_AUDIT_FIELDS)


def plan_capacities(actor, plan: Plan) -> frozenset[str]:
    if actor is None:
        return frozenset({"system"})
    caps = set()
    if may(actor, "assess", plan):
        caps.add("reviewer")
    if may(actor, "change", plan):
        caps.add("editor")
    return frozenset(caps)


def plan_transition(*, actor, plan: Plan, event: str, reason: str = "", expected_version=None) -> Plan:
    require_visible(actor, plan)
    return PLAN_MACHINE.run(
        queryset=Plan.objects.all(),
        pk=plan.pk,
        event=event,
        actor=actor,
        capacities=lambda obj: plan_capacities(actor, obj),
        reason=reason,
        expected_version=expected_version,
        history=lambda step: PlanHistory.objects.create(
            plan=step.obj,
            at=step.now,
            actor=actor,
            event=step.event,
            from_status=step.from_state,
            to_status=step.move.to,
            reason=step.reason,
        ),
        audit_fields=PLAN_AUDIT_FIELDS,
    )
