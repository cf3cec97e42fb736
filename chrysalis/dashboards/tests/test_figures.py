"""Dashboard figures equal a straightforward recomputation, for several personas; the summary the
services keep equals the live computation and the full rebuild of support_tick."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chrysalis.accounts.choices import Role
from chrysalis.core.exceptions import TransitionError
from chrysalis.core.testing.personas import make_user
from chrysalis.dashboards.selectors import _summary_holders, _summary_paths, service_figures
from chrysalis.enterprises.models import Enterprise
from chrysalis.support.jobs import tick
from chrysalis.support.models import (
    DispatchFigure,
    RequestDispatch,
    RequestFigure,
    RequestMonthFigure,
    ServiceRequest,
)
from chrysalis.support.services.figures import refresh_all
from chrysalis.support.services.requests import request_create, request_transition
from chrysalis.support.tests import matrix  # noqa: F401  (world extensions)

pytestmark = pytest.mark.django_db

PERSONAS = (
    "district_admin",
    "zone_a_admin",
    "zone_a_officer",
    "grid_a1_worker",
    "zone_b_officer",
    "finance_handler",
    "env_handler",
    "enterprise_user",
)
CATEGORIES = ("finance", "talent", "land", "other")


@pytest.fixture
def dataset(world):
    """~60 requests over three firms and two years, driven through the real services at random
    (seeded): dispatches by rule and by hand, returns, re-dispatches, pauses, answers, ratings,
    reopenings, withdrawals."""
    world.users["zone_a_admin"] = make_user(
        "p_zone_a_admin", world.zone_a, Role.DISTRICT_ADMIN, org_unit=world.zone_a
    )
    rng = random.Random(6)
    admin, officer = world.users["district_admin"], world.users["zone_a_officer"]
    handlers = {
        world.finance.pk: world.users["finance_handler"],
        world.extra["environment"].pk: world.users["env_handler"],
    }
    depts = [world.finance, world.extra["environment"]]
    firms = [world.extra["ent_a1"], world.extra["ent_a2"], world.extra["ent_b1"]]
    start = timezone.now() - dt.timedelta(days=500)
    for i in range(60):
        now = start + dt.timedelta(days=8 * i + rng.randint(0, 5), hours=rng.randint(0, 23))
        firm = rng.choice(firms)
        raiser = officer if firm == firms[0] and rng.random() < 0.5 else admin
        req = request_create(
            actor=raiser,
            enterprise=firm,
            category=rng.choice(CATEGORIES),
            title=f"诉求{i}",
            description="说明",
            channel="phone",
            department=rng.choice(depts + [None]),
            now=now,
        )
        for _step in range(rng.randint(0, 7)):
            now += dt.timedelta(days=rng.randint(0, 4), hours=1)
            req.refresh_from_db()
            handler = handlers.get(req.department_id)
            moves = {
                "submitted": [("dispatch", admin, {"department": rng.choice(depts)})],
                "dispatched": [
                    ("sign", handler, {}),
                    ("return", handler, {"reason": "不属本部门"}),
                    (
                        "redispatch",
                        admin,
                        {"department": [d for d in depts if d.pk != req.department_id][0], "reason": "改派"},
                    ),
                ],
                "in_progress": [
                    ("answer", handler, {"reason": "已答复"}),
                    ("pause", handler, {"reason": "等企业材料"}),
                    ("return", handler, {"reason": "退回"}),
                    ("answer", handler, {"reason": "办结"}),
                ],
                "paused": [("resume", handler, {})],
                "answered": [
                    ("confirm", admin, {"satisfaction": rng.randint(1, 5), "reason": "回访满意"}),
                    ("reopen", admin, {"reason": "企业不满意"}),
                ],
                "closed": [("reopen", admin, {"reason": "再次反映"})],
            }.get(req.status, [])
            if not moves:
                break
            event, actor, kwargs = rng.choice(moves)
            try:
                req = request_transition(actor=actor, request=req, event=event, now=now, **kwargs)
            except TransitionError:
                break
    return world


def recompute(user, *, year=None) -> dict:
    """The figures, the plain way: every scoped request in Python."""
    reqs = list(ServiceRequest.objects.restrict(user, "view"))
    if year:
        reqs = [r for r in reqs if timezone.localtime(r.raised_at).year == year]
    status = Counter(r.status for r in reqs)
    answered = [r for r in reqs if r.answered_on_time is not None]
    on_time = sum(1 for r in answered if r.answered_on_time)
    rated = [r.satisfaction for r in reqs if r.satisfaction is not None]
    months = defaultdict(lambda: [0, 0])
    for r in reqs:
        m = months[timezone.localtime(r.raised_at).strftime("%Y-%m")]
        m[0] += 1
        m[1] += r.status in ("answered", "closed")
    sent, returned = Counter(), Counter()
    for d in RequestDispatch.objects.filter(request__in=[r.pk for r in reqs]):
        sent[d.department_id] += 1
        returned[d.department_id] += d.outcome == "returned"
    league = {}
    for dept_id in {r.department_id for r in reqs if r.department_id}:
        mine = [r for r in reqs if r.department_id == dept_id]
        ans = [r for r in mine if r.answered_on_time is not None]
        league[dept_id] = (
            len(mine),
            round(100 * sum(r.answered_on_time for r in ans) / len(ans), 1) if ans else None,
            round(100 * returned[dept_id] / sent[dept_id], 1) if sent[dept_id] else None,
        )
    return {
        "count": len(reqs),
        "resolved": status["answered"] + status["closed"],
        "closed": status["closed"],
        "on_time_rate": round(100 * on_time / len(answered), 1) if answered else None,
        "satisfaction": round(sum(rated) / len(rated), 2) if rated else None,
        "return_rate": round(100 * sum(1 for r in reqs if r.return_count) / len(reqs), 1) if reqs else None,
        "reopen_rate": round(100 * sum(1 for r in reqs if r.reopen_count) / len(reqs), 1) if reqs else None,
        "overdue": sum(1 for r in reqs if r.due_state == "overdue"),
        "statuses": {s: n for s, n in status.items() if n},
        "categories": dict(Counter(r.category for r in reqs)),
        "months": {k: tuple(v) for k, v in months.items()},
        "league": league,
    }


def shown(f: dict) -> dict:
    t = f["total"]
    return {
        "count": t["count"],
        "resolved": t["resolved"],
        "closed": t["closed"],
        "on_time_rate": t["on_time_rate"],
        "satisfaction": t["satisfaction"],
        "return_rate": t["return_rate"],
        "reopen_rate": t["reopen_rate"],
        "overdue": t["overdue"],
        "statuses": {s["key"]: s["count"] for s in f["statuses"]},
        "categories": {c["key"]: c["count"] for c in f["categories"]},
        "months": {m["month"]: (m["count"], m["resolved"]) for m in f["months"]},
        "league": {
            r["department_id"]: (r["count"], r["on_time_rate"], r["return_rate"]) for r in f["league"]
        },
    }


def summary_rows():
    return (
        sorted(
            RequestFigure.objects.filter(n__gt=0).values_list(
                "org_unit_id",
                "year",
                "category",
                "department_key",
                "n",
                "answered",
                "on_time",
                "wd",
                "wd_n",
                "sat",
                "sat_n",
                "returned",
                "reopened",
                "overdue",
            )
        ),
        sorted(RequestMonthFigure.objects.filter(n__gt=0).values_list("org_unit_id", "month", "status", "n")),
        sorted(
            DispatchFigure.objects.filter(sent__gt=0).values_list(
                "org_unit_id", "year", "department_id", "sent", "returned"
            )
        ),
    )


def test_figures_equal_recomputation_for_every_persona(dataset):
    assert ServiceRequest.objects.count() == 62  # and the two of the world
    assert (
        ServiceRequest.objects.filter(return_count__gt=0).exists()
        and ServiceRequest.objects.filter(status="closed").exists()
    )
    years = sorted(
        {timezone.localtime(r).year for r in ServiceRequest.objects.values_list("raised_at", flat=True)}
    )
    for persona in PERSONAS:
        user = dataset.users[persona]
        for year in (None, *years):
            expected = recompute(user, year=year)
            assert shown(service_figures(user, year=year)) == expected, (persona, year)
            assert shown(service_figures(user, year=year, live=True)) == expected, (persona, year)
    assert recompute(dataset.users["district_admin"])["count"] == 62


def test_area_filter_equals_recomputation(dataset):
    admin = dataset.users["district_admin"]
    for area in (dataset.zone_a, dataset.grid_a1, dataset.grid_b1):
        f = service_figures(admin, area=area)
        assert (
            f["total"]["count"]
            == ServiceRequest.objects.restrict(admin)
            .filter(enterprise__org_unit__path__startswith=area.path)
            .count()
        )
        assert shown(f) == shown(service_figures(admin, area=area, live=True))


def test_incremental_summary_equals_full_rebuild(dataset):
    incremental = summary_rows()
    refresh_all()
    assert summary_rows() == incremental
    tick(now=timezone.now())  # moves due states and rebuilds: still equal to the live figures
    admin = dataset.users["district_admin"]
    assert shown(service_figures(admin)) == shown(service_figures(admin, live=True)) == recompute(admin)


def test_moved_enterprise_is_never_counted_in_its_old_grid(dataset):
    admin, grid_worker = dataset.users["district_admin"], dataset.users["grid_a1_worker"]
    Enterprise.objects.filter(pk=dataset.extra["ent_a1"].pk).update(
        org_unit=dataset.grid_b1
    )  # e.g. a bulk import moved it
    assert shown(service_figures(grid_worker)) == recompute(grid_worker)
    assert shown(service_figures(admin, area=dataset.grid_b1)) == shown(
        service_figures(admin, area=dataset.grid_b1, live=True)
    )
    tick(now=timezone.now())  # the rebuild attributes it to its new grid: the summary answers again
    assert shown(service_figures(grid_worker)) == recompute(grid_worker)


def test_summary_answers_for_admins_and_grid_workers_and_queries_are_bounded(
    dataset, django_assert_max_num_queries
):
    for persona in PERSONAS[:-1]:
        user = dataset.users[persona]
        assert (_summary_paths(user) is not None) == (
            persona in {"district_admin", "zone_a_admin", "grid_a1_worker"}
        ), persona
        service_figures(user)  # warm the scope cache
        with django_assert_max_num_queries(12):
            service_figures(user, year=timezone.localdate().year)


def test_on_time_card_drills_down_to_exactly_the_requests_it_counts(client, dataset):
    """按时办结率 = answered on time ÷ answered (the latest answer); its three links list exactly
    the numerator, the denominator and the late answers, and no open request (overdue or not)."""
    for persona in ("district_admin", "zone_a_officer", "finance_handler"):
        user = dataset.users[persona]
        client.force_login(user)
        page = client.get("/dashboards/service/")
        t, links = page.context["figures"]["total"], page.context["figures"]["links"]
        assert t["answered"] and t["on_time_rate"] == round(100 * t["on_time"] / t["answered"], 1)
        counted = {}
        for key in ("on_time", "answered_once", "late"):
            listing = client.get(links[key])
            counted[key] = listing.context["record_count"]
            assert all(row.record.answered_on_time is not None for row in listing.context["table"].rows)
        assert (counted["on_time"], counted["answered_once"], counted["late"]) == (
            t["on_time"],
            t["answered"],
            t["late"],
        ), persona
        overdue_open = ServiceRequest.objects.restrict(user).filter(
            due_state="overdue", answered_on_time=None
        )
        late_pks = set(
            ServiceRequest.objects.restrict(user).filter(answered_on_time=False).values_list("pk", flat=True)
        )
        assert not late_pks & set(overdue_open.values_list("pk", flat=True))
        assert f'href="{links["on_time"]}"'.replace("&", "&amp;").encode() in page.content


def _page_queries(client, user) -> int:
    client.force_login(user)
    client.get("/dashboards/service/")  # session, scope and caches warmed
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/dashboards/service/").status_code == 200
    return len(ctx.captured_queries)


def test_handler_and_officer_dashboards_make_a_constant_number_of_queries(client, dataset):
    """The department handler's page (and the officer's) read the holder summary: the same number
    of queries whatever the requests, dispatches and returns."""
    handler, officer = dataset.users["finance_handler"], dataset.users["zone_a_officer"]
    assert _summary_holders(handler, None) is not None and _summary_holders(officer, None) is not None
    before = _page_queries(client, handler), _page_queries(client, officer)
    admin = dataset.users["district_admin"]
    officer_firm = dataset.extra["ent_a1"]
    for i in range(3):  # more requests, a return and a re-dispatch to another department
        req = request_create(
            actor=officer if i == 0 else admin,
            enterprise=officer_firm,
            category="finance",
            title=f"追加{i}",
            description="说明",
            channel="phone",
            department=dataset.finance,
        )
        if i == 1:
            req = request_transition(actor=handler, request=req, event="return", reason="不属本部门")
            request_transition(
                actor=admin,
                request=req,
                event="dispatch",
                department=dataset.extra["environment"],
            )
    assert (_page_queries(client, handler), _page_queries(client, officer)) == before
    assert shown(service_figures(handler)) == recompute(handler)
    assert shown(service_figures(officer)) == recompute(officer)
