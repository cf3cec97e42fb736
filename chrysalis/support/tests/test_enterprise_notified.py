"""The enterprise is told (in-app) when its request is answered, paused waiting on it, or closed."""

import datetime as dt

import pytest
from django.utils import timezone

from chrysalis.support.models import Notification, RequestEvent
from chrysalis.support.services.requests import request_transition

pytestmark = pytest.mark.django_db


def test_enterprise_told_on_pause_answer_and_close(world):
    req, handler, admin = world.extra["req_a1"], world.users["finance_handler"], world.users["district_admin"]
    ent_user = world.users["enterprise_user"]  # represents ent_a1
    now = timezone.now()
    req = request_transition(actor=handler, request=req, event="sign", now=now)
    assert not Notification.objects.filter(user=ent_user).exists()  # signing is not news for the firm
    req = request_transition(
        actor=handler, request=req, event="pause", reason="请补充财务报表", now=now + dt.timedelta(minutes=1)
    )
    pause = RequestEvent.objects.get(request=req, event="pause")
    assert pause.data["enterprise_notified"] == 1  # the pause records that the enterprise was told
    note = Notification.objects.get(user=ent_user)
    assert req.number in note.title and "请补充财务报表" in note.body and note.url == req.get_absolute_url()
    req = request_transition(actor=ent_user, request=req, event="resume", now=now + dt.timedelta(minutes=2))
    Notification.objects.filter(pk=note.pk).update(read_at=now)
    req = request_transition(
        actor=handler, request=req, event="answer", reason="已对接银行", now=now + dt.timedelta(minutes=3)
    )
    note.refresh_from_db()
    assert (
        Notification.objects.filter(user=ent_user).count() == 1
    )  # digest-friendly: one per request and day, updated
    assert note.read_at is None and note.body.count("\n") == 1 and "已对接银行" in note.body
    req = request_transition(
        actor=admin,
        request=req,
        event="confirm",
        satisfaction=5,
        reason="电话回访",
        now=now + dt.timedelta(days=1),
    )
    assert Notification.objects.filter(user=ent_user).count() == 2
    assert RequestEvent.objects.get(request=req, event="confirm").data["enterprise_notified"] == 1
    # the other firm's users and the handler hear nothing of it
    assert not Notification.objects.filter(user=handler, key__startswith="request:").exists()


def test_enterprise_confirming_itself_is_not_told(world):
    req, handler, ent_user = (
        world.extra["req_a1"],
        world.users["finance_handler"],
        world.users["enterprise_user"],
    )
    req = request_transition(actor=handler, request=req, event="sign")
    req = request_transition(actor=handler, request=req, event="answer", reason="已办")
    Notification.objects.filter(user=ent_user).delete()
    req = request_transition(actor=ent_user, request=req, event="confirm", satisfaction=4)
    assert not Notification.objects.filter(user=ent_user).exists()
    assert RequestEvent.objects.get(request=req, event="confirm").data["enterprise_notified"] == 0
