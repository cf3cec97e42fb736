"""Writes of the dashboard summary (`models.figures`): incremental by the request services, full by
`support_tick` (and the migration that created the tables).

A request contributes to three summaries: (grid, year, category, department) with its counts and
sums, (grid, month, status) with 1, and (grid, year, department dispatched to) with its dispatches
and returns; and to the same three keyed by holder instead of grid (`Scope*Figure`): its firm, and
every department that holds or held it (current department and every department it was dispatched
to), which answer for service officers (the sum over their firms) and department handlers.
The request services take its contribution before and after a move and apply the difference with
F() updates, in the same transaction; the summary therefore always equals the live computation,
which `tests/test_figures.py` checks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.apps import apps as global_apps
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from chrysalis.support.models import (
    DispatchFigure,
    FigureEnterprise,
    Holder,
    RequestDispatch,
    RequestFigure,
    RequestMonthFigure,
    ScopeDispatchFigure,
    ScopeFigure,
    ScopeMonthFigure,
)

REQUEST = "req"
MONTH = "month"
DISPATCH = "disp"
S_REQUEST = "s_req"
S_MONTH = "s_month"
S_DISPATCH = "s_disp"


def _month(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date().replace(day=1)


def attributed_unit(enterprise) -> int:
    """The grid this enterprise's requests are summarised under (attributing it now if new)."""

    row, _ = FigureEnterprise.objects.get_or_create(
        enterprise_id=enterprise.pk, defaults={"org_unit_id": enterprise.org_unit_id}
    )
    return row.org_unit_id


def contribution(req, org_unit_id: int) -> dict[tuple, Counter]:
    """What one request adds to the summaries (reads its dispatches: one query)."""

    year = timezone.localtime(req.raised_at).year
    month = _month(req.raised_at)
    wd = req.working_days_to_answer
    counts = Counter(
        n=1,
        answered=int(req.answered_on_time is not None),
        on_time=int(req.answered_on_time is True),
        wd=wd or 0,
        wd_n=int(wd is not None),
        sat=req.satisfaction or 0,
        sat_n=int(req.satisfaction is not None),
        returned=int(req.return_count > 0),
        reopened=int(req.reopen_count > 0),
        overdue=int(req.due_state == "overdue"),
    )
    dispatches = list(
        RequestDispatch.objects.filter(request_id=req.pk).values_list("department_id", "outcome")
    )
    holders = [(Holder.FIRM, req.enterprise_id)]
    holders += [
        (Holder.DEPARTMENT, d) for d in sorted({req.department_id, *(d for d, _ in dispatches)} - {None})
    ]
    out: dict[tuple, Counter] = {
        (REQUEST, org_unit_id, year, req.category, req.department_id or 0): counts,
        (MONTH, org_unit_id, month, req.status): Counter(n=1),
    }
    for kind, holder in holders:
        out[(S_REQUEST, kind, holder, year, req.category, req.department_id or 0)] = counts
        out[(S_MONTH, kind, holder, month, req.status)] = Counter(n=1)
    for dept_id, outcome in dispatches:
        add = Counter(sent=1, returned=int(outcome == RequestDispatch.Outcome.RETURNED))
        out.setdefault((DISPATCH, org_unit_id, year, dept_id), Counter()).update(add)
        for kind, holder in holders:
            out.setdefault((S_DISPATCH, kind, holder, year, dept_id), Counter()).update(add)
    return out


def apply_change(before: dict[tuple, Counter] | None, after: dict[tuple, Counter] | None) -> None:
    """Add `after - before` to the summary rows (creating the rows that are missing)."""

    delta: dict[tuple, dict[str, int]] = defaultdict(dict)
    for sign, part in ((-1, before or {}), (1, after or {})):
        for key, counts in part.items():
            for field, v in counts.items():
                delta[key][field] = delta[key].get(field, 0) + sign * v
    for key, raw in delta.items():
        values = {f: v for f, v in raw.items() if v}
        if not values:
            continue
        model: Any
        kind = key[0]
        if kind == REQUEST:
            model, lookup = (
                RequestFigure,
                {"org_unit_id": key[1], "year": key[2], "category": key[3], "department_key": key[4]},
            )
        elif kind == MONTH:
            model, lookup = RequestMonthFigure, {"org_unit_id": key[1], "month": key[2], "status": key[3]}
        elif kind == DISPATCH:
            model, lookup = DispatchFigure, {"org_unit_id": key[1], "year": key[2], "department_id": key[3]}
        elif kind == S_REQUEST:
            model, lookup = (
                ScopeFigure,
                {
                    "holder_kind": key[1],
                    "holder": key[2],
                    "year": key[3],
                    "category": key[4],
                    "department_key": key[5],
                },
            )
        elif kind == S_MONTH:
            model, lookup = (
                ScopeMonthFigure,
                {"holder_kind": key[1], "holder": key[2], "month": key[3], "status": key[4]},
            )
        else:
            model, lookup = (
                ScopeDispatchFigure,
                {"holder_kind": key[1], "holder": key[2], "year": key[3], "department_id": key[4]},
            )
        updates = {f: F(f) + v for f, v in values.items()}
        if model.objects.filter(**lookup).update(**updates):
            continue
        try:
            with transaction.atomic():
                model.objects.create(**lookup, **values)
        except IntegrityError:  # created by a concurrent transaction in between
            model.objects.filter(**lookup).update(**updates)


def refresh_all(apps=None) -> dict[str, int]:
    """Rebuild every summary from the requests (support_tick; the migration passes its `apps`)."""
    apps = apps or global_apps
    Enterprise = apps.get_model("enterprises", "Enterprise")
    ServiceRequest = apps.get_model("support", "ServiceRequest")
    RequestDispatch = apps.get_model("support", "RequestDispatch")
    FigureEnterprise = apps.get_model("support", "FigureEnterprise")
    RequestFigure = apps.get_model("support", "RequestFigure")
    RequestMonthFigure = apps.get_model("support", "RequestMonthFigure")
    DispatchFigure = apps.get_model("support", "DispatchFigure")
    with transaction.atomic():
        for model in (RequestFigure, RequestMonthFigure, DispatchFigure, FigureEnterprise):
            model.objects.all().delete()
        FigureEnterprise.objects.bulk_create(
            [
                FigureEnterprise(enterprise_id=pk, org_unit_id=unit)
                for pk, unit in Enterprise.objects.values_list("pk", "org_unit_id")
            ],
            batch_size=2000,
        )
        reqs = ServiceRequest.objects.order_by()
        rows = reqs.values(
            unit=F("enterprise__org_unit_id"),
            y=ExtractYear("raised_at"),
            cat=F("category"),
            dept=F("department_id"),
        ).annotate(
            c_n=Count("pk"),
            c_answered=Count("pk", filter=Q(answered_on_time__isnull=False)),
            c_on_time=Count("pk", filter=Q(answered_on_time=True)),
            c_wd=Sum("working_days_to_answer"),
            c_wd_n=Count("working_days_to_answer"),
            c_sat=Sum("satisfaction"),
            c_sat_n=Count("satisfaction"),
            c_returned=Count("pk", filter=Q(return_count__gt=0)),
            c_reopened=Count("pk", filter=Q(reopen_count__gt=0)),
            c_overdue=Count("pk", filter=Q(due_state="overdue")),
        )
        figures = [
            RequestFigure(
                org_unit_id=r["unit"],
                year=r["y"],
                category=r["cat"],
                department_key=r["dept"] or 0,
                **{k[2:]: r[k] or 0 for k in r if k.startswith("c_")},
            )
            for r in rows
        ]
        RequestFigure.objects.bulk_create(figures, batch_size=2000)
        months: Counter = Counter()
        for r in reqs.values(
            unit=F("enterprise__org_unit_id"), m=TruncMonth("raised_at"), st=F("status")
        ).annotate(c=Count("pk")):
            months[
                (
                    r["unit"],
                    timezone.localtime(r["m"]).date() if isinstance(r["m"], dt.datetime) else r["m"],
                    r["st"],
                )
            ] += r["c"]
        RequestMonthFigure.objects.bulk_create(
            [RequestMonthFigure(org_unit_id=u, month=m, status=s, n=c) for (u, m, s), c in months.items()],
            batch_size=2000,
        )
        disp = (
            RequestDispatch.objects.order_by()
            .values(
                unit=F("request__enterprise__org_unit_id"),
                y=ExtractYear("request__raised_at"),
                dept=F("department_id"),
            )
            .annotate(c_sent=Count("pk"), c_returned=Count("pk", filter=Q(outcome="returned")))
        )
        DispatchFigure.objects.bulk_create(
            [
                DispatchFigure(
                    org_unit_id=r["unit"],
                    year=r["y"],
                    department_id=r["dept"],
                    sent=r["c_sent"],
                    returned=r["c_returned"],
                )
                for r in disp
            ],
            batch_size=2000,
        )
        scope_rows = refresh_scopes(apps)
    return {"figure_rows": len(figures), "month_rows": len(months), "scope_rows": scope_rows}


FIGURE_AGGREGATES = {
    "c_n": Count("pk"),
    "c_answered": Count("pk", filter=Q(answered_on_time__isnull=False)),
    "c_on_time": Count("pk", filter=Q(answered_on_time=True)),
    "c_wd": Sum("working_days_to_answer"),
    "c_wd_n": Count("working_days_to_answer"),
    "c_sat": Sum("satisfaction"),
    "c_sat_n": Count("satisfaction"),
    "c_returned": Count("pk", filter=Q(return_count__gt=0)),
    "c_reopened": Count("pk", filter=Q(reopen_count__gt=0)),
    "c_overdue": Count("pk", filter=Q(due_state="overdue")),
}


def refresh_scopes(apps=None) -> int:
    """Rebuild the holder summaries (`Scope*Figure`): per firm (grouped in one pass) and per
    department holding or having held the request (one pass per department). Skipped when the
    models do not exist yet (an earlier migration calling `refresh_all` with its `apps`)."""
    apps = apps or global_apps
    try:
        models = [
            apps.get_model("support", name)
            for name in ("ScopeFigure", "ScopeMonthFigure", "ScopeDispatchFigure")
        ]
    except LookupError:
        return 0
    figure_model, month_model, dispatch_model = models
    ServiceRequest = apps.get_model("support", "ServiceRequest")
    RequestDispatch = apps.get_model("support", "RequestDispatch")
    for model in models:
        model.objects.all().delete()
    figures: list = []
    months: Counter = Counter()
    dispatches: list = []

    def add(kind, requests, holder=None):
        """Aggregate `requests` per holder (`holder` fixed, else the firm)."""
        group = {} if holder is not None else {"h": F("enterprise_id")}
        for r in requests.values(
            **group, y=ExtractYear("raised_at"), cat=F("category"), dept=F("department_id")
        ).annotate(**FIGURE_AGGREGATES):
            figures.append(
                figure_model(
                    holder_kind=kind,
                    holder=r["h"] if holder is None else holder,
                    year=r["y"],
                    category=r["cat"],
                    department_key=r["dept"] or 0,
                    **{k[2:]: r[k] or 0 for k in r if k.startswith("c_")},
                )
            )
        for r in requests.values(**group, m=TruncMonth("raised_at"), st=F("status")).annotate(c=Count("pk")):
            m = timezone.localtime(r["m"]).date() if isinstance(r["m"], dt.datetime) else r["m"]
            months[(kind, r["h"] if holder is None else holder, m, r["st"])] += r["c"]
        sent = RequestDispatch.objects.order_by()
        if holder is None:
            sent = sent.values(
                h=F("request__enterprise_id"), y=ExtractYear("request__raised_at"), dept=F("department_id")
            )
        else:
            sent = sent.filter(request__in=requests.values("pk")).values(
                y=ExtractYear("request__raised_at"), dept=F("department_id")
            )
        for r in sent.annotate(c_sent=Count("pk"), c_returned=Count("pk", filter=Q(outcome="returned"))):
            dispatches.append(
                dispatch_model(
                    holder_kind=kind,
                    holder=r["h"] if holder is None else holder,
                    year=r["y"],
                    department_id=r["dept"],
                    sent=r["c_sent"],
                    returned=r["c_returned"],
                )
            )

    requests = ServiceRequest.objects.order_by()
    add(Holder.FIRM, requests)
    departments = set(RequestDispatch.objects.order_by().values_list("department_id", flat=True).distinct())
    departments |= set(
        requests.exclude(department_id=None).values_list("department_id", flat=True).distinct()
    )
    for dept in sorted(departments):
        held = RequestDispatch.objects.filter(department_id=dept).values("request_id")
        add(Holder.DEPARTMENT, requests.filter(Q(department_id=dept) | Q(pk__in=held)), holder=dept)
    figure_model.objects.bulk_create(figures, batch_size=2000)
    month_model.objects.bulk_create(
        [month_model(holder_kind=k, holder=h, month=m, status=s, n=c) for (k, h, m, s), c in months.items()],
        batch_size=2000,
    )
    dispatch_model.objects.bulk_create(dispatches, batch_size=2000)
    return len(figures)
