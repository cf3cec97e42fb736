"""The state-machine driver (core.workflow): guard messages, stale versions, the compare-and-swap,
and history + audit written in the same transaction as the move (or not at all)."""

from __future__ import annotations

import pytest
from django.db.models import F

from chrysalis.audit.choices import AuditAction
from chrysalis.audit.models import ChangeRecord
from chrysalis.core.exceptions import ConflictError, OutOfScope, TransitionError
from chrysalis.core.workflow import SYSTEM, Machine, Move, Step, move
from chrysalis.cultivation.models import PoolEntry, PoolStage, PoolStageChange
from chrysalis.cultivation.tests import matrix  # noqa: F401  (registers the world extensions: pool entries)

pytestmark = pytest.mark.django_db

S = PoolStage
TABLE: dict[str, dict[str, Move]] = {
    S.RESERVE: {"promote": move(S.INTENDED, {"officer"}), "drop": move(S.RESERVE, {"admin"}, reason=True)},
    S.INTENDED: {"back": move(S.RESERVE, {"officer", "admin"}, reason={"officer"})},
}


def _promote(step: Step) -> None:
    step.changes["lacks"] = "promoted"
    step.data["note"] = "kept in the history row"


MACHINE = Machine(
    table=TABLE,
    state_label=lambda s: PoolStage(s).label,
    event_label=str,
    effects={"promote": _promote},
    state_field="stage",
)


def _run(entry, event, caps=frozenset({"officer"}), **kw):
    return MACHINE.run(
        queryset=PoolEntry.objects.all(),
        pk=entry.pk,
        event=event,
        actor=None,
        capacities=lambda _obj: caps,
        history=lambda step: PoolStageChange.objects.create(
            entry=step.obj,
            from_stage=step.from_state,
            to_stage=step.move.to,
            reason=step.reason or str(step.data),
        ),
        audit_fields=["enterprise", "stage", "lacks"],
        **kw,
    )


def _counts(entry):
    return (
        PoolStageChange.objects.filter(entry=entry).count(),
        ChangeRecord.objects.filter(
            object_id=str(entry.pk), content_type__model="poolentry", action=AuditAction.TRANSITION
        ).count(),
    )


def test_allowed_move_writes_state_effect_history_and_audit(world):
    entry = world.extra["pool_ent_a1"]
    before = _counts(entry)
    moved = _run(entry, "promote", expected_version=entry.version)
    assert (moved.stage, moved.lacks, moved.version) == (S.INTENDED, "promoted", entry.version + 1)
    assert _counts(entry) == (before[0] + 1, before[1] + 1)
    row = ChangeRecord.objects.filter(
        object_id=str(entry.pk), content_type__model="poolentry", action=AuditAction.TRANSITION
    ).first()
    assert row.after["event"] == "promote" and row.after["stage"] == S.INTENDED
    assert row.after["enterprise"] == entry.enterprise_id  # the audited fields are recorded
    assert "kept in the history row" in PoolStageChange.objects.filter(entry=entry).last().reason


def test_forbidden_move_names_the_allowed_moves_and_changes_nothing(world):
    entry = world.extra["pool_ent_a1"]
    before = _counts(entry)
    with pytest.raises(TransitionError) as exc:
        _run(entry, "back")
    assert exc.value.code == "not_allowed"
    assert "promote" in exc.value.messages[0] and "drop" in exc.value.messages[0]
    with pytest.raises(TransitionError) as exc:
        _run(entry, "drop", reason="why")  # an officer may not drop
    assert exc.value.code == "not_permitted" and "promote" in exc.value.messages[0]
    with pytest.raises(TransitionError) as exc:
        _run(entry, "teleport")
    assert exc.value.code == "unknown_event"
    with pytest.raises(TransitionError) as exc:
        _run(entry, "drop", caps=frozenset({"admin"}))  # a reason is required
    assert "reason" in exc.value.message_dict
    entry.refresh_from_db()
    assert entry.stage == S.RESERVE and _counts(entry) == before


def test_the_system_passes_every_guard_but_not_the_table(world):
    entry = world.extra["pool_ent_a1"]
    assert _run(entry, "drop", caps=frozenset({SYSTEM}), reason="job").stage == S.RESERVE
    with pytest.raises(TransitionError):
        _run(entry, "back", caps=frozenset({SYSTEM}))


def test_stale_version_is_a_conflict(world):
    entry = world.extra["pool_ent_a1"]
    with pytest.raises(ConflictError):
        _run(entry, "promote", expected_version=entry.version - 1)
    entry.refresh_from_db()
    assert entry.stage == S.RESERVE


def test_lost_compare_and_swap_is_a_conflict_and_rolls_back_everything(world):
    """Someone moved the row between the read and the write (simulated inside the effect): the
    swap finds no row, raises, and the effect's own writes are rolled back with it."""
    entry = world.extra["pool_ent_a1"]
    before = _counts(entry)

    def sneaky(step: Step) -> None:
        PoolEntry.objects.filter(pk=step.obj.pk).update(version=F("version") + 1, gap_size=7)

    machine = Machine(
        table=TABLE, state_label=str, event_label=str, effects={"promote": sneaky}, state_field="stage"
    )
    with pytest.raises(ConflictError) as exc:
        machine.run(
            queryset=PoolEntry.objects.all(),
            pk=entry.pk,
            event="promote",
            actor=None,
            capacities=lambda _obj: frozenset({"officer"}),
            history=lambda step: None,
            audit_fields=["stage"],
        )
    assert exc.value.code == "race"
    fresh = PoolEntry.objects.get(pk=entry.pk)
    assert (fresh.stage, fresh.version, fresh.gap_size) == (S.RESERVE, entry.version, entry.gap_size)
    assert _counts(entry) == before


def test_history_failure_rolls_back_the_move_and_the_audit_row(world):
    entry = world.extra["pool_ent_a1"]
    before = _counts(entry)

    def broken_history(step: Step) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        MACHINE.run(
            queryset=PoolEntry.objects.all(),
            pk=entry.pk,
            event="promote",
            actor=None,
            capacities=lambda _obj: frozenset({"officer"}),
            history=broken_history,
            audit_fields=["stage"],
        )
    fresh = PoolEntry.objects.get(pk=entry.pk)
    assert fresh.stage == S.RESERVE and fresh.version == entry.version and _counts(entry) == before


def test_a_row_outside_the_queryset_is_out_of_scope(world):
    entry = world.extra["pool_ent_a1"]
    with pytest.raises(OutOfScope):
        MACHINE.run(
            queryset=PoolEntry.objects.none(),
            pk=entry.pk,
            event="promote",
            actor=None,
            capacities=lambda _obj: frozenset({"officer"}),
            history=lambda step: None,
            audit_fields=["stage"],
        )
