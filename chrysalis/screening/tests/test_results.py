"""Screening results an official can act on: the ticked local rules' results on the run page and in
the export, the closest firms ranked by distance with what they lack in words and, for the first
rows, the amounts from the gap analysis."""

import datetime as dt
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from chrysalis.enterprises.services import figures as fig_services
from chrysalis.jobs.runner import run as run_job
from chrysalis.screening.models import LocalRuleResult, ScreeningResult
from chrysalis.screening.services.results import rank_closest
from chrysalis.screening.services.runs import start_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_run(world):
    """A run over the world's three firms with the zone's local rule ticked; 杭州乙一精工 (first by
    name) spends too little on R&D in 2025 (300 of 12,000.5 万元), so it lacks one more condition."""
    admin = world.users["district_admin"]
    fig_services.figures_save(
        actor=None,
        enterprise=world.extra["ent_b1"],
        year=2025,
        source="audited",
        as_of=dt.date(2026, 4, 30),
        values={"revenue": Decimal("12000.5"), "rd_expense": Decimal("300"), "employees": 120},
    )
    run = start_run(actor=admin, org_unit=world.district, year=2026, rules=[world.extra["rule"]], queue=False)
    run_job(run.job_id)
    run.refresh_from_db()
    return run


def _row(name, gc, gp, unknowns, smax=None, verdict="not_eligible"):
    return SimpleNamespace(
        enterprise=SimpleNamespace(name=name),
        gap_conditions=gc,
        gap_points=gp,
        unknowns=unknowns,
        score_max=smax,
        verdict=verdict,
    )


def test_closest_is_ranked_by_distance_not_by_name():
    rows = [
        _row("甲", 0, None, 0, verdict="eligible"),
        _row("乙", 2, 0, 0),
        _row("丙", 0, 12, 0, smax=48),
        _row("丁", 0, 3, 5, smax=57),
        _row("戊", 0, 3, 1, smax=57),
        _row("己", 1, None, 0),
        _row("庚", 0, 3, 1, smax=59),
    ]
    assert [r.enterprise.name for r in rank_closest(rows)] == ["庚", "戊", "丁", "丙", "己", "乙"]


def test_run_page_and_export_show_local_rules_distance_and_what_is_missing_in_words(client, world, done_run):
    run = done_run
    assert run.status == "done", run.message
    local = LocalRuleResult.objects.filter(run=run)
    outcome = {r.enterprise_id: r.outcome for r in local}  # 研发占比 ≥ 3%: 6.7 %, 6.7 %, 2.5 %
    assert outcome == {
        world.extra["ent_a1"].pk: "met",
        world.extra["ent_a2"].pk: "met",
        world.extra["ent_b1"].pk: "not_met",
    }
    client.force_login(world.users["district_admin"])
    page = client.get(run.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert page.status_code == 200
    # the local rule: its own card, with the firms meeting it
    assert "地方规则：研发强度" in text and "2 家符合，1 家不符合，0 家无法判断" in text
    assert [r.enterprise for r in page.context["local"][0]["met"]] == sorted(
        [world.extra["ent_a1"], world.extra["ent_a2"]], key=lambda e: e.name
    )
    zjtx = next(t for t in page.context["tiers"] if t["rule_set"] == "zjtx-2026")
    closest = zjtx["closest"]
    assert closest == sorted(closest, key=lambda r: (r.gap_conditions, r.gap_points or 0, r.unknowns))
    assert closest[-1].enterprise == world.extra["ent_b1"]  # first by name, last by distance
    # what is missing: the rule set's words, never a bare criterion code
    assert "已获科技和创新型中小企业称号" in text and "SP26-" not in text and "ELIG26-" not in text
    steps = closest[-1].steps
    assert "研发费用" in steps and "还差" in steps and "万元" in steps, steps
    assert steps.splitlines()[0] in text

    export = client.get(run.get_absolute_url() + "?export=xlsx")
    wb = load_workbook(BytesIO(export.content))
    results, rules = wb.worksheets
    cells = [[c.value for c in row] for row in results.iter_rows()]
    assert not any(
        "SP26-" in str(v) or v in ("closest", "eligible", "undetermined") for row in cells for v in row
    )
    zjtx_rows = [r for r in cells[1:] if r[1] == zjtx["rule_set_zh"]]
    assert [r[4] for r in zjtx_rows] == [r.enterprise.name for r in zjtx["eligible"] + closest]
    assert any("还差" in (r[-1] or "") for r in zjtx_rows)
    local_cells = [[c.value for c in row] for row in rules.iter_rows()][1:]
    assert sorted(r[2] for r in local_cells) == sorted(r.enterprise.name for r in local)
    assert {r[0] for r in local_cells} == {"研发强度"} and sorted(r[4] for r in local_cells) == [
        "不符合",
        "符合",
        "符合",
    ]

    # another scope: the run answers 404 and none of its rows are readable
    client.force_login(world.users["zone_b_officer"])
    assert client.get(run.get_absolute_url()).status_code == 404
    assert not ScreeningResult.objects.restrict(world.users["zone_b_officer"], "view").exists()
    assert not LocalRuleResult.objects.restrict(world.users["zone_b_officer"], "view").exists()
