"""Browser journey: the operator enters April's visitors → the street confirms them → the dashboard
and the plan's achievement show them → the route card prints with its QR code."""

import pytest

from chrysalis.core.testing.personas import PASSWORD
from chrysalis.villages.models import FigureEntry


def _login(page, username):
    page.context.clear_cookies()
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_operator_enters_street_reviews_dashboard_and_route_card(vworld, browser_page, artifact_dir):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})  # the operator works on a phone
    village = vworld.extra["village_a"]
    _login(page, "p_operator_a")
    page.goto(page.base_url + "/villages/figures/add/")
    page.select_option("select[name=village]", str(village.pk))
    page.select_option("select[name=metric]", label="游客接待量")
    page.fill("input[name=period]", "2025-04-01")
    page.fill("input[name=value]", "13000")
    page.select_option("select[name=unit]", "person_times")
    page.select_option("select[name=source]", "telecom")
    page.fill("textarea[name=method]", "运营商大数据去重后按日汇总")
    page.screenshot(path=str(artifact_dir / "villages-1-enter.png"), full_page=True)
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert "/figures/add/" not in page.url, page.inner_text(".page-body")[:500]
    assert "已录入" in page.inner_text("#figure-status")
    entry = FigureEntry.objects.get(village=village, period="2025-04-01")

    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, "p_street_a")
    page.goto(page.base_url + "/villages/dashboard/?metric=visitors&start=2025-01&end=2025-12")
    assert page.inner_text("#dashboard-total").strip() in {"25000", "25000.00"}
    assert page.inner_text("#dashboard-pending").strip() == "2"
    page.once("dialog", lambda d: d.accept())
    page.click("#review-all")
    page.wait_for_load_state()
    entry.refresh_from_db()
    assert entry.status == "reviewed" and entry.reviewed_by == vworld["street_a"]
    page.goto(page.base_url + "/villages/dashboard/?metric=visitors&start=2025-01&end=2025-12")
    assert page.inner_text("#dashboard-pending").strip() == "0"
    page.screenshot(path=str(artifact_dir / "villages-2-dashboard.png"), full_page=True)

    page.goto(page.base_url + f"/villages/plans/{vworld.extra['plan_a'].pk}/")
    targets = page.inner_text("#plan-targets")
    assert "25000" in targets and "25%" in targets
    assert "奖励" in page.inner_text("#reward-working")
    page.screenshot(path=str(artifact_dir / "villages-3-plan.png"), full_page=True)

    page.goto(page.base_url + f"/villages/routes/{vworld.extra['route_a'].pk}/")
    page.click("#route-card-link")
    page.wait_for_load_state()
    assert page.locator("#route-qr svg").count() == 1
    page.emulate_media(media="print")
    page.screenshot(path=str(artifact_dir / "villages-4-route-card.png"), full_page=True)
