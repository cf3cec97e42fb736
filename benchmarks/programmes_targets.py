"""Programmes benchmark: recompute every target of the district's 八大行动 over a district of
F firms (default 200,000), R service requests (default 200,000) and P investment projects (default
50,000), plus titles, pool entries, yearly figures, officer assignments, the listing track and a few
thousand events, in the database of DATABASE_URL (use PostgreSQL; a scratch database, it is filled).

Prints the time to evaluate all targets (the leader's page and the snapshot job do exactly this),
the slowest targets, and the query count.

    createdb chrysalis_programmes_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/chrysalis_programmes_bench
    .venv/bin/python benchmarks/programmes_targets.py            # the issue's sizes
    .venv/bin/python benchmarks/programmes_targets.py --scale 0.1

Target (issue #18): every target of the district recomputed in < 5 s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from decimal import Decimal

from _common import report, time_ms, timed_loop
from registry_common import setup


def fill(n_firms: int, n_requests: int, n_projects: int, seed: int) -> None:  # noqa: C901 - a data generator
    from django.db import connection
    from django.utils import timezone

    from chrysalis.accounts.models import OrgUnit, Team, User
    from chrysalis.cultivation.models import PoolEntry
    from chrysalis.enterprises.models import Enterprise, Title, YearFigures
    from chrysalis.enterprises.uscc import make_uscc
    from chrysalis.events.models import Event, Registration
    from chrysalis.investment.models import Project
    from chrysalis.programmes.models import ListingEntry
    from chrysalis.support.models import Assignment, ServiceRequest

    rng = random.Random(seed)
    today = timezone.localdate()
    year = today.year
    now = timezone.now()
    grids = list(OrgUnit.objects.filter(kind="grid"))
    have = Enterprise.objects.count()
    if have < n_firms:
        batch = []
        for i in range(have, n_firms):
            batch.append(
                Enterprise(
                    uscc=make_uscc("330114", f"PB{i:06d}"),
                    name=f"行动基准企业{i:06d}",
                    org_unit=rng.choice(grids),
                    above_scale=rng.random() < 0.3,
                    key_firm=rng.random() < 0.05,
                )
            )
            if len(batch) == 10000:
                Enterprise.objects.bulk_create(batch, batch_size=5000)
                batch = []
        Enterprise.objects.bulk_create(batch, batch_size=5000)
    firms = list(Enterprise.objects.values_list("pk", "uscc", "key_firm", "above_scale"))
    if not Title.objects.filter(batch="bench").exists():
        titles = []
        for pk, _uscc, _key, _above in rng.sample(firms, len(firms) // 10):
            kind = rng.choice(
                ["zjtx_sme", "zjtx_sme", "innovative_sme", "high_tech_enterprise", "little_giant"]
            )
            granted = dt.date(rng.randint(year - 3, year), rng.randint(1, 12), 1)
            if granted > today:
                granted = dt.date(year, 1, 1)
            titles.append(
                Title(
                    enterprise_id=pk,
                    kind=kind,
                    granted_on=granted,
                    valid_until=granted.replace(year=granted.year + 3),
                    batch="bench",
                )
            )
        Title.objects.bulk_create(titles, batch_size=5000)
        PoolEntry.objects.bulk_create(
            [
                PoolEntry(
                    enterprise_id=pk,
                    stage=rng.choice(["reserve", "intended", "key", "applying"]),
                    tier_target="zjtx",
                    year=year,
                )
                for pk, *_ in rng.sample(firms, len(firms) // 20)
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        YearFigures.objects.bulk_create(
            [
                YearFigures(
                    enterprise_id=pk,
                    year=year - 1,
                    rd_expense=Decimal(rng.randint(50, 5000)),
                    source="audited",
                )
                for pk, _u, key, _a in firms
                if key
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        ListingEntry.objects.bulk_create(
            [
                ListingEntry(
                    enterprise_id=pk,
                    stage=rng.choice(["cultivating", "shareholding", "tutoring"]),
                    since=dt.date(year, 1, 1),
                )
                for pk, *_ in rng.sample(firms, 300)
            ],
            ignore_conflicts=True,
        )
        officer = User.objects.filter(username="officer_a").first() or User.objects.first()
        team = Team.objects.first()
        Assignment.objects.bulk_create(
            [
                Assignment(
                    enterprise_id=pk,
                    officer=officer,
                    role="lead",
                    team=team,
                    started_at=now - dt.timedelta(days=400),
                )
                for pk, _u, _k, above in firms
                if above and rng.random() < 0.8
            ],
            batch_size=5000,
        )
    have = ServiceRequest.objects.filter(number__startswith="PB").count()
    if have < n_requests:
        batch = []
        start = dt.datetime(year, 1, 1, 9, tzinfo=dt.UTC)
        span = (now - start).days
        for i in range(have, n_requests):
            raised = start + dt.timedelta(days=rng.randint(0, span))
            answered = raised + dt.timedelta(days=rng.randint(1, 20))
            done = answered < now and rng.random() < 0.85
            batch.append(
                ServiceRequest(
                    number=f"PB{i:08d}",
                    enterprise_id=rng.choice(firms)[0],
                    category=rng.choice(["finance", "land", "talent", "policy", "permits"]),
                    tags=rng.choice(["", "", "痛点难点", "扩产"]),
                    title="基准诉求",
                    description="基准",
                    channel="phone",
                    status="closed" if done else "submitted",
                    raised_at=raised,
                    answered_at=answered if done else None,
                    answered_on_time=(rng.random() < 0.9) if done else None,
                    closed_at=answered if done else None,
                    satisfaction=rng.choice([None, 3, 4, 5, 5]) if done else None,
                )
            )
            if len(batch) == 10000:
                ServiceRequest.objects.bulk_create(batch, batch_size=5000)
                batch = []
        ServiceRequest.objects.bulk_create(batch, batch_size=5000)
    if Project.objects.filter(name__startswith="基准项目").count() < n_projects:
        team = Team.objects.filter(kind="task_force").first() or Team.objects.first()
        batch = []
        for i in range(n_projects):
            landed = rng.random() < 0.2
            pk, uscc, _k, _a = rng.choice(firms)
            day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, (today - dt.date(year, 1, 1)).days))
            amount = Decimal(rng.choice([0.5, 1, 2, 3, 5, 8, 12, 20]))
            batch.append(
                Project(
                    name=f"基准项目{i:06d}",
                    investor_name="基准投资方",
                    investor_key=f"pb{i}",
                    direction="future",
                    planned_investment=amount,
                    amount=amount,
                    team=team,
                    stage="landed" if landed else "lead",
                    registered_on=day,
                    landed_on=day if landed else None,
                    landed_uscc=uscc if landed else "",
                    enterprise_id=pk if landed else None,
                )
            )
            if len(batch) == 10000:
                Project.objects.bulk_create(batch, batch_size=5000)
                batch = []
        Project.objects.bulk_create(batch, batch_size=5000)
    if not Event.objects.filter(title__startswith="行动基准活动").exists():
        units = list(OrgUnit.objects.filter(kind__in=["zone", "street"])) or grids
        events = Event.objects.bulk_create(
            [
                Event(
                    title=f"行动基准活动{i:05d}",
                    kind=rng.choice(["matchmaking", "training", "policy_briefing"]),
                    organiser_unit=rng.choice(units),
                    venue="会议中心",
                    starts_at=now - dt.timedelta(days=rng.randint(1, 300)),
                    ends_at=now - dt.timedelta(days=rng.randint(0, 0)),
                    checkin_code=f"pbench{i:06d}{rng.randint(0, 10**9)}",
                )
                for i in range(2000)
            ],
            batch_size=2000,
        )
        regs = []
        for ev in events:
            for pk, *_ in rng.sample(firms, 25):
                regs.append(
                    Registration(event=ev, enterprise_id=pk, status="checked_in", registered_at=ev.starts_at)
                )
        Registration.objects.bulk_create(regs, batch_size=5000, ignore_conflicts=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")


def build_targets():
    """The 八大行动 of the demo with fixed target values (the numbers do not matter here)."""
    from django.utils import timezone

    from chrysalis.accounts.models import OrgUnit
    from chrysalis.programmes.demo import MANUAL, PROGRAMMES
    from chrysalis.programmes.models import Programme, Target
    from chrysalis.programmes.services import programmes as services

    district = OrgUnit.objects.filter(kind="district").order_by("path").first()
    year = timezone.localdate().year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not Programme.objects.filter(unit=district, name=PROGRAMMES[0][0]).exists():
        for pos, (name, _lead, desc, _measures, targets) in enumerate(PROGRAMMES):
            p = services.programme_create(
                actor=None,
                unit=district,
                name=name,
                starts_on=start,
                ends_on=end,
                description=desc,
                position=pos,
            )
            for tname, code, params, owner, _pace in targets:
                services.target_create(
                    actor=None,
                    programme=p,
                    name=tname,
                    metric=code,
                    params=params,
                    unit_label=MANUAL.get(tname, ("",))[0],
                    baseline=Decimal(0),
                    target_value=Decimal(1000),
                    starts_on=start,
                    deadline=end,
                    owner=owner,
                )
    return list(Target.objects.filter(programme__unit=district).select_related("programme__unit"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--firms", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the three sizes")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chrysalis.core.actor import actor_context
    from chrysalis.enterprises.models import Enterprise
    from chrysalis.investment.models import Project
    from chrysalis.programmes.services.evaluation import evaluate, evaluate_all
    from chrysalis.support.models import ServiceRequest

    s = args.scale
    t0 = time.perf_counter()
    with actor_context(source="command", label="benchmark"):
        fill(int(args.firms * s), int(args.requests * s), int(args.projects * s), args.seed)
        targets = build_targets()
    print(
        f"data ready in {time.perf_counter() - t0:.1f} s ({connection.vendor}): "
        f"{Enterprise.objects.count()} firms, {ServiceRequest.objects.count()} requests, "
        f"{Project.objects.count()} projects, {len(targets)} targets"
    )
    times = [ms / 1000 for ms in timed_loop(lambda: evaluate_all(targets), args.runs, warmup=1)]
    with CaptureQueriesContext(connection) as ctx:
        evaluate_all(targets)
    slow = sorted(
        ((time_ms(lambda t=t: evaluate(t)), t.name, t.metric or "manual") for t in targets), reverse=True
    )
    best, worst = min(times), max(times)
    print(
        f"all {len(targets)} targets: best {best:.2f} s, worst {worst:.2f} s, "
        f"{len(ctx.captured_queries)} queries"
    )
    for ms, name, code in slow[:5]:
        print(f"  {ms:7.1f} ms  {code:18s} {name}")
    report(f"all {len(targets)} targets, worst of {args.runs} runs", worst, 5, unit="s", digits=2)


if __name__ == "__main__":
    main()
