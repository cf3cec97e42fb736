"""Demo data of the programmes module: the 八大行动 of the district over the demo year, each with
measures and targets computed from the other modules' demo data (plus two manual targets with their
evidence), monthly snapshots from January to now, a listing track of a dozen firms and two reports
(one issued, one draft).

Targets are set from the data so that the leader's page tells a story: some achieved or on track,
some at risk, some behind. Every write goes through the services as the system actor. Idempotent:
when the first programme exists nothing is added.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, Decimal

from django.utils import timezone

from chrysalis.accounts.choices import OrgUnitKind
from chrysalis.accounts.models import OrgUnit
from chrysalis.enterprises.models import Enterprise
from chrysalis.programmes import metrics
from chrysalis.programmes.models import Programme
from chrysalis.programmes.progress import time_share
from chrysalis.programmes.services import evaluation
from chrysalis.programmes.services import programmes as services
from chrysalis.programmes.services import reports as report_services
from chrysalis.support.models import ServiceRequest

# Pace factor: targets are set so that progress = pace × time elapsed today (the status rule: on
# track from 1, at risk from 0.9, behind below).
ON, RISK, BEHIND = Decimal("1.05"), Decimal("0.95"), Decimal("0.7")
RATES = {"requests_on_time": Decimal(100), "officer_coverage": Decimal(100), "satisfaction": Decimal(5)}

# (name, lead unit, description, measures, targets); a target: (name, metric, params, owner, pace)
PROGRAMMES = [
    (
        "专精特新扬帆行动",
        "区经信局",
        "深化梯度培育，推动创新型中小企业—专精特新—小巨人逐级跃升。",
        [("梯度培育库动态管理", "区经信局", "各街道、平台"), ("专精特新申报辅导", "区经信局", "区科技局")],
        [
            ("有效期内专精特新企业数", "titles_valid", {"kind": "zjtx_sme"}, "区经信局 王科长", ON),
            ("本年新增专精特新企业", "titles_new", {"kind": "zjtx_sme"}, "区经信局 王科长", BEHIND),
            ("培育库重点培育及以上企业", "pool_stage", {"stage": "key"}, "各平台", RISK),
        ],
    ),
    (
        "上市培育凤凰行动",
        "区金融办",
        "建立上市后备企业库，分层辅导，推动股改、辅导备案与申报。",
        [("上市后备库扩容", "区金融办", "各平台")],
        [
            ("上市后备库企业数", "listing_track", {"stage": "cultivating"}, "区金融办 李主任", ON),
            ("完成股改及以上企业", "listing_track", {"stage": "shareholding"}, "区金融办 李主任", BEHIND),
        ],
    ),
    (
        "科技创新尖兵行动",
        "区科技局",
        "支持重点企业加大研发投入，培育高新技术企业。",
        [("研发费用加计扣除政策宣讲", "区科技局", "区税务局")],
        [
            ("重点企业研发费用（上年）", "key_firm_rd", {"year": 2025}, "区科技局 赵科长", ON),
            ("新增高新技术企业", "titles_new", {"kind": "high_tech_enterprise"}, "区科技局 赵科长", RISK),
        ],
    ),
    (
        "商贸出口护航行动",
        "区商务局",
        "帮助外贸企业稳订单、拓市场，护航出口。",
        [("重点外贸企业走访", "区商务局", "海关、税务")],
        [("重点外贸企业出口额", "", {}, "区商务局 陈科长", None)],
    ),
    (
        "数字平台赋能行动",
        "区数据局",
        "搭建政企对接平台，组织供需对接与产业链招商。",
        [("百场千企供需对接", "区数据局", "各平台")],
        [
            ("供需对接活动场次", "events_held", {"kind": "matchmaking"}, "区数据局 周科长", ON),
            ("招商项目落地金额", "projects_amount", {}, "招商突击队", RISK),
            ("10亿元以上项目落地", "projects_landed", {"min_amount": 10}, "招商突击队", RISK),
        ],
    ),
    (
        "企服品牌深化行动",
        "区企业服务中心",
        "打响“亲清在线”企服品牌，诉求按时办结、企业满意。",
        [("诉求办理限时承诺", "区企业服务中心", "各职能部门")],
        [
            ("诉求按时答复率", "requests_on_time", {}, "区企业服务中心", ON),
            ("企业满意度", "satisfaction", {}, "区企业服务中心", RISK),
        ],
    ),
    (
        "助企力量焕新行动",
        "区委组织部",
        "助企服务专员全覆盖，活动触达更多企业。",
        [("助企服务专员结对", "区委组织部", "各平台")],
        [
            ("规上企业专员覆盖率", "officer_coverage", {}, "各平台", ON),
            ("活动触达企业数", "firms_reached", {}, "各平台", ON),
        ],
    ),
    (
        "痛点难点攻坚行动",
        "区发改局",
        "聚焦企业反映集中的痛点难点问题，清单化攻坚。",
        [("痛点难点问题清单", "区发改局", "各职能部门")],
        [
            ("痛点难点诉求解决数", "tagged_resolved", {"tag": "痛点难点"}, "区发改局 孙科长", RISK),
            ("数字化转型企业数（人工填报）", "", {}, "区经信局", None),
        ],
    ),
]
MANUAL = {
    "重点外贸企业出口额": (
        "亿元",
        Decimal("120"),
        Decimal("140"),
        "区商务局根据海关月度统计填报",
        Decimal("1.0"),
    ),
    "数字化转型企业数（人工填报）": (
        "家",
        Decimal("40"),
        Decimal("80"),
        "区经信局数字化改造项目验收名单",
        Decimal("0.8"),
    ),
}


def _district() -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT).order_by("path").first()


def _target_value(metric_code, params, unit, start, deadline, today, pace) -> tuple[Decimal, Decimal]:
    """(baseline, target) from the data so that progress = pace × time elapsed: a stock starts from its
    value at the start, a rate (%, points) from 90 % of its value now, a count from zero."""
    metric = metrics.get(metric_code)
    p = metric.clean_params(params)
    day = min(today, deadline)
    value = metric.compute(metrics.Window(unit.path, start, day), p)
    rate = metric_code in RATES
    if rate:
        baseline = (value * Decimal("0.9")).quantize(Decimal("0.1"))
    elif metric.kind == "stock":
        baseline = metric.compute(metrics.Window(unit.path, start, start), p)
    else:
        baseline = Decimal(0)
    progress = value - baseline
    if progress <= 0:  # nothing moved yet: a modest target, and the page says it is behind
        return baseline, baseline + max(Decimal(1), (value * Decimal("0.1")).quantize(Decimal("1")))
    tau = time_share(start, deadline, day) or Decimal(1)
    target = baseline + progress / (tau * pace)
    if rate:
        return baseline, min(target.quantize(Decimal("0.1"), rounding=ROUND_FLOOR), RATES[metric_code])
    return baseline, target.quantize(Decimal("1"), rounding=ROUND_FLOOR)


def build(stdout=None) -> dict:
    district = _district()
    if district is None or Programme.objects.filter(unit=district, name=PROGRAMMES[0][0]).exists():
        return {"programmes": 0}
    today = timezone.localdate()
    year = today.year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts = {"programmes": 0, "targets": 0, "snapshots": 0, "listing": 0}
    # the listing track: a dozen key or above-scale firms at different stages
    firms = list(Enterprise.objects.filter(above_scale=True).order_by("-latest_revenue", "pk")[:12])
    stages = ["cultivating"] * 4 + ["shareholding"] * 3 + ["tutoring"] * 3 + ["filed", "listed"]
    for i, (firm, stage) in enumerate(zip(firms, stages, strict=False)):
        since = start + dt.timedelta(days=20 * i)
        services.listing_save(
            actor=None, enterprise=firm, stage=stage, since=min(since, today), exchange="深交所创业板"
        )
        counts["listing"] += 1
    # demo requests about land, permits and finance are the district's 痛点难点
    ServiceRequest.objects.filter(tags="", category__in=["land", "permits", "finance"]).update(
        tags="痛点难点"
    )
    for position, (name, lead, description, measures, targets) in enumerate(PROGRAMMES):
        description = f"牵头单位：{lead}。{description}"
        programme = services.programme_create(
            actor=None,
            unit=district,
            name=name,
            starts_on=start,
            ends_on=end,
            description=description,
            position=position,
        )
        counts["programmes"] += 1
        made = [
            services.measure_create(
                actor=None,
                programme=programme,
                title=title,
                lead_unit=unit,
                co_units=co,
                deadline=end,
                status="in_progress",
            )
            for title, unit, co in measures
        ]
        for tpos, (tname, code, params, owner, pace) in enumerate(targets):
            if code:
                baseline, target_value = _target_value(code, params, district, start, end, today, pace)
                unit_label = ""
            else:
                unit_label, baseline, target_value, _evidence, _pace = MANUAL[tname]
            target = services.target_create(
                actor=None,
                programme=programme,
                measure=made[0],
                name=tname,
                metric=code,
                params=params,
                unit_label=unit_label,
                baseline=baseline,
                target_value=target_value,
                starts_on=start,
                deadline=end,
                owner=owner,
                position=tpos,
            )
            if not code:
                _unit, base, goal, evidence, manual_pace = MANUAL[tname]
                for month in range(1, today.month + (0 if today.day < 5 else 1)):
                    share = Decimal(month) / 12 * manual_pace
                    services.manual_value_add(
                        actor=None,
                        target=target,
                        value=(base + (goal - base) * share).quantize(Decimal("0.1")),
                        as_of=evaluation.month_end(dt.date(year, month, 1)),
                        evidence=f"{evidence}（{year}年{month}月）",
                    )
            counts["targets"] += 1
            counts["snapshots"] += evaluation.backfill(target, today=today)
    # each zone runs its own share of two actions: a zone administrator sees the zone's numbers
    for zone_no, zone in enumerate(OrgUnit.objects.filter(kind=OrgUnitKind.ZONE).order_by("path")):
        programme = services.programme_create(
            actor=None,
            unit=zone,
            name=f"{zone.name}专精特新扬帆行动",
            starts_on=start,
            ends_on=end,
            description="牵头单位：园区经济发展局。园区落实区专精特新扬帆行动的分解任务。",
        )
        counts["programmes"] += 1
        for tpos, (tname, code, params, pace) in enumerate(
            [
                ("园区有效专精特新企业数", "titles_valid", {"kind": "zjtx_sme"}, ON),
                ("园区诉求按时答复率", "requests_on_time", {}, RISK),
                ("园区活动触达企业数", "firms_reached", {}, BEHIND if zone_no == 0 else ON),
            ]
        ):
            baseline, target_value = _target_value(code, params, zone, start, end, today, pace)
            target = services.target_create(
                actor=None,
                programme=programme,
                name=tname,
                metric=code,
                params=params,
                baseline=baseline,
                target_value=target_value,
                starts_on=start,
                deadline=end,
                owner="园区经济发展局",
                position=tpos,
            )
            counts["targets"] += 1
            counts["snapshots"] += evaluation.backfill(target, today=today)
    last_start, last_end = report_services.default_period("monthly", today)
    issued = report_services.report_create(
        actor=None,
        unit=district,
        kind="monthly",
        period_start=last_start,
        period_end=last_end,
        sections={
            "summary": "八大行动总体推进有序，多数指标按序时进度推进。",
            "highlights": "供需对接活动场次、诉求按时答复率等指标进度良好。",
            "problems": "新增专精特新、10亿元以上项目落地等指标滞后，需加力推进。",
            "next_steps": "对滞后指标逐项约谈责任单位，按月跟踪。",
        },
    )
    report_services.report_issue(actor=None, report=issued)
    report_services.report_create(
        actor=None,
        unit=district,
        kind="quarterly",
        period_start=dt.date(year, 7, 1),
        period_end=dt.date(year, 9, 30),
    )
    counts["reports"] = 2
    if stdout is not None:
        stdout.write(f"programmes: {counts}\n")
    return counts
