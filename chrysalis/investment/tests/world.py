"""Adds investment objects to the persona world (listed in settings.CHRYSALIS_TEST_WORLD_EXTENSIONS).

District D has two task forces: tf_a (finance; members tf_a_member (lead) and tf_a_member2, mentor
tf_mentor) and tf_b (future industries; member tf_b_member). org_dept holds the organisation-department
role on D. Cadre records exist for tf_a_member (in cohort_a) and tf_b_member. proj_a is tf_a's lead,
proj_b tf_b's; trip_a is tf_a's; quarter_q3 (2026 Q3) is open with the default indicators.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from chrysalis.accounts.choices import Role
from chrysalis.core.testing.personas import make_user
from chrysalis.investment.services import cadres as cadre_services
from chrysalis.investment.services import evaluation as eval_services
from chrysalis.investment.services import projects as project_services
from chrysalis.investment.services import taskforces as tf_services

TERM = (dt.date(2026, 1, 1), dt.date(2027, 12, 31))


EXTRA = (
    "tf_a",
    "tf_b",
    "proj_a",
    "proj_b",
    "proj_dup",
    "conflict",
    "trip_a",
    "quarter_q3",
    "cadre_a",
    "cadre_b",
    "cohort_a",
)
USERS = ("tf_a_member", "tf_a_member2", "tf_b_member", "tf_mentor", "org_dept")


def add_investment(world) -> None:
    """The world extension (settings.CHRYSALIS_TEST_WORLD_EXTENSIONS): announces the investment
    objects; they are built the first time a test reads one of them (about 0.2 s a world, which the
    other apps' tests and matrix rows then never pay)."""
    world.defer(build_investment, extra=EXTRA, users=USERS)


def build_investment(world) -> None:
    if "tf_a" in world.extra:
        return
    d = world.district
    u = world.users
    u["tf_a_member"] = make_user("p_tf_a_member", d)
    u["tf_a_member2"] = make_user("p_tf_a_member2", d)
    u["tf_b_member"] = make_user("p_tf_b_member", d)
    u["tf_mentor"] = make_user("p_tf_mentor", d)
    u["org_dept"] = make_user("p_org_dept", d, Role.ORG_DEPARTMENT, org_unit=d)
    tf_a = tf_services.taskforce_create(
        actor=None,
        org_unit=d,
        name="金融突击队",
        direction="finance",
        term_start=TERM[0],
        term_end=TERM[1],
        mentor=u["tf_mentor"],
        members=[u["tf_a_member"], u["tf_a_member2"]],
        lead=u["tf_a_member"],
    )
    tf_b = tf_services.taskforce_create(
        actor=None,
        org_unit=d,
        name="未来产业突击队",
        direction="future",
        term_start=TERM[0],
        term_end=TERM[1],
        members=[u["tf_b_member"]],
    )
    world.extra.update(tf_a=tf_a, tf_b=tf_b)
    world.extra["proj_a"] = project_services.project_create(
        actor=None,
        team=tf_a.team,
        name="私募基金落户",
        investor_name="甲乙资本管理有限公司",
        direction="finance",
        fund_size=Decimal("50"),
        is_fund=True,
        registered_on=dt.date(2026, 7, 1),
        cadres=[u["tf_a_member"]],
    )
    world.extra["proj_b"] = project_services.project_create(
        actor=None,
        team=tf_b.team,
        name="具身智能总部",
        investor_name="丙丁机器人科技有限公司",
        direction="future",
        planned_investment=Decimal("12"),
        registered_on=dt.date(2026, 7, 2),
        cadres=[u["tf_b_member"]],
    )
    world.extra["proj_dup"] = project_services.project_create(
        actor=None,
        team=tf_b.team,
        name="资本区域总部",
        investor_name="甲乙资本（杭州）有限公司",
        direction="finance",
        planned_investment=Decimal("2"),
        registered_on=dt.date(2026, 7, 5),
        confirm_duplicates=True,
    )
    world.extra["conflict"] = world.extra["proj_dup"].conflicts.get()
    world.extra["trip_a"] = tf_services.trip_create(
        actor=None,
        team=tf_a.team,
        date=dt.date(2026, 7, 3),
        city="上海",
        cadres=[u["tf_a_member"]],
        groups=1,
        visits=[{"company": "甲乙资本", "project": world.extra["proj_a"]}],
    )
    world.extra["quarter_q3"] = eval_services.quarter_open(actor=None, district=d, year=2026, number=3)
    cadre_a = cadre_services.cadre_create(actor=None, user=u["tf_a_member"], org_unit=d, post="科员")
    cadre_b = cadre_services.cadre_create(actor=None, user=u["tf_b_member"], org_unit=d, post="科员")
    cohort = cadre_services.cohort_create(
        actor=None,
        org_unit=d,
        name="青尚学堂2026",
        kind="academy",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    cadre_services.cohort_member_add(actor=None, cohort=cohort, cadre=cadre_a)
    cadre_services.posting_add(
        actor=None, cadre=cadre_a, kind="down", unit="某街道", start=dt.date(2026, 3, 1), cohort=cohort
    )
    world.extra.update(cadre_a=cadre_a, cadre_b=cadre_b, cohort_a=cohort)
