"""Each metric of the catalogue equals a plain recomputation (Python over every row) on the test
world, for the district and each zone. A new metric without its test here fails `test_every_metric_tested`."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from chrysalis.cultivation.models import PoolEntry
from chrysalis.cultivation.models.pool import STAGE_RANK
from chrysalis.enterprises.models import Enterprise, Title, YearFigures
from chrysalis.events.models import Event, Registration
from chrysalis.investment.models import Project
from chrysalis.programmes import metrics
from chrysalis.programmes.choices import LISTING_RANK
from chrysalis.programmes.models import ListingEntry
from chrysalis.support.models import Assignment, ServiceRequest
from chrysalis.villages.models import FigureEntry

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
START = dt.date(TODAY.year, 1, 1)
TESTED: set[str] = set()


def q(x) -> Decimal:
    return Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def scopes(world):
    return [world.district.path, world.zone_a.path, world.zone_b.path]


def check(world, code, params, plain):
    TESTED.add(code)
    metric = metrics.get(code)
    seen = []
    for path in scopes(world):
        w = metrics.Window(path=path, start=START, as_of=TODAY)
        got = metric.compute(w, metric.clean_params(params))
        expected = q(plain(path, START, TODAY))
        assert got == expected, f"{code} {params} under {path}: {got} != {expected}"
        seen.append(got)
    return seen


def firm_path(ent_id):
    return Enterprise.objects.select_related("org_unit").get(pk=ent_id).org_unit.path


def local_day(moment):
    return timezone.localtime(moment).date() if moment else None


def test_titles_valid(mworld):
    def plain(path, start, day):
        return len(
            {
                t.enterprise_id
                for t in Title.objects.all()
                if t.kind == "zjtx_sme"
                and t.granted_on
                and t.granted_on <= day
                and (t.valid_until is None or t.valid_until >= day)
                and firm_path(t.enterprise_id).startswith(path)
            }
        )

    district, zone_a, zone_b = check(mworld, "titles_valid", {"kind": "zjtx_sme"}, plain)
    assert district == zone_a + zone_b and zone_a >= 1


def test_titles_new(mworld):
    def plain(path, start, day):
        return len(
            {
                t.enterprise_id
                for t in Title.objects.all()
                if t.kind == "little_giant"
                and t.granted_on
                and start <= t.granted_on <= day
                and firm_path(t.enterprise_id).startswith(path)
            }
        )

    assert check(mworld, "titles_new", {"kind": "little_giant"}, plain)[2] == 1


def test_pool_stage(mworld):
    def plain(path, start, day):
        return sum(
            1
            for e in PoolEntry.objects.all()
            if STAGE_RANK[e.stage] >= STAGE_RANK["intended"]
            and e.stage != "review"
            and firm_path(e.enterprise_id).startswith(path)
        )

    check(mworld, "pool_stage", {"stage": "intended"}, plain)


def test_key_firm_rd(mworld):
    def plain(path, start, day):
        return sum(
            (
                f.rd_expense
                for f in YearFigures.objects.select_related("enterprise__org_unit")
                if f.year == 2025
                and f.enterprise.key_firm
                and f.rd_expense is not None
                and f.enterprise.org_unit.path.startswith(path)
            ),
            Decimal(0),
        )

    assert check(mworld, "key_firm_rd", {"year": 2025}, plain)[0] > 0


def test_listing_track(mworld):
    def plain(path, start, day):
        return sum(
            1
            for e in ListingEntry.objects.all()
            if LISTING_RANK[e.stage] >= LISTING_RANK["shareholding"]
            and e.since <= day
            and firm_path(e.enterprise_id).startswith(path)
        )

    assert check(mworld, "listing_track", {"stage": "shareholding"}, plain)[1] == 1


def _answered(path, start, day):
    return [
        r
        for r in ServiceRequest.objects.all()
        if r.answered_at
        and start <= local_day(r.answered_at) <= day
        and r.answered_on_time is not None
        and firm_path(r.enterprise_id).startswith(path)
    ]


def test_requests_on_time(mworld):
    def plain(path, start, day):
        rows = _answered(path, start, day)
        return Decimal(100) * sum(r.answered_on_time for r in rows) / len(rows) if rows else 0

    assert check(mworld, "requests_on_time", {}, plain)[0] == q(50)


def test_satisfaction(mworld):
    def plain(path, start, day):
        rows = [
            r.satisfaction
            for r in ServiceRequest.objects.all()
            if r.closed_at
            and start <= local_day(r.closed_at) <= day
            and r.satisfaction is not None
            and firm_path(r.enterprise_id).startswith(path)
        ]
        return Decimal(sum(rows)) / len(rows) if rows else 0

    assert check(mworld, "satisfaction", {}, plain)[0] == q(4)


def test_officer_coverage(mworld):
    def plain(path, start, day):
        firms = [
            e
            for e in Enterprise.objects.select_related("org_unit")
            if e.above_scale and e.org_unit.path.startswith(path)
        ]
        covered = {
            a.enterprise_id
            for a in Assignment.objects.all()
            if a.role == "lead"
            and local_day(a.started_at) <= day
            and (a.ended_at is None or local_day(a.ended_at) > day)
        }
        return Decimal(100) * sum(e.pk in covered for e in firms) / len(firms) if firms else 0

    check(mworld, "officer_coverage", {}, plain)


def test_tagged_resolved(mworld):
    def plain(path, start, day):
        return sum(
            1
            for r in ServiceRequest.objects.all()
            if "痛点难点" in r.tags
            and r.status in ("answered", "closed")
            and r.answered_at
            and start <= local_day(r.answered_at) <= day
            and firm_path(r.enterprise_id).startswith(path)
        )

    assert check(mworld, "tagged_resolved", {"tag": "痛点难点"}, plain)[0] == 2


def _events(path, start, day):
    return [
        e
        for e in Event.objects.select_related("organiser_unit")
        if start <= local_day(e.starts_at) <= day and e.organiser_unit.path.startswith(path)
    ]


def test_events_held(mworld):
    check(mworld, "events_held", {}, lambda p, s, d: len(_events(p, s, d)))
    check(
        mworld,
        "events_held",
        {"kind": "matchmaking"},
        lambda p, s, d: len([e for e in _events(p, s, d) if e.kind == "matchmaking"]),
    )


def test_firms_reached(mworld):
    def plain(path, start, day):
        ids = {e.pk for e in _events(path, start, day)}
        return len(
            {
                r.enterprise_id
                for r in Registration.objects.all()
                if r.event_id in ids and r.status == "checked_in"
            }
        )

    assert check(mworld, "firms_reached", {}, plain)[0] == 2


def _landed(path, start, day, minimum):
    return [
        p
        for p in Project.objects.select_related("team__org_unit")
        if p.stage in ("landed", "started", "producing")
        and p.landed_on
        and start <= p.landed_on <= day
        and p.amount >= minimum
        and p.team.org_unit.path.startswith(path)
    ]


def test_projects_landed(mworld):
    check(mworld, "projects_landed", {}, lambda p, s, d: len(_landed(p, s, d, 0)))
    assert (
        check(mworld, "projects_landed", {"min_amount": 10}, lambda p, s, d: len(_landed(p, s, d, 10)))[0]
        == 1
    )


def test_projects_amount(mworld):
    check(
        mworld,
        "projects_amount",
        {},
        lambda p, s, d: sum((x.amount for x in _landed(p, s, d, 0)), Decimal(0)),
    )


def test_village_figure(mworld):
    def plain(path, start, day):
        return sum(
            (
                f.value
                for f in FigureEntry.objects.select_related("metric")
                if f.metric.code == "visitors"
                and f.status == "reviewed"
                and start.replace(day=1) <= f.period <= day
                and f.path.startswith(path)
            ),
            Decimal(0),
        )

    assert check(mworld, "village_figure", {"code": "visitors"}, plain)[0] > 0


def test_every_metric_tested():
    """Runs last in this module: every metric of the catalogue has its recomputation test above."""
    assert set(metrics.CATALOGUE) == TESTED


def test_records_match_the_number(mworld):
    """The drill-down list is the set the count was taken over."""
    w = metrics.Window(path=mworld.district.path, start=START, as_of=TODAY)
    for code, params in (
        ("titles_valid", {"kind": "zjtx_sme"}),
        ("events_held", {}),
        ("projects_landed", {}),
    ):
        m = metrics.get(code)
        p = m.clean_params(params)
        assert m.records(w, p).count() == int(m.compute(w, p))
