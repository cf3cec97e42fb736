"""Browser: a district admin screens every firm in scope as a background job, watches the progress,
opens the results, adds firms to the pool, moves one a stage (a forbidden move is refused, naming
the allowed ones), opens its coaching plan and ticks off an item."""

import pytest

from chrysalis.core.testing.personas import PASSWORD
from chrysalis.cultivation.models import ChecklistItem, PoolEntry
from chrysalis.cultivation.tests import matrix  # noqa: F401  (world: firms of zones A and B, pool entries of a1 and b1)
from chrysalis.screening.models import ScreeningRun

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_screen_pool_move_coach(browser_page, artifact_dir, world):
    page = browser_page
    a2 = world.extra["ent_a2"]
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", "p_district_admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]:visible")
    page.wait_for_url(page.base_url + "/")

    # start a run: the job page shows the progress; a worker runs the task meanwhile
    page.goto(page.base_url + "/screening/")
    page.fill("input[name=year]", "2026")
    page.click("form[action$='/screening/start/'] button[type=submit]")
    page.locator("#job-progress").wait_for()
    run = ScreeningRun.objects.order_by("-pk").first()
    assert run.status == "queued"
    from chrysalis.jobs.runner import run as run_job

    run_job(run.job_id)  # what the task worker does
    page.locator("#job-progress a.btn").wait_for(
        timeout=15000
    )  # htmx polling turns the bar into "open the result"
    page.click("#job-progress a.btn")
    page.wait_for_url(f"**/screening/{run.pk}/")

    # results per tier: tick a firm among the closest and add it to the pool
    card = page.locator(".card").filter(has=page.locator("input[name=rule_set][value='zjtx-2026']")).first
    card.locator(f"input[name=enterprise][value='{a2.pk}']").check()
    card.locator("button", has_text="勾选").click()
    page.locator(".alert-success, .alert").first.wait_for()
    entry = PoolEntry.objects.get(enterprise=a2)
    assert entry.stage == "reserve" and entry.source == "screening"

    # move it one stage, then try a forbidden move
    page.goto(page.base_url + entry.get_absolute_url())
    page.select_option("#to-stage", "intended")
    page.fill("textarea[name=reason]", "企业有申报意向")
    page.click("form[action$='/move/'] button[type=submit]")
    page.wait_for_load_state()
    assert PoolEntry.objects.get(pk=entry.pk).stage == "intended"
    page.evaluate("""() => { const s = document.querySelector('#to-stage');
                             const o = document.createElement('option');
                             o.value = 'recognised'; o.text = 'recognised';
                             s.add(o); s.value = 'recognised'; }""")
    page.fill("textarea[name=reason]", "跳级")
    page.click("form[action$='/move/'] button[type=submit]")
    page.wait_for_load_state()
    alert = page.locator(".alert-danger, .alert-error").first.inner_text()
    assert "重点培育" in alert and "储备" in alert  # the allowed moves are named
    assert PoolEntry.objects.get(pk=entry.pk).stage == "intended"

    # a coaching plan from the gap analysis; tick off its first item
    page.check("#coach-self")
    page.fill("#plan-deadline", "2027-03-31")
    page.click("form[action$='/coaching/'] button[type=submit]")
    page.wait_for_url("**/cultivation/coaching/*/")
    first = page.locator(".checklist li").first
    item_id = int(first.get_attribute("id").split("-")[1])
    first.locator("button.tick").click()
    page.locator(f"#item-{item_id} .done-by").wait_for()
    item = ChecklistItem.objects.get(pk=item_id)
    assert item.done and item.done_by.username == "p_district_admin"
    assert "p_district_admin" in page.locator(f"#item-{item_id} .done-by").inner_text()
    page.screenshot(path=str(artifact_dir / "pool-coaching-plan.png"), full_page=True)
