"""Invitations, requests raised at events, deals, festival figures, coaching slots, dashboard figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chrysalis.events import dashboard
from chrysalis.events.choices import RegStatus
from chrysalis.events.models import Deal, EventRequest, Invitation, Registration
from chrysalis.events.services import outcomes
from chrysalis.events.services import registrations as regs
from chrysalis.events.services.invitations import invite, select_enterprises
from chrysalis.events.tests.world import make_event

pytestmark = pytest.mark.django_db


def test_invite_from_registry_filter_notifies_firm_users(ew):
    from chrysalis.support.models import Notification

    officer = ew.users["zone_a_officer"]
    ev = make_event(ew.zone_a, visibility="invitation", title="百场千企对接会")
    qs = select_enterprises(actor=officer, source="registry", params={"org_unit": ew.grid_a1.pk})
    assert list(qs) == [ew.extra["ent_a1"]]
    assert invite(actor=officer, event=ev, enterprises=qs, source_label="A1网格") == 1
    assert invite(actor=officer, event=ev, enterprises=qs, source_label="A1网格") == 0  # idempotent
    note = Notification.objects.get(user=ew.users["enterprise_user"], key=f"event-invite:{ev.pk}")
    assert ev.title in note.title and note.url == ev.get_absolute_url()
    # the invited firm's user now sees and registers for the invitation-only event
    reg = regs.register(actor=ew.users["enterprise_user"], event=ev, enterprise=ew.extra["ent_a1"])
    assert reg.status == RegStatus.CONFIRMED


def test_invite_selection_stays_in_scope(ew):
    officer = ew.users["zone_a_officer"]
    qs = select_enterprises(actor=officer, source="registry", params={})
    assert ew.extra["ent_b1"] not in qs
    ev = make_event(ew.zone_a)
    from chrysalis.enterprises.models import Enterprise

    with pytest.raises(ValidationError):
        invite(actor=officer, event=ev, enterprises=Enterprise.objects.all(), source_label="all")
    assert not Invitation.objects.filter(event=ev).exists()


def test_invite_no_visit_since(ew):
    from chrysalis.support.models import Visit

    officer = ew.users["zone_a_officer"]
    Visit.objects.create(enterprise=ew.extra["ent_a1"], officer=officer, date=dt.date.today(), topics="走访")
    qs = select_enterprises(
        actor=officer, source="registry", params={}, no_visit_since=dt.date.today() - dt.timedelta(days=90)
    )
    assert ew.extra["ent_a1"] not in qs and ew.extra["ent_a2"] in qs


def test_request_raised_at_event_becomes_service_request(ew):
    from chrysalis.support.choices import Channel

    req = outcomes.request_raise(
        actor=ew.users["zone_a_officer"],
        event=ew.extra["ev_a"],
        enterprise=ew.extra["ent_a1"],
        category="finance",
        title="专精特新贷额度",
        description="希望对接专精特新贷。",
    )
    assert req.channel == Channel.EVENT
    assert EventRequest.objects.get(request=req).event == ew.extra["ev_a"]
    with pytest.raises(ValidationError):  # not registered
        outcomes.request_raise(
            actor=ew.users["zone_a_officer"],
            event=ew.extra["ev_a"],
            enterprise=ew.extra["ent_a2"],
            category="finance",
            title="x",
            description="y",
        )


def test_deal_moves_forward_only(ew):
    deal = ew.extra["deal_a1"]
    officer = ew.users["zone_a_officer"]
    deal = outcomes.deal_update(actor=officer, deal=deal, stage="signed", amount=Decimal("800"))
    assert deal.signed_on is not None and deal.amount == Decimal("800")
    with pytest.raises(ValidationError):
        outcomes.deal_update(actor=officer, deal=deal, stage="intent")
    with pytest.raises(PermissionDenied):
        outcomes.deal_update(actor=ew.users["zone_b_officer"], deal=deal, stage="landed")
    assert Deal.objects.get(pk=deal.pk).stage == "signed"


def test_festival_figures_need_a_source(ew):
    ev = make_event(ew.zone_a, kind="festival", title="灵山风筝节", capacity=None)
    with pytest.raises(ValidationError):
        outcomes.figures_save(actor=ew.users["zone_a_officer"], event=ev, visitors=10000, source="")
    f = outcomes.figures_save(
        actor=ew.users["zone_a_officer"], event=ev, participants=42, visitors=10000, source="organiser"
    )
    f = outcomes.figures_save(
        actor=ew.users["zone_a_officer"],
        event=ev,
        expected_version=f.version,
        participants=42,
        visitors=12000,
        source="telecom",
    )
    assert f.visitors == 12000


def test_coaching_slot_notes_land_in_the_coaching_plan(ew):
    from chrysalis.cultivation.models import CoachingPlan, CoachingSession, PoolEntry

    entry, _ = PoolEntry.objects.get_or_create(
        enterprise=ew.extra["ent_a1"], defaults={"tier_target": "little_giant", "year": 2026}
    )
    CoachingPlan.objects.filter(entry=entry).delete()
    plan = CoachingPlan.objects.create(entry=entry, rule_set="little_giant_2025", year=2026)
    ev, slot = ew.extra["ev_c"], ew.extra["slot_c"]
    reg = regs.register(actor=ew.users["enterprise_user"], event=ev, enterprise=ew.extra["ent_a1"])
    outcomes.slot_book(actor=ew.users["enterprise_user"], slot=slot, registration=reg)
    with pytest.raises(ValidationError):  # booked already
        outcomes.slot_book(actor=ew.users["zone_a_officer"], slot=slot, registration=reg)
    slot = outcomes.slot_notes(
        actor=ew.users["zone_a_officer"], slot=slot, notes="研发投入占比需提升到3%以上"
    )
    session = CoachingSession.objects.get(plan=plan)
    assert slot.session == session and "研发投入" in session.notes


def test_dashboard_figures_equal_plain_recomputation(ew):
    officer = ew.users["zone_a_officer"]
    ev = ew.extra["ev_a"]
    year = ev.starts_at.year
    regs.register(actor=officer, event=ev, enterprise=ew.extra["ent_a2"])
    regs.check_in(actor=officer, registration=ew.extra["reg_a1"], now=ev.starts_at)
    regs.feedback_give(actor=ew.users["enterprise_user"], registration=ew.extra["reg_a1"], rating=4)
    outcomes.request_raise(
        actor=officer, event=ev, enterprise=ew.extra["ent_a1"], category="finance", title="t", description="d"
    )
    f = dashboard.figures(officer, year=year)
    from chrysalis.events.models import Event

    events = [
        e
        for e in Event.objects.all()
        if e.starts_at.year == year and e.organiser_unit.path.startswith(ew.zone_a.path)
    ] + [
        e
        for e in Event.objects.filter(visibility="public")
        if e.starts_at.year == year and not e.organiser_unit.path.startswith(ew.zone_a.path)
    ]
    assert f["events"] == len(events)
    rows = [r for r in Registration.objects.all() if r.event in events]
    assert f["registered"] == sum(r.status != "cancelled" for r in rows)
    assert f["attended"] == sum(r.status == "checked_in" for r in rows)
    assert f["firms_reached"] == len({r.enterprise_id for r in rows if r.status == "checked_in"})
    rated = [r.rating for r in rows if r.rating]
    assert f["avg_rating"] == round(sum(rated) / len(rated), 2)
    assert f["requests_raised"] == EventRequest.objects.filter(event__in=events).count() == 1
    deals = [d for d in Deal.objects.all() if d.event in events]
    assert f["deals_count"] == len(deals)
    assert Decimal(f["deals_amount"]) == sum((d.amount or 0 for d in deals), Decimal("0"))
    assert sum(m["events"] for m in f["months"]) == f["events"]
    assert sum(k["count"] for k in f["kinds"]) == f["events"]


def test_invite_from_a_pool_selection(ew):
    from chrysalis.cultivation.models import PoolEntry

    PoolEntry.objects.filter(enterprise__in=[ew.extra["ent_a1"], ew.extra["ent_a2"]]).delete()
    PoolEntry.objects.create(enterprise=ew.extra["ent_a2"], stage="key", tier_target="zjtx", year=2026)
    PoolEntry.objects.create(enterprise=ew.extra["ent_a1"], stage="reserve", tier_target="zjtx", year=2026)
    qs = select_enterprises(
        actor=ew.users["zone_a_officer"], source="pool", params={"stage": "key", "zone": ew.zone_a.pk}
    )
    assert list(qs) == [ew.extra["ent_a2"]]
    with pytest.raises(ValidationError):
        select_enterprises(actor=ew.users["zone_a_officer"], source="pool", params={"stage": "nonsense"})
