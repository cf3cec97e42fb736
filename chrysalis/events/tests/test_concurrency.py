"""200 firms register for 50 seats at the same instant: exactly 50 confirmed, 150 waitlisted, no
error (PostgreSQL row lock on the event)."""

import threading

import pytest
from django.db import connection, connections

from chrysalis.events.choices import RegStatus
from chrysalis.events.models import Registration

FIRMS, SEATS, THREADS = 200, 50, 40


@pytest.mark.django_db(transaction=True)
def test_200_simultaneous_registrations_for_50_seats(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; capacity and waitlist are tested sequentially everywhere")
    from chrysalis.enterprises.models import Enterprise
    from chrysalis.enterprises.uscc import make_uscc
    from chrysalis.events.services.registrations import register
    from chrysalis.events.tests.world import make_event

    ev = make_event(world.zone_a, capacity=SEATS)
    firms = Enterprise.objects.bulk_create(
        [
            Enterprise(
                uscc=make_uscc("330110", f"MC{i:06d}"), name=f"并发企业{i:03d}", org_unit=world.grid_a1
            )
            for i in range(FIRMS)
        ]
    )
    officer = world.users["zone_a_officer"]
    barrier = threading.Barrier(THREADS)
    errors: list[str] = []
    chunks = [firms[i::THREADS] for i in range(THREADS)]

    def work(chunk):
        try:
            barrier.wait(timeout=30)
            for firm in chunk:
                register(actor=officer, event=ev, enterprise=firm)
        except Exception as exc:  # noqa: BLE001 - any error fails the test below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    counts = {s: Registration.objects.filter(event=ev, status=s).count() for s in RegStatus.values}
    assert counts[RegStatus.CONFIRMED] == SEATS
    assert counts[RegStatus.WAITLISTED] == FIRMS - SEATS
    # first come, first served: every confirmed firm registered before every waitlisted one
    last_confirmed = (
        Registration.objects.filter(event=ev, status="confirmed").order_by("-registered_at").first()
    )
    first_waiting = (
        Registration.objects.filter(event=ev, status="waitlisted").order_by("registered_at").first()
    )
    assert last_confirmed.registered_at <= first_waiting.registered_at
