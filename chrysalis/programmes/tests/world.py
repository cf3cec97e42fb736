"""The programmes module's part of the persona world (settings.CHRYSALIS_TEST_WORLD_EXTENSIONS).

Programme A (lead unit zone A) with a measure, a computed target (firms holding a valid 专精特新
title) and a manual target with one value; programme B (zone B) with one computed target; a draft
report of each zone; ent_a1 on the listing track.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

from chrysalis.enterprises.models import Title
from chrysalis.enterprises.services import records as rec_services
from chrysalis.programmes.services import programmes as services
from chrysalis.programmes.services import reports as report_services

YEAR = dt.date.today().year
START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
# the monthly report of the world covers the month up to yesterday (January's end early in the year)
REPORT_END = max(dt.date.today() - dt.timedelta(days=1), dt.date(YEAR, 1, 31))


def wanted() -> bool:
    """Built for the programmes tests only (the other apps' matrix rows need none of it)."""
    current = os.environ.get("PYTEST_CURRENT_TEST")
    return current is None or "programmes" in current


KEYS = tuple(f"{name}_{key}" for name in ("programme", "measure", "target", "report") for key in "ab") + (
    "manual_a",
    "listing_a",
)


def add_programmes(world) -> None:
    """Built now for the programmes tests; for the others (a module's shared world serves every test
    of the module, e.g. the permission matrix) announced, and built when a test reads one of KEYS."""
    if wanted():
        build_programmes(world)
    else:
        world.defer(build_programmes, extra=KEYS)


def build_programmes(world) -> None:
    if "programme_a" in world.extra:
        return
    if "ent_a1" in world.extra:  # a current 专精特新 title, so zone A's target counts one firm
        rec_services.record_create(
            actor=None,
            model=Title,
            enterprise=world.extra["ent_a1"],
            kind="zjtx_sme",
            granted_on=START,
            valid_until=START.replace(year=YEAR + 3),
        )
    for key, zone in (("a", world.zone_a), ("b", world.zone_b)):
        p = services.programme_create(
            actor=None, unit=zone, name=f"{key.upper()}专精特新扬帆行动", starts_on=START, ends_on=END
        )
        world.extra[f"programme_{key}"] = p
        world.extra[f"measure_{key}"] = services.measure_create(
            actor=None, programme=p, title="梯度培育", lead_unit="经信局", deadline=END
        )
        world.extra[f"target_{key}"] = services.target_create(
            actor=None,
            programme=p,
            name="有效专精特新企业数",
            metric="titles_valid",
            params={"kind": "zjtx_sme"},
            baseline=Decimal(0),
            target_value=Decimal(5),
            starts_on=START,
            deadline=END,
            owner="经信局",
        )
        world.extra[f"report_{key}"] = report_services.report_create(
            actor=None,
            unit=zone,
            kind="monthly",
            period_start=REPORT_END.replace(day=1),
            period_end=REPORT_END,
        )
    manual = services.target_create(
        actor=None,
        programme=world.extra["programme_a"],
        name="出口额",
        metric="",
        unit_label="亿元",
        baseline=Decimal(10),
        target_value=Decimal(12),
        starts_on=START,
        deadline=END,
        owner="商务局",
    )
    services.manual_value_add(
        actor=None, target=manual, value=Decimal("10.5"), as_of=START, evidence="海关统计月报"
    )
    world.extra["manual_a"] = manual
    if "ent_a1" in world.extra:
        world.extra["listing_a"] = services.listing_save(
            actor=None, enterprise=world.extra["ent_a1"], stage="tutoring", since=START
        )
