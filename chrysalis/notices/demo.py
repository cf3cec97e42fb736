"""Demo data of public notices: a few hundred notices of every type, spread over the last twelve months
and over the workflow's states, including the seed's 遗失声明 exactly as printed, and notices about
registered demo firms (linked to the registry; a deregistration among them raises a registry review).

Everything goes through the real services and state machine (system actor). Idempotent: when notices
exist it adds nothing. Listed in settings.CHRYSALIS_DEMO_BUILDERS after the registry's builder (the
notices about registered firms need its firms).
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from chrysalis.accounts.choices import OrgUnitKind
from chrysalis.accounts.models import OrgUnit
from chrysalis.enterprises.models import Enterprise
from chrysalis.notices.choices import Event, SourceKind
from chrysalis.notices.models import Notice
from chrysalis.notices.parser import Kind, parse, samples
from chrysalis.notices.parser.render import render
from chrysalis.notices.services import notices as svc

SEED_TEXT = (
    "分类 信息\n联系电话:(0571)85310538\n### 遗失声明\n"
    "中国共产主义青年团浙江省建设厅委员会遗失银行开户许可证，核准号:Z3310000378202，声明作废。\n"
)
PAPERS = ("钱江晚报", "杭州日报", "都市快报", "浙江法制报")
TOTAL = 320


def _save(org_unit, parsed, *, published_on: dt.date, paper: str, page: str):
    items = [{"values": svc.values_from_parsed(n), "parsed": n.as_dict()} for n in parsed.notices]
    return svc.notices_create(
        actor=None,
        org_unit=org_unit,
        items=items,
        source_kind=SourceKind.NEWSPAPER,
        source_name=paper,
        source_page=page,
        published_on=published_on,
    )


def _advance(notice: Notice, state: str, today: dt.date) -> None:
    steps = {
        "draft": [],
        "reviewed": [Event.REVIEW],
        "published": [Event.REVIEW, Event.PUBLISH],
        "withdrawn": [Event.REVIEW, Event.PUBLISH, Event.WITHDRAW],
    }[state]
    for event in steps:
        reason = "登报内容有误，已重新刊登" if event == Event.WITHDRAW else ""
        notice = svc.notice_transition(actor=None, notice=notice, event=event, reason=reason)


def build_notices_demo(stdout=None) -> dict:
    if Notice.objects.exists():
        return {}
    district = OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT).order_by("path").first()
    if district is None:
        return {}
    rng = random.Random(17)
    today = timezone.localdate()
    created: list[Notice] = []
    seed = _save(
        district, parse(SEED_TEXT), published_on=today - dt.timedelta(days=3), paper="钱江晚报", page="A12"
    )
    for n in seed:
        _advance(n, "published", today)
    created += seed
    firms = list(Enterprise.objects.order_by("pk").values_list("name", "uscc")[:400])
    kinds = [
        Kind.LOST,
        Kind.DEREGISTRATION,
        Kind.SIMPLE_DEREGISTRATION,
        Kind.CAPITAL_REDUCTION,
        Kind.MERGER,
        Kind.SPLIT,
    ]
    for i in range(TOTAL):
        kind = kinds[i % len(kinds)] if i < 60 else None
        firm = rng.choice(firms) if firms and rng.random() < 0.35 else None
        k, values = samples.notice(rng, kind, firm)
        text = render(k, values, samples.style(rng))
        published_on = today - dt.timedelta(days=rng.randint(0, 365))
        parsed = parse(text)
        if len(parsed.notices) != 1 or parsed.notices[0].has_errors:
            continue
        [notice] = _save(
            district,
            parsed,
            published_on=published_on,
            paper=rng.choice(PAPERS),
            page=f"A{rng.randint(2, 20)}",
        )
        state = rng.choices(["draft", "reviewed", "published", "withdrawn"], weights=[8, 6, 84, 2])[0]
        _advance(notice, state, today)
        created.append(notice)
    expired = svc.expire_due(today=today)
    return {"notices": len(created), "expired": expired}
