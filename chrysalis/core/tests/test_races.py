"""Concurrent creation ends in one winner and a clear conflict, never a raw IntegrityError (500).

The sequential tests simulate "the other transaction committed between the check and the insert"
on every database; the thread tests run the real race on PostgreSQL (row locks, blocking unique
inserts), in a transactional test so the threads see each other's commits.
"""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from chrysalis.audit.models import ChangeRecord
from chrysalis.core.exceptions import ConflictError
from chrysalis.cultivation.models import PoolEntry
from chrysalis.cultivation.services import pool as pool_services
from chrysalis.enterprises.models import YearFigures
from chrysalis.enterprises.services import figures as fig_services
from chrysalis.support.models import RequestCounter, ServiceRequest
from chrysalis.support.services.requests import request_create

POSTGRES = connection.vendor == "postgresql"


def _figures(actor, ent, year=2023, revenue="100"):
    return fig_services.figures_save(
        actor=actor, enterprise=ent, year=year, source="audited", values={"revenue": Decimal(revenue)}
    )


@pytest.mark.django_db
def test_first_save_of_figures_lost_to_a_concurrent_one_is_a_conflict(world, monkeypatch):
    ent, admin = world.extra["ent_a2"], world.users["district_admin"]

    def competitor_commits_meanwhile(self, *args, **kwargs):  # after the service's own checks
        YearFigures.objects.create(enterprise=ent, year=2023, source="audited", revenue=Decimal("1"))

    monkeypatch.setattr(YearFigures, "full_clean", competitor_commits_meanwhile)
    with pytest.raises(ConflictError) as exc:
        _figures(admin, ent)
    assert "同一时刻" in " ".join(exc.value.messages)


@pytest.mark.django_db
def test_pool_add_lost_to_a_concurrent_one_is_a_conflict(world, monkeypatch):
    ent, admin = world.extra["ent_a2"], world.users["district_admin"]

    def competitor_commits_meanwhile(self, *args, **kwargs):  # validation passed before it
        PoolEntry.objects.create(enterprise=ent, tier_target="zjtx", year=2026)

    monkeypatch.setattr(PoolEntry, "full_clean", competitor_commits_meanwhile)
    with pytest.raises(ConflictError):
        pool_services.pool_add(actor=admin, enterprise=ent, tier_target="zjtx", reason="培育")


@pytest.mark.django_db
def test_request_numbers_come_from_the_year_counter(world):
    admin, ent = world.users["district_admin"], world.extra["ent_a1"]
    now = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)
    existing = list(
        ServiceRequest.objects.filter(number__startswith="SQ2026").values_list("number", flat=True)
    )
    RequestCounter.objects.all().delete()  # first request of the year after an upgrade: seeded
    made = [
        request_create(
            actor=admin,
            enterprise=ent,
            category="finance",
            title="贷款",
            description="说明",
            channel="phone",
            now=now,
        )
        for _ in range(3)
    ]
    start = max(int(n[6:]) for n in existing) if existing else 0
    assert [r.number for r in made] == [f"SQ2026{start + i:06d}" for i in (1, 2, 3)]
    assert RequestCounter.objects.get(year=2026).last == start + 3


@pytest.mark.django_db
def test_updated_figures_are_audited_with_before_and_after(world):
    ent, admin = world.extra["ent_a1"], world.users["district_admin"]
    old = YearFigures.objects.get(enterprise=ent, year=2025).revenue
    _figures(admin, ent, year=2025, revenue="13000")
    record = ChangeRecord.objects.filter(action="update", object_repr__isnull=False).latest("id")
    assert record.before is not None and record.before["revenue"] == fig_services.text_of(old)
    assert record.after["revenue"] == "13000"
    assert record.changed_fields() == [("revenue", fig_services.text_of(old), "13000")]


def _race(n, work):
    """Run `work(i)` in `n` threads released together; return each outcome's class name."""
    barrier = threading.Barrier(n)
    results: list[str] = []

    def run(i):
        try:
            barrier.wait(timeout=10)
            work(i)
            results.append("ok")
        except ConflictError:
            results.append("conflict")
        except Exception as exc:  # a raw IntegrityError here is the bug
            results.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(results)


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_on_postgresql(world):
    if not POSTGRES:
        pytest.skip("a real race needs PostgreSQL's row locks; the sequential tests run everywhere")
    admin, ent_a1, ent_a2 = world.users["district_admin"], world.extra["ent_a1"], world.extra["ent_a2"]

    # two first saves of the same yearly figures: one wins, the other is a clear conflict
    assert _race(2, lambda i: _figures(admin, ent_a2, year=2022, revenue=str(100 + i))) == ["conflict", "ok"]
    assert YearFigures.objects.filter(enterprise=ent_a2, year=2022).count() == 1

    # two pool-adds of the same firm: one entry; the loser is told (conflict, or "already in the
    # pool" when the winner had committed before it looked)
    outcomes = _race(
        2, lambda i: pool_services.pool_add(actor=admin, enterprise=ent_a2, tier_target="zjtx", reason="培育")
    )
    assert outcomes in (["conflict", "ok"], ["ValidationError", "ok"])
    assert PoolEntry.objects.filter(enterprise=ent_a2).count() == 1

    # three simultaneous requests: three consecutive numbers
    before = ServiceRequest.objects.count()
    now = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)
    outcomes = _race(
        3,
        lambda i: request_create(
            actor=admin,
            enterprise=ent_a1,
            category="finance",
            title=f"贷款{i}",
            description="说明",
            channel="phone",
            now=now,
        ),
    )
    assert outcomes == ["ok", "ok", "ok"]
    numbers = sorted(ServiceRequest.objects.values_list("number", flat=True))[-3:]
    assert ServiceRequest.objects.count() == before + 3
    assert [int(n[6:]) for n in numbers] == [int(numbers[0][6:]) + i for i in range(3)]
