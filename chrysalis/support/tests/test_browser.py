"""Browser journey: the enterprise raises a request in the portal, the finance handler signs for
and answers it, the enterprise confirms and rates it; the history shows every step."""

import pytest

from chrysalis.core.testing.personas import PASSWORD
from chrysalis.support.models import ServiceRequest


def _login(page, username):
    page.context.clear_cookies()
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_request_life_cycle_from_portal_to_closure(world, browser_page, artifact_dir):
    page = browser_page
    _login(page, "p_enterprise_user")
    page.goto(page.base_url + "/service/requests/add/")
    page.select_option("select[name=category]", "finance")
    page.fill("input[name=title]", "设备更新贷款贴息")
    page.fill("textarea[name=description]", "计划购置新产线，申请贷款贴息政策。")
    page.click("#request-form button[type=submit]")
    page.wait_for_load_state()
    assert "/service/requests/add/" not in page.url, page.inner_text(".page-body")[:500]
    req = ServiceRequest.objects.get(title="设备更新贷款贴息")
    assert req.status == "dispatched" and req.department_id == world.finance.pk and req.channel == "portal"
    page.screenshot(path=str(artifact_dir / "support-1-submitted.png"), full_page=True)

    _login(page, "p_finance_handler")
    page.goto(page.base_url + f"/service/requests/{req.pk}/")
    page.click("button[data-event=sign]")
    page.wait_for_load_state()
    page.click("a[data-event=answer]")
    page.fill("textarea[name=reason]", "已对接合作银行，贴息材料清单已发给企业。")
    page.click("#transition-form button[type=submit]")
    page.wait_for_load_state()
    req.refresh_from_db()
    assert req.status == "answered"

    _login(page, "p_enterprise_user")
    page.goto(page.base_url + f"/service/requests/{req.pk}/")
    page.click("a[data-event=confirm]")
    page.select_option("select[name=satisfaction]", "5")
    page.click("#transition-form button[type=submit]")
    page.wait_for_load_state()
    req.refresh_from_db()
    assert (req.status, req.satisfaction) == ("closed", 5)
    history = page.inner_text("#request-history")
    for step in ("签收", "答复", "确认并评价"):
        assert step in history
    page.screenshot(path=str(artifact_dir / "support-2-closed.png"), full_page=True)
