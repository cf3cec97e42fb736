"""Demo data of the events module: a realistic year of the demo district's events, through the
real services (so every registration went through the state machine and is audited).

About 60 events across the types: trainings ("从重点企业研发费用提升行动到'小巨人'申请"), policy
briefings (外经贸政策解读), 百场千企 matchmaking with deals, the 金融赋能·专精特新贷 joint Party-
building event with banks, a 小巨人 coaching day with 24 firms one to one, 美育活动 in 星桥村 and a
kite festival with its figures. Registrations overflow some events into waitlists (some promoted
by cancellations); past events have check-ins, no-shows, feedback and requests raised.

Listed in settings.CHRYSALIS_DEMO_BUILDERS after the service builder. Idempotent: when demo events
exist it adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from chrysalis.accounts.models import OrgUnit, User
from chrysalis.cultivation.models import CoachingPlan
from chrysalis.enterprises.models import Enterprise
from chrysalis.events.choices import EventKind, RegStatus
from chrysalis.events.models import Event, Registration
from chrysalis.events.services import events as event_services
from chrysalis.events.services import outcomes
from chrysalis.events.services import registrations as regs
from chrysalis.events.services.invitations import invite
from chrysalis.support.services.requests import request_transition
from chrysalis.villages.demo import STREET, VILLAGES  # events sit above villages (layer order)
from chrysalis.villages.services.figures import figures_import

TITLES = {
    "training": [
        "从重点企业研发费用提升行动到“小巨人”申请",
        "研发费用加计扣除实务培训",
        "专精特新企业申报辅导培训",
        "企业数字化改造实务培训",
        "高新技术企业认定政策培训",
        "知识产权质押融资实务",
    ],
    "policy_briefing": [
        "外经贸政策解读会",
        "2026年工业企业技改补助政策解读",
        "出口信用保险政策解读",
        "稳岗留工政策解读",
    ],
    "matchmaking": ["“百场千企”产需对接会", "“百场千企”银企对接会", "“百场千企”产业链上下游对接会"],
    "party_building": ["金融赋能·专精特新贷政策解读暨专精特新党建联建活动", "党建联建·链上企业共建活动"],
    "arts": ["艺术村长美育工作坊", "星桥村乡村美术展", "非遗手作体验课", "乡村音乐会"],
    "other": ["企业家沙龙", "人才招聘会"],
}
PLAN = [
    ("training", 15),
    ("policy_briefing", 12),
    ("matchmaking", 9),
    ("party_building", 5),
    ("arts", 9),
    ("other", 5),
    ("coaching_day", 3),
    ("festival", 2),
]
VENUES = [
    "经开区企业服务中心一楼报告厅",
    "临平新城科创园路演厅",
    "东湖街道文化家园",
    "星桥村文化礼堂",
    "区行政服务中心三楼会议室",
]
QUESTIONS = [
    "希望了解研发费用归集口径。",
    "专精特新贷的额度和利率？",
    "申报小巨人需要哪些材料？",
    "能否协调解决用工问题？",
    "",
    "",
]
COUNTERPARTIES = [
    "杭州银行临平支行",
    "浙商银行杭州分行",
    "中国银行临平支行",
    "杭州汽轮动力集团",
    "老板电器",
    "杭叉集团",
]
PEOPLE = ["王磊 总经理", "李娜 财务总监", "张强 研发经理", "刘洋 行政主管", "陈静 董事长助理"]
INVITATION_ONLY = ("matchmaking", "coaching_day", "party_building")
REQUESTS_RAISED_AT = ("training", "policy_briefing", "matchmaking", "party_building", "coaching_day")
EXPERTS = ["省中小企业服务中心 陈教授", "浙江工业大学 周老师", "会计师事务所 吴会计师"]


def build_events(stdout=None) -> dict:

    if Event.objects.filter(description__startswith="[demo]").exists():
        return {"events": 0}
    units = {
        u.code: u
        for u in OrgUnit.objects.filter(code__in=["ZONE-A", "ZONE-B", "STREET-C", "STREET-D", "VILLAGE-D1"])
    }
    if len(units) < 4 or not Enterprise.objects.exists():
        return {"events": 0}
    actors = {
        "ZONE-A": User.objects.filter(username="officer_a").first(),
        "ZONE-B": User.objects.filter(username="officer_b").first(),
        "VILLAGE-D1": User.objects.filter(username="village").first(),
    }
    rng = random.Random(2026)
    return _build(rng, units, actors)


@dataclass
class _Year:
    """What the demo year's steps share."""

    rng: random.Random
    units: dict
    actors: dict
    now: dt.datetime
    firms_by_unit: dict
    key_firms: list
    enterprise_user_firm: Enterprise | None
    counts: dict = field(
        default_factory=lambda: dict.fromkeys(
            ["events", "registrations", "waitlisted", "checked_in", "requests", "deals", "slots"], 0
        )
    )


def _build(rng, units, actors) -> dict:
    zone_a = units["ZONE-A"].path
    y = _Year(
        rng=rng,
        units=units,
        actors=actors,
        now=timezone.now(),
        firms_by_unit={
            code: list(Enterprise.objects.filter(org_unit__path__startswith=u.path).order_by("pk")[:400])
            for code, u in units.items()
        },
        key_firms=list(
            Enterprise.objects.filter(key_firm=True, org_unit__path__startswith=zone_a).order_by("pk")
        ),
        enterprise_user_firm=Enterprise.objects.filter(uscc__contains="MA2H", org_unit__code="A1")
        .order_by("pk")
        .first(),
    )
    schedule = [(kind, i) for kind, n in PLAN for i in range(n)]
    rng.shuffle(schedule)
    for idx, (kind, i) in enumerate(schedule):
        _one_event(y, idx, len(schedule), kind, i)
    return y.counts


def _one_event(y: _Year, idx: int, total: int, kind: str, i: int) -> None:
    """One event of the year: planned, invited, registered; if it is over, held and followed up."""
    event, code, hours = _plan(y, idx, total, kind, i)
    if kind == "festival":
        _festival(event, i)
        return
    firms = y.firms_by_unit.get(code) or y.firms_by_unit["ZONE-A"]
    made = _register_firms(y, event, kind, code, firms)
    _cancel_some(y, made, event.starts_at)
    if event.starts_at + dt.timedelta(hours=hours) > y.now:
        return
    attended = _hold(y, event, kind, firms, y.actors.get(code), hours)
    _feedback(y, attended, event.starts_at)
    _raise_requests(y, event, kind, attended)
    _deals(y, event, kind, attended)
    if kind == "coaching_day":
        y.counts["slots"] += _coaching(event, attended, y.actors.get(code), y.rng)


def _plan(y: _Year, idx: int, total: int, kind: str, i: int) -> tuple[Event, str, int]:
    rng = y.rng
    # spread over the last 11 months and the next 5 weeks, working-day afternoons
    day = (y.now - dt.timedelta(days=330)) + dt.timedelta(days=int(idx * 365 / total))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    start = timezone.localtime(day).replace(
        hour=14 if kind != "festival" else 9, minute=0, second=0, microsecond=0
    )
    village = kind in ("arts", "festival")
    if village:
        code = "VILLAGE-D1" if "VILLAGE-D1" in y.units else "STREET-D"
    else:
        code = rng.choice(["ZONE-A", "ZONE-A", "ZONE-A", "ZONE-B", "STREET-C"])
    if kind == "coaching_day":
        title = "“小巨人”申报一对一专家辅导日" if i == 0 else f"专精特新一对一辅导日（第{i + 1}期）"
        capacity, hours = 30, 6
    elif kind == "festival":
        title = "灵山风筝节" if i == 0 else "龙坞音乐节"
        capacity, hours = None, 8
    else:
        title = TITLES[kind][i % len(TITLES[kind])]
        capacity = rng.choice([15, 20, 25, 30]) if kind != "arts" else rng.choice([12, 15, None])
        hours = 2 if kind != "matchmaking" else 3
    event = event_services.event_create(
        actor=None,
        title=title,
        kind=kind,
        organiser_unit=y.units[code],
        venue="星桥村文化礼堂" if village else VENUES[idx % len(VENUES)],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        capacity=capacity,
        registration_opens_at=start - dt.timedelta(days=21),
        registration_closes_at=start - dt.timedelta(hours=2),
        cancel_closes_at=start - dt.timedelta(days=1),
        visibility="invitation" if kind in INVITATION_ONLY else "public",
        tier_target="little_giant" if kind == "coaching_day" else "",
        village=y.units.get("VILLAGE-D1") if village else None,
        description="[demo] " + ("美育进乡村。" if village else "面对面倾听企业建议和诉求。"),
        co_organisers=_co_organisers(kind),
    )
    y.counts["events"] += 1
    return event, code, hours


def _register_firms(y: _Year, event: Event, kind: str, code: str, firms: list) -> list[Registration]:
    rng, start = y.rng, event.starts_at
    pool = y.key_firms if kind == "coaching_day" and len(y.key_firms) >= 26 else firms
    wanted = 26 if kind == "coaching_day" else int((event.capacity or 20) * rng.uniform(0.6, 1.2))
    chosen = rng.sample(pool, min(wanted, len(pool)))
    own = y.enterprise_user_firm
    if own and code == "ZONE-A" and own not in chosen and rng.random() < 0.5:
        chosen[0:0] = [own]
    if kind in INVITATION_ONLY:
        invite(
            actor=None,
            event=event,
            enterprises=Enterprise.objects.filter(pk__in=[f.pk for f in chosen]),
            source_label="[demo]",
            now=start - dt.timedelta(days=20),
        )
    made = []
    for j, firm in enumerate(chosen):
        at = start - dt.timedelta(days=20) + dt.timedelta(minutes=17 * j + rng.randint(0, 10))
        if at > y.now:
            break
        reg = regs.register(
            actor=None,
            event=event,
            enterprise=firm,
            attendees=rng.sample(PEOPLE, rng.randint(1, 2)),
            questions=rng.choice(QUESTIONS),
            now=at,
        )
        made.append(reg)
        y.counts["registrations"] += 1
        y.counts["waitlisted"] += reg.status == RegStatus.WAITLISTED
    return made


def _cancel_some(y: _Year, made: list[Registration], start: dt.datetime) -> None:
    """A few cancellations before the cut-off (the waitlist moves up)."""
    for reg in y.rng.sample(made, min(len(made) // 12, len(made))):
        at = min(start - dt.timedelta(days=2), y.now)
        if reg.status in (RegStatus.CONFIRMED, RegStatus.WAITLISTED) and at > reg.registered_at:
            regs.registration_transition(
                actor=None, registration=reg, event="cancel", reason="企业临时有事", now=at
            )


def _hold(y: _Year, event: Event, kind: str, firms: list, staff, hours: int) -> list[Registration]:
    """The day itself: check-ins at the door, sometimes a walk-in, then the no-shows."""
    rng, start = y.rng, event.starts_at
    rate = 0.96 if kind == "coaching_day" else 0.82
    for reg in Registration.objects.filter(event=event, status=RegStatus.CONFIRMED):
        if rng.random() < rate:
            regs.check_in(actor=staff, registration=reg, now=start - dt.timedelta(minutes=rng.randint(0, 25)))
            y.counts["checked_in"] += 1
    if rng.random() < 0.3:
        walk = rng.choice(firms)
        if not Registration.objects.filter(event=event, enterprise=walk).exists():
            regs.walk_in(
                actor=staff,
                event=event,
                enterprise=walk,
                attendees=["现场 来宾"],
                now=start + dt.timedelta(minutes=10),
            )
            y.counts["checked_in"] += 1
    regs.mark_no_shows(actor=staff, event=event, now=start + dt.timedelta(hours=hours, minutes=5))
    return list(
        Registration.objects.filter(event=event, status=RegStatus.CHECKED_IN).select_related("enterprise")
    )


def _feedback(y: _Year, attended: list[Registration], start: dt.datetime) -> None:
    rng = y.rng
    for reg in attended:
        if rng.random() < 0.55:
            regs.feedback_give(
                actor=None,
                registration=reg,
                rating=rng.choices([5, 4, 3, 2], [50, 35, 12, 3])[0],
                comment=rng.choice(["很有收获", "希望多举办", "时间有点紧", ""]),
                now=start + dt.timedelta(days=1),
            )


def _raise_requests(y: _Year, event: Event, kind: str, attended: list[Registration]) -> None:
    if kind not in REQUESTS_RAISED_AT or not attended:
        return
    rng, start = y.rng, event.starts_at
    for reg in rng.sample(attended, min(len(attended), rng.randint(0, 3))):
        req = outcomes.request_raise(
            actor=None,
            event=event,
            enterprise=reg.enterprise,
            category=rng.choice(["finance", "policy", "talent", "land"]),
            title=rng.choice(["专精特新贷对接", "研发费用归集咨询", "扩产用地需求", "人才公寓申请"]),
            description=f"在{event.title}现场提出。",
            now=start + dt.timedelta(hours=1),
        )
        y.counts["requests"] += 1
        _follow_up(req, start, y.now, rng)


def _deals(y: _Year, event: Event, kind: str, attended: list[Registration]) -> None:
    if kind not in ("matchmaking", "party_building") or not attended:
        return
    rng = y.rng
    bank = kind == "party_building" or "银企" in event.title
    for reg in rng.sample(attended, min(len(attended), rng.randint(2, 6))):
        outcomes.deal_create(
            actor=None,
            event=event,
            enterprise=reg.enterprise,
            counterparty=rng.choice(COUNTERPARTIES),
            kind="bank_loan" if bank else "buyer_supplier",
            amount=Decimal(rng.choice([100, 200, 300, 500, 800, 1000, 2000])),
            stage=rng.choices(["intent", "signed", "landed"], [50, 35, 15])[0],
            follow_up="对接会后一周内回访。",
        )
        y.counts["deals"] += 1


def _follow_up(req, raised: dt.datetime, now: dt.datetime, rng) -> None:
    """Requests raised weeks ago were signed for and answered (most), some confirmed by the firm."""

    if req.department_id is None or now - raised < dt.timedelta(days=10) or rng.random() < 0.15:
        return
    req = request_transition(actor=None, request=req, event="sign", now=raised + dt.timedelta(hours=20))
    req = request_transition(
        actor=None,
        request=req,
        event="answer",
        reason="已对接相关科室和合作银行，答复企业。",
        now=raised + dt.timedelta(days=rng.randint(2, 8)),
    )
    if rng.random() < 0.6:
        request_transition(
            actor=None,
            request=req,
            event="confirm",
            satisfaction=rng.choice([4, 5, 5]),
            reason="企业电话确认",
            now=raised + dt.timedelta(days=9),
        )


def _co_organisers(kind: str):
    if kind == "party_building":
        return [("bank", "杭州银行临平支行"), ("bank", "浙商银行杭州分行"), ("department", "区委组织部")]
    if kind == "matchmaking":
        return [("department", "区经济和信息化局"), ("association", "临平区工商联")]
    if kind == "coaching_day":
        return [("expert", e) for e in EXPERTS]
    if kind == "policy_briefing":
        return [("department", "区商务局")]
    if kind == "festival":
        return [("department", "区文化和广电旅游体育局")]
    return []


def _festival(event, i: int) -> None:
    if i == 0:
        outcomes.figures_save(
            actor=None,
            event=event,
            participants=42,
            visitors=10500,
            attendance=10500,
            box_office=None,
            source="organiser",
            source_note="来自6个国家的42支队伍；主办方统计",
        )
    else:
        outcomes.figures_save(
            actor=None,
            event=event,
            participants=12,
            visitors=18000,
            attendance=18000,
            box_office=Decimal("300"),
            source="ticketing",
            source_note="票务平台数据，票房约300万元",
        )


def _coaching(event, attended, actor, rng) -> int:

    slots = []
    for expert in EXPERTS:
        slots += outcomes.slots_create(
            actor=None, event=event, expert=expert, first_start=event.starts_at, minutes=45, count=8
        )
    for slot, reg in zip(slots, attended, strict=False):
        outcomes.slot_book(actor=None, slot=slot, registration=reg)
        has_plan = CoachingPlan.objects.filter(entry__enterprise_id=reg.enterprise_id).exists()
        if actor is not None and has_plan or rng.random() < 0.7:
            slot.refresh_from_db()
            outcomes.slot_notes(
                actor=actor if has_plan else None,
                slot=slot,
                notes=rng.choice(
                    [
                        "研发投入占比需提升到3%以上，建议完善研发辅助账。",
                        "主导产品市场占有率佐证材料不足，需补充第三方报告。",
                        "建议先申报省级专精特新，再冲击小巨人。",
                    ]
                ),
            )
    return len(slots)


# --- 美育活动 in 转塘街道's villages (issue 16: "400+ 美育活动 through the events module") ---------

ARTS_MARK = "[demo:美育] "
ARTS_TOTAL = 420
ARTS_TITLES = [
    "艺术村长美育工作坊",
    "乡村写生课",
    "非遗手作体验课",
    "茶艺与茶器美学课",
    "乡村音乐会",
    "少儿美术课堂",
    "村民摄影展",
    "竹编与草木染工坊",
    "乡村戏剧排演",
    "亲子陶艺体验",
]
ARTS_VENUES = ["文化礼堂", "艺术街区", "村史馆", "农家书屋", "共享画室"]


def build_village_activities(stdout=None) -> dict:
    """400+ past 美育活动 spread over 转塘街道's villages (the villages demo's street, built just
    before in settings.CHRYSALIS_DEMO_BUILDERS) across the twelve months that ended yesterday, each
    with its attendance (organiser's count); then the villages module imports them as the monthly
    "活动参与人次" figures (source: events module), never typed twice.

    Through the events services (event_create, figures_save: validated and audited) as the system
    actor. Idempotent: when the street's demo activities exist it adds nothing (the figure import
    still runs, and finds nothing new)."""
    street = OrgUnit.objects.filter(code=STREET[1]).first()
    if street is None:
        return {"activities": 0}
    weights = {code: weight for _name, code, *_rest, weight in VILLAGES}
    units = list(
        OrgUnit.objects.filter(code__in=list(weights), path__startswith=street.path).order_by("path")
    )
    counts = {"activities": 0, "attendance": 0}
    marked = Event.objects.filter(
        kind=EventKind.ARTS, village__path__startswith=street.path, description__startswith=ARTS_MARK
    )
    if units and not marked.exists():
        counts = _arts_year(units, weights)
    imported = figures_import(actor=None)
    counts["figures"] = imported["created"] + imported["updated"]
    return counts


def _arts_year(units: list[OrgUnit], weights: dict[str, int]) -> dict:
    rng = random.Random(16)
    now = timezone.now()
    first = timezone.localdate(now) - dt.timedelta(days=365)
    pool = [unit for unit in units for _ in range(weights[unit.code])]
    counts = {"activities": 0, "attendance": 0}
    for i in range(ARTS_TOTAL):
        unit = rng.choice(pool)
        day = first + dt.timedelta(days=int(i * 364 / ARTS_TOTAL))
        hour = 9 if day.weekday() >= 5 else rng.choice([14, 15, 19])
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
        if start + dt.timedelta(hours=2) > now:
            continue
        short = unit.name.split("（")[0]
        title = ARTS_TITLES[(i + len(short)) % len(ARTS_TITLES)]
        event = event_services.event_create(
            actor=None,
            title=f"{short}·{title}",
            kind=EventKind.ARTS,
            organiser_unit=unit,
            venue=f"{short}{ARTS_VENUES[i % len(ARTS_VENUES)]}",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            capacity=None,
            visibility="public",
            village=unit,
            description=ARTS_MARK + "艺术村长带领村民与游客参与的美育活动。",
        )
        crowd = "音乐会" in title or "展" in title  # concerts and shows draw more than workshops
        attendance = rng.randint(80, 300) if crowd else rng.randint(25, 60)
        outcomes.figures_save(
            actor=None,
            event=event,
            attendance=attendance,
            source="organiser",
            source_note="主办村签到统计",
        )
        counts["activities"] += 1
        counts["attendance"] += attendance
    return counts
