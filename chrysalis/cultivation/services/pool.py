"""Pool services: add (one or in bulk, e.g. from a screening run), move a stage (audited, locked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.choices import AuditAction
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.permissions import may, require, require_visible
from chrysalis.core.services import insert_or_conflict
from chrysalis.core.workflow import SYSTEM
from chrysalis.cultivation.models.pool import (
    PoolEntry,
    PoolSnapshot,
    PoolSource,
    PoolStage,
    PoolStageChange,
    TierTarget,
    pool_writers_q,
)
from chrysalis.cultivation.workflows import MACHINE
from chrysalis.enterprises.models import Enterprise

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

AUDIT = ["enterprise", "stage", "tier_target", "source", "year", "gap_size", "lacks"]


def pool_writers(actor):
    """The firms `actor` may put into the pool or move there (district administrators and service
    officers in reach): the `within=` rule for `core.permissions`."""

    q = pool_writers_q(get_scope(actor))
    return Enterprise.objects.filter(q) if q is not None else Enterprise.objects.none()


def may_read_pool(user) -> bool:
    """The pool is staff-only (district administrators, service officers, grid workers): the page
    rule of the pool list (`core.access`), so the menu hides it from everybody else."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and PoolEntry.scope_q(get_scope(user), "view") is not None
    )


def may_add_to_pool(actor, enterprise: Enterprise) -> bool:
    """`core.permissions.may` for pool writes on this firm (the system actor may)."""
    return may(actor, "add", enterprise, within=None if actor is None else pool_writers(actor))


def require_pool_writer(actor, enterprise: Enterprise) -> None:
    require(actor, "add", enterprise, within=None if actor is None else pool_writers(actor))


def pool_add(
    *,
    actor: User | None,
    enterprise: Enterprise,
    tier_target: str,
    reason: str,
    year: int | None = None,
    source: str = PoolSource.MANUAL,
    gap_size: int | None = None,
    lacks: str = "",
) -> PoolEntry:
    """Put a firm into the pool at stage 储备 (reserve)."""
    if tier_target not in TierTarget.values:
        raise ValidationError({"tier_target": _("Unknown tier target.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    with transaction.atomic():
        require_visible(actor, enterprise)
        require_pool_writer(actor, enterprise)
        if PoolEntry.objects.filter(enterprise=enterprise).exists():
            raise ValidationError(_("This firm is already in the pool."))
        entry = PoolEntry(
            enterprise=enterprise,
            tier_target=tier_target,
            source=source,
            year=year or timezone.localdate().year,
            gap_size=gap_size,
            lacks=lacks[:400],
        )
        entry.full_clean()
        insert_or_conflict(entry, _("This firm was put into the pool by someone else at the same moment."))
        PoolStageChange.objects.create(
            entry=entry, from_stage="", to_stage=entry.stage, actor=actor, reason=reason
        )
        record_change(
            actor=actor, action=AuditAction.CREATE, obj=entry, after=snapshot(entry, AUDIT), reason=reason
        )
    return entry


def pool_bulk_add(
    *,
    actor: User | None,
    items: Iterable[tuple[Enterprise, int | None, str]],
    tier_target: str,
    reason: str,
    year: int | None = None,
) -> tuple[int, int]:
    """Add many firms (enterprise, gap size, lacks); firms already in the pool are skipped.
    Returns (added, skipped). All-or-nothing."""
    added = skipped = 0
    with transaction.atomic():
        for ent, gap, lacks in items:
            if PoolEntry.objects.filter(enterprise=ent).exists():
                skipped += 1
                continue
            pool_add(
                actor=actor,
                enterprise=ent,
                tier_target=tier_target,
                reason=reason,
                year=year,
                source=PoolSource.SCREENING,
                gap_size=gap,
                lacks=lacks,
            )
            added += 1
    return added, skipped


def pool_move(
    *, actor: User | None, entry: PoolEntry, to_stage: str, reason: str, expected_version: int | None = None
) -> PoolEntry:
    """Move a pool entry to another stage along the workflow (TransitionError names the allowed moves)."""
    return MACHINE.run(
        queryset=PoolEntry.objects.all() if actor is None else PoolEntry.objects.restrict(actor, "change"),
        pk=entry.pk,
        event=to_stage,
        actor=actor,
        capacities=lambda _entry: frozenset({SYSTEM} if actor is None else ()),
        reason=reason,
        expected_version=expected_version,
        history=lambda step: PoolStageChange.objects.create(
            entry=step.obj,
            from_stage=step.from_state,
            to_stage=step.move.to,
            actor=actor,
            reason=step.reason,
        ),
        audit_fields=AUDIT,
    )


def pool_snapshot(*, actor: User | None, on: dt.date | None = None) -> tuple[int, int]:
    """Record every pool entry's stage on ``on`` (default today): the yearly snapshot the pool page
    compares with a year later. Idempotent: entries already recorded that day are left alone.
    ``actor`` None = the system (every entry); a user snapshots the entries they may change.
    Returns (recorded, already there)."""
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"on": _("A snapshot cannot be dated in the future.")})
    with transaction.atomic():
        entries = PoolEntry.objects.all() if actor is None else PoolEntry.objects.restrict(actor, "change")
        taken = set(PoolSnapshot.objects.filter(taken_on=day).values_list("entry_id", flat=True))
        rows = [
            PoolSnapshot(entry_id=pk, taken_on=day, stage=stage, tier_target=tier)
            for pk, stage, tier in entries.order_by("pk").values_list("pk", "stage", "tier_target")
            if pk not in taken
        ]
        PoolSnapshot.objects.bulk_create(rows, batch_size=1000)
        if rows:
            counts: dict[str, int] = {}
            for r in rows:
                counts[r.stage] = counts.get(r.stage, 0) + 1
            record_change(
                actor=actor,
                action=AuditAction.CREATE,
                obj=None,
                object_repr=f"pool snapshot {day.isoformat()}: {len(rows)} entries",
                after={"taken_on": day.isoformat(), "entries": len(rows), "stages": counts},
            )
    return len(rows), len(taken)


__all__ = ["PoolStage", "pool_add", "pool_bulk_add", "pool_move", "pool_snapshot"]
