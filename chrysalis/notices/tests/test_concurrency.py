"""Two staff members publish the same reviewed notice at the same moment: exactly one publication
(PostgreSQL row lock; the sequential refusal is tested on every database in test_services)."""

import threading

import pytest
from django.db import connection, connections

from chrysalis.core.exceptions import ConflictError, TransitionError
from chrysalis.notices.choices import Event, Status
from chrysalis.notices.models import Notice, NoticeEvent
from chrysalis.notices.services.notices import notice_transition


@pytest.mark.django_db(transaction=True)
def test_concurrent_publish_yields_one(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    notice = notice_transition(actor=None, notice=world.extra["notice_a_draft"], event=Event.REVIEW)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def publish(user):
        try:
            barrier.wait(timeout=5)
            notice_transition(actor=user, notice=notice, event=Event.PUBLISH)
            results.append("ok")
        except (TransitionError, ConflictError):
            results.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=publish, args=(world.users[p],)) for p in ("district_admin", "zone_a_officer")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert Notice.objects.get(pk=notice.pk).status == Status.PUBLISHED
    assert NoticeEvent.objects.filter(notice=notice, event=Event.PUBLISH).count() == 1
