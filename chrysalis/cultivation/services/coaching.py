"""Coaching plans: a coach and a checklist built from the firm's gap analysis; sessions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.permissions import require_visible
from chrysalis.core.services import update_object
from chrysalis.criteria import assess, get_rule_set, select_rule_set
from chrysalis.criteria.present import missing_zh, review_zh
from chrysalis.cultivation.models.coaching import ChecklistItem, ChecklistKind, CoachingPlan, CoachingSession
from chrysalis.cultivation.models.pool import PoolEntry
from chrysalis.cultivation.services.policies import uncertain_modes
from chrysalis.enterprises.selectors import facts_for

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

PLAN_AUDIT = ("entry", "coach", "outside_expert", "rule_set", "year")
ITEM_AUDIT = ("done", "done_by", "done_at")


def checklist_from_gaps(
    entry: PoolEntry, year: int, rule_set_id: str | None = None
) -> tuple[str, list[tuple[str, str, str]]]:
    """(rule set id, [(kind, criterion, text)]) from the Python evaluator's gap analysis."""
    rs = (
        get_rule_set(rule_set_id)
        if rule_set_id
        else select_rule_set(entry.tier_target, "new", dt.date(year, 6, 30))
    )
    mode = uncertain_modes(entry.enterprise.org_unit).get(rs.id, "hard")  # the district's setting
    a = assess(facts_for(entry.enterprise), rs.id, year, uncertain=mode)
    items: list[tuple[str, str, str]] = []
    for r in a.results:
        if r.outcome == "needs_review":
            items.append((ChecklistKind.JUDGEMENT, r.id, f"{r.criterion.name_zh}：{review_zh(r.criterion)}"))
        elif r.outcome == "unknown" and r.undecidable_zh:
            items.append((ChecklistKind.DATA, r.id, f"{r.criterion.name_zh}：{r.undecidable_zh}"))
        elif r.outcome == "unknown":
            need = missing_zh(r.missing) or r.criterion.name_zh
            items.append((ChecklistKind.DATA, r.id, f"{r.criterion.name_zh}：需补充 {need}"))
        elif r.outcome == "not_met" and r.criterion.kind == "condition":
            texts = [c.text_zh for c in r.gap] or [r.criterion.name_zh]
            items.append((ChecklistKind.FIGURE, r.id, "；".join(texts)))
    return rs.id, items


def coaching_plan_create(
    *,
    actor: User | None,
    entry: PoolEntry,
    year: int,
    coach=None,
    outside_expert: str = "",
    next_deadline: dt.date | None = None,
    rule_set_id: str | None = None,
) -> CoachingPlan:
    with transaction.atomic():
        require_visible(actor, entry, action="change")
        if coach is None and not outside_expert.strip():
            raise ValidationError({"coach": _("Name a coach: an officer or an outside expert.")})
        rs_id, items = checklist_from_gaps(entry, year, rule_set_id)
        plan = CoachingPlan(
            entry=entry,
            coach=coach,
            outside_expert=outside_expert,
            rule_set=rs_id,
            year=year,
            next_deadline=next_deadline,
        )
        plan.full_clean()
        plan.save(force_insert=True)
        ChecklistItem.objects.bulk_create(
            [ChecklistItem(plan=plan, kind=k, criterion=c, text=t) for k, c, t in items]
        )
        record_change(
            actor=actor,
            action="create",
            obj=plan,
            after=snapshot(plan, PLAN_AUDIT),
        )
    return plan


def coaching_session_add(*, actor: User, plan: CoachingPlan, held_on: dt.date, notes: str) -> CoachingSession:
    """Record a coaching session; a person records it (the system actor has no scope to change plans)."""
    with transaction.atomic():
        require_visible(actor, plan, action="change")
        if not notes.strip():
            raise ValidationError({"notes": _("Write what was discussed.")})
        s = CoachingSession.objects.create(plan=plan, held_on=held_on, notes=notes, recorded_by=actor)
        record_change(
            actor=actor, action="create", obj=s, after={"plan": plan.pk, "held_on": held_on.isoformat()}
        )
    return s


PLAN_FIELDS = ("coach", "outside_expert", "next_deadline")


def coaching_plan_update(
    *, actor: User | None, plan: CoachingPlan, expected_version: int | None, **changes
) -> CoachingPlan:
    """Change the coach (officer or outside expert) or the next filing deadline (optimistic version check)."""
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be set: %s") % ", ".join(sorted(unknown)))
    with transaction.atomic():
        require_visible(actor, plan, action="change")
        coach = changes.get("coach", plan.coach)
        expert = changes.get("outside_expert", plan.outside_expert) or ""
        if coach is None and not expert.strip():
            raise ValidationError({"coach": _("Name a coach: an officer or an outside expert.")})
        return update_object(
            actor=actor,
            instance=plan,
            changes=changes,
            expected_version=expected_version,
            audit_fields=PLAN_FIELDS,
        )  # type: ignore[return-value]


def checklist_item_tick(*, actor: User | None, item: ChecklistItem, done: bool) -> ChecklistItem:
    """Tick off (or reopen) a checklist item; who and when are kept on the item and in the audit log."""
    with transaction.atomic():
        require_visible(actor, item.plan, action="change")
        current = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        if current.done == done:
            return current
        before = snapshot(current, ITEM_AUDIT)
        current.done = done
        current.done_by = actor if done and getattr(actor, "pk", None) else None
        current.done_at = timezone.now() if done else None
        current.save(update_fields=["done", "done_by", "done_at"])
        record_change(
            actor=actor,
            action="update",
            obj=current,
            before=before,
            after=snapshot(current, ITEM_AUDIT),
            object_repr=f"{current.plan_id}: {current.text[:60]}",
        )
    return current
