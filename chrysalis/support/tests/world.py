"""Adds enterprise-service objects to the persona world (listed in settings.CHRYSALIS_TEST_WORLD_EXTENSIONS).

zone_a_officer is the lead officer of ent_a1; req_a1 (ent_a1, finance, dispatched to the finance
department) and req_b1 (ent_b1, finance, dispatched) exist; visit_a1 was logged by zone_a_officer;
the district admin has one unread notification; an environment department and a second finance
handler exist for dispatch and race tests.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chrysalis.accounts.choices import DepartmentKind, Role
from chrysalis.accounts.services import org as org_services
from chrysalis.core.testing.personas import make_user
from chrysalis.support.models import HolidayOverride, Notification
from chrysalis.support.services.coverage import assignment_create
from chrysalis.support.services.requests import attachment_add, request_create
from chrysalis.support.services.visits import visit_create


def add_support(world) -> None:
    ents = world.extra
    if "ent_a1" not in ents:  # the registry's extension did not run: nothing to add
        return
    env = org_services.department_create(
        actor=None,
        district=world.district,
        kind=DepartmentKind.ENVIRONMENT,
        name="生态环境分局",
        code="T-ENV",
    )
    world.extra["environment"] = env
    world.users["env_handler"] = make_user(
        "p_env_handler", world.district, Role.DEPARTMENT_HANDLER, department=env
    )
    world.users["finance_handler2"] = make_user(
        "p_finance_handler2", world.district, Role.DEPARTMENT_HANDLER, department=world.finance
    )
    officer, admin = world.users["zone_a_officer"], world.users["district_admin"]
    world.extra["assignment_a1"] = assignment_create(
        actor=admin, enterprise=ents["ent_a1"], officer=officer, team=world.team_a
    )
    now = timezone.now()
    world.extra["req_a1"] = request_create(
        actor=officer,
        enterprise=ents["ent_a1"],
        category="finance",
        title="流动资金贷款",
        description="需要500万元流动资金贷款对接。",
        channel="visit",
        now=now - dt.timedelta(days=1),
    )
    world.extra["req_b1"] = request_create(
        actor=world.users["zone_b_officer"],
        enterprise=ents["ent_b1"],
        category="finance",
        title="融资担保",
        description="需要担保。",
        channel="phone",
        now=now - dt.timedelta(days=1),
    )
    world.extra["visit_a1"] = visit_create(
        actor=officer,
        enterprise=ents["ent_a1"],
        date=timezone.localdate(),
        topics="了解扩产计划",
        people_met="张总",
    )
    world.extra["notification"] = Notification.objects.create(
        user=admin, key="test:1", title="测试通知", url="/"
    )
    world.extra["attachment_a1"] = attachment_add(
        actor=officer,
        request=world.extra["req_a1"],
        upload=SimpleUploadedFile("材料.txt", "贷款材料".encode()),
    )
    world.extra["holiday"] = HolidayOverride.objects.create(
        date=dt.date(2027, 2, 8), is_working=False, name="春节"
    )
