"""Adds enterprises to the persona world (listed in settings.CHRYSALIS_TEST_WORLD_EXTENSIONS).

ent_a1 (grid A1, the enterprise user's own firm), ent_a2 (grid A2), ent_b1 (grid B1); each with
two years of figures, an IP right, a title and a contact.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from chrysalis.accounts.services import users as user_services
from chrysalis.enterprises.models import Contact, IPRight, Title
from chrysalis.enterprises.services import enterprises as ent_services
from chrysalis.enterprises.services import figures as fig_services
from chrysalis.enterprises.services import records as rec_services
from chrysalis.enterprises.uscc import make_uscc

CODES = {"ent_a1": "MA2A0001", "ent_a2": "MA2A0002", "ent_b1": "MA2B0001"}


def make_enterprise(name: str, grid, body: str, *, industry_code: str = "C3484", phone: str = "13812341234"):
    ent = ent_services.enterprise_create(
        actor=None,
        uscc=make_uscc("330110", body),
        name=name,
        org_unit=grid,
        industry_code=industry_code,
        registered_on=dt.date(2015, 3, 1),
        above_scale=True,
    )
    for year, revenue in ((2024, "9000"), (2025, "12000.5")):
        fig_services.figures_save(
            actor=None,
            enterprise=ent,
            year=year,
            source="audited",
            as_of=dt.date(year + 1, 4, 30),
            values={"revenue": Decimal(revenue), "rd_expense": Decimal("800"), "employees": 120},
        )
    rec_services.record_create(
        actor=None,
        model=IPRight,
        enterprise=ent,
        kind="invention_patent",
        number="ZL2019100000001",
        granted_on=dt.date(2019, 3, 1),
    )
    rec_services.record_create(
        actor=None,
        model=Title,
        enterprise=ent,
        kind="zjtx_sme",
        granted_on=dt.date(2023, 12, 1),
        valid_until=dt.date(2026, 11, 30),
    )
    rec_services.record_create(
        actor=None,
        model=Contact,
        enterprise=ent,
        name="张三",
        phone=phone,
        id_number="11010519491231002X",
        is_primary=True,
    )
    return ent


def add_enterprises(world) -> None:
    world.extra["ent_a1"] = make_enterprise("杭州甲一科技有限公司", world.grid_a1, CODES["ent_a1"])
    world.extra["ent_a2"] = make_enterprise("杭州甲二制造有限公司", world.grid_a2, CODES["ent_a2"])
    world.extra["ent_b1"] = make_enterprise("杭州乙一精工有限公司", world.grid_b1, CODES["ent_b1"])
    user_services.role_grant(
        actor=None,
        user=world.users["enterprise_user"],
        role="enterprise_user",
        enterprise=world.extra["ent_a1"],
    )
