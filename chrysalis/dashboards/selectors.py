"""Figures of the service dashboard, computed from the user's scoped requests in a bounded number
of queries (one grouped scan for every request figure, one for the monthly trend, three for coverage)."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse

from chrysalis.accounts.models import Department
from chrysalis.support.choices import OPEN_STATUSES, Category, Status
from chrysalis.support.models import RequestDispatch, ServiceRequest
from chrysalis.support.selectors import coverage_by_grid, coverage_by_zone


def _url(**params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse("support:request_list") + ("?" + urlencode(params, doseq=True) if params else "")


def _ratio(num, den, digits=1):
    return round(100 * num / den, digits) if den else None


def _avg(total, n, digits=1):
    return round(total / n, digits) if n else None


def service_figures(user, *, year: int | None = None, area=None) -> dict:
    qs = ServiceRequest.objects.restrict(user, "view")
    base = {}
    if year:
        qs = qs.filter(raised_at__year=year)
        base["year"] = year
    if area is not None:
        qs = qs.filter(enterprise__org_unit__path__startswith=area.path)
        base["area"] = area.pk
    rows = list(
        qs.order_by().values("category", "department_id", "status").annotate(
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
    keys = ("n", "answered", "on_time", "wd", "wd_n", "sat", "sat_n", "returned", "reopened", "overdue")
    total = dict.fromkeys(keys, 0)
    by_cat: dict[str, dict] = defaultdict(lambda: dict.fromkeys(keys, 0))
    by_dept: dict[int | None, dict] = defaultdict(lambda: dict.fromkeys(keys, 0))
    by_status: dict[str, int] = defaultdict(int)
    for r in rows:
        for k in keys:
            v = r[k] or 0
            total[k] += v
            by_cat[r["category"]][k] += v
            by_dept[r["department_id"]][k] += v
        by_status[r["status"]] += r["n"]
    resolved = by_status[Status.ANSWERED] + by_status[Status.CLOSED]
    open_n = sum(by_status[s] for s in OPEN_STATUSES)

    def kpis(d):
        return {
            "count": d["n"], "on_time_rate": _ratio(d["on_time"], d["answered"]), "avg_days": _avg(d["wd"], d["wd_n"]),
            "satisfaction": _avg(d["sat"], d["sat_n"], 2), "return_rate": _ratio(d["returned"], d["n"]), "reopen_rate": _ratio(d["reopened"], d["n"]),
            "overdue": d["overdue"],
        }

    # returns are counted against the department that returned the request (it no longer holds it)
    dispatch_rows = RequestDispatch.objects.filter(request__in=qs.values("pk")).order_by().values("department_id").annotate(
        sent=Count("pk"), returned=Count("pk", filter=Q(outcome=RequestDispatch.Outcome.RETURNED)))
    dept_returns = {r["department_id"]: (r["returned"], r["sent"]) for r in dispatch_rows}
    names = dict(Department.objects.filter(pk__in=[k for k in by_dept if k]).values_list("pk", "name"))
    league = []
    for dept_id, d in by_dept.items():
        if dept_id is None:
            continue
        row = {"department_id": dept_id, "name": names.get(dept_id, "?"), **kpis(d), "url": _url(**base, department=dept_id)}
        returned, sent = dept_returns.get(dept_id, (0, 0))
        row["return_rate"] = _ratio(returned, sent)
        league.append(row)
    # league: on-time rate first, then satisfaction, then fewer returns
    league.sort(key=lambda r: (-(r["on_time_rate"] or 0), -(r["satisfaction"] or 0), r["return_rate"] or 0, r["name"]))
    categories = [{"key": c.value, "label": str(c.label), **kpis(by_cat[c.value]), "url": _url(**base, category=c.value)} for c in Category if by_cat[c.value]["n"]]
    statuses = [{"key": s.value, "label": str(s.label), "count": by_status[s.value], "url": _url(**base, status=s.value)} for s in Status if by_status[s.value]]
    months = [
        {"month": r["m"].strftime("%Y-%m") if r["m"] else "", "count": r["n"], "resolved": r["resolved"]}
        for r in qs.order_by().annotate(m=TruncMonth("raised_at")).values("m").annotate(n=Count("pk"), resolved=Count("pk", filter=Q(status__in=[Status.ANSWERED, Status.CLOSED]))).order_by("m")
    ]
    zones = coverage_by_zone(coverage_by_grid(user))
    coverage = [{"zone": str(z["zone"]), "required": z["required"], "covered": z["covered"], "rate": z["rate"],
                 "grids": [{"grid": str(g["grid"]), "required": g["required"], "covered": g["covered"], "rate": g["rate"]} for g in z["grids"]]} for z in zones]
    return {
        "total": {**kpis(total), "open": open_n, "resolved": resolved, "closed": by_status[Status.CLOSED], "answered_not_closed": by_status[Status.ANSWERED]},
        "links": {
            "all": _url(**base), "open": _url(**base, stage="open"), "resolved": _url(**base, stage="resolved"), "closed": _url(**base, stage="closed"),
            "late": _url(**base, on_time="false"), "returned": _url(**base, returned="true"), "reopened": _url(**base, reopened="true"),
            "overdue": _url(**base, due_state="overdue"), "answered": _url(**base, status=Status.ANSWERED),
        },
        "categories": categories,
        "statuses": statuses,
        "league": league,
        "months": months,
        "coverage": coverage,
    }
