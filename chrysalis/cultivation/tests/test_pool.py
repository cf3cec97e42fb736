"""Pool workflow and services: allowed moves only, history and audit on every move, scope,
bulk add from screening; coaching plans from the gap analysis; recognitions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chrysalis.audit.models import ChangeRecord
from chrysalis.core.exceptions import ConflictError, OutOfScope, TransitionError
from chrysalis.cultivation.models import PoolEntry, PoolStageChange, Recognition
from chrysalis.cultivation.services.coaching import coaching_plan_create, coaching_session_add
from chrysalis.cultivation.services.pool import pool_add, pool_bulk_add, pool_move
from chrysalis.cultivation.services.recognitions import recognition_add
from chrysalis.cultivation.tests import matrix  # noqa: F401  (registers the world extensions: firms, pool entries)
from chrysalis.cultivation.workflows import MACHINE, TRANSITIONS

pytestmark = pytest.mark.django_db


def test_every_stage_has_moves_and_illegal_moves_name_the_allowed_ones():
    assert set(TRANSITIONS) == {"reserve", "intended", "key", "applying", "recognised", "review"}
    assert MACHINE.check("reserve", "intended", frozenset(), "why").to == "intended"
    with pytest.raises(TransitionError) as e:
        MACHINE.check("reserve", "recognised", frozenset(), "why")
    assert "意向" in str(e.value) or "intended" in str(e.value)


def test_add_move_history_and_audit(world):
    admin = world.users["district_admin"]
    ent = world.extra["ent_a2"]
    entry = pool_add(actor=admin, enterprise=ent, tier_target="zjtx", reason="筛选入库", year=2026)
    assert entry.stage == "reserve"
    entry = pool_move(actor=admin, entry=entry, to_stage="intended", reason="企业有意向")
    assert entry.stage == "intended" and entry.version == 2
    hist = list(
        PoolStageChange.objects.filter(entry=entry)
        .order_by("pk")
        .values_list("from_stage", "to_stage", "reason")
    )
    assert hist == [("", "reserve", "筛选入库"), ("reserve", "intended", "企业有意向")]
    assert ChangeRecord.objects.filter(object_id=str(entry.pk), action="transition").exists()
    with pytest.raises(TransitionError):
        pool_move(actor=admin, entry=entry, to_stage="recognised", reason="跳级")
    entry.refresh_from_db()
    assert entry.stage == "intended" and PoolStageChange.objects.filter(entry=entry).count() == 2
    with pytest.raises(ConflictError):
        pool_move(actor=admin, entry=entry, to_stage="key", reason="x", expected_version=1)
    with pytest.raises(ValidationError):
        pool_move(actor=admin, entry=entry, to_stage="key", reason=" ")
    with pytest.raises(ValidationError):
        pool_add(actor=admin, enterprise=ent, tier_target="zjtx", reason="again")


def test_scope_out_of_reach_is_404_and_viewers_cannot_write(world):
    with pytest.raises(OutOfScope):
        pool_add(
            actor=world.users["zone_b_officer"],
            enterprise=world.extra["ent_a1"],
            tier_target="zjtx",
            reason="x",
        )
    with pytest.raises(PermissionDenied):
        pool_add(
            actor=world.users["grid_a1_worker"],
            enterprise=world.extra["ent_a1"],
            tier_target="zjtx",
            reason="x",
        )
    with pytest.raises(OutOfScope):
        pool_add(
            actor=world.users["zone_b_officer"],
            enterprise=world.extra["ent_a2"],
            tier_target="zjtx",
            reason="x",
        )
    assert not PoolEntry.objects.filter(enterprise=world.extra["ent_a2"]).exists()


def test_bulk_add_skips_firms_already_in_the_pool(world):
    admin = world.users["district_admin"]
    added, skipped = pool_bulk_add(
        actor=admin,
        tier_target="innovative_sme",
        reason="run 1",
        year=2026,
        items=[(world.extra["ent_a1"], 100, "SP26-C3"), (world.extra["ent_a2"], 5, "score")],
    )
    assert (added, skipped) == (1, 1)
    assert PoolEntry.objects.get(enterprise=world.extra["ent_a2"]).source == "screening"


def test_coaching_plan_checklist_from_gap_analysis(world):
    admin = world.users["district_admin"]
    entry = world.extra["pool_ent_a1"]
    with pytest.raises(ValidationError):
        coaching_plan_create(actor=admin, entry=entry, year=2026)
    plan = coaching_plan_create(
        actor=admin, entry=entry, year=2026, outside_expert="王专家", next_deadline=dt.date(2026, 9, 30)
    )
    kinds = set(plan.items.values_list("kind", flat=True))
    assert plan.rule_set == "zjtx-2026" and kinds and kinds <= {"data", "judgement", "figure"}
    s = coaching_session_add(actor=admin, plan=plan, held_on=dt.date(2026, 7, 1), notes="讨论研发费用归集")
    assert s.plan == plan
    with pytest.raises(OutOfScope):
        coaching_session_add(
            actor=world.users["zone_b_officer"], plan=plan, held_on=dt.date(2026, 7, 1), notes="x"
        )


def test_recognition_and_deadlines(world):
    admin = world.users["district_admin"]
    r = recognition_add(
        actor=admin,
        enterprise=world.extra["ent_a1"],
        tier="zjtx",
        batch="2023",
        granted_on=dt.date(2023, 12, 2),
        valid_until=dt.date(2026, 11, 30),
    )
    assert r.review_due == dt.date(2026, 11, 30) and r.lapses_in(2026)
    assert Recognition.info_update_deadline(dt.date(2026, 5, 31)) == dt.date(2026, 5, 31)
    assert Recognition.info_update_deadline(dt.date(2026, 6, 1)) == dt.date(2027, 5, 31)
    with pytest.raises(ValidationError):
        recognition_add(
            actor=admin,
            enterprise=world.extra["ent_a1"],
            tier="zjtx",
            granted_on=dt.date(2026, 1, 1),
            valid_until=dt.date(2025, 1, 1),
        )


def test_pool_audit_rows_record_the_enterprise(world):
    """The pool used to audit "enterprise_id", which snapshot() dropped: no row named the firm."""
    from chrysalis.audit.choices import AuditAction

    admin = world.users["district_admin"]
    ent = world.extra["ent_a2"]
    entry = pool_add(actor=admin, enterprise=ent, tier_target="zjtx", reason="筛选入库", year=2026)
    entry = pool_move(actor=admin, entry=entry, to_stage="intended", reason="企业有意向")
    rows = ChangeRecord.objects.filter(object_id=str(entry.pk), content_type__model="poolentry").order_by(
        "pk"
    )
    assert [r.action for r in rows] == [AuditAction.CREATE, AuditAction.TRANSITION]
    assert all(r.after["enterprise"] == ent.pk for r in rows)
    assert rows[1].before["stage"] == "reserve" and rows[1].after == {**rows[1].after, "event": "intended"}
