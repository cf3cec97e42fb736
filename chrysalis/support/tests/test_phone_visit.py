"""Phone-first field work: at 390×844 an officer logs a visit with one request from the home page in
at most 8 interactions (searchable firm picker, today's date prefilled, short form)."""

import pytest

from chrysalis.core.testing.personas import PASSWORD
from chrysalis.support.models import ServiceRequest, Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_logs_a_visit_with_a_request_on_a_phone(browser_page, world, artifact_dir):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", "p_zone_a_officer")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    page.screenshot(path=str(artifact_dir / "phone-home.png"), full_page=True)
    firm = world.extra["ent_a1"]
    before = Visit.objects.filter(enterprise=firm).count()

    interactions = 0

    def act(fn, *args):
        nonlocal interactions
        interactions += 1
        return fn(*args)

    act(page.click, "#home-log-visit")
    page.wait_for_url("**/service/visits/add/")
    act(page.fill, ".js-firm-search", "甲一")
    assert page.locator("select[name=enterprise]").input_value() == str(firm.pk)
    assert page.locator("input[name=date]").input_value() != ""
    act(page.fill, "textarea[name=topics]", "了解融资需求")
    act(page.click, "#visit-form details > summary")
    act(page.select_option, "select[name=request_category]", "finance")
    act(page.fill, "input[name=request_title]", "流动资金贷款对接")
    page.screenshot(path=str(artifact_dir / "phone-visit-form.png"), full_page=True)
    act(page.click, "#visit-form button[type=submit]")
    page.wait_for_load_state()
    page.screenshot(path=str(artifact_dir / "phone-visit-saved.png"), full_page=True)

    assert interactions <= 8
    assert Visit.objects.filter(enterprise=firm).count() == before + 1
    assert ServiceRequest.objects.filter(enterprise=firm, title="流动资金贷款对接").exists()
