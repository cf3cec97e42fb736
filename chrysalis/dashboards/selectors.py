"""Figures of the service dashboard, computed from the user's scoped requests in a bounded number
of queries (one grouped scan for every request figure, one for the monthly trend, three for coverage):
from the grid summary for org-subtree scopes, from the holder summary for a service officer (their
firms) or a department's handler, live otherwise."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import Department
from chrysalis.accounts.scopes import get_scope
from chrysalis.support.choices import OPEN_STATUSES, Category, Status
from chrysalis.support.models import (
    Assignment,
    DispatchFigure,
    FigureEnterprise,
    Holder,
    RequestDispatch,
    RequestFigure,
    RequestMonthFigure,
    ScopeDispatchFigure,
    ScopeFigure,
    ScopeMonthFigure,
    ServiceRequest,
)
from chrysalis.support.selectors import coverage_by_grid, coverage_by_zone


def _url(**params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse("support:request_list") + ("?" + urlencode(params, doseq=True) if params else "")


def _ratio(num, den, digits=1):
    return round(100 * num / den, digits) if den else None


def _avg(total, n, digits=1):
    return round(total / n, digits) if n else None


KEYS = ("n", "answered", "on_time", "wd", "wd_n", "sat", "sat_n", "returned", "reopened", "overdue")
RESOLVED = (Status.ANSWERED, Status.CLOSED)


def _raw() -> dict:
    return {
        "cat_dept": defaultdict(Counter),
        "status": Counter(),
        "months": defaultdict(Counter),
        "dispatch": defaultdict(Counter),
    }


def _live(qs, raw: dict) -> None:
    """Add the figures of the requests of `qs` to `raw` (three grouped queries)."""
    rows = (
        qs.order_by()
        .values("category", "department_id", "status")
        .annotate(
            n=Count("pk"),
            answered=Count("pk", filter=Q(answered_on_time__isnull=False)),
            on_time=Count("pk", filter=Q(answered_on_time=True)),
            wd=Sum("working_days_to_answer"),
            wd_n=Count("working_days_to_answer"),
            sat=Sum("satisfaction"),
            sat_n=Count("satisfaction"),
            returned=Count("pk", filter=Q(return_count__gt=0)),
            reopened=Count("pk", filter=Q(reopen_count__gt=0)),
            overdue=Count("pk", filter=Q(due_state="overdue")),
        )
    )
    for r in rows:
        raw["cat_dept"][(r["category"], r["department_id"])].update({k: r[k] or 0 for k in KEYS})
        raw["status"][r["status"]] += r["n"]
    # returns are counted against the department that returned the request (it no longer holds it)
    for r in (
        RequestDispatch.objects.filter(request__in=qs.values("pk"))
        .order_by()
        .values("department_id")
        .annotate(sent=Count("pk"), returned=Count("pk", filter=Q(outcome=RequestDispatch.Outcome.RETURNED)))
    ):
        raw["dispatch"][r["department_id"]].update(sent=r["sent"], returned=r["returned"])
    for r in (
        qs.order_by()
        .annotate(m=TruncMonth("raised_at"))
        .values("m")
        .annotate(n=Count("pk"), resolved=Count("pk", filter=Q(status__in=RESOLVED)))
    ):
        month = timezone.localtime(r["m"]).date() if isinstance(r["m"], dt.datetime) else r["m"]
        raw["months"][month].update(n=r["n"], resolved=r["resolved"])


def _summary_paths(user) -> tuple[str, ...] | None:
    """The org subtrees that make up the user's whole request scope (besides what they recorded),
    when the summary can answer for it: district / zone admins and grid workers, whose scope is
    a set of grids. None: officers, handlers and enterprise users (their scope is per enterprise or
    per request: `_summary_holders`, else live), and everyone while an enterprise has moved to
    another grid since the summary attributed it."""
    scope = get_scope(user)
    if scope.has(Role.SERVICE_OFFICER) or scope.departments(Role.DEPARTMENT_HANDLER) or scope.own_enterprises:
        return None
    paths = scope.paths(Role.DISTRICT_ADMIN, Role.GRID_WORKER)
    if not paths or FigureEnterprise.objects.exclude(org_unit_id=F("enterprise__org_unit_id")).exists():
        return None
    return paths


def _index_hint(user) -> Q:
    """A condition implied by the user's scope that the indexes answer (raised_by, enterprise_id,
    department_id, pk), for officers, handlers and enterprise users: ANDed to restrict(), it keeps
    the same rows but lets PostgreSQL read them by a bitmap OR of index scans instead of testing
    restrict()'s OR-with-subqueries on every row of the table. Empty (no hint) for org scopes."""
    scope = get_scope(user)
    if scope.paths(Role.DISTRICT_ADMIN, Role.GRID_WORKER):
        return Q()
    hint = Q(raised_by_id=user.pk)
    if scope.has(Role.SERVICE_OFFICER):
        hint |= Q(
            enterprise_id__in=list(
                Assignment.objects.filter(officer_id=user.pk, ended_at__isnull=True).values_list(
                    "enterprise_id", flat=True
                )
            )
        )
    departments = sorted(scope.departments(Role.DEPARTMENT_HANDLER))
    if departments:  # held now, or held before (returned or re-dispatched since)
        now = ServiceRequest.objects.filter(department_id__in=departments).values("pk")
        before = RequestDispatch.objects.filter(department_id__in=departments).exclude(request_id__in=now)
        hint |= Q(department_id__in=departments) | Q(
            pk__in=sorted(set(before.values_list("request_id", flat=True)))
        )
    if scope.own_enterprises:
        hint |= Q(enterprise_id__in=sorted(scope.own_enterprises))
    return hint


def _from_summary(paths, raw: dict, *, year, area) -> None:
    q = reduce(or_, (Q(org_unit__path__startswith=p) for p in paths))
    if area is not None:
        q &= Q(org_unit__path__startswith=area.path)
    _add_sums((RequestFigure, RequestMonthFigure, DispatchFigure), q, raw, year=year)


def _add_sums(models, q: Q, raw: dict, *, year) -> None:
    """Add the summary rows of `q` (one of the two families of summary tables) to `raw`."""
    figure, month, dispatch = models
    yq = Q(year=year) if year else Q()
    for r in (
        figure.objects.filter(q, yq)
        .order_by()
        .values("category", "department_key")
        .annotate(**{k: Sum(k) for k in KEYS})
    ):
        raw["cat_dept"][(r["category"], r["department_key"] or None)].update({k: r[k] for k in KEYS})
    for r in (
        month.objects.filter(q, Q(month__year=year) if year else Q())
        .order_by()
        .values("month", "status")
        .annotate(c=Sum("n"))
    ):
        raw["status"][r["status"]] += r["c"]
        raw["months"][r["month"]].update(n=r["c"], resolved=r["c"] if r["status"] in RESOLVED else 0)
    for r in (
        dispatch.objects.filter(q, yq)
        .order_by()
        .values("department_id")
        .annotate(sent=Sum("sent"), returned=Sum("returned"))
    ):
        raw["dispatch"][r["department_id"]].update(sent=r["sent"], returned=r["returned"])


def _summary_holders(user, area) -> tuple[Q, Q] | None:
    """For a service officer (their assigned firms) or the handler of one department (requests it
    holds or held), whose scope is otherwise computed live: the holder summary rows that make up the
    scope (`Scope*Figure`), and the condition of the scope's part those rows leave out (requests
    the user recorded elsewhere, added live). None when the holder summary cannot answer: other
    roles as well, several departments, a handler's page for one area."""
    scope = get_scope(user)
    if scope.paths(Role.DISTRICT_ADMIN, Role.GRID_WORKER) or scope.own_enterprises:
        return None
    departments = sorted(scope.departments(Role.DEPARTMENT_HANDLER))
    officer = scope.has(Role.SERVICE_OFFICER)
    if officer and not departments:
        firms = dict(
            Assignment.objects.filter(officer_id=user.pk, ended_at__isnull=True).values_list(
                "enterprise_id", "enterprise__org_unit__path"
            )
        )
        shown = sorted(f for f, path in firms.items() if area is None or path.startswith(area.path))
        return Q(holder_kind=Holder.FIRM, holder__in=shown), ~Q(enterprise_id__in=sorted(firms))
    if len(departments) == 1 and not officer and area is None:
        dept = departments[0]
        held = RequestDispatch.objects.filter(department_id=dept).values("request_id")
        return Q(holder_kind=Holder.DEPARTMENT, holder=dept), ~(Q(department_id=dept) | Q(pk__in=held))
    return None


def service_figures(user, *, year: int | None = None, area=None, live: bool = False) -> dict:
    """The dashboard figures of the user's scoped requests. From the summary tables when they can
    answer for the user's scope (plus, live, what the user recorded outside it), else live; `live`
    forces the live computation (tests compare the two)."""
    qs = ServiceRequest.objects.restrict(user, "view")
    base = {}
    if year:
        qs = qs.filter(raised_at__year=year)
        base["year"] = year
    if area is not None:
        qs = qs.filter(enterprise__org_unit__path__startswith=area.path)
        base["area"] = area.pk
    raw = _raw()
    paths = None if live else _summary_paths(user)
    holders = None if live or paths is not None else _summary_holders(user, area)
    if holders is not None:
        rows, elsewhere = holders
        _add_sums((ScopeFigure, ScopeMonthFigure, ScopeDispatchFigure), rows, raw, year=year)
        # what the user recorded outside the holders' requests: raised_by as a plain AND (indexed)
        outside = qs.filter(Q(raised_by_id=user.pk), elsewhere)
        if outside.exists():
            _live(outside, raw)
    elif paths is None:
        _live(qs.filter(_index_hint(user)), raw)
    else:
        _from_summary(paths, raw, year=year, area=area)
        # raised_by as a plain AND condition: the index on it answers (the OR of restrict() cannot)
        outside = qs.filter(raised_by_id=user.pk).exclude(
            reduce(or_, (Q(enterprise__org_unit__path__startswith=p) for p in paths))
        )
        if outside.exists():  # recorded by the user for an enterprise outside their subtrees
            _live(outside, raw)
    keys = KEYS
    total = dict.fromkeys(keys, 0)
    by_cat: dict[str, dict] = defaultdict(lambda: dict.fromkeys(keys, 0))
    by_dept: dict[int | None, dict] = defaultdict(lambda: dict.fromkeys(keys, 0))
    by_status = raw["status"]
    for (category, dept_id), values in raw["cat_dept"].items():
        for k in keys:
            v = values[k]
            total[k] += v
            by_cat[category][k] += v
            by_dept[dept_id][k] += v
    resolved = by_status[Status.ANSWERED] + by_status[Status.CLOSED]
    open_n = sum(by_status[s] for s in OPEN_STATUSES)

    def kpis(d):
        return {
            "count": d["n"],
            "on_time_rate": _ratio(d["on_time"], d["answered"]),
            "on_time": d["on_time"],
            "answered": d["answered"],
            "late": d["answered"] - d["on_time"],
            "avg_days": _avg(d["wd"], d["wd_n"]),
            "satisfaction": _avg(d["sat"], d["sat_n"], 2),
            "return_rate": _ratio(d["returned"], d["n"]),
            "reopen_rate": _ratio(d["reopened"], d["n"]),
            "overdue": d["overdue"],
        }

    dept_returns = {d: (c["returned"], c["sent"]) for d, c in raw["dispatch"].items()}
    names = dict(Department.objects.filter(pk__in=[k for k in by_dept if k]).values_list("pk", "name"))
    league = []
    for dept_id, d in by_dept.items():
        if dept_id is None:
            continue
        row = {
            "department_id": dept_id,
            "name": names.get(dept_id, "?"),
            **kpis(d),
            "url": _url(**base, department=dept_id),
        }
        returned, sent = dept_returns.get(dept_id, (0, 0))
        row["return_rate"] = _ratio(returned, sent)
        league.append(row)
    # league: on-time rate first, then satisfaction, then fewer returns
    league.sort(
        key=lambda r: (-(r["on_time_rate"] or 0), -(r["satisfaction"] or 0), r["return_rate"] or 0, r["name"])
    )
    categories = [
        {
            "key": c.value,
            "label": str(c.label),
            **kpis(by_cat[c.value]),
            "url": _url(**base, category=c.value),
        }
        for c in Category
        if by_cat[c.value]["n"]
    ]
    statuses = [
        {
            "key": s.value,
            "label": str(s.label),
            "count": by_status[s.value],
            "url": _url(**base, status=s.value),
        }
        for s in Status
        if by_status[s.value]
    ]
    months = [
        {"month": m.strftime("%Y-%m"), "count": c["n"], "resolved": c["resolved"]}
        for m, c in sorted(raw["months"].items())
        if c["n"]
    ]
    zones = coverage_by_zone(coverage_by_grid(user))
    cov_url = reverse("support:coverage")
    coverage = [
        {
            "zone": str(z["zone"]),
            "zone_id": z["zone"].pk,
            "path": z["zone"].path,
            "required": z["required"],
            "covered": z["covered"],
            "fallback": z["fallback"],
            "rate": z["rate"],
            "url": f"{cov_url}?area={z['zone'].pk}",
            "grids": [
                {
                    "grid": str(g["grid"]),
                    "grid_id": g["grid"].pk,
                    "required": g["required"],
                    "covered": g["covered"],
                    "fallback": g["fallback"],
                    "rate": g["rate"],
                    "url": f"{cov_url}?area={g['grid'].pk}",
                }
                for g in z["grids"]
            ],
        }
        for z in zones
    ]
    focus = _focus_zone(coverage, area)
    return {
        "total": {
            **kpis(total),
            "open": open_n,
            "resolved": resolved,
            "closed": by_status[Status.CLOSED],
            "answered_not_closed": by_status[Status.ANSWERED],
        },
        "links": {
            "all": _url(**base),
            "open": _url(**base, stage="open"),
            "resolved": _url(**base, stage="resolved"),
            "closed": _url(**base, stage="closed"),
            # the on-time rate's three lists: numerator, denominator, and the difference
            "on_time": _url(**base, on_time="true"),
            "answered_once": _url(**base, answered="true"),
            "late": _url(**base, on_time="false"),
            "returned": _url(**base, returned="true"),
            "reopened": _url(**base, reopened="true"),
            "overdue": _url(**base, due_state="overdue"),
            "answered": _url(**base, status=Status.ANSWERED),
        },
        "categories": categories,
        "statuses": statuses,
        "league": league,
        "months": months,
        "coverage": coverage,
        "coverage_focus": focus,
    }


def _focus_zone(coverage: list[dict], area) -> dict | None:
    """The zone whose grids the dashboard shows: the selected area's zone (or the zone itself),
    else the first zone in scope."""
    if not coverage:
        return None
    if area is not None:
        for z in coverage:
            if z["zone_id"] == area.pk or area.path.startswith(z["path"]) or z["path"].startswith(area.path):
                return z
    return coverage[0]
