"""The investment dashboard: pipeline funnel, amounts by stage, landed this quarter vs target by
team, the league table and (for the organisation department) cohort figures. Every figure links
to the filtered list behind it; the export gives the same figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from chrysalis.audit.services import record_change
from chrysalis.core.exports import attachment, rows_to_xlsx
from chrysalis.core.forms import query_id
from chrysalis.investment import evaluation
from chrysalis.investment.choices import Direction, Subject
from chrysalis.investment.models import Cohort, Project, Quarter, TaskForce
from chrysalis.investment.selectors import by_team, cohort_figures, funnel


def _quarter_of(day: dt.date) -> str:
    return f"{day.year}-{(day.month - 1) // 3 + 1}"


def figures(user, params) -> dict:
    projects = Project.objects.restrict(user, "view")
    base = {}
    if params.get("direction") in Direction.values:
        projects = projects.filter(direction=params["direction"])
        base["direction"] = params["direction"]
    teams_seen = list(TaskForce.objects.restrict(user, "view").select_related("team").order_by("team__name"))
    team_ids = {str(tf.team_id) for tf in teams_seen}
    if str(params.get("team", "")) in team_ids:
        projects = projects.filter(team_id=int(params["team"]))
        base["team"] = str(params["team"])
    quarters = Quarter.objects.restrict(user, "view").select_related("org_unit")
    quarter = None
    quarter_id = query_id(str(params.get("quarter", "")))
    if quarter_id is not None:
        quarter = quarters.filter(pk=quarter_id).first()
    if quarter is None:
        today = timezone.localdate()
        quarter = (
            quarters.filter(year=today.year, number=(today.month - 1) // 3 + 1).first() or quarters.first()
        )
    lst = reverse("investment:project_list")

    def link(**kw):
        return f"{lst}?{urlencode({**base, **kw}, doseq=True)}"

    stages = funnel(projects)
    for s in stages:
        s["url"] = link(stage=s["stage"])
        s["amount"] = float(s["amount"])
    qkey = f"{quarter.year}-{quarter.number}" if quarter else _quarter_of(timezone.localdate())
    teams = by_team(projects, quarter)
    for t in teams:
        t["url"] = link(team=t["team_id"], landed_in=qkey)
        t["amount"] = float(t["amount"] or 0)
    landed_q = projects.filter(landed_on__range=(quarter.start, quarter.end)) if quarter else projects.none()
    kpi = {
        "projects": projects.count(),
        "landed_quarter": landed_q.count(),
        "major_quarter": landed_q.filter(amount__gte=10).count(),
        "amount_quarter": float(sum((p for p in landed_q.values_list("amount", flat=True)), Decimal(0))),
        "target": sum(t["team__task_force__quarter_target"] or 0 for t in teams),
        "links": {
            "all": link(),
            "landed": link(landed_in=qkey),
            "major": link(landed_in=qkey, major="true"),
        },
    }
    league = []
    if quarter is not None:
        league = [
            {"rank": r.rank, "name": r.name, "total": float(r.total), "key": r.key, "url": link(team=r.key)}
            for r in evaluation.results_for(quarter)[Subject.TEAM]
        ]
    cohorts = [
        {
            "name": f["cohort"].name,
            "members": f["members"],
            "frontline": f["frontline"],
            "rotations": f["rotations"],
            "promoted": f["promoted"],
            "url": reverse("investment:cohort_detail", args=[f["cohort"].pk]),
        }
        for f in cohort_figures(list(Cohort.objects.restrict(user, "export")))
    ]
    return {
        "stages": stages,
        "teams": [
            {
                "name": t["team__name"],
                "landed": t["landed_quarter"],
                "target": t["team__task_force__quarter_target"] or 0,
                "total": t["total"],
                "amount": t["amount"],
                "url": t["url"],
            }
            for t in teams
        ],
        "kpi": kpi,
        "league": league,
        "cohorts": cohorts,
        "quarter": {"id": quarter.pk, "name": str(quarter), "url": quarter.get_absolute_url()}
        if quarter
        else None,
        "quarters": [{"id": q.pk, "name": str(q)} for q in quarters],
        "direction": base.get("direction", ""),
        "team": base.get("team", ""),
        "team_choices": [{"value": str(tf.team_id), "label": tf.team.name} for tf in teams_seen],
        "directions": [{"value": v, "label": str(label)} for v, label in Direction.choices],
    }


class DashboardView(LoginRequiredMixin, View):
    def get(self, request):

        data = figures(request.user, request.GET)
        labels = {
            "reached": _("reached the stage"),
            "now": _("at the stage now"),
            "landed": _("landed this quarter"),
            "target": _("target"),
            "amount": _("amount (100 million yuan)"),
        }
        return render(
            request,
            "investment/dashboard.html",
            {"title": _("Investment dashboard"), "figures": data, "chart_labels": labels},
        )


class DashboardExportView(LoginRequiredMixin, View):
    def get(self, request):
        data = figures(request.user, request.GET)
        record_change(
            actor=request.user, action="export", obj=None, object_repr=str(_("Investment dashboard"))
        )
        content = rows_to_xlsx(
            _("pipeline"),
            [_("stage"), _("reached the stage"), _("at the stage now"), _("amount (100 million yuan)")],
            [[s["label"], s["reached"], s["now"], s["amount"]] for s in data["stages"]],
            sheets=[
                (
                    _("task forces"),
                    [
                        _("task force"),
                        _("projects"),
                        _("landed this quarter"),
                        _("target"),
                        _("amount (100 million yuan)"),
                    ],
                    [[t["name"], t["total"], t["landed"], t["target"], t["amount"]] for t in data["teams"]],
                ),
                (
                    _("league table"),
                    [_("rank"), _("task force"), _("total score")],
                    [[r["rank"], r["name"], r["total"]] for r in data["league"]],
                ),
                (
                    _("cohorts"),
                    [_("cohort"), _("members"), _("front-line person-times"), _("rotations"), _("promoted")],
                    [
                        [c["name"], c["members"], c["frontline"], c["rotations"], c["promoted"]]
                        for c in data["cohorts"]
                    ],
                ),
            ],
        )
        response = attachment(content, fmt="xlsx", filename="investment-dashboard")
        return response
