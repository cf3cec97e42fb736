"""Benchmark: the village figures dashboard with V villages × 10 metrics × M months (PostgreSQL).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/chrysalis_villages_bench \
       .venv/bin/python benchmarks/villages_dashboard.py [--villages 500] [--months 120] [--requests 40]
Builds (once) a street tree of `--villages` villages in streets of 50 with every catalogue metric
for `--months` months (500 × 10 × 120 = 600,000 entries), then requests the dashboard as the
district administrator (street breakdown) and as it drills into one street (village breakdown),
over 4 months, a year and the whole span, with year on year; prints p50 / p95 per URL and overall,
the query count, and the ratio to a baseline page measured in the same run (the operators list).
Target (issue 16): p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from decimal import Decimal

from _common import median, percentile, report, timed_loop
from registry_common import setup


def build(villages: int, months: int) -> None:
    from chrysalis.accounts.choices import OrgUnitKind
    from chrysalis.accounts.models import OrgUnit
    from chrysalis.accounts.services import org as org_services
    from chrysalis.villages.models import FigureEntry, Metric, Village

    existing = list(Village.objects.filter(unit__code__startswith="BV-").select_related("unit"))
    if existing:  # built by an earlier run: add any catalogue metric it does not have yet
        _top_up(existing, months)
        return
    district = OrgUnit.objects.filter(kind=OrgUnitKind.DISTRICT).order_by("path").first()
    metrics = list(Metric.objects.all())
    rng = random.Random(16)
    periods = _periods(months)
    t = time.perf_counter()
    street = None
    for i in range(villages):
        if i % 50 == 0:
            street = org_services.org_unit_create(
                actor=None,
                parent=district,
                kind=OrgUnitKind.STREET,
                name=f"基准街道{i // 50 + 1}",
                code=f"BS-{i // 50 + 1}",
            )
        unit = org_services.org_unit_create(
            actor=None, parent=street, kind=OrgUnitKind.COMMUNITY, name=f"基准村{i + 1}", code=f"BV-{i + 1}"
        )
        village = Village.objects.create(unit=unit, population=1500, households=500)
        rows = [_entry(village, metric, period, rng) for metric in metrics for period in periods]
        FigureEntry.objects.bulk_create(rows, batch_size=2000)
    from chrysalis.villages.selectors import totals_rebuild

    totals_rebuild()  # the entries were bulk-inserted past the services that keep the streets' totals
    print(
        f"generated {villages} villages × {len(metrics)} metrics × {months} months"
        f" in {time.perf_counter() - t:.0f} s"
    )


def _entry(village, metric, period: dt.date, rng: random.Random):
    """One reviewed figure of a random value, as the operator entered it."""
    from chrysalis.villages.models import FigureEntry

    return FigureEntry(
        village=village,
        path=village.unit.path,
        metric=metric,
        period=period,
        value=Decimal(rng.randint(100, 50000)),
        unit=metric.unit,
        source="operator",
        status="reviewed",
    )


def _periods(months: int) -> list[dt.date]:
    y, m, out = 2026, 12, []
    for _ in range(months):
        out.append(dt.date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


def _top_up(villages, months: int) -> None:
    from chrysalis.villages.models import FigureEntry, Metric

    have = set(
        FigureEntry.objects.filter(path__startswith=villages[0].unit.path[:4])
        .values_list("metric_id", flat=True)
        .distinct()
    )
    rng = random.Random(17)
    for metric in Metric.objects.exclude(pk__in=have):
        rows = [_entry(v, metric, p, rng) for v in villages for p in _periods(months)]
        FigureEntry.objects.bulk_create(rows, batch_size=5000)
        print(f"added {len(rows)} entries of {metric.code}")
    from chrysalis.villages.selectors import totals_rebuild

    totals_rebuild()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=500)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from chrysalis.accounts.models import OrgUnit, User
    from chrysalis.core.actor import actor_context
    from chrysalis.villages.models import FigureEntry

    settings.ALLOWED_HOSTS = ["*"]
    with actor_context(source="command", label="benchmark"):
        build(args.villages, args.months)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            for table in (
                "villages_figureentry",
                "villages_parentmonthtotal",
                "villages_village",
                "accounts_orgunit",
            ):
                c.execute(f"VACUUM ANALYZE {table}")
    total = FigureEntry.objects.count()
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    street = OrgUnit.objects.filter(code="BS-1").first()
    urls = [
        "/villages/dashboard/?metric=visitors&start=2026-01&end=2026-04",
        "/villages/dashboard/?metric=tourism_revenue&start=2026-01&end=2026-12",
        "/villages/dashboard/?metric=farm_sales&start=2017-01&end=2026-12",
        f"/villages/dashboard/?metric=visitors&start=2026-01&end=2026-04&area={street.pk}",
        f"/villages/dashboard/?metric=jobs&start=2017-01&end=2026-12&area={street.pk}",
        "/villages/dashboard/?metric=visitors&start=2026-01&end=2026-04&export=xlsx",
    ]
    print(
        f"{total} figure entries in {connection.vendor}; {args.requests} requests per URL"
        " (district administrator)"
    )

    def timed(url):
        def one():
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)

        times = timed_loop(one, args.requests, warmup=1)
        with CaptureQueriesContext(connection) as ctx:
            one()
        return times, len(ctx.captured_queries)

    base, _ = timed("/villages/operators/")
    base_p50 = median(base)
    print(f"  baseline /villages/operators/ p50 {base_p50:.1f} ms  p95 {percentile(base, 0.95):.1f} ms")
    everything = []
    for url in urls:
        times, queries = timed(url)
        everything += times
        print(
            f"  {url:<78} p50 {median(times):6.1f} ms  p95 {percentile(times, 0.95):6.1f} ms"
            f"  queries {queries}"
            f"  (p50 ×{median(times) / base_p50:.1f} of baseline)"
        )
    p50 = median(everything)
    print(f"overall p50 {p50:.1f} ms")
    report(
        "overall p95", percentile(everything, 0.95), 300, baseline=base_p50, compared=p50, compared_name="p50"
    )


if __name__ == "__main__":
    main()
