"""Adds events to the persona world (registered in WORLD_EXTENSIONS by tests/matrix.py).

ev_a: a public training organised by zone A (capacity 2, open now, starts in an hour);
ev_c: a coaching day of zone A with one expert slot (slot_c);
ev_b: an invitation-only briefing organised by zone B, ent_b1 invited;
reg_a1: ent_a1 (the enterprise user's firm) registered for ev_a, confirmed;
deal_a1: a deal of ent_a1 at ev_a.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from chrysalis.events.services import events as event_services
from chrysalis.events.services import outcomes
from chrysalis.events.services import registrations as reg_services
from chrysalis.events.services.invitations import invite


def make_event(
    unit,
    *,
    title="专精特新政策培训",
    kind="training",
    capacity=2,
    visibility="public",
    start_in=dt.timedelta(hours=1),
    **extra,
):
    now = timezone.now()
    starts = now + start_in
    return event_services.event_create(
        actor=None,
        title=title,
        kind=kind,
        organiser_unit=unit,
        venue="经开区会议中心",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        capacity=capacity,
        registration_opens_at=now - dt.timedelta(days=3),
        registration_closes_at=starts,
        visibility=visibility,
        **extra,
    )


def add_events(world) -> None:
    ents = world.extra
    if "ent_a1" not in ents:
        return
    ev_a = make_event(world.zone_a)
    ev_b = make_event(
        world.zone_b, title="外经贸政策解读", kind="policy_briefing", capacity=None, visibility="invitation"
    )
    from chrysalis.enterprises.models import Enterprise

    invite(
        actor=None,
        event=ev_b,
        enterprises=Enterprise.objects.filter(pk=ents["ent_b1"].pk),
        source_label="test",
    )
    world.extra["ev_a"] = ev_a
    world.extra["ev_b"] = ev_b
    world.extra["reg_a1"] = reg_services.register(
        actor=world.users["enterprise_user"], event=ev_a, enterprise=ents["ent_a1"], attendees="张三 总经理"
    )
    ev_c = make_event(world.zone_a, title="小巨人申报一对一辅导日", kind="coaching_day", capacity=30)
    world.extra["ev_c"] = ev_c
    world.extra["slot_c"] = outcomes.slots_create(
        actor=None, event=ev_c, expert="王专家", first_start=ev_c.starts_at, minutes=30, count=1
    )[0]
    world.extra["deal_a1"] = outcomes.deal_create(
        actor=None,
        event=ev_a,
        enterprise=ents["ent_a1"],
        counterparty="杭州银行",
        kind="bank_loan",
        amount=500,
    )
