"""Writes of the dashboard summary (`models.figures`): incremental by the request services, full by
`support_tick` (and the migration that created the tables).

A request contributes to three summaries: (grid, year, category, department) with its counts and
sums, (grid, month, status) with 1, and (grid, year, department dispatched to) with its dispatches
and returns. The request services take its contribution before and after a move and apply the
difference with F() updates, in the same transaction; the summary therefore always equals the
live computation, which `tests/test_figures.py` checks.
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
    RequestDispatch,
    RequestFigure,
    RequestMonthFigure,
)

REQUEST = "req"
MONTH = "month"
DISPATCH = "disp"


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
    wd = req.working_days_to_answer
    out: dict[tuple, Counter] = {
        (REQUEST, org_unit_id, year, req.category, req.department_id or 0): Counter(
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
        ),
        (MONTH, org_unit_id, _month(req.raised_at), req.status): Counter(n=1),
    }
    for dept_id, outcome in RequestDispatch.objects.filter(request_id=req.pk).values_list(
        "department_id", "outcome"
    ):
        out.setdefault((DISPATCH, org_unit_id, year, dept_id), Counter()).update(
            sent=1, returned=int(outcome == RequestDispatch.Outcome.RETURNED)
        )
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
        else:
            model, lookup = DispatchFigure, {"org_unit_id": key[1], "year": key[2], "department_id": key[3]}
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
    return {"figure_rows": len(figures), "month_rows": len(months)}
