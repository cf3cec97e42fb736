"""Demo data of enterprise service: one-to-one service for up to 116 key firms (as 余杭经开区 runs
it), a year of requests through the real services and state machine, visits, and the periodic job.

Listed in settings.CHRYSALIS_DEMO_BUILDERS after the enterprise registry's and the pool's builders.
With no enterprises it creates nothing and says so. Idempotent: when requests exist it adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from chrysalis.accounts.choices import Role
from chrysalis.accounts.demo import DEMO_PASSWORD
from chrysalis.accounts.models import Department, OrgUnit, RoleAssignment, User
from chrysalis.accounts.services import users as user_services
from chrysalis.enterprises.models import Enterprise
from chrysalis.support.calendar import WorkingCalendar
from chrysalis.support.choices import Category, Channel, Event, Urgency
from chrysalis.support.jobs import tick
from chrysalis.support.models import Assignment, ServiceRequest
from chrysalis.support.services.coverage import assignment_create, coverage_required_q
from chrysalis.support.services.requests import request_create, request_transition
from chrysalis.support.services.visits import visit_create

KEY_FIRMS = 116
REQUESTS = 1200
VISITS = 500
FIRMS_PER_OFFICER = 25

TOPICS = {
    Category.FINANCE: ("流动资金贷款对接", "申请科技贷款贴息", "上市辅导融资咨询", "应收账款融资"),
    Category.LEGAL: ("合同纠纷法律咨询", "知识产权维权", "劳动争议调解"),
    Category.SAFETY: ("危化品仓库安全评估", "消防验收咨询", "安全生产标准化辅导"),
    Category.ENVIRONMENT: ("环评审批进度", "排污许可证变更", "VOCs治理设备补助"),
    Category.DIGITAL: ("数字化改造诊断", "工业互联网平台接入", "智能工厂申报"),
    Category.LAND: ("扩产用地需求", "厂房租赁空间", "容积率提升审批"),
    Category.TALENT: ("高层次人才认定", "员工子女入学", "人才公寓申请"),
    Category.POLICY: ("专精特新申报辅导", "研发费用加计扣除", "技改补助兑现"),
    Category.PERMITS: ("施工许可办理", "食品经营许可", "特种设备登记"),
    Category.OTHER: ("员工通勤班车", "周边道路改造", "用电增容"),
}
CATEGORY_WEIGHTS = {
    Category.FINANCE: 18,
    Category.POLICY: 16,
    Category.LAND: 12,
    Category.TALENT: 11,
    Category.PERMITS: 10,
    Category.DIGITAL: 9,
    Category.ENVIRONMENT: 8,
    Category.SAFETY: 7,
    Category.LEGAL: 5,
    Category.OTHER: 4,
}
ANSWERS = (
    "已对接合作银行，企业已提交材料。",
    "已现场指导并出具书面意见。",
    "已协调相关科室，按政策兑现。",
    "已列入下一批次审批，告知企业办理时限。",
)


def _officers_for(area: OrgUnit, needed: int, created: dict) -> list[User]:
    officers = list(
        User.objects.filter(
            role_assignments__role=Role.SERVICE_OFFICER, role_assignments__org_unit=area, is_active=True
        ).order_by("username")
    )
    n = len(officers)
    while len(officers) < needed:
        n += 1
        username = f"svc_{area.code.lower().replace('-', '')}_{n}"
        user = User.objects.filter(username=username).first() or user_services.user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            display_name=f"{area.name[:4]}服务员{n}",
            title=f"{area.name} 助企服务员",
            home_unit=area,
        )
        if not RoleAssignment.objects.filter(user=user, role=Role.SERVICE_OFFICER, org_unit=area).exists():
            user_services.role_grant(actor=None, user=user, role=Role.SERVICE_OFFICER, org_unit=area)
            created["officers"] += 1
        officers.append(user)
    return officers


def _handlers(created: dict) -> dict[int, User]:
    result = {}
    for dept in Department.objects.filter(is_active=True):
        ra = (
            RoleAssignment.objects.filter(role=Role.DEPARTMENT_HANDLER, department=dept, user__is_active=True)
            .select_related("user")
            .first()
        )
        if ra is None:
            username = f"handler_{dept.code.lower().replace('dept-', '')}"
            user = User.objects.filter(username=username).first() or user_services.user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                display_name=f"{dept.name[:6]}办理人",
                title=f"{dept.name} 办理人",
                home_unit=dept.district,
            )
            user_services.role_grant(actor=None, user=user, role=Role.DEPARTMENT_HANDLER, department=dept)
            created["handlers"] += 1
            result[dept.pk] = user
        else:
            result[dept.pk] = ra.user
    return result


def build_support_demo(stdout=None) -> dict:
    def say(text):
        if stdout is not None:
            stdout.write(text)

    if not Enterprise.objects.exists():
        say(
            "support: no enterprises in the registry yet; enterprise-service demo skipped "
            "(run populate_demo again once they exist)"
        )
        return {"skipped": 1}
    if ServiceRequest.objects.exists() or Assignment.objects.exists():
        return {}
    rng = random.Random(2026)
    created = {"officers": 0, "handlers": 0, "assignments": 0, "requests": 0, "visits": 0}
    admin = User.objects.filter(
        role_assignments__role=Role.DISTRICT_ADMIN, role_assignments__org_unit__depth=0
    ).first()
    handlers = _handlers(created)
    # one-to-one service for the key firms: the biggest firms the coverage policy names
    key_firms = list(
        Enterprise.objects.filter(coverage_required_q())
        .select_related("org_unit__parent")
        .order_by("-latest_revenue", "pk")[:KEY_FIRMS]
    )
    officer_of = _assign_key_firms(admin, key_firms, created)
    now = timezone.now()
    grid_workers = {
        ra.org_unit_id: ra.user
        for ra in RoleAssignment.objects.filter(role=Role.GRID_WORKER).select_related("user")
    }
    _visits(rng, key_firms, officer_of, grid_workers, now, created)
    firms = key_firms + list(Enterprise.objects.exclude(pk__in=[e.pk for e in key_firms]).order_by("?")[:300])
    cal = WorkingCalendar()
    for _r in range(REQUESTS):
        ent = firms[int(rng.random() ** 1.6 * len(firms))]  # key firms raise more
        raiser = officer_of.get(ent.pk) or grid_workers.get(ent.org_unit_id) or admin
        req, raised = _raise_request(rng, ent, raiser, now)
        created["requests"] += 1
        if req.department_id is not None:
            _Lifecycle(req, raised, now, cal, rng, handlers).run(raiser=raiser, admin=admin)
    tick(now=now)
    say(
        f"support: {created['assignments']} key firms with a named officer, {created['requests']} requests, "
        f"{created['visits']} visits"
    )
    return created


def _assign_key_firms(admin: User, key_firms: list, created: dict) -> dict[int, User]:
    """Named officers per area, each serving up to FIRMS_PER_OFFICER key firms; firm pk -> officer."""
    by_area: dict[OrgUnit, list] = {}
    for ent in key_firms:
        by_area.setdefault(ent.org_unit.parent, []).append(ent)
    officer_of: dict[int, User] = {}
    for area, firms in by_area.items():
        served = firms  # the rest of the firms the policy names stay with their grid teams (网格兜底)
        officers = _officers_for(area, max(1, -(-len(served) // FIRMS_PER_OFFICER)), created)
        for i, ent in enumerate(served):
            officer = officers[i % len(officers)]
            assignment_create(actor=admin, enterprise=ent, officer=officer, reason="一对一服务 (demo)")
            officer_of[ent.pk] = officer
            created["assignments"] += 1
    return officer_of


def _visits(rng, key_firms: list, officer_of: dict, grid_workers: dict, now, created: dict) -> None:
    for _v in range(VISITS):
        ent = rng.choice(key_firms)
        officer = officer_of.get(ent.pk) or grid_workers.get(ent.org_unit_id)
        if officer is None:
            continue
        day = (now - dt.timedelta(days=rng.randint(0, 360))).date()
        visit_create(
            actor=officer,
            enterprise=ent,
            date=day,
            topics=rng.choice(
                ["了解扩产计划与用工需求", "政策宣讲：专精特新申报", "走访了解经营情况", "数字化改造需求调研"]
            ),
            people_met=rng.choice(["总经理", "财务总监", "行政负责人", "董事长"]),
        )
        created["visits"] += 1


def _raise_request(rng, ent, raiser: User, now):
    """A request raised within the last year, in Shanghai office hours, never in the future."""
    cats, weights = zip(*CATEGORY_WEIGHTS.items(), strict=True)
    category = rng.choices(cats, weights)[0]
    age = rng.randint(0, 365)
    t = now - dt.timedelta(days=age, hours=rng.randint(0, 8))
    t = min(
        timezone.localtime(t).replace(hour=rng.randint(9, 16)),
        now - dt.timedelta(minutes=rng.randint(30, 600)),
    )
    urgency = rng.choices([Urgency.NORMAL, Urgency.URGENT, Urgency.CRITICAL], [80, 16, 4])[0]
    req = request_create(
        actor=raiser,
        enterprise=ent,
        category=category,
        title=rng.choice(TOPICS[category]),
        description=f"{ent.name}反映：{rng.choice(TOPICS[category])}，请协调解决。",
        channel=rng.choices(list(Channel.values), [40, 25, 20, 8, 7])[0],
        urgency=urgency,
        tags=rng.choice(["", "扩产", "专精特新", "上市培育", "稳岗"]),
        now=t,
    )
    return req, t


class _Lifecycle:
    """Walks one request through the real state machine, at working-day steps up to `now`."""

    def __init__(self, req, raised, now, cal, rng, handlers: dict[int, User]):
        self.req, self.t, self.now, self.cal, self.rng = req, raised, now, cal, rng
        self.handlers = handlers
        self.handler = handlers.get(req.department_id)

    def step(self, event, after_days, **kw) -> bool:
        """Apply `event` `after_days` working days later; False once that would be in the future."""
        rng = self.rng
        t2 = timezone.make_aware(
            dt.datetime.combine(
                self.cal.add_working_days(timezone.localtime(self.t).date(), after_days),
                dt.time(rng.randint(9, 17), rng.randint(0, 59)),
            )
        )
        self.t = max(t2, self.t + dt.timedelta(minutes=5))
        if self.t > self.now:
            return False
        actor = kw.pop("actor", self.handler)
        self.req = request_transition(actor=actor, request=self.req, event=event, now=self.t, **kw)
        return True

    def run(self, *, raiser: User, admin: User) -> None:
        rng, req = self.rng, self.req
        dept_skill = (req.department_id * 7919) % 10  # some departments are slower than others
        if rng.random() < 0.07 and not self._returned_and_redispatched(raiser):
            return
        if not self.step(Event.SIGN, rng.choice([0, 0, 1, 1, 2])):
            return
        if rng.random() < 0.08:
            if not self.step(Event.PAUSE, 1, reason="等待企业补充材料"):
                return
            if not self.step(Event.RESUME, rng.randint(1, 4), actor=raiser):
                return
        limit = self.req.resolve_days
        days = max(1, int(rng.gauss(limit * (0.45 + dept_skill / 18), limit * 0.3)))
        if not self.step(Event.ANSWER, days, reason=rng.choice(ANSWERS)):
            return
        if not self.step(
            Event.CONFIRM,
            rng.randint(1, 5),
            actor=raiser,
            satisfaction=rng.choices([5, 4, 3, 2, 1], [55, 28, 10, 5, 2])[0],
            reason="电话回访，企业确认办结",
        ):
            return
        if self.req.satisfaction <= 2 and rng.random() < 0.6:
            self.step(Event.REOPEN, 1, actor=admin, reason="企业反映问题未解决，重新办理")

    def _returned_and_redispatched(self, raiser: User) -> bool:
        """Returned as "not our remit", then re-dispatched by the officer; False if it stopped."""
        if not self.step(Event.RETURN, 1, reason="经核实不属于本部门职责，建议由企业综合服务中心协调"):
            return False
        handlers = self.handlers
        other = (
            Department.objects.filter(code="DEPT-SERV").first()
            or Department.objects.exclude(pk=handlers and list(handlers)[0]).first()
        )
        if not self.step(Event.DISPATCH, 0, actor=raiser, department=other):
            return False
        self.handler = handlers.get(self.req.department_id)
        return True
