"""Adds notices to the persona world (settings.CHRYSALIS_TEST_WORLD_EXTENSIONS, after the registry's):
a published seed declaration of zone A, a draft of zone A and a published deregistration of zone B
about enterprise ent_b1 (so the registry review shows on its page)."""

from __future__ import annotations

import datetime as dt

from chrysalis.notices.choices import Event
from chrysalis.notices.parser import parse
from chrysalis.notices.services import notices as svc

SEED = "中国共产主义青年团浙江省建设厅委员会遗失银行开户许可证，核准号:Z3310000378202，声明作废。"


def make(world, unit, text: str, *, publish: bool, days_ago: int = 3):
    [parsed] = parse(text).notices
    notice = svc.notice_create(
        actor=None,
        org_unit=unit,
        values=svc.values_from_parsed(parsed),
        parsed=parsed.as_dict(),
        source_name="钱江晚报",
        source_page="A12",
        published_on=dt.date.today() - dt.timedelta(days=days_ago),
    )
    if publish:
        notice = svc.notice_transition(actor=None, notice=notice, event=Event.REVIEW)
        notice = svc.notice_transition(actor=None, notice=notice, event=Event.PUBLISH)
    return notice


def add_notices(world) -> None:
    from chrysalis.enterprises.models import Enterprise
    from chrysalis.notices.ratelimit import reset

    reset()  # each world starts with fresh public rate-limit counts
    world.per_test.append(reset)  # and so does each test that shares a module's world

    world.extra["notice_a"] = make(world, world.zone_a, SEED, publish=True)
    world.extra["notice_a_draft"] = make(
        world,
        world.zone_a,
        "杭州明远科技有限公司遗失公章一枚，编号：3301050089123，声明作废。",
        publish=False,
    )
    firm = Enterprise.objects.filter(org_unit=world.grid_b1).first()
    if firm is not None:
        text = (
            f"{firm.name}注销公告\n{firm.name}（统一社会信用代码：{firm.uscc}）经股东会决议，决定注销本公司。"
            "请债权人自本公告之日起45日内向本公司清算组申报债权。特此公告。"
        )
        world.extra["notice_b"] = make(world, world.zone_b, text, publish=True)
