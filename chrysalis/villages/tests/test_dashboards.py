"""The plans dashboard: achievement and rewards per plan as the plan page works them out, operators'
overview, honours by level with drill-down, exports; scoped (another street's plans are absent)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from chrysalis.villages import selectors
from chrysalis.villages.models import Metric, Plan
from chrysalis.villages.services.figures import figure_enter, figure_transition


def test_plans_dashboard_figures_drill_down_and_export(client, vworld):
    w = vworld
    visitors = Metric.objects.get(code="visitors")
    plan = w.extra["plan_a"]  # 2025, target 100,000 visitors, weight 1; base 0, pool 0
    Plan.objects.filter(pk=plan.pk).update(reward_base=Decimal(10), reward_bonus=Decimal(20))
    for month, value in ((4, 40000), (5, 50000)):
        e = figure_enter(
            actor=None,
            village=w.extra["village_a"],
            metric=visitors,
            period=dt.date(2025, month, 1),
            value=Decimal(value),
            unit=visitors.unit,
            source="telecom",
            confirm_reason="test",
        )
        figure_transition(actor=None, entry=e, event="review")
    # the world's March figure (12,000) is entered but not reviewed: 90,000 reviewed of 100,000 = 90 %
    client.force_login(w["street_a"])
    r = client.get(reverse("villages:plans_dashboard") + "?year=2025")
    assert r.status_code == 200
    [row] = r.context["plans"]  # B村's plan is another street's
    assert row.plan == plan and row.achievement == Decimal("0.9000")
    assert row.reward == Decimal("28.00")  # 10 + 20 × 1 × 0.9
    [op] = r.context["operators"]
    assert op["plans"] == 1 and op["villages"] == ["A村"]
    levels = {x["level"]: x["n"] for x in r.context["levels"]}
    assert levels == {"national": 0, "provincial": 1, "city": 0, "district": 0}
    chart = r.context["chart"]
    assert chart["plans"][0]["url"] == plan.get_absolute_url()
    assert chart["levels"][1]["url"].endswith("?level=provincial")
    assert client.get(chart["levels"][1]["url"]).context["table"].rows.__len__() == 1
    x = client.get(reverse("villages:plans_dashboard") + "?year=2025&export=plans")
    sheet = load_workbook(BytesIO(x.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[-1][-2:] == [90, 28] or values[-1][-2:] == [90.0, 28.0]
    # the whole district sees both streets' plans
    client.force_login(w["district_admin"])
    assert len(client.get(reverse("villages:plans_dashboard") + "?year=2025").context["plans"]) == 2
    assert selectors.honours_by_level(plan.village.honours.all())[1]["n"] == 1
