"""Issue #5 follow-up: yearly pool snapshots and year-over-year movement, checklist ticks, plan
edits, recognitions that write the registry's Title, local screening rules, `load-screening`,
and constant query counts of the pool, coaching and screening pages."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from chrysalis.audit.models import ChangeRecord
from chrysalis.core.exceptions import ConflictError, OutOfScope
from chrysalis.cultivation.models import ChecklistItem, CoachingPlan, PoolEntry, PoolSnapshot
from chrysalis.cultivation.selectors import with_year_ago, year_ago_snapshot_date, year_ago_window
from chrysalis.cultivation.services.coaching import checklist_item_tick, coaching_plan_update
from chrysalis.cultivation.services.pool import pool_add, pool_move, pool_snapshot
from chrysalis.cultivation.services.recognitions import recognition_add
from chrysalis.cultivation.tests import matrix  # noqa: F401  (world extensions)
from chrysalis.enterprises.models import Enterprise, Title
from chrysalis.screening.models import LocalRule, ScreeningResult
from chrysalis.screening.services.rules import local_rule_create, local_rule_set_active, local_rule_update

pytestmark = pytest.mark.django_db


# ---- snapshots and year-over-year ----
def test_snapshot_is_idempotent_audited_and_drives_year_over_year(world, client):
    admin = world.users["district_admin"]
    today = timezone.localdate()
    year_ago = year_ago_window(today)[1]
    assert year_ago_snapshot_date(today) is None
    assert pool_snapshot(actor=None, on=year_ago) == (2, 0)
    assert pool_snapshot(actor=None, on=year_ago) == (0, 2)
    assert (
        ChangeRecord.objects.filter(object_repr__startswith=f"pool snapshot {year_ago.isoformat()}").count()
        == 1
    )
    with pytest.raises(ValidationError):
        pool_snapshot(actor=None, on=today + dt.timedelta(days=1))
    # a year later: a1 moved forward, a2 is new
    a1 = pool_move(actor=admin, entry=world.extra["pool_ent_a1"], to_stage="intended", reason="有意向")
    pool_add(actor=admin, enterprise=world.extra["ent_a2"], tier_target="zjtx", reason="新入库")
    assert year_ago_snapshot_date(today) == year_ago
    rows = {e.enterprise_id: e for e in with_year_ago(PoolEntry.objects.all(), year_ago)}
    assert rows[a1.enterprise_id].stage_year_ago == "reserve" and rows[a1.enterprise_id].movement == 1
    assert (
        rows[world.extra["ent_a2"].pk].stage_year_ago == ""
        and rows[world.extra["ent_a2"].pk].movement is None
    )
    client.force_login(admin)
    page = client.get(reverse("cultivation:pool") + "?moved=up").content.decode()
    assert world.extra["ent_a1"].name in page and world.extra["ent_a2"].name not in page
    page = client.get(reverse("cultivation:pool") + "?moved=new").content.decode()
    assert world.extra["ent_a2"].name in page and world.extra["ent_a1"].name not in page
    # a user snapshots only what they may change
    assert pool_snapshot(actor=world.users["zone_b_officer"], on=today) == (1, 0)
    call_command("pool_snapshot", "--date", today.isoformat())
    assert PoolSnapshot.objects.filter(taken_on=today).count() == 3


def test_snapshot_command_rejects_a_bad_date():
    with pytest.raises(CommandError):
        call_command("pool_snapshot", "--date", "2026-13-01")


# ---- coaching ----
def test_tick_records_who_and_when_and_is_scoped(world):
    admin = world.users["district_admin"]
    item = world.extra["item_a1"]
    item = checklist_item_tick(actor=admin, item=item, done=True)
    assert item.done and item.done_by == admin and item.done_at is not None
    assert (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(item), object_id=str(item.pk), action="update"
        ).count()
        == 1
    )
    assert (
        checklist_item_tick(actor=admin, item=item, done=True).done_at == item.done_at
    )  # no change, no new audit row
    assert (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(item), object_id=str(item.pk), action="update"
        ).count()
        == 1
    )
    for persona in ("grid_a1_worker", "zone_b_officer"):
        with pytest.raises(OutOfScope):
            checklist_item_tick(actor=world.users[persona], item=item, done=False)
    item = checklist_item_tick(actor=admin, item=item, done=False)
    assert not item.done and item.done_by is None and item.done_at is None


def test_plan_update_needs_a_coach_and_checks_the_version(world):
    admin = world.users["district_admin"]
    plan = world.extra["plan_a1"]
    with pytest.raises(ValidationError):
        coaching_plan_update(
            actor=admin, plan=plan, expected_version=plan.version, coach=None, outside_expert=" "
        )
    plan = coaching_plan_update(
        actor=admin, plan=plan, expected_version=1, coach=admin, next_deadline=dt.date(2027, 3, 31)
    )
    assert plan.coach == admin and plan.version == 2
    with pytest.raises(ConflictError):
        coaching_plan_update(actor=admin, plan=plan, expected_version=1, outside_expert="李专家")
    with pytest.raises(OutOfScope):
        coaching_plan_update(
            actor=world.users["zone_b_officer"], plan=plan, expected_version=2, outside_expert="x"
        )
    assert CoachingPlan.objects.get(pk=plan.pk).outside_expert == "王专家"


def test_coaching_page_ticks_an_item(world, client):
    client.force_login(world.users["zone_a_officer"])
    plan, item = world.extra["plan_a1"], world.extra["item_a1"]
    resp = client.post(reverse("cultivation:checklist_tick", args=[item.pk]), {"done": "1"})
    assert resp.status_code == 302
    page = client.get(reverse("cultivation:coaching_detail", args=[plan.pk])).content.decode()
    assert "p_zone_a_officer" in page and "1 / 1" in page


# ---- recognitions ----
def test_recognition_writes_the_title_and_moves_an_applying_firm(world):
    admin = world.users["district_admin"]
    entry = world.extra["pool_ent_a1"]
    titles = Title.objects.filter(enterprise=world.extra["ent_a1"], kind="zjtx_sme").count()
    for to in ("intended", "key", "applying"):
        entry = pool_move(actor=admin, entry=entry, to_stage=to, reason="推进")
    r = recognition_add(
        actor=admin,
        enterprise=world.extra["ent_a1"],
        tier="zjtx",
        batch="2026年第一批",
        granted_on=dt.date(2026, 6, 1),
        valid_until=dt.date(2029, 5, 31),
        certificate_no="ZJTX-001",
    )
    title = Title.objects.get(
        enterprise=world.extra["ent_a1"], kind="zjtx_sme", granted_on=dt.date(2026, 6, 1)
    )
    assert title.valid_until == dt.date(2029, 5, 31) and title.certificate_no == "ZJTX-001"
    assert PoolEntry.objects.get(pk=entry.pk).stage == "recognised"
    assert r.review_due == dt.date(2029, 5, 31)
    with pytest.raises(ValidationError):  # recorded twice
        recognition_add(
            actor=admin,
            enterprise=world.extra["ent_a1"],
            tier="zjtx",
            granted_on=dt.date(2026, 6, 1),
            valid_until=dt.date(2029, 5, 31),
        )
    with pytest.raises(PermissionDenied):  # a viewer cannot record
        recognition_add(
            actor=world.users["grid_a1_worker"],
            enterprise=world.extra["ent_a1"],
            tier="zjtx",
            granted_on=dt.date(2026, 7, 1),
            valid_until=dt.date(2029, 6, 30),
        )
    assert Title.objects.filter(enterprise=world.extra["ent_a1"], kind="zjtx_sme").count() == titles + 1


# ---- local screening rules ----
def test_local_rule_is_validated_with_the_position_scoped_and_audited(world):
    admin = world.users["district_admin"]
    zone = world.extra["ent_a1"].org_unit
    with pytest.raises(ValidationError) as e:
        local_rule_create(
            actor=admin, org_unit=zone, name="坏规则", condition="研发占比 >= 3% 且 营收 >= 2000"
        )
    msg = " ".join(e.value.message_dict["condition"])
    assert "营收" in msg and "14" in msg  # the parser's message and the (1-based) position
    assert not LocalRule.objects.filter(name="坏规则").exists()
    rule = local_rule_create(actor=admin, org_unit=zone, name="税收增长", condition="税收增速 >= 10%")
    assert ChangeRecord.objects.filter(object_id=str(rule.pk), action="create").exists()
    with pytest.raises(ValidationError):
        local_rule_create(actor=admin, org_unit=zone, name="税收增长", condition="税收增速 >= 5%")
    with pytest.raises(ValidationError):
        local_rule_update(actor=admin, rule=rule, expected_version=rule.version, condition="税收增速 >=")
    rule = local_rule_update(
        actor=admin, rule=rule, expected_version=rule.version, condition="税收增速 >= 15%"
    )
    assert rule.condition == "税收增速 >= 15%" and rule.version == 2
    with pytest.raises(ConflictError):
        local_rule_update(actor=admin, rule=rule, expected_version=1, name="x")
    rule = local_rule_set_active(actor=admin, rule=rule, active=False)
    assert not rule.active
    with pytest.raises(PermissionDenied):
        local_rule_create(
            actor=world.users["zone_a_officer"], org_unit=zone, name="x", condition="研发占比 >= 3%"
        )
    with pytest.raises(OutOfScope):
        local_rule_set_active(actor=world.users["zone_b_officer"], rule=rule, active=True)


def test_rule_form_shows_the_error_and_saves_nothing(world, client):
    client.force_login(world.users["district_admin"])
    resp = client.post(
        reverse("screening:rule_add"),
        {"org_unit": world.extra["ent_a1"].org_unit_id, "name": "坏", "condition": "研发占比 >= 且"},
    )
    assert resp.status_code == 200 and "invalid-feedback" in resp.content.decode()
    assert not LocalRule.objects.filter(name="坏").exists()


# ---- load-screening ----
def _write(tmp_path, rows, name="out"):
    out = tmp_path / name
    out.mkdir()
    with (out / "assessments.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            ["uscc", "rule_set", "verdict", "score_min", "score_max", "gap_conditions", "gap_points", "lacks"]
        )
        w.writerows(rows)
    return out


def test_load_screening_all_or_nothing_scoped_idempotent(world, tmp_path):
    a2, b1 = world.extra["ent_a2"], world.extra["ent_b1"]
    bad = _write(
        tmp_path,
        [
            [a2.uscc, "zjtx-2026", "eligible", 80, 90, 0, 0, ""],
            [b1.uscc, "zjtx-2026", "maybe", "", "", "x", "", ""],
        ],
    )
    with pytest.raises(CommandError) as e:
        call_command("load_screening", str(bad), "--year", "2026", "--user", "p_zone_a_officer")
    assert "row 3" in str(e.value) and "maybe" in str(e.value)
    assert not PoolEntry.objects.filter(enterprise=a2).exists()

    good = _write(
        tmp_path,
        [
            [a2.uscc, "zjtx-2026", "not_eligible", "", "", 1, 5, "SP26-C3"],
            [a2.uscc, "innovative-sme-2022", "eligible", 70, 70, 0, 0, ""],
            [b1.uscc, "zjtx-2026", "eligible", 80, 90, 0, 0, ""],
        ],
        name="good",
    )
    call_command(
        "load_screening", str(good), "--year", "2026", "--user", "p_zone_a_officer", "--stage", "intended"
    )
    entry = PoolEntry.objects.get(enterprise=a2)
    assert (entry.tier_target, entry.stage, entry.source) == (
        "innovative_sme",
        "intended",
        "screening",
    )  # eligible beats closest
    assert (
        PoolEntry.objects.get(enterprise=b1).source == "manual"
    )  # zone B: outside the officer's scope, untouched
    assert entry.history.count() == 2
    call_command("load_screening", str(good), "--year", "2026", "--user", "p_zone_a_officer")
    assert PoolEntry.objects.filter(enterprise=a2).count() == 1 and entry.history.count() == 2


# ---- query counts ----
def _more_pool(world, n):
    admin = world.users["district_admin"]
    from chrysalis.cultivation.services.coaching import coaching_plan_create
    from chrysalis.enterprises.tests.world import make_enterprise

    for i in range(n):
        e = make_enterprise(f"杭州测试{i}号科技有限公司", world.grid_a2, f"MA2A{i + 10:04d}")
        entry = pool_add(actor=admin, enterprise=e, tier_target="zjtx", reason="测试", year=2026)
        pool_move(actor=admin, entry=entry, to_stage="intended", reason="意向")
        coaching_plan_create(
            actor=admin, entry=world.extra["pool_ent_a1"], year=2026, outside_expert=f"专家{i}"
        )
    pool_snapshot(actor=None, on=year_ago_window(timezone.localdate())[1])


@pytest.mark.parametrize("page", ["pool", "pool_detail", "coaching_detail", "run_detail"])
def test_query_count_does_not_grow_with_rows(world, client, django_assert_max_num_queries, page):
    admin = world.users["district_admin"]
    client.force_login(admin)
    run = world.extra["run"]

    def url():
        if page == "pool":
            return reverse("cultivation:pool")
        if page == "pool_detail":
            return reverse("cultivation:pool_detail", args=[world.extra["pool_ent_a1"].pk])
        if page == "coaching_detail":
            return reverse(
                "cultivation:coaching_detail", args=[CoachingPlan.objects.order_by("-pk").first().pk]
            )
        return reverse("screening:run_detail", args=[run.pk])

    def results(k):
        ScreeningResult.objects.bulk_create(
            [
                ScreeningResult(
                    run=run,
                    enterprise=e,
                    rule_set="zjtx-2026",
                    tier="zjtx",
                    verdict="eligible" if i % 2 else "not_eligible",
                    gap_conditions=i % 3,
                )
                for i, e in enumerate(Enterprise.objects.all()[:k])
            ],
            ignore_conflicts=True,
        )

    def items(k):
        plan = CoachingPlan.objects.order_by("-pk").first()
        ChecklistItem.objects.bulk_create(
            [ChecklistItem(plan=plan, kind="figure", text=f"指标{i}") for i in range(k)]
        )

    _more_pool(world, 2)
    results(3)
    items(2)
    client.get(url())  # warm caches (sessions, content types)
    with django_assert_max_num_queries(60) as small:
        assert client.get(url()).status_code == 200
    _more_pool_extra = 8
    admin_ = admin
    from chrysalis.enterprises.tests.world import make_enterprise

    for i in range(_more_pool_extra):
        e = make_enterprise(f"杭州扩展{i}号智能有限公司", world.grid_a1, f"MA2A{i + 40:04d}")
        entry = pool_add(actor=admin_, enterprise=e, tier_target="zjtx", reason="测试", year=2026)
        pool_move(actor=admin_, entry=entry, to_stage="intended", reason="意向")
        pool_move(
            actor=admin_,
            entry=world.extra["pool_ent_a1"],
            to_stage="intended" if i % 2 == 0 else "reserve",
            reason="往返",
        )
    results(20)
    items(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url()).status_code == 200


def test_screening_export_goes_through_the_formula_safe_writer(world, client):
    import io

    import openpyxl

    run, ent = world.extra["run"], world.extra["ent_a1"]
    Enterprise.objects.filter(pk=ent.pk).update(name="=1+1 有限公司")
    ScreeningResult.objects.create(
        run=run, enterprise=ent, rule_set="zjtx-2026", tier="zjtx", verdict="eligible", lacks="@SUM(A1)"
    )
    client.force_login(world.users["district_admin"])
    r = client.get(reverse("screening:run_detail", args=[run.pk]) + "?export=xlsx")
    assert r["Content-Disposition"] == f'attachment; filename="screening-{run.pk}.xlsx"'
    rows = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[1][4] == "'=1+1 有限公司" and rows[1][12] == "'@SUM(A1)"  # enterprise, lacks (in words)
