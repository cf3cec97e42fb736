"""Browser journey: a task-force member registers a lead (the duplicate warning shows first), moves
it through 签约 (agreement uploaded) to 落地 (the enterprise appears in the registry), the district
administrator closes the quarter and the league table shows the frozen result."""

import pytest

from chrysalis.core.testing.personas import PASSWORD
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.uscc import make_uscc
from chrysalis.investment.models import Project

USCC = make_uscc("330102", "MA2J0777")


def _login(page, username):
    page.context.clear_cookies()
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _move(page, project, stage, date, **fields):
    page.goto(page.base_url + f"/investment/projects/{project.pk}/")
    page.click(f"#project-moves a[data-stage={stage}]")
    page.fill("input[name=on]", date)
    for name, value in fields.items():
        if name == "grid":
            page.select_option("select[name=grid]", str(value))
        elif name == "agreement_document":
            page.set_input_files("input[name=agreement_document]", value)
        else:
            page.fill(f"input[name={name}]", value)
    page.click("#move-form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_lead_to_landing_to_league_table(inv, browser_page, artifact_dir, tmp_path):
    page = browser_page
    _login(page, "p_tf_a_member")
    page.goto(page.base_url + "/investment/projects/add/")
    page.fill("input[name=name]", "储能电池区域总部")
    page.fill("input[name=investor_name]", "甲乙资本（杭州）有限公司")
    page.select_option("select[name=direction]", "finance")
    page.fill("input[name=planned_investment]", "15")
    page.fill("input[name=registered_on]", "2026-07-10")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert "撞单" in page.inner_text(".page-body")  # shown before saving; nothing saved
    page.screenshot(path=str(artifact_dir / "investment-1-duplicate.png"), full_page=True)
    assert not Project.objects.filter(name="储能电池区域总部").exists()
    page.fill("input[name=investor_name]", "杭州远景储能科技有限公司")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    project = Project.objects.get(name="储能电池区域总部")
    assert page.url.endswith(f"/investment/projects/{project.pk}/")

    _move(page, project, "contact", "2026-07-12")
    _move(page, project, "negotiating", "2026-07-20")
    agreement = tmp_path / "投资协议.pdf"
    agreement.write_bytes(b"%PDF-1.4 investment agreement")
    _move(page, project, "signed", "2026-08-01", agreement_document=str(agreement))
    project.refresh_from_db()
    assert project.stage == "signed", page.inner_text(".page-body")[:400]
    # a bad check digit is refused on the form
    _move(
        page,
        project,
        "landed",
        "2026-08-20",
        uscc=USCC[:-1] + ("0" if USCC[-1] != "0" else "1"),
        grid=inv.grid_a1.pk,
    )
    assert "校验" in page.inner_text("#move-form")
    page.fill("input[name=uscc]", USCC)
    page.click("#move-form button[type=submit]")
    page.wait_for_load_state()
    project.refresh_from_db()
    assert project.stage == "landed"
    ent = Enterprise.objects.get(uscc=USCC)
    assert project.enterprise == ent and ent.org_unit == inv.grid_a1
    assert page.inner_text("#project-stage") == "注册落地"
    page.screenshot(path=str(artifact_dir / "investment-2-landed.png"), full_page=True)

    _login(page, "p_district_admin")
    q = inv.extra["quarter_q3"]
    page.goto(page.base_url + f"/investment/quarters/{q.pk}/")
    page.click("#close-quarter")
    page.wait_for_load_state()
    assert page.inner_text("#quarter-status") == "已关闭"
    league = page.inner_text("#league-table")
    assert "金融突击队" in league and "落地项目数：1" in league
    first_row = page.inner_text("#league-table tbody tr:first-child")
    assert "金融突击队" in first_row
    page.screenshot(path=str(artifact_dir / "investment-3-league.png"), full_page=True)
    page.goto(page.base_url + "/investment/")
    page.wait_for_load_state()
    page.screenshot(path=str(artifact_dir / "investment-4-dashboard.png"), full_page=True)
