"""A richer world for the metric tests, built once per module (rolled back at the end): the persona
world plus titles, key firms, requests answered on and off time with ratings and tags, events with
check-ins, landed projects and reviewed village figures, in both zones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from chrysalis.core.testing.personas import build_world
from chrysalis.enterprises.models import Enterprise, Title
from chrysalis.events.models import Event, Registration
from chrysalis.investment.models import Project
from chrysalis.investment.tests.world import build_investment
from chrysalis.support.models import ServiceRequest
from chrysalis.villages.models import FigureEntry

TODAY = timezone.localdate()
YEAR = TODAY.year


def _enrich(world) -> None:
    ents = [world.extra[k] for k in ("ent_a1", "ent_a2", "ent_b1")]
    Enterprise.objects.filter(pk=ents[0].pk).update(key_firm=True)
    Enterprise.objects.filter(pk=ents[2].pk).update(key_firm=True)
    Title.objects.create(
        enterprise=ents[1],
        kind="zjtx_sme",
        granted_on=dt.date(YEAR, 1, 15),
        valid_until=dt.date(YEAR + 3, 1, 14),
    )
    Title.objects.create(
        enterprise=ents[2],
        kind="zjtx_sme",
        granted_on=dt.date(YEAR - 4, 1, 1),
        valid_until=dt.date(YEAR - 1, 12, 31),
    )
    Title.objects.create(
        enterprise=ents[2], kind="little_giant", granted_on=dt.date(YEAR, 2, 1), valid_until=None
    )
    now = timezone.now()
    base = ServiceRequest.objects.get(pk=world.extra["req_a1"].pk)
    for i, (ent, on_time, rating, tags) in enumerate(
        [
            (ents[0], True, 5, "痛点难点"),
            (ents[1], False, 3, ""),
            (ents[2], True, 4, "痛点难点,扩产"),
            (ents[2], False, None, ""),
        ]
    ):
        base.pk = None
        base.number = f"T-PRG-{i}"
        base.enterprise = ent
        base.status = "closed"
        base.answered_at = now - dt.timedelta(days=1 + i)
        base.answered_on_time = on_time
        base.closed_at = now - dt.timedelta(days=i)
        base.satisfaction = rating
        base.tags = tags
        base.save()
    ev_a = Event.objects.create(
        title="政策宣讲",
        kind="policy_briefing",
        organiser_unit=world.zone_a,
        venue="A",
        starts_at=now - dt.timedelta(days=3),
        ends_at=now - dt.timedelta(days=3) + dt.timedelta(hours=2),
    )
    ev_b = Event.objects.create(
        title="百场千企",
        kind="matchmaking",
        organiser_unit=world.zone_b,
        venue="B",
        starts_at=now - dt.timedelta(days=5),
        ends_at=now - dt.timedelta(days=5) + dt.timedelta(hours=2),
    )
    for ev, ent, status in (
        (ev_a, ents[0], "checked_in"),
        (ev_a, ents[1], "registered"),
        (ev_b, ents[2], "checked_in"),
        (ev_b, ents[0], "checked_in"),
    ):
        Registration.objects.create(
            event=ev,
            enterprise=ent,
            status=status,
            channel="staff",
            registered_at=now - dt.timedelta(days=10),
        )
    Project.objects.filter(pk=world.extra["proj_a"].pk).update(
        enterprise=ents[0],
        landed_uscc=ents[0].uscc,
        stage="landed",
        landed_on=TODAY - dt.timedelta(days=2),
        amount=Decimal("12.5"),
    )
    Project.objects.filter(pk=world.extra["proj_b"].pk).update(
        enterprise=ents[2],
        landed_uscc=ents[2].uscc,
        stage="landed",
        landed_on=dt.date(YEAR, 1, 10),
        amount=Decimal("3"),
    )
    FigureEntry.objects.filter(pk=world.extra["figure_a"].pk).update(
        status="reviewed", period=dt.date(YEAR, 1, 1)
    )
    FigureEntry.objects.filter(pk=world.extra["figure_b"].pk).update(
        status="entered", period=dt.date(YEAR, 1, 1)
    )


@pytest.fixture(scope="module")
def mworld(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            build_investment(world)  # built now, not deferred: the metrics read its projects
            _enrich(world)
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
