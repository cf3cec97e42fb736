"""The periodic job: reminders and escalations once, one digest per person per day."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from chrysalis.support.choices import AlertKind, DueState, Event
from chrysalis.support.jobs import tick
from chrysalis.support.models import Alert, Notification, ServiceRequest
from chrysalis.support.services.requests import request_create, request_transition

pytestmark = pytest.mark.django_db


def test_escalation_is_idempotent(world, ents):
    officer = world.users["zone_a_officer"]
    t0 = timezone.make_aware(dt.datetime(2025, 9, 26, 10))
    req = request_create(
        actor=officer,
        enterprise=ents["ent_a1"],
        category="finance",
        title="贷款",
        description="d",
        channel="phone",
        now=t0,
    )
    later = t0 + dt.timedelta(days=40)
    first = tick(now=later)
    assert first["alerts"] >= 2  # sign-for overdue + resolution overdue
    kinds = set(Alert.objects.filter(request=req).values_list("kind", flat=True))
    assert {AlertKind.SIGN_OVERDUE, AlertKind.OVERDUE} <= kinds
    req.refresh_from_db()
    assert req.due_state == DueState.OVERDUE
    notes = Notification.objects.filter(kind="digest").count()
    assert notes >= 2  # the finance handler and the district admin (escalation)
    admin_digest = Notification.objects.get(user=world.users["district_admin"], kind="digest")
    assert req.number in admin_digest.body
    second = tick(now=later + dt.timedelta(minutes=10))
    assert (second["alerts"], second["digests"], second["state_changes"]) == (0, 0, 0)
    assert Notification.objects.filter(kind="digest").count() == notes
    assert Alert.objects.filter(request=req).count() == len(kinds) + 0


def test_one_digest_per_person_per_day_even_with_many_alerts(world, ents):
    officer = world.users["zone_a_officer"]
    t0 = timezone.make_aware(dt.datetime(2025, 9, 26, 10))
    for i in range(5):
        request_create(
            actor=officer,
            enterprise=ents["ent_a1"],
            category="finance",
            title=f"贷款{i}",
            description="d",
            channel="phone",
            now=t0,
        )
    tick(now=t0 + dt.timedelta(days=40))
    handler = world.users["finance_handler"]
    assert Notification.objects.filter(user=handler, kind="digest").count() == 1
    assert Notification.objects.get(user=handler, kind="digest").body.count("\n") >= 9


def test_paused_requests_are_not_chased(world):
    handler = world.users["finance_handler"]
    req = request_transition(actor=handler, request=world.extra["req_a1"], event=Event.SIGN)
    req = request_transition(actor=handler, request=req, event=Event.PAUSE, reason="等待企业补充材料")
    tick(now=timezone.now() + dt.timedelta(days=60))
    assert not Alert.objects.filter(request=req, kind=AlertKind.OVERDUE).exists()
    assert ServiceRequest.objects.get(pk=req.pk).due_state == ""


def test_command_runs(world, capsys):
    call_command("support_tick")
    assert "support_tick" in capsys.readouterr().out


def test_handler_digest_has_a_line_per_request_dispatched_to_the_department_that_day(world, ents):
    officer, handler = world.users["zone_a_officer"], world.users["finance_handler"]
    t0 = timezone.make_aware(dt.datetime(2025, 10, 9, 10))
    reqs = [
        request_create(
            actor=officer,
            enterprise=ents["ent_a1"],
            category="finance",
            title=f"融资{i}",
            description="d",
            channel="phone",
            now=t0 + dt.timedelta(minutes=i),
        )
        for i in range(2)
    ]
    assert {r.department_id for r in reqs} == {world.finance.pk}  # dispatched by the category rule
    first = tick(now=t0 + dt.timedelta(hours=1))
    assert first["digests"] >= 1
    digest = Notification.objects.get(user=handler, key="digest:2025-10-09")
    lines = digest.body.splitlines()
    assert [line for line in lines if reqs[0].number in line or reqs[1].number in line] == lines[:2]
    assert "2" in digest.title and digest.url.endswith("?status=dispatched")
    # the officer who recorded them is no handler: no dispatch lines for them
    assert not Notification.objects.filter(user=officer, key="digest:2025-10-09").exists()
    assert tick(now=t0 + dt.timedelta(hours=2))["digests"] == 0  # nothing new: the digest stays
