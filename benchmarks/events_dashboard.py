"""Events dashboard benchmark: E events (default 5,000, over this year and last) and R registrations
(default 500,000) over 2,000 enterprises, plus deals and requests raised, in the database of
DATABASE_URL (use PostgreSQL; a scratch database, it is filled). The dashboard page is rendered
N times per persona (district admin, zone admin, service officer, grid worker). Prints p50 / p95
(ms), the query count, and the ratio of the dashboard's p50 to a baseline measured in the same run
(one plain `count()` of the persona's scoped registrations of the year, i.e. one scan).

    createdb chrysalis_events_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/chrysalis_events_bench
    .venv/bin/python benchmarks/events_dashboard.py

Target (issue #14): p95 < 300 ms with a bounded number of queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from _common import median, percentile, ratio, report, time_ms
from registry_common import setup

PERSONAS = ("admin", "zone_a_admin", "officer_a", "grid_a1")
STATUSES = (
    (["checked_in"] * 65)
    + (["no_show"] * 12)
    + (["confirmed"] * 8)
    + (["cancelled"] * 8)
    + (["waitlisted"] * 7)
)


def fill(n_events: int, n_regs: int, n_firms: int, seed: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from chrysalis.accounts.models import OrgUnit
    from chrysalis.enterprises.models import Enterprise
    from chrysalis.enterprises.uscc import make_uscc
    from chrysalis.events.choices import EventKind
    from chrysalis.events.models import Deal, Event, EventRequest, Registration
    from chrysalis.support.models import ServiceRequest

    rng = random.Random(seed)
    grids = list(OrgUnit.objects.filter(kind="grid"))
    have = Enterprise.objects.count()
    if have < n_firms:
        Enterprise.objects.bulk_create(
            [
                Enterprise(
                    uscc=make_uscc("330113", f"EB{i:06d}"),
                    name=f"活动基准企业{i:05d}",
                    org_unit=rng.choice(grids),
                    key_firm=rng.random() < 0.1,
                )
                for i in range(have, n_firms)
            ],
            batch_size=2000,
        )
    if Event.objects.count() >= n_events:
        return
    units = list(OrgUnit.objects.filter(code__in=["ZONE-A", "ZONE-B", "STREET-C", "STREET-D", "330113"]))
    firms = list(Enterprise.objects.values_list("pk", "org_unit__path"))
    now = timezone.now()
    start_year = dt.datetime(now.year - 1, 1, 1, 9, tzinfo=dt.UTC)
    span = (now - start_year).days + 40
    kinds = EventKind.values
    events = []
    for i in range(n_events):
        start = start_year + dt.timedelta(days=rng.randint(0, span), hours=rng.randint(0, 8))
        events.append(
            Event(
                title=f"基准活动{i:05d}",
                kind=rng.choice(kinds),
                organiser_unit=rng.choice(units),
                venue="会议中心",
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
                capacity=rng.choice([None, 80, 100, 150]),
                visibility=rng.choice(["public", "invitation", "invitation"]),
                checkin_code=f"bench{i:06d}{rng.randint(0, 10**9)}",
            )
        )
    Event.objects.bulk_create(events, batch_size=2000)
    events = list(Event.objects.values_list("pk", "starts_at", "organiser_unit__path"))
    per_event = max(1, n_regs // len(events))
    batch: list = []
    made = 0
    for ev_id, starts, _path in events:
        for firm_id, _ in rng.sample(firms, min(per_event, len(firms))):
            status = rng.choice(STATUSES)
            batch.append(
                Registration(
                    event_id=ev_id,
                    enterprise_id=firm_id,
                    status=status,
                    registered_at=starts - dt.timedelta(days=rng.randint(1, 20)),
                    checked_in_at=starts if status == "checked_in" else None,
                    rating=rng.choice([None, None, 3, 4, 5, 5]) if status == "checked_in" else None,
                )
            )
            made += 1
        if len(batch) >= 20000:
            Registration.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Registration.objects.bulk_create(batch, batch_size=5000)
    deals = [
        Deal(
            event_id=ev_id,
            enterprise_id=rng.choice(firms)[0],
            counterparty="基准银行",
            kind="bank_loan",
            amount=rng.choice([100, 300, 500]),
            stage=rng.choice(["intent", "signed", "landed"]),
        )
        for ev_id, _, _ in rng.sample(events, min(3000, len(events)))
    ]
    Deal.objects.bulk_create(deals, batch_size=2000)
    reqs = [
        ServiceRequest(
            number=f"EB{i:08d}",
            enterprise_id=rng.choice(firms)[0],
            category="finance",
            title="活动中提出",
            description="基准",
            channel="event",
            status=rng.choice(["submitted", "answered", "closed"]),
            raised_at=now,
        )
        for i in range(len(events))
    ]
    ServiceRequest.objects.bulk_create(reqs, batch_size=2000)
    req_ids = ServiceRequest.objects.filter(number__startswith="EB").values_list("pk", flat=True)
    EventRequest.objects.bulk_create(
        [EventRequest(event_id=e[0], request_id=r) for e, r in zip(events, req_ids, strict=False)],
        batch_size=2000,
    )
    from chrysalis.events.services.registrations import recount

    recount()  # the events' running figures, as the services would have kept them
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(f"filled {len(events)} events, {made} registrations, {len(deals)} deals, {len(reqs)} requests")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--registrations", type=int, default=500_000)
    parser.add_argument("--firms", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--personas", default=",".join(PERSONAS))
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from chrysalis.accounts.models import User
    from chrysalis.events.models import Event, Registration

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    t0 = time.perf_counter()
    fill(args.events, args.registrations, args.firms, args.seed)
    print(f"data ready in {time.perf_counter() - t0:.1f} s ({connection.vendor})")
    year = timezone.localdate().year
    url = f"/events/dashboard/?year={year}"
    worst, worst_q, worst_p50, worst_b50 = 0.0, 0, 0.0, 0.0
    for username in args.personas.split(","):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)

        def render(client=client):
            assert client.get(url).status_code == 200

        def scan(user=user):  # the baseline: one count() of the persona's registrations of the year
            return Registration.objects.filter(
                event__in=Event.objects.restrict(user, "view").filter(starts_at__year=year).values("pk")
            ).count()

        render()  # warm-up
        times, base = [], []
        for _ in range(args.runs):  # interleaved, so that both see the same load
            times.append(time_ms(render))
            base.append(time_ms(scan))
        n = scan()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        p50, p95, b50 = median(times), percentile(times, 0.95), median(base)
        if p95 >= worst:
            worst, worst_p50, worst_b50 = p95, p50, b50
        worst_q = max(worst_q, len(ctx.captured_queries))
        print(
            f"{username:>13} ({n:>6} registrations this year): p50 {p50:5.0f} ms, p95 {p95:5.0f} ms, "
            f"{len(ctx.captured_queries):2d} queries; baseline count() p50 {b50:4.0f} ms, "
            f"ratio {ratio(p50, b50):.1f}x"
        )
    print(
        f"events dashboard, {args.events} events / {args.registrations} registrations: "
        f"at most {worst_q} queries"
    )
    report("worst p95", worst, 300, baseline=worst_b50, compared=worst_p50, compared_name="its p50")


if __name__ == "__main__":
    main()
