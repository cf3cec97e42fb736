"""Demo data of investment promotion in the seed's shape (上城区's 拼抢干 task forces).

4 task forces × 5 cadres on the accounts demo's task-force teams, each with a mentoring district
leader; a year of projects through every stage via the real services (duplicate detection, gates,
landing into the registry), including a 50亿元 fund of the finance team; Q1 with 18 projects landed,
6 of them ≥ 10亿元; weekly visiting days ("5人两组一天4家" for the finance team); the quarters of
the year evaluated, the finished ones closed; two duplicate leads (one decided); two cohorts
(青尚学堂 and a two-year 鲲鹏班 with 73 cadres, 67 front-line person-times, 12 rotations) with
courses, postings, front-line assignments and promotions. Idempotent: with task forces present
it adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone

from chrysalis.accounts.choices import OrgUnitKind, Role, TeamKind
from chrysalis.accounts.demo import DEMO_PASSWORD
from chrysalis.accounts.models import OrgUnit, Team, User
from chrysalis.accounts.services import users as user_services
from chrysalis.enterprises.uscc import make_uscc
from chrysalis.investment.models import LeadConflict, Project, Quarter, TaskForce
from chrysalis.investment.services import cadres as svc
from chrysalis.investment.services.evaluation import leader_score_set, quarter_close, quarter_open
from chrysalis.investment.services.projects import conflict_decide, project_create, project_move
from chrysalis.investment.services.taskforces import taskforce_setup, trip_create

TEAMS = [
    ("总部经济突击队", "headquarters", "陈志远", "区委常委、常务副区长"),
    ("未来产业突击队", "future", "林海涛", "副区长"),
    ("金融基金突击队", "finance", "周明华", "副区长"),
    ("时尚产业突击队", "fashion", "吴晓燕", "区委常委、宣传部部长"),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "子涵 浩然 雨桐 梓轩 欣怡 宇航 思远 嘉怡 俊杰 晓琳 一鸣 佳琪 "
    "文博 诗雨 明轩 若曦 天佑 可欣 志强 婷婷 泽宇 雅静 博文 思琪 "
    "睿哲 梦瑶 家豪 紫萱 昊天 晨曦 "
).split()
INVESTORS = {
    "headquarters": [
        "华东能源集团",
        "远航物流控股",
        "中建智造",
        "联合健康产业集团",
        "星河商业管理",
        "海纳国际贸易",
    ],
    "future": ["深蓝具身智能科技", "量旋科技", "曦智光电", "合成生物未来科技", "灵犀脑机科技", "氢途新能源"],
    "finance": ["钱塘私募基金管理", "中金资本", "浙商创投", "高瓴资本管理", "之江产业基金", "湖畔股权投资"],
    "fashion": ["江南布衣服饰", "森马时尚", "太平鸟时尚服饰", "雅莹服装", "衣联网数字时尚", "丝路纺织"],
}
INDUSTRY = {"headquarters": "L7212", "future": "M7320", "finance": "J6760", "fashion": "F5132"}
PREFIXES = (
    "博远 华信 天宇 恒通 瑞丰 金桥 鼎盛 启明 锦程 卓越 新维 泰和 "
    "嘉禾 宏图 致远 汇智 睿思 东方 长风 云帆 青松 海川 晨光 若水 "
    "星火 凯旋 同舟 至诚 安澜 万象 "
).split()
WORDS = {
    "headquarters": ["供应链管理", "能源控股", "商业运营", "医药集团", "建设集团", "物流控股"],
    "future": ["智能机器人", "量子信息", "光电芯片", "生物制造", "脑机接口", "氢能装备"],
    "finance": ["股权投资基金", "私募基金管理", "创业投资", "产业投资基金", "资产管理", "融资租赁"],
    "fashion": ["服饰设计", "丝绸文化", "美妆科技", "数字时尚", "珠宝首饰", "潮流运动"],
}
CITIES = ["上海", "北京", "深圳", "苏州", "南京", "广州", "香港", "新加坡", "东京", "法兰克福"]
REASONS_LOST = ["投资方选择落户外地", "项目方案调整取消", "资金链问题终止"]
REASONS_SHELVED = ["投资方内部决策推迟", "等待用地指标", "市场环境观望"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _login(username: str, name: str, title: str, home: OrgUnit, role: str | None = None, **target) -> User:
    user = User.objects.filter(username=username).first() or user_services.user_create(
        actor=None, username=username, password=DEMO_PASSWORD, display_name=name, title=title, home_unit=home
    )
    if role and not user.role_assignments.filter(role=role).exists():
        user_services.role_grant(actor=None, user=user, role=role, **target)
    return user


def _record_only_users(prefix: str, n: int, home: OrgUnit, rng: random.Random) -> list[User]:
    """Cadres who appear only in personnel records (no demo login): one password hash shared, so
    the demo does not spend a minute hashing; every row is still audited by cadre_create."""
    unusable = make_password(None)
    users = [
        User(
            username=f"{prefix}{i:03d}",
            display_name=_name(rng),
            home_unit=home,
            password=unusable,
            title="干部",
        )
        for i in range(1, n + 1)
    ]
    User.objects.bulk_create(users)
    return list(User.objects.filter(username__startswith=prefix).order_by("username"))


def build(stdout=None) -> dict:

    if TaskForce.objects.exists():
        return {}
    district = OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT).order_by("path").first()
    teams = {t.name: t for t in Team.objects.filter(kind=TeamKind.TASK_FORCE, org_unit=district)}
    if district is None or len(teams) < 4:
        return {}
    rng = random.Random(15)
    today = timezone.localdate()
    year = today.year if today >= dt.date(today.year, 4, 2) else today.year - 1
    counts = {"task forces": 0, "cadres": 0, "projects": 0, "trips": 0, "quarters": 0, "cohorts": 0}
    forces = _task_forces(district, teams, rng, year, counts)
    grids = list(
        OrgUnit.objects.filter(kind=OrgUnitKind.GRID, path__startswith=district.path).order_by("path")
    )
    _projects(forces, grids, rng, year, today, counts)
    _trips(forces, rng, year, today, counts)
    _conflicts(forces, today)
    _quarters(district, forces, year, today, counts)
    _cadres(district, forces, rng, year, counts)
    counts["projects"] = Project.objects.count()
    if stdout is not None:
        stdout.write(
            "  investment logins: tf_finance_1 (金融基金突击队 队长), leader_finance (帮带领导), "
            "org_dept (组织部)"
        )
    return counts


def _task_forces(district, teams, rng, year, counts) -> list[dict]:

    forces = []
    for team_name, direction, leader_name, leader_title in TEAMS:
        mentor = _login(f"leader_{direction}", leader_name, leader_title, district)
        members = [_login(f"tf_{direction}_{i}", _name(rng), "招商突击队队员", district) for i in range(1, 6)]
        tf = taskforce_setup(
            actor=None,
            team=teams[team_name],
            direction=direction,
            term_start=dt.date(year, 1, 1),
            term_end=dt.date(year + 1, 12, 31),
            mentor=mentor,
            members=members,
            lead=members[0],
            groups=2,
            visits_per_day=4,
            quarter_target=5,
        )
        counts["task forces"] += 1
        counts["cadres"] += 5
        forces.append(
            {"tf": tf, "direction": direction, "members": members, "mentor": mentor, "projects": []}
        )
    _login("org_dept", "郑丽君", "区委组织部 干部科科长", district, Role.ORG_DEPARTMENT, org_unit=district)
    return forces


def _walk(
    project, member, stages: list[tuple[str, dt.date]], *, uscc: str = "", grid=None, company: str = ""
):
    """Advance a project one gate at a time on the given dates, through the real driver."""

    for stage, on in stages:
        kwargs: dict = {}
        if stage == "signed":
            kwargs["agreement_document"] = ContentFile(
                b"%PDF-1.4 demo agreement", name=f"agreement-{project.pk}.pdf"
            )
        if stage == "landed":
            kwargs.update(uscc=uscc, grid=grid, company_name=company)
        reason = ""
        if stage == "shelved":
            reason = REASONS_SHELVED[project.pk % len(REASONS_SHELVED)]
        elif stage == "lost":
            reason = REASONS_LOST[project.pk % len(REASONS_LOST)]
        project = project_move(actor=member, project=project, to=stage, on=on, reason=reason, **kwargs)
    return project


def _new(
    force, rng, investor: str, registered: dt.date, amount: Decimal, *, fund: bool = False, hq: bool = False
):

    d = force["direction"]
    members = force["members"]
    cadres = rng.sample(members, 2 if rng.random() < 0.4 else 1)
    fields = {"fund_size": amount, "is_fund": True} if fund else {"planned_investment": amount}
    project = project_create(
        actor=members[0],
        team=force["tf"].team,
        name=f"{investor}{'基金' if fund else '总部' if hq else '项目'}",
        investor_name=f"{rng.choice(CITIES)}{investor}有限公司"
        if rng.random() < 0.3
        else f"{investor}有限公司",
        direction=d,
        registered_on=registered,
        cadres=cadres,
        industry_code=INDUSTRY[d],
        investor_city=rng.choice(CITIES),
        registered_capital=(amount / 5).quantize(Decimal("0.01")),
        is_headquarters=hq,
        is_fortune500=rng.random() < 0.1,
        source=rng.choice(["visit", "referral", "agent", "fair", "inbound"]),
        confirm_duplicates=True,
        **fields,
    )
    force["projects"].append(project)
    return project


_serial = iter(range(1, 100000))


def _land_args(grids, rng, investor: str) -> dict:
    n = next(_serial)
    return {
        "uscc": make_uscc("330113", f"MA7Q{n:04d}"),
        "grid": rng.choice(grids),
        "company": f"{investor}（杭州）有限公司",
    }


def _projects(forces, grids, rng, year, today, counts) -> None:
    # Q1: 18 landed, 6 of them ≥ 10亿元 (the finance team's 50亿元 fund among them)
    big = [Decimal(x) for x in ("50", "30", "20", "15", "12", "10")]
    small = [Decimal(x) for x in ("0.5", "0.8", "1.2", "2", "3", "3.5", "5", "6", "8", "1", "2.5", "4")]
    per_team = [5, 4, 5, 4]  # hq, future, finance, fashion
    amounts = iter(
        big[1:3] + small[:3] + [big[3]] + small[3:6] + [big[0], big[4]] + small[6:9] + [big[5]] + small[9:]
    )
    k = 0
    for force, n in zip(forces, per_team, strict=True):
        for _i in range(n):
            amount = next(amounts)
            landed = dt.date(year, 1, 8) + dt.timedelta(days=4 * k)
            k += 1
            registered = landed - dt.timedelta(days=70)
            investor = f"{INVESTORS[force['direction']][_i % 6]}{'' if _i < 6 else _i}"
            p = _new(
                force,
                rng,
                investor,
                registered,
                amount,
                fund=force["direction"] == "finance" and amount == 50,
                hq=force["direction"] == "headquarters",
            )
            member = force["members"][0]
            steps = [
                ("contact", registered + dt.timedelta(days=10)),
                ("negotiating", registered + dt.timedelta(days=25)),
                ("signed", registered + dt.timedelta(days=45)),
                ("landed", landed),
            ]
            if landed + dt.timedelta(days=60) < today:
                steps.append(("started", landed + dt.timedelta(days=60)))
            if landed + dt.timedelta(days=200) < today and rng.random() < 0.5:
                steps.append(("producing", landed + dt.timedelta(days=200)))
            _walk(p, member, steps, **_land_args(grids, rng, investor))
    # the rest of the year: leads from March on, moving 10–30 days per gate, some shelved or lost
    finals = ["lead", "contact", "negotiating", "signed", "landed", "started", "producing", "shelved", "lost"]
    weights = [14, 14, 20, 12, 14, 8, 4, 7, 7]
    order = ["contact", "negotiating", "signed", "landed", "started", "producing"]
    span = max((today - dt.timedelta(days=12) - dt.date(year, 3, 1)).days, 1)
    names = {d: [p + w for p in PREFIXES for w in words] for d, words in WORDS.items()}
    for pool in names.values():
        rng.shuffle(pool)
    for i in range(96):
        force = forces[i % 4]
        registered = dt.date(year, 3, 1) + dt.timedelta(days=rng.randrange(span))
        amount = Decimal(rng.choice(["0.3", "0.6", "1", "1.5", "2", "3", "5", "8", "12", "20"]))
        investor = names[force["direction"]].pop()
        p = _new(
            force,
            rng,
            investor,
            registered,
            amount,
            fund=force["direction"] == "finance" and rng.random() < 0.5,
        )
        final = rng.choices(finals, weights)[0]
        target = {"shelved": rng.choice(order[:3]), "lost": rng.choice(order[:2])}.get(final, final)
        steps, on = [], registered
        for stage in order[: order.index(target) + 1] if target != "lead" else []:
            on = on + dt.timedelta(days=rng.randint(10, 30))
            if on > today:
                break
            steps.append((stage, on))
        if final in {"shelved", "lost"} and on + dt.timedelta(days=7) <= today:
            steps.append((final, on + dt.timedelta(days=7)))
        _walk(p, rng.choice(force["members"]), steps, **_land_args(grids, rng, investor))


def _trips(forces, rng, year, today, counts) -> None:

    day = dt.date(year, 1, 6)
    week = 0
    while day <= today:
        for force in forces:
            finance = force["direction"] == "finance"
            people = force["members"] if finance else rng.sample(force["members"], rng.randint(3, 5))
            n_visits = 4 if finance else rng.randint(2, 4)
            names = INVESTORS[force["direction"]]
            leads = [p for p in force["projects"] if p.registered_on <= day]
            visits = []
            for j in range(n_visits):
                if leads and rng.random() < 0.5:
                    p = rng.choice(leads)
                    visits.append({"company": p.investor_name, "project": p, "notes": "跟进洽谈进度"})
                else:
                    visits.append(
                        {
                            "company": f"{rng.choice(CITIES)}{rng.choice(names)}{week}{j}",
                            "notes": "初次拜访",
                        }
                    )
            when = day + dt.timedelta(days=forces.index(force))
            if when > today:
                continue
            trip_create(
                actor=force["members"][0],
                team=force["tf"].team,
                date=when,
                city="杭州" if week % 3 else rng.choice(CITIES),
                cadres=people,
                groups=2 if len(people) >= 4 else 1,
                outcome="5人分两组，一天走访4家" if finance else "走访企业、对接项目",
                visits=visits,
            )
            counts["trips"] += 1
        day += dt.timedelta(days=7)
        week += 1


def _conflicts(forces, today) -> None:

    admin = User.objects.filter(username="admin").first()
    fashion, hq = forces[3], forces[0]
    for n, (force, earlier) in enumerate(((fashion, hq["projects"][0]), (hq, forces[1]["projects"][1]))):
        project_create(
            actor=force["members"][1],
            team=force["tf"].team,
            name=f"{earlier.investor_key}区域总部",
            investor_name=f"{earlier.investor_key}（杭州）有限公司",
            direction=force["direction"],
            planned_investment=Decimal("2"),
            registered_on=today - dt.timedelta(days=20 - n),
            confirm_duplicates=True,
        )
    first = LeadConflict.objects.order_by("pk").first()
    if first is not None:
        conflict_decide(
            actor=admin,
            conflict=first,
            decision="first_keeps",
            reason="先登记的突击队已签约，按首接负责制由其跟进",
        )


def _quarters(district, forces, year, today, counts) -> None:

    admin = User.objects.filter(username="admin").first()
    for number in range(1, 5):
        start = dt.date(year, 3 * number - 2, 1)
        if start > today:
            break
        q = quarter_open(actor=None, district=district, year=year, number=number)
        counts["quarters"] += 1
        for i, force in enumerate(forces):
            leader_score_set(
                actor=force["mentor"],
                quarter=q,
                subject="team",
                target=force["tf"].team,
                score=Decimal(14 + (i + number) % 5),
                reason=[
                    "攻坚重大项目成效明显",
                    "走访节奏稳定",
                    "储备项目质量高",
                    "基金招引突破",
                    "协同作战能力强",
                ][(i + number) % 5],
            )
            for m in force["members"][:2]:
                leader_score_set(
                    actor=force["mentor"],
                    quarter=q,
                    subject="cadre",
                    target=m,
                    score=Decimal(12 + (i * 3 + number) % 8),
                    reason="一线攻坚表现突出",
                )
        q = Quarter.objects.get(pk=q.pk)
        if q.end < today:
            quarter_close(actor=admin, quarter=q)


def _cadres(district, forces, rng, year, counts) -> None:
    """Cadre records, the two cohorts with courses, then each cohort's postings, front line and promotions."""
    street = (
        OrgUnit.objects.filter(kind=OrgUnitKind.STREET, path__startswith=district.path)
        .order_by("path")
        .first()
        or district
    )
    org = None  # the system writes the demo records; the organisation department reads them
    tf_cadres = []
    for force in forces:
        for m in force["members"]:
            tf_cadres.append(
                svc.cadre_create(actor=org, user=m, org_unit=district, post="科员", employer="区投资促进局")
            )
    academy_extra = [
        svc.cadre_create(
            actor=org,
            user=u,
            org_unit=district,
            post="科员",
            employer=rng.choice(["区发改局", "区商务局", "区经信局", "区财政局"]),
        )
        for u in _record_only_users("qs_", 20, district, rng)
    ]
    kunpeng = [
        svc.cadre_create(
            actor=org,
            user=u,
            org_unit=street,
            post=rng.choice(["社区副主任", "街道科员", "网格长"]),
            employer=street.name,
        )
        for u in _record_only_users("kp_", 73, street, rng)
    ]
    counts["cadres"] += len(academy_extra) + len(kunpeng)
    academy = svc.cohort_create(
        actor=org,
        org_unit=district,
        name=f"青尚学堂{year}届",
        kind="academy",
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
    )
    kp = svc.cohort_create(
        actor=org,
        org_unit=street,
        name="鲲鹏班第三期",
        kind="class",
        start=dt.date(year - 1, 3, 1),
        end=dt.date(year + 1, 2, 28),
    )
    counts["cohorts"] += 2
    members_a = tf_cadres + academy_extra
    for c in members_a:
        svc.cohort_member_add(actor=org, cohort=academy, cadre=c, joined_on=academy.start)
    for c in kunpeng:
        svc.cohort_member_add(actor=org, cohort=kp, cadre=c, joined_on=kp.start)
    for i, title in enumerate(
        [
            "招商引资政策与实务",
            "产业链招商方法",
            "基金招商与资本运作",
            "商务谈判技巧",
            "项目落地全流程服务",
            "总部经济专题",
        ]
    ):
        svc.course_create(
            actor=org,
            org_unit=district,
            cohort=academy,
            title=title,
            date=dt.date(year, 1 + i, 15),
            hours=Decimal(rng.choice(["3", "4", "6"])),
            lecturer=_name(rng),
            attendees=members_a,
        )
    for i, title in enumerate(["基层治理实务", "群众工作方法", "社区营造", "项目领办实务"]):
        svc.course_create(
            actor=org,
            org_unit=street,
            cohort=kp,
            title=title,
            date=dt.date(year - 1, 4 + 2 * i, 10),
            hours=Decimal("4"),
            lecturer=_name(rng),
            attendees=kunpeng,
        )
    _academy_records(forces, tf_cadres, academy_extra, academy, rng, year)
    _kunpeng_records(kunpeng, kp, rng, year)


def _academy_records(forces, tf_cadres, academy_extra, academy, rng, year) -> None:
    org = None
    members_a = tf_cadres + academy_extra
    # 青尚学堂: every task-force cadre is on the front line with a major project; the others support events
    for force, group in zip(forces, [tf_cadres[i : i + 5] for i in range(0, 20, 5)], strict=True):
        for c, p in zip(group, force["projects"], strict=False):
            svc.frontline_add(
                actor=org,
                cadre=c,
                cohort=academy,
                kind="major_project",
                title=f"攻坚{p.name}",
                project=p,
                start=p.registered_on,
            )
    for c in academy_extra:
        for _k in range(rng.randint(1, 3)):
            svc.frontline_add(
                actor=org,
                cadre=c,
                cohort=academy,
                kind="event",
                title="重大活动保障",
                start=dt.date(year, rng.randint(1, 10), rng.randint(1, 28)),
            )
    for c in rng.sample(members_a, 12):
        svc.promotion_add(
            actor=org,
            cadre=c,
            cohort=academy,
            date=dt.date(year, rng.randint(6, 11), 1),
            new_post=rng.choice(["副科长", "科长", "副主任"]),
            note="重大项目攻坚中表现突出",
        )


def _kunpeng_records(kunpeng, kp, rng, year) -> None:
    org = None
    # 鲲鹏班 (seed figures): 67 front-line person-times, 12 rotations across communities
    kinds = ["down"] * 30 + ["shadow"] * 20 + ["project"] * 10
    for c, kind in zip(kunpeng, kinds, strict=False):
        unit = {"down": "星桥村", "shadow": "街道综治中心", "project": "老旧小区改造项目"}[kind]
        svc.posting_add(
            actor=org,
            cadre=c,
            cohort=kp,
            kind=kind,
            unit=unit,
            start=dt.date(year - 1, rng.randint(5, 12), 1),
        )
    for c in kunpeng[60:67]:
        svc.frontline_add(
            actor=org,
            cadre=c,
            cohort=kp,
            kind="event",
            title="亚运场馆周边保障",
            start=dt.date(year - 1, 9, 1),
        )
    for c in kunpeng[:12]:
        svc.posting_add(
            actor=org,
            cadre=c,
            cohort=kp,
            kind="rotation",
            unit=f"{rng.choice('东南西北')}湖社区",
            start=dt.date(year, 3, 1),
        )
    for c in kunpeng[12:20]:
        svc.posting_add(
            actor=org, cadre=c, cohort=kp, kind="up", unit="区委组织部", start=dt.date(year, 1, 1)
        )
    for c in rng.sample(kunpeng, 9):
        svc.promotion_add(
            actor=org,
            cadre=c,
            cohort=kp,
            date=dt.date(year, rng.randint(2, 10), 1),
            new_post="社区主任",
            note="项目领办成效突出",
        )
