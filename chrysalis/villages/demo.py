"""Demo data of the villages module in the seed's shape: 西湖区转塘街道 with 8 villages (灵山 and
龙坞 among them), 8 operators (艺术村长) paired one per village, 6 whole-village plans, and monthly
figures for January–April of 2025 and 2026 whose January–April 2026 totals are the seed's:
174.58万 visitors, tourism revenue 1.67亿元 (16,700万元), farm-produce sales 2.08亿元 (20,800万元).

Everything goes through the services as the system actor. Idempotent: when the street exists with
figures it adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from chrysalis.accounts.choices import OrgUnitKind, Role
from chrysalis.accounts.demo import DEMO_PASSWORD
from chrysalis.accounts.models import OrgUnit, User
from chrysalis.accounts.services import org as org_services
from chrysalis.accounts.services import users as user_services
from chrysalis.villages.catalogue import ensure_catalogue
from chrysalis.villages.choices import CapacityUnit, Element, HonourLevel, ProjectKind, Source
from chrysalis.villages.models import FigureEntry, Metric, Operator, Village
from chrysalis.villages.services import figures as figure_services
from chrysalis.villages.services import plans as plan_services
from chrysalis.villages.services import projects as project_services
from chrysalis.villages.services import villages as village_services

STREET = ("转塘街道", "STREET-ZT")
# name, code, population, households, area, weight in the street's tourism
VILLAGES = [
    ("大岭村", "V-ZT-DL", 2150, 690, "6.20", 14),
    ("长埭村", "V-ZT-CD", 1980, 640, "5.10", 10),
    ("双流村", "V-ZT-SL", 2460, 780, "7.30", 9),
    ("上城埭村", "V-ZT-SCD", 1720, 560, "4.60", 8),
    ("桐坞村", "V-ZT-TW", 1890, 600, "5.80", 11),
    ("外桐坞村", "V-ZT-WTW", 1340, 430, "3.90", 12),
    ("龙坞村（龙坞茶镇）", "V-ZT-LW", 3120, 1010, "9.40", 19),
    ("灵山村（灵山景区）", "V-ZT-LS", 2280, 720, "8.10", 17),
]
OPERATORS = [
    ("陈艺（大岭艺术街区）", "公共艺术、艺术街区运营"),
    ("林川工作室", "乡村建筑与风貌提升"),
    ("周晓禾", "茶文化体验与研学"),
    ("白桦林手作园团队", "手作工坊与非遗"),
    ("吴言", "当代艺术展陈"),
    ("外桐坞艺术村团队", "画家村与写生基地"),
    ("龙坞茶镇运营团队", "茶旅融合与音乐节"),
    ("灵山文旅工作室", "景区运营与民宿集群"),
]
# Jan–Apr 2026 totals of the seed, and the month shape (Jan..Apr, then the rest of a year).
TOTALS_2026 = {
    "visitors": Decimal("1745800"),
    "tourism_revenue": Decimal("16700"),
    "farm_sales": Decimal("20800"),
}
MONTH_SHAPE = [22, 30, 21, 27, 26, 24, 28, 29, 25, 33, 24, 22]
LAST_YEAR = Decimal("0.88")  # 2025 was 88% of 2026's level
YEAR = 2026


def _split(total: Decimal, weights: list[int], places: Decimal) -> list[Decimal]:
    """Split `total` by `weights` into parts rounded down to `places`, the remainder on the last:
    the parts always add up to `total` exactly."""
    whole = sum(weights)
    parts = [(total * w / whole).quantize(places, ROUND_DOWN) for w in weights]
    parts[-1] += total - sum(parts)
    return parts


def _annual_target(code: str, index: int) -> Decimal:
    """A year's target: the village's share of the seed's January–April total, times 3.2 (the
    rest of the year is busier), rounded to whole units."""
    share = Decimal(VILLAGES[index][5]) / sum(v[5] for v in VILLAGES)
    return (TOTALS_2026[code] * share * Decimal("3.2")).quantize(Decimal("1"))


def _street() -> OrgUnit:
    street = OrgUnit.objects.filter(code=STREET[1]).first()
    if street is None:
        district = OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT).order_by("path").first()
        street = org_services.org_unit_create(
            actor=None, parent=district, kind=OrgUnitKind.STREET, name=STREET[0], code=STREET[1]
        )
    return street


def _user(username: str, name: str, role: str, units) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_services.user_create(
            actor=None, username=username, password=DEMO_PASSWORD, display_name=name, home_unit=units[0]
        )
        for unit in units:
            user_services.role_grant(actor=None, user=user, role=role, org_unit=unit)
    return user


def build_figures(villages: list[Village], metrics: dict[str, Metric], *, review=True) -> int:
    """Monthly figures of Jan–Apr 2025 and 2026; the 2026 cells add up to TOTALS_2026."""
    weights = [v[5] for v in VILLAGES][: len(villages)]
    count = 0
    for code, total in TOTALS_2026.items():
        metric = metrics[code]
        places = Decimal("1") if metric.unit == "person_times" else Decimal("0.01")
        per_village = _split(total, weights, places)
        for village, amount in zip(villages, per_village, strict=True):
            months_2026 = _split(amount, MONTH_SHAPE[:4], places)
            # 2025 (for year on year): January–April at LAST_YEAR of the 2026 level
            base = amount * LAST_YEAR / sum(MONTH_SHAPE[:4])
            months_2025 = [(base * w).quantize(places, ROUND_DOWN) for w in MONTH_SHAPE[:4]]
            for year, values in ((YEAR - 1, months_2025), (YEAR, months_2026)):
                for month, value in enumerate(values, start=1):
                    entry = figure_services.figure_enter(
                        actor=None,
                        village=village,
                        metric=metric,
                        period=dt.date(year, month, 1),
                        value=value,
                        unit=metric.unit,
                        source=Source.TELECOM if code == "visitors" else Source.OPERATOR,
                        method="运营商大数据去重后按日汇总"
                        if code == "visitors"
                        else "运营主体月报汇总，街道抽查核对",
                        confirm_reason="演示数据",
                    )
                    if review:
                        figure_services.figure_transition(actor=None, entry=entry, event="review")
                    count += 1
    return count


def build(stdout=None) -> dict:
    counts = {"metrics": ensure_catalogue(Metric)}
    street = _street()
    if FigureEntry.objects.filter(path__startswith=street.path).exists():
        return {**counts, "figures": 0}
    villages = []
    for name, code, population, households, area, _ in VILLAGES:
        unit = OrgUnit.objects.filter(code=code).first() or org_services.org_unit_create(
            actor=None, parent=street, kind=OrgUnitKind.COMMUNITY, name=name, code=code
        )
        village = Village.objects.filter(unit=unit).first() or village_services.village_create(
            actor=None, unit=unit, population=population, households=households, area_km2=area
        )
        villages.append(village)
    for i, village in enumerate(villages):
        village_services.income_set(actor=None, village=village, year=YEAR - 1, amount=Decimal(180 + 35 * i))
        village_services.resource_create(
            actor=None,
            village=village,
            element=Element.STAY,
            name=f"{village.unit.name[:2]}民宿集群",
            capacity=60 + 12 * i,
            capacity_unit=CapacityUnit.BEDS,
        )
        village_services.resource_create(
            actor=None,
            village=village,
            element=Element.EAT,
            name=f"{village.unit.name[:2]}农家餐厅",
            capacity=80 + 10 * i,
            capacity_unit=CapacityUnit.SEATS,
        )
        village_services.resource_create(
            actor=None,
            village=village,
            element=Element.TOUR,
            name=f"{village.unit.name[:2]}艺术步道",
            capacity=1500 + 200 * i,
            capacity_unit=CapacityUnit.VISITORS_PER_DAY,
        )
    staff = _user("zt_street", "转塘街道农文旅专员", Role.SERVICE_OFFICER, [street])
    operator_user = _user("zt_artist", "陈艺", Role.VILLAGE_OPERATOR, [villages[0].unit, villages[1].unit])
    operators = []
    for i, (name, speciality) in enumerate(OPERATORS):
        operator = Operator.objects.filter(
            street=street, name=name
        ).first() or village_services.operator_create(
            actor=None,
            street=street,
            name=name,
            speciality=speciality,
            kind="studio" if ("团队" in name or "工作室" in name) else "person",
            user=operator_user if i == 0 else None,
        )
        village_services.pairing_create(
            actor=None,
            operator=operator,
            village=villages[i],
            starts=dt.date(YEAR - 1, 7, 1),
            ends=dt.date(YEAR + 2, 6, 30),
            agreement="整村运营结对协议（三年）",
        )
        operators.append(operator)
    metrics = {m.code: m for m in Metric.objects.all()}
    counts["figures"] = build_figures(villages, metrics)
    plans = 0
    for i in range(6):
        village = villages[i]
        plan = plan_services.plan_create(
            actor=None,
            village=village,
            operator=operators[i],
            title=f"{village.unit.name}整村运营方案",
            year=YEAR,
            objectives="以艺术赋能乡村，串联重点项目形成参观旅游路线。",
            budget=Decimal(300 + 50 * i),
            funding_sources="区级乡村振兴资金、街道配套、社会资本",
            reward_base=Decimal(20),
            reward_bonus=Decimal(30),
        )
        plan_services.target_add(
            actor=None,
            plan=plan,
            metric=metrics["visitors"],
            target=_annual_target("visitors", i),
            weight=Decimal("0.5"),
        )
        plan_services.target_add(
            actor=None,
            plan=plan,
            metric=metrics["tourism_revenue"],
            target=_annual_target("tourism_revenue", i),
            weight=Decimal("0.3"),
        )
        plan_services.target_add(
            actor=None,
            plan=plan,
            metric=metrics["farm_sales"],
            target=_annual_target("farm_sales", i),
            weight=Decimal("0.2"),
        )
        for event in ("submit", "approve", "start")[: 1 + i % 3]:
            plan_services.plan_transition(actor=None, plan=plan, event=event)
        plans += 1
    counts.update(build_projects(villages, street))
    counts.update(villages=len(villages), operators=len(operators), plans=plans, street_user=staff.username)
    counts["event_figures"] = build_event_figures()
    return counts


def build_event_figures() -> int:
    """The events demo holds its festivals in the organisation demo's village (星桥村, VILLAGE-D1): give
    that village a profile and take its festival figures from the events module (never typed)."""
    unit = OrgUnit.objects.filter(code="VILLAGE-D1").first()
    if unit is None:
        return 0
    if not Village.objects.filter(unit=unit).exists():
        village_services.village_create(actor=None, unit=unit, population=3200, households=1050, area_km2=6)
    c = figure_services.figures_import(actor=None)
    return c["created"] + c["updated"]


# village index, name, kind, stage steps, public, private (万元), jobs
PROJECTS = [
    (0, "大岭艺创产业园区改造", ProjectKind.PARK, 2, 3200, 5800, 120),
    (0, "大岭艺术街区", ProjectKind.INCUBATION, 3, 800, 1500, 95),
    (1, "白桦林手作园", ProjectKind.INCUBATION, 3, 300, 900, 60),
    (4, "艺谷园区风貌提升", ProjectKind.STREETSCAPE, 1, 1800, 600, 40),
    (2, "双流村口袋公园与艺术装置", ProjectKind.ART, 2, 260, 120, 12),
    (3, "上城埭村风貌提升", ProjectKind.STREETSCAPE, 1, 900, 200, 18),
    (5, "外桐坞画家村写生基地", ProjectKind.INCUBATION, 3, 400, 1100, 70),
    (6, "龙坞茶镇茶旅融合示范带", ProjectKind.ROUTE, 3, 2600, 4300, 180),
    (6, "龙坞音乐节场地提升", ProjectKind.PARK, 2, 700, 900, 35),
    (7, "灵山景区民宿与文创集聚区", ProjectKind.PARK, 3, 1500, 25000, 800),
    (7, "灵山艺术研学营地", ProjectKind.ART, 0, 350, 600, 25),
]
HONOURS = [
    (HonourLevel.NATIONAL, "全国乡村旅游重点村", "文化和旅游部"),
    (HonourLevel.NATIONAL, "中国美丽休闲乡村", "农业农村部"),
    (HonourLevel.NATIONAL, "全国乡村治理示范村", "中央农办、农业农村部"),
    (HonourLevel.NATIONAL, "国家森林乡村", "国家林业和草原局"),
    (HonourLevel.PROVINCIAL, "浙江省未来乡村", "浙江省农业农村厅"),
    (HonourLevel.PROVINCIAL, "浙江省3A级景区村庄", "浙江省文化和旅游厅"),
    (HonourLevel.PROVINCIAL, "浙江省善治示范村", "浙江省民政厅"),
    (HonourLevel.CITY, "杭州市共同富裕示范村", "杭州市农业农村局"),
    (HonourLevel.CITY, "杭州市乡村振兴示范村", "杭州市乡村振兴局"),
]
ROUTES = [
    ("艺术村落一日游", "从大岭艺术街区出发，经白桦林手作园、外桐坞画家村，至龙坞茶镇品茶。", [0, 1, 5, 6]),
    ("茶山与灵山半日游", "龙坞茶园采茶体验后前往灵山景区，民宿午餐。", [6, 7]),
]


def build_projects(villages: list[Village], street) -> dict:
    """11 projects (灵山: 2.5亿元 private investment, 800 jobs), 24 honours, 2 public routes."""
    projects = []
    for index, name, kind, steps, public, private, jobs in PROJECTS:
        project = project_services.project_create(
            actor=None,
            village=villages[index],
            name=name,
            kind=kind,
            public_investment=public,
            private_investment=private,
            jobs=jobs,
        )
        for _step in range(steps):
            project = project_services.project_advance(actor=None, project=project)
        projects.append(project)
    honours = 0
    for i in range(24):
        level, title, body = HONOURS[i % len(HONOURS)]
        village = villages[(i * 3) % len(villages)]
        project_services.honour_create(
            actor=None,
            village=village,
            title=title,
            level=level,
            awarded_on=dt.date(2019 + i % 7, 1 + i % 12, 10),
            awarding_body=body,
            evidence=f"文件编号 {2019 + i % 7}-{i + 1:03d}",
        )
        honours += 1
    routes = 0
    for name, summary, indices in ROUTES:
        stops = []
        for position, index in enumerate(indices):
            village = villages[index]
            project = next((p for p in projects if p.village_id == village.pk), None)
            stops.append(
                {
                    "title": project.name if project else village.unit.name,
                    "village": village,
                    "project": project,
                    "minutes": 60 + 15 * position,
                    "text": village.description or "",
                }
            )
        project_services.route_create(
            actor=None, street=street, name=name, summary=summary, stops=stops, is_public=True
        )
        routes += 1
    return {"projects": len(projects), "honours": honours, "routes": routes}
