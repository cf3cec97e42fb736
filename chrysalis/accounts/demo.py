"""The demo district: an organisation modelled on 余杭经开区 (Hangzhou), built through services.

Idempotent: running it again finds what exists and adds nothing twice. Later modules add their
own demo data through `settings.CHRYSALIS_DEMO_BUILDERS` (run in that order).
"""

from __future__ import annotations

from dataclasses import dataclass

from chrysalis.accounts.choices import DepartmentKind, OrgUnitKind, Role, TeamKind, TeamRole
from chrysalis.accounts.models import Department, OrgUnit, RoleAssignment, Team, TeamMembership, User
from chrysalis.accounts.services import org as org_services
from chrysalis.accounts.services import users as user_services

DEMO_PASSWORD = "Chrysalis@2026"

DISTRICT = ("临平区", "330113")
# (kind, name, code, [(grid name, code), ...])
AREAS = [
    (
        OrgUnitKind.ZONE,
        "余杭经济技术开发区",
        "ZONE-A",
        [
            ("经开区东片网格", "A1"),
            ("经开区西片网格", "A2"),
            ("经开区南片网格", "A3"),
            ("经开区北片网格", "A4"),
            ("新材料产业园网格", "A5"),
        ],
    ),
    (
        OrgUnitKind.ZONE,
        "临平新城",
        "ZONE-B",
        [("新城核心区网格", "B1"), ("新城科创园网格", "B2"), ("新城商务区网格", "B3")],
    ),
    (
        OrgUnitKind.STREET,
        "东湖街道",
        "STREET-C",
        [("东湖工业区网格", "C1"), ("东湖小微园网格", "C2"), ("东湖商贸网格", "C3")],
    ),
    (
        OrgUnitKind.STREET,
        "星桥街道",
        "STREET-D",
        [("星桥工业区网格", "D1"), ("星桥村网格", "D2"), ("星桥数字园网格", "D3")],
    ),
]
VILLAGES = [("STREET-D", "星桥村", "VILLAGE-D1")]

DEPARTMENTS = [
    (DepartmentKind.ECONOMY, "区经济和信息化局", "DEPT-ECON"),
    (DepartmentKind.ENTERPRISE_SERVICE, "区企业综合服务中心", "DEPT-SERV"),
    (DepartmentKind.FINANCE, "区财政局（金融办）", "DEPT-FIN"),
    (DepartmentKind.LEGAL, "区司法局", "DEPT-LEGAL"),
    (DepartmentKind.SAFETY, "区应急管理局", "DEPT-SAFE"),
    (DepartmentKind.ENVIRONMENT, "市生态环境局临平分局", "DEPT-ENV"),
    (DepartmentKind.DIGITAL, "区数据资源管理局", "DEPT-DIGI"),
    (DepartmentKind.LAND, "市规划和自然资源局临平分局", "DEPT-LAND"),
    (DepartmentKind.TALENT, "区人力资源和社会保障局", "DEPT-HR"),
    (DepartmentKind.MARKET, "区市场监督管理局", "DEPT-MKT"),
    (DepartmentKind.TAX, "国家税务总局杭州市临平区税务局", "DEPT-TAX"),
    (DepartmentKind.SCIENCE, "区科学技术局", "DEPT-SCI"),
    (DepartmentKind.COMMERCE, "区商务局", "DEPT-COM"),
    (DepartmentKind.CULTURE_TOURISM, "区文化和广电旅游体育局", "DEPT-CT"),
    (DepartmentKind.AGRICULTURE, "区农业农村局", "DEPT-AGRI"),
]

# (unit code, kind, name, direction)
TEAMS = [
    ("ZONE-A", TeamKind.SERVICE_TEAM, "经开区助企小分队", ""),
    ("ZONE-B", TeamKind.SERVICE_TEAM, "新城助企小分队", ""),
    ("STREET-C", TeamKind.SERVICE_TEAM, "东湖街道助企小分队", ""),
    ("STREET-D", TeamKind.SERVICE_TEAM, "星桥街道助企小分队", ""),
    ("330113", TeamKind.TASK_FORCE, "总部经济突击队", "总部经济"),
    ("330113", TeamKind.TASK_FORCE, "未来产业突击队", "未来产业"),
    ("330113", TeamKind.TASK_FORCE, "金融基金突击队", "金融基金"),
    ("330113", TeamKind.TASK_FORCE, "时尚产业突击队", "时尚产业"),
    ("330113", TeamKind.COHORT, "青尚学堂2026届", ""),
    ("330113", TeamKind.COHORT, "鲲鹏班第三期", ""),
    ("STREET-D", TeamKind.VILLAGE_TEAM, "星桥村整村运营团队", ""),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    title: str
    home: str  # org unit code
    role: str
    target: tuple[str, str]  # ("org_unit"|"department"|"team", code or team name)
    note: str


LOGINS = [
    DemoLogin(
        "admin",
        "王建国",
        "区经信局 副局长",
        "330113",
        Role.DISTRICT_ADMIN,
        ("org_unit", "330113"),
        "全区管理员",
    ),
    DemoLogin(
        "zone_a_admin",
        "陈思远",
        "经开区 企业服务科科长",
        "ZONE-A",
        Role.DISTRICT_ADMIN,
        ("org_unit", "ZONE-A"),
        "经开区管理员",
    ),
    DemoLogin(
        "officer_a",
        "李晓明",
        "经开区 助企服务员",
        "ZONE-A",
        Role.SERVICE_OFFICER,
        ("org_unit", "ZONE-A"),
        "经开区助企服务员",
    ),
    DemoLogin(
        "officer_a2",
        "周敏",
        "经开区 助企服务员",
        "ZONE-A",
        Role.SERVICE_OFFICER,
        ("org_unit", "ZONE-A"),
        "经开区助企服务员",
    ),
    DemoLogin(
        "grid_a1", "张伟", "经开区东片 网格员", "A1", Role.GRID_WORKER, ("org_unit", "A1"), "东片网格员"
    ),
    DemoLogin(
        "officer_b",
        "赵丽",
        "临平新城 助企服务员",
        "ZONE-B",
        Role.SERVICE_OFFICER,
        ("org_unit", "ZONE-B"),
        "新城助企服务员",
    ),
    DemoLogin(
        "grid_b1", "孙浩", "新城核心区 网格员", "B1", Role.GRID_WORKER, ("org_unit", "B1"), "新城网格员"
    ),
    DemoLogin(
        "handler_fin",
        "钱芳",
        "区金融办 办理人",
        "330113",
        Role.DEPARTMENT_HANDLER,
        ("department", "DEPT-FIN"),
        "金融办办理人",
    ),
    DemoLogin(
        "handler_env",
        "吴刚",
        "生态环境分局 办理人",
        "330113",
        Role.DEPARTMENT_HANDLER,
        ("department", "DEPT-ENV"),
        "生态环境办理人",
    ),
    DemoLogin(
        "taskforce",
        "郑凯",
        "未来产业突击队 队员",
        "330113",
        Role.TASK_FORCE_MEMBER,
        ("team", "未来产业突击队"),
        "招商突击队队员",
    ),
    DemoLogin(
        "village",
        "冯艺",
        "星桥村 艺术村长",
        "VILLAGE-D1",
        Role.VILLAGE_OPERATOR,
        ("org_unit", "VILLAGE-D1"),
        "村庄运营",
    ),
    DemoLogin(
        "auditor",
        "何静",
        "区审计管理员",
        "330113",
        Role.AUDITOR,
        ("org_unit", "330113"),
        "审计员（只读审计日志）",
    ),
    DemoLogin(
        "sysadmin",
        "许强",
        "系统管理员",
        "330113",
        Role.SYSTEM_ADMIN,
        ("org_unit", "330113"),
        "系统管理员（账号与组织）",
    ),
    DemoLogin(
        "secadmin",
        "林安",
        "安全管理员",
        "330113",
        Role.SECURITY_ADMIN,
        ("org_unit", "330113"),
        "安全管理员（角色授权）",
    ),
]
ENTERPRISE_LOGIN = ("enterprise", "刘总", "企业联系人")


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def build_organisation(stdout=None) -> dict:
    """Create (or find) the demo district. Returns counts of what was created."""
    created = {"units": 0, "departments": 0, "teams": 0, "users": 0, "roles": 0}
    district = _build_units(created)
    _build_departments_and_teams(district, created)
    _build_logins(created)
    _build_memberships_and_heads()
    return created


def _build_units(created: dict) -> OrgUnit:
    """The district, its zones and streets with their grids, and the villages."""
    district = OrgUnit.objects.filter(code=DISTRICT[1]).first()
    if district is None:
        district = org_services.org_unit_create(
            actor=None, parent=None, kind=OrgUnitKind.DISTRICT, name=DISTRICT[0], code=DISTRICT[1]
        )
        created["units"] += 1
    for kind, name, code, grids in AREAS:
        area = OrgUnit.objects.filter(code=code).first()
        if area is None:
            area = org_services.org_unit_create(actor=None, parent=district, kind=kind, name=name, code=code)
            created["units"] += 1
        for grid_name, grid_code in grids:
            if not OrgUnit.objects.filter(code=grid_code).exists():
                org_services.org_unit_create(
                    actor=None, parent=area, kind=OrgUnitKind.GRID, name=grid_name, code=grid_code
                )
                created["units"] += 1
    for parent_code, name, code in VILLAGES:
        if not OrgUnit.objects.filter(code=code).exists():
            org_services.org_unit_create(
                actor=None, parent=_unit(parent_code), kind=OrgUnitKind.COMMUNITY, name=name, code=code
            )
            created["units"] += 1
    return district


def _build_departments_and_teams(district: OrgUnit, created: dict) -> None:
    for kind, name, code in DEPARTMENTS:
        if not Department.objects.filter(code=code).exists():
            org_services.department_create(actor=None, district=district, kind=kind, name=name, code=code)
            created["departments"] += 1
    for unit_code, kind, name, direction in TEAMS:
        if not Team.objects.filter(name=name).exists():
            org_services.team_create(
                actor=None, org_unit=_unit(unit_code), kind=kind, name=name, direction=direction
            )
            created["teams"] += 1


_TARGETS = {
    "org_unit": lambda c: OrgUnit.objects.get(code=c),
    "department": lambda c: Department.objects.get(code=c),
    "team": lambda c: Team.objects.get(name=c),
}


def _build_logins(created: dict) -> None:
    """The demo logins with their roles, and the enterprise contact (no staff role)."""
    for login in LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = user_services.user_create(
                actor=None,
                username=login.username,
                password=DEMO_PASSWORD,
                display_name=login.name,
                title=login.title,
                home_unit=_unit(login.home),
            )
            created["users"] += 1
        target_kind, target_code = login.target
        target = _TARGETS[target_kind](target_code)
        if not RoleAssignment.objects.filter(user=user, role=login.role, **{target_kind: target}).exists():
            user_services.role_grant(actor=None, user=user, role=login.role, **{target_kind: target})
            created["roles"] += 1
    if not User.objects.filter(username=ENTERPRISE_LOGIN[0]).exists():
        user_services.user_create(
            actor=None,
            username=ENTERPRISE_LOGIN[0],
            password=DEMO_PASSWORD,
            display_name=ENTERPRISE_LOGIN[1],
            title=ENTERPRISE_LOGIN[2],
        )
        created["users"] += 1


def _build_memberships_and_heads() -> None:
    """Officers in their zone's service team, the task-force member in theirs; department heads."""
    memberships = [
        ("officer_a", "经开区助企小分队", TeamRole.LEAD),
        ("officer_a2", "经开区助企小分队", TeamRole.MEMBER),
        ("grid_a1", "经开区助企小分队", TeamRole.MEMBER),
        ("officer_b", "新城助企小分队", TeamRole.LEAD),
        ("grid_b1", "新城助企小分队", TeamRole.MEMBER),
        ("taskforce", "未来产业突击队", TeamRole.LEAD),
        ("village", "星桥村整村运营团队", TeamRole.LEAD),
    ]
    for username, team_name, role in memberships:
        user, team = User.objects.get(username=username), Team.objects.get(name=team_name)
        if not TeamMembership.objects.filter(team=team, user=user).exists():
            org_services.team_member_add(actor=None, team=team, user=user, role=role)
    for code, username in [("DEPT-FIN", "handler_fin"), ("DEPT-ENV", "handler_env")]:
        dept = Department.objects.get(code=code)
        if dept.head_id is None:
            org_services.department_update(
                actor=None, department=dept, expected_version=None, head=User.objects.get(username=username)
            )


def login_table() -> list[tuple[str, str, str]]:
    rows = [(login.username, login.name, login.note) for login in LOGINS]
    rows.append((ENTERPRISE_LOGIN[0], ENTERPRISE_LOGIN[1], "企业用户"))
    return rows
