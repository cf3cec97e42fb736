"""Adds pool, coaching, recognition and screening objects to the persona world (listed in
settings.CHRYSALIS_TEST_WORLD_EXTENSIONS, after the registry's enterprises). In screening, which
sits above cultivation, because it builds objects of both."""

import datetime as dt

from chrysalis.cultivation.models import ChecklistItem, CoachingPlan, PoolEntry, Recognition
from chrysalis.screening.models import LocalRule, ScreeningRun


def add_pool(world) -> None:
    admin = world.users["district_admin"]
    for key in ("ent_a1", "ent_b1"):
        world.extra[f"pool_{key}"] = PoolEntry.objects.create(
            enterprise=world.extra[key], tier_target="zjtx", year=2026
        )
    world.extra["plan_a1"] = CoachingPlan.objects.create(
        entry=world.extra["pool_ent_a1"], outside_expert="王专家", rule_set="zjtx-2026", year=2026
    )
    Recognition.objects.create(
        enterprise=world.extra["ent_a1"],
        tier="zjtx",
        batch="2023",
        granted_on=dt.date(2023, 12, 1),
        valid_until=dt.date(2026, 11, 30),
        review_due=dt.date(2026, 11, 30),
    )
    world.extra["item_a1"] = ChecklistItem.objects.create(
        plan=world.extra["plan_a1"], kind="data", text="补充近三年审计报告"
    )
    world.extra["rule"] = LocalRule.objects.create(
        org_unit=world.extra["ent_a1"].org_unit, name="研发强度", condition="研发占比 >= 3%"
    )
    world.extra["run"] = ScreeningRun.objects.create(
        org_unit=admin.home_unit if getattr(admin, "home_unit", None) else world.extra["ent_a1"].org_unit,
        year=2026,
        created_by=admin,
        rule_sets=["zjtx-2026"],
    )
