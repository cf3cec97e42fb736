"""Quarterly evaluation benchmark: P projects (default 50,000) and C cadres (default 2,000, in task
forces of 20) with a year of pipeline history (stage moves), trips and visits, in the database of
DATABASE_URL (use PostgreSQL; a scratch database, it is filled). Then the quarter is evaluated R
times (figures, points, totals and ranks per team and per cadre: `evaluation.compute`), and closed
once (the same computation plus writing the frozen rows), inside a transaction that is rolled back.

Prints p50 / p95 of the evaluation (ms), the query count, the closing time, and the ratio of the
evaluation's p50 to a baseline measured in the same run: one plain scan, `COUNT(*)` of the
projects landed in the quarter, so figures from different machines can be compared.

    createdb -h 127.0.0.1 -U postgres chrysalis_investment_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chrysalis_investment_bench \\
        .venv/bin/python benchmarks/investment_evaluation.py

Target (issue #15): evaluating a quarter for 50,000 projects and 2,000 cadres in < 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from decimal import Decimal

from _common import median, percentile, ratio, report, time_ms
from registry_common import setup

STAGES = ["lead", "contact", "negotiating", "signed", "landed", "started", "producing"]


def fill(n_projects: int, n_cadres: int, year: int, seed: int) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from chrysalis.accounts.choices import OrgUnitKind, TeamKind
    from chrysalis.accounts.models import OrgUnit, Team, TeamMembership, User
    from chrysalis.investment.models import Project, ProjectMove, TaskForce, Trip, TripVisit

    rng = random.Random(seed)
    district = OrgUnit.objects.get(kind=OrgUnitKind.DISTRICT, code="330113")
    n_teams = max(n_cadres // 20, 1)
    if TaskForce.objects.count() < n_teams:
        with transaction.atomic():
            pw = make_password(None)
            User.objects.bulk_create(
                [
                    User(username=f"bench_c{i:05d}", display_name=f"干部{i:05d}", password=pw)
                    for i in range(n_cadres)
                ],
                batch_size=2000,
                ignore_conflicts=True,
            )
            users = list(User.objects.filter(username__startswith="bench_c").order_by("username"))
            Team.objects.bulk_create(
                [
                    Team(org_unit=district, kind=TeamKind.TASK_FORCE, name=f"基准突击队{t:03d}")
                    for t in range(n_teams)
                ],
                ignore_conflicts=True,
            )
            teams = list(Team.objects.filter(name__startswith="基准突击队").order_by("name"))
            TaskForce.objects.bulk_create(
                [
                    TaskForce(
                        team=t,
                        direction=rng.choice(["headquarters", "future", "finance", "fashion"]),
                        term_start=dt.date(year, 1, 1),
                        term_end=dt.date(year + 1, 12, 31),
                    )
                    for t in teams
                ],
                ignore_conflicts=True,
            )
            TeamMembership.objects.bulk_create(
                [TeamMembership(team=teams[i % n_teams], user=u) for i, u in enumerate(users)],
                batch_size=5000,
                ignore_conflicts=True,
            )
    teams = list(Team.objects.filter(name__startswith="基准突击队").order_by("name"))
    members = {}
    for team_id, user_id in TeamMembership.objects.filter(team__in=teams).values_list("team_id", "user_id"):
        members.setdefault(team_id, []).append(user_id)
    have = Project.objects.filter(team__in=teams).count()
    # every landed benchmark project links one registry row (the registry is not what is measured)
    from chrysalis.enterprises.models import Enterprise
    from chrysalis.enterprises.uscc import make_uscc

    grid = OrgUnit.objects.filter(kind=OrgUnitKind.GRID).first()
    ent, _ = Enterprise.objects.get_or_create(
        uscc=make_uscc("330113", "BNCH0001"), defaults={"name": "基准落地企业", "org_unit": grid}
    )
    start = dt.date(year, 1, 1)
    batch = 5000
    while have < n_projects:
        n = min(batch, n_projects - have)
        with transaction.atomic():
            rows, plans = [], []
            for i in range(have, have + n):
                team = rng.choice(teams)
                reg = start + dt.timedelta(days=rng.randrange(330))
                final = rng.choices(STAGES, [20, 15, 20, 12, 15, 10, 8])[0]
                amount = Decimal(rng.choice(["0.3", "0.8", "1.5", "3", "5", "8", "12", "20", "50"]))
                dates, on = {}, reg
                for stage in STAGES[1 : STAGES.index(final) + 1]:
                    on = on + dt.timedelta(days=rng.randint(5, 25))
                    dates[stage] = on
                rows.append(
                    Project(
                        name=f"基准项目{i:06d}",
                        investor_name=f"基准投资方{i:06d}有限公司",
                        investor_key=f"基准投资方{i:06d}",
                        direction="future",
                        planned_investment=amount,
                        amount=amount,
                        team=team,
                        stage=final,
                        registered_on=reg,
                        contacted_on=dates.get("contact"),
                        negotiating_on=dates.get("negotiating"),
                        signed_on=dates.get("signed"),
                        landed_on=dates.get("landed"),
                        landed_uscc=ent.uscc if "landed" in dates else "",
                        enterprise=ent if "landed" in dates else None,
                        started_on=dates.get("started"),
                        producing_on=dates.get("producing"),
                    )
                )
                plans.append((team.pk, reg, dates))
            created = Project.objects.bulk_create(rows, batch_size=2000)
            moves, links = [], []
            for p, (team_id, reg, dates) in zip(created, plans, strict=True):
                prev = ""
                moves.append(ProjectMove(project=p, from_stage="", to_stage="lead", on=reg))
                prev = "lead"
                for stage, on in dates.items():
                    moves.append(ProjectMove(project=p, from_stage=prev, to_stage=stage, on=on, forward=True))
                    prev = stage
                for uid in rng.sample(
                    members[team_id], min(2 if rng.random() < 0.4 else 1, len(members[team_id]))
                ):
                    links.append(Project.cadres.through(project_id=p.pk, user_id=uid))
            ProjectMove.objects.bulk_create(moves, batch_size=5000)
            Project.cadres.through.objects.bulk_create(links, batch_size=5000)
        have += n
        print(f"  projects: {have:,}", flush=True)
    if not Trip.objects.filter(team__in=teams).exists():
        with transaction.atomic():
            trips = []
            for team in teams:
                for w in range(45):
                    trips.append(
                        Trip(
                            team=team,
                            date=start + dt.timedelta(days=7 * w + rng.randrange(5)),
                            city="杭州",
                            groups=2,
                        )
                    )
            Trip.objects.bulk_create(trips, batch_size=5000)
            trips = list(Trip.objects.filter(team__in=teams))
            Trip.cadres.through.objects.bulk_create(
                [
                    Trip.cadres.through(trip_id=t.pk, user_id=u)
                    for t in trips
                    for u in rng.sample(members[t.team_id], min(4, len(members[t.team_id])))
                ],
                batch_size=10000,
            )
            TripVisit.objects.bulk_create(
                [TripVisit(trip=t, company=f"走访企业{t.pk}-{j}") for t in trips for j in range(4)],
                batch_size=10000,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--cadres", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from chrysalis.accounts.models import OrgUnit
    from chrysalis.investment import evaluation
    from chrysalis.investment.models import Project, ProjectMove, Quarter
    from chrysalis.investment.services.evaluation import quarter_close, quarter_open

    year = 2025
    t0 = time.perf_counter()
    fill(args.projects, args.cadres, year, args.seed)
    print(f"fill: {time.perf_counter() - t0:.1f} s")
    district = OrgUnit.objects.get(code="330113")
    quarter = Quarter.objects.filter(org_unit=district, year=year, number=2).first() or quarter_open(
        actor=None, district=district, year=year, number=2
    )
    connection.cursor().execute("ANALYZE") if connection.vendor == "postgresql" else None
    n_projects = Project.objects.count()
    n_moves = ProjectMove.objects.count()

    def baseline():
        return Project.objects.filter(landed_on__range=(quarter.start, quarter.end)).count()

    base_times, times = [], []
    for _ in range(args.repeat):  # interleaved, so that both see the same load
        base_times.append(time_ms(baseline))
        times.append(time_ms(lambda: evaluation.compute(quarter)))
    with CaptureQueriesContext(connection) as ctx:
        results = evaluation.compute(quarter)
    p50, p95, b50 = median(times), percentile(times, 0.95), median(base_times)
    with transaction.atomic():
        closed = []
        close_ms = time_ms(lambda: closed.append(quarter_close(actor=None, quarter=quarter)))
        n_rows = closed[0].rows.count()
        transaction.set_rollback(True)
    print(
        f"data: {n_projects:,} projects, {n_moves:,} stage moves, {len(results['team'])} task forces, "
        f"{len(results['cadre']):,} cadres; quarter {quarter}"
    )
    print(f"evaluate quarter: p50 {p50:.0f} ms, p95 {p95:.0f} ms, {len(ctx.captured_queries)} queries")
    print(f"close quarter (evaluate + write {n_rows:,} frozen rows, rolled back): {close_ms:.0f} ms")
    print(
        f"baseline (COUNT of projects landed in the quarter): p50 {b50:.1f} ms; ratio {ratio(p50, b50):.0f}×"
    )
    report("evaluate quarter p95", p95, 2000, baseline=b50, compared=p50, compared_name="p50")


if __name__ == "__main__":
    main()
