"""Demo data of the cultivation pool: a screening run of the whole district (the real DuckDB
pipeline), firms from it at every pool stage (moved through the workflow, with reasons), a few
coaching plans built from the gap analysis with sessions, and recognitions with upcoming
re-reviews. Idempotent: with pool entries present it adds nothing.

It lives in screening, the app that feeds the pool (screening depends on cultivation, never the
reverse); listed in settings.CHRYSALIS_DEMO_BUILDERS after the enterprise registry's builder."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from chrysalis.accounts.models import User
from chrysalis.cultivation.models import PoolEntry, PoolSnapshot
from chrysalis.cultivation.selectors import year_ago_window
from chrysalis.cultivation.services.coaching import coaching_plan_create, coaching_session_add
from chrysalis.cultivation.services.pool import pool_add, pool_move
from chrysalis.cultivation.services.recognitions import recognition_add
from chrysalis.enterprises.models import Enterprise
from chrysalis.jobs.runner import run as run_job
from chrysalis.screening.models import LocalRule, ScreeningResult
from chrysalis.screening.services.runs import start_run

PATH = {  # stage → moves from 储备, with the reason of each
    "reserve": [],
    "intended": [("intended", "企业有申报意向，已走访确认")],
    "key": [("intended", "企业有申报意向"), ("key", "研发投入达标，列入重点培育")],
    "applying": [("intended", "企业有申报意向"), ("key", "列入重点培育"), ("applying", "已提交省级申报材料")],
    "recognised": [
        ("intended", "有意向"),
        ("key", "重点培育"),
        ("applying", "已申报"),
        ("recognised", "获省级认定"),
    ],
    "review": [
        ("intended", "有意向"),
        ("key", "重点培育"),
        ("applying", "已申报"),
        ("recognised", "获认定"),
        ("review", "进入三年期复核"),
    ],
}


def build(stdout) -> dict:
    if PoolEntry.objects.exists():
        return {"pool entries": 0, "pool snapshots": _year_ago_snapshot()}
    admin = User.objects.filter(username="admin").first()
    if admin is None or not Enterprise.objects.exists():
        stdout.write("  cultivation: no admin or no enterprises — skipped")
        return {}
    unit = admin.home_unit
    rule, _ = LocalRule.objects.get_or_create(
        org_unit=unit,
        name="余杭经开区意向企业",
        defaults={"condition": "研发占比 >= 3% 且 营业收入 >= 2000 且 税收增速 >= 10%"},
    )
    year = timezone.localdate().year
    with transaction.atomic():
        run = start_run(actor=admin, org_unit=unit, year=year, rules=[rule], queue=False)
    # Run the job here, as the worker would: the demo shows the results at once and leaves
    # nothing on the task queue.
    run_job(run.job_id)
    run.refresh_from_db()
    picked = list(
        ScreeningResult.objects.filter(run=run, tier="zjtx")
        .order_by("gap_conditions", "gap_points")
        .select_related("enterprise")[:60]
    )
    stages = list(PATH)
    added = plans = recs = 0
    today = timezone.localdate()
    for i, res in enumerate(picked):
        stage = stages[i % len(stages)]
        entry = pool_add(
            actor=admin,
            enterprise=res.enterprise,
            tier_target="zjtx",
            year=year,
            source="screening",
            reason=f"筛选批次 {run.pk}：差距最小的专精特新候选",
            gap_size=min(res.gap_size, 32000),
            lacks=res.lacks,
        )
        for to, why in PATH[stage]:
            entry = pool_move(actor=admin, entry=entry, to_stage=to, reason=why)
        added += 1
        if stage in ("recognised", "review"):
            granted = dt.date(year - 3 if stage == "review" else year - 1, 12, 1)
            recognition_add(
                actor=admin,
                enterprise=res.enterprise,
                tier="zjtx",
                batch=str(granted.year),
                granted_on=granted,
                valid_until=dt.date(granted.year + 3, 11, 30),
                review_due=dt.date(granted.year + 3, 11, 30),
                move_pool=False,
            )
            recs += 1
        if stage in ("key", "applying") and plans < 4:
            plan = coaching_plan_create(
                actor=admin,
                entry=entry,
                year=year,
                coach=admin if plans % 2 == 0 else None,
                outside_expert="" if plans % 2 == 0 else "浙江工业大学 王教授",
                next_deadline=today + dt.timedelta(days=45 + 10 * plans),
            )
            coaching_session_add(
                actor=admin,
                plan=plan,
                held_on=today - dt.timedelta(days=14),
                notes="一对一辅导：梳理研发费用归集口径，确认需补充的近两年审计数据。",
            )
            plans += 1
    snaps = _year_ago_snapshot()
    stdout.write(
        f"  cultivation: screening run #{run.pk} ({run.message}); {added} pool entries, {plans} coaching "
        "plans, "
        f"{recs} recognitions, {snaps} rows of the pool snapshot of a year ago"
    )
    return {"pool entries": added, "coaching plans": plans, "recognitions": recs, "pool snapshots": snaps}


def _year_ago_snapshot() -> int:
    """The pool as it stood a year ago (demo history, written directly: the real snapshot service
    records today's stages). Of every four entries: one a stage behind, one at the same stage,
    one not yet in the pool, one two stages behind. Idempotent."""
    day = year_ago_window(timezone.localdate())[1]
    if PoolSnapshot.objects.filter(taken_on=day).exists():
        return 0
    stages = list(PATH)
    rows = []
    for i, (pk, stage, tier) in enumerate(
        PoolEntry.objects.order_by("pk").values_list("pk", "stage", "tier_target")
    ):
        back = (1, 0, None, 2)[i % 4]
        if back is None:
            continue
        rows.append(
            PoolSnapshot(
                entry_id=pk, taken_on=day, stage=stages[max(stages.index(stage) - back, 0)], tier_target=tier
            )
        )
    PoolSnapshot.objects.bulk_create(rows)
    return len(rows)
