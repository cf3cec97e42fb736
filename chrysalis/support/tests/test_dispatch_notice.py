"""The receiving department's handlers are told when a request is dispatched to them: one
notification per handler and day, one line per request (the digest line)."""

import pytest
from django.utils import timezone

from chrysalis.support.choices import Event, Status
from chrysalis.support.models import Notification, ServiceRequest
from chrysalis.support.services.requests import request_transition

pytestmark = pytest.mark.django_db


def test_handler_is_told_of_each_dispatch_in_one_daily_notice(world):
    handler = world["finance_handler"]
    Notification.objects.filter(user=handler).delete()
    req = world.extra["req_a1"]
    ServiceRequest.objects.filter(pk=req.pk).update(status=Status.SUBMITTED, department=None)
    req.refresh_from_db()
    request_transition(actor=None, request=req, event=Event.DISPATCH, department=world.finance, reason="")
    notes = list(Notification.objects.filter(user=handler, key__startswith="dispatched:"))
    assert len(notes) == 1 and req.number in notes[0].body and "1" in notes[0].title
    assert notes[0].read_at is None

    req.refresh_from_db()
    ServiceRequest.objects.filter(pk=req.pk).update(status=Status.SUBMITTED, department=None)
    req.refresh_from_db()
    request_transition(
        actor=None, request=req, event=Event.DISPATCH, department=world.finance, reason="", now=timezone.now()
    )
    note = Notification.objects.get(user=handler, key__startswith="dispatched:")
    assert note.body.count("\n") == 1 and "2" in note.title
