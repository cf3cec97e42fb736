"""Browser journey: the leader's page → a behind-schedule target → the list of records behind its
number → export the monthly report as Word (read back with python-docx)."""

import io

import pytest
from docx import Document

from chrysalis.core.testing.personas import PASSWORD
from chrysalis.programmes.services import evaluation

SHOT = "/tmp/programmes-journey-{}.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_leader_follows_a_lagging_target_to_its_records_and_the_report(world, browser_page):
    target = world.extra["target_a"]
    assert evaluation.evaluate(target).status == "behind"  # 5 firms wanted, the world has fewer
    firms = [f.name for f in evaluation.records(target)]
    page = browser_page
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", "p_district_admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    # 1. the leader's page, only what is behind schedule; the chart is drawn
    page.goto(page.base_url + "/programmes/?status=behind")
    page.wait_for_selector("#chart-cockpit canvas")
    card = page.locator(f".programme-card[data-programme='{target.programme_id}']")
    card.screenshot(path=SHOT.format("cockpit"))
    card.locator("a.target-link", has_text=target.name).click()
    page.wait_for_load_state()

    # 2. the target: status, the reason and the rule, the trend
    assert page.inner_text("#target-status") == "滞后"
    assert "时间进度" in page.inner_text("#status-reason")
    page.wait_for_selector("#chart-trend canvas")

    # 3. the records behind the number
    page.click("#drill-down")
    page.wait_for_load_state()
    listed = page.inner_text("#records-table")
    assert firms and all(name in listed for name in firms)

    # 4. the monthly report, exported as Word
    page.goto(page.base_url + world.extra["report_a"].get_absolute_url())
    assert target.name in page.inner_text("#report-lagging")
    with page.expect_download() as info:
        page.click("#download-docx")
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))  # noqa: SIM115
    text = "\n".join(p.text for p in doc.paragraphs)
    assert target.name in text and "滞后指标" in text
