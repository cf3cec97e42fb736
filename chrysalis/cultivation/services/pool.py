"""Pool services: add (one or in bulk, e.g. from a screening run), move a stage (audited, locked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.audit.services import record_change, snapshot
from chrysalis.cultivation.models.pool import (
    PoolEntry,
    PoolSnapshot,
    PoolSource,
    PoolStage,
    PoolStageChange,
    TierTarget,
    pool_writers_q,
)
from chrysalis.cultivation.workflows import transition
from chrysalis.enterprises.models import Enterprise

AUDIT = ["enterprise_id", "stage", "tier_target", "source", "year", "gap_size", "lacks"]


def can_write(actor, enterprise: Enterprise) -> bool:
    """The actor may put this firm into the pool (district admins and service officers in reach)."""
    from chrysalis.accounts.scopes import get_scope

    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    q = pool_writers_q(get_scope(actor))
    return q is not None and Enterprise.objects.filter(q, pk=enterprise.pk).exists()


def pool_add(
    *,
    actor,
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
        if not Enterprise.objects.restrict(actor, "view").filter(pk=enterprise.pk).exists():
            raise Http404
        if not can_write(actor, enterprise):
            raise PermissionDenied(_("This is outside your scope."))
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
        entry.save(force_insert=True)
        PoolStageChange.objects.create(
            entry=entry, from_stage="", to_stage=entry.stage, actor=actor, reason=reason
        )
        record_change(actor=actor, action="create", obj=entry, after=snapshot(entry, AUDIT), reason=reason)
    return entry


def pool_bulk_add(
    *,
    actor,
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
    *, actor, entry: PoolEntry, to_stage: str, reason: str, expected_version: int | None = None
) -> PoolEntry:
    """Move a pool entry to another stage along the workflow (TransitionError names the allowed moves)."""
    from chrysalis.core.exceptions import ConflictError

    with transaction.atomic():
        current = PoolEntry.objects.restrict(actor, "change").select_for_update().filter(pk=entry.pk).first()
        if current is None:
            raise Http404
        if not reason.strip():
            raise ValidationError({"reason": _("Say why.")})
        if expected_version is not None and current.version != expected_version:
            raise ConflictError()
        before = snapshot(current, AUDIT)
        transition(current.stage, to_stage)
        from_stage = current.stage
        current.stage = to_stage
        current.version += 1
        current.save(update_fields=["stage", "version", "updated_at"])
        PoolStageChange.objects.create(
            entry=current, from_stage=from_stage, to_stage=to_stage, actor=actor, reason=reason
        )
        record_change(
            actor=actor,
            action="update",
            obj=current,
            before=before,
            after=snapshot(current, AUDIT),
            reason=reason,
        )
    return current


def pool_snapshot(*, actor, on: dt.date | None = None) -> tuple[int, int]:
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
                action="create",
                obj=None,
                object_repr=f"pool snapshot {day.isoformat()}: {len(rows)} entries",
                after={"taken_on": day.isoformat(), "entries": len(rows), "stages": counts},
            )
    return len(rows), len(taken)


__all__ = ["PoolStage", "pool_add", "pool_bulk_add", "pool_move", "pool_snapshot"]
