"""Two handlers sign for the same request at the same moment: exactly one wins (PostgreSQL row lock)."""

import threading

import pytest
from django.db import connection, connections

from chrysalis.core.exceptions import TransitionError
from chrysalis.support.choices import Event, Status
from chrysalis.support.models import RequestEvent, ServiceRequest
from chrysalis.support.services.requests import request_transition


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_for_yields_one(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; the sequential refusal is tested on every database")
    req = world.extra["req_a1"]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def sign(user):
        try:
            barrier.wait(timeout=5)
            request_transition(actor=user, request=req, event=Event.SIGN)
            results.append("ok")
        except TransitionError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=sign, args=(world.users[p],)) for p in ("finance_handler", "finance_handler2")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert ServiceRequest.objects.get(pk=req.pk).status == Status.IN_PROGRESS
    assert RequestEvent.objects.filter(request=req, event=Event.SIGN).count() == 1
