"""Browser journey: a zone officer pastes a classified page, checks the highlighted values, corrects the
doubtful one and saves drafts; the district administrator reviews and publishes the seed's declaration;
a member of the public verifies its number on a phone."""

import pytest

from chrysalis.core.testing.personas import PASSWORD
from chrysalis.notices.models import Notice

PAGE = (
    "分类 信息\n联系电话:(0571)85310538\n### 遗失声明\n"
    "中国共产主义青年团浙江省建设厅委员会遗失银行开户许可证，核准号:Z3310000378202，声明作废。\n"
    "杭州云栖文化传媒有限公司遗失公章一枚，编号：33OlO60012345，声明作废。\n"
)


def _login(page, username):
    page.context.clear_cookies()
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_paste_review_publish_verify(world, browser_page, artifact_dir):
    page = browser_page
    _login(page, "p_zone_a_officer")
    page.goto(page.base_url + "/notices/paste/")
    page.fill("textarea[name=text]", PAGE)
    page.fill("input[name=source_name]", "钱江晚报")
    page.fill("input[name=published_on]", "2026-11-20")
    page.click("#parse-button")
    page.wait_for_load_state()
    assert page.locator(".notice-entry").count() == 2
    assert (
        page.locator(".notice-entry").first.locator("mark[data-field=number]").inner_text()
        == "Z3310000378202"
    )
    doubtful = page.locator("#entry-1 mark.nf-uncertain[data-field=number]")
    assert doubtful.count() == 1
    page.screenshot(path=str(artifact_dir / "notices-1-parsed.png"), full_page=True)
    page.screenshot(path="/tmp/notices-1-parsed.png", full_page=True)
    page.fill("input[name='n1-document_number']", "3301060012345")
    page.click("#save-button")
    page.wait_for_load_state()
    saved = Notice.objects.filter(created_by__username="p_zone_a_officer")
    assert saved.count() == 2, page.inner_text(".page-body")[:800]
    seed = saved.get(document_number="Z3310000378202")
    assert saved.get(subject_name="杭州云栖文化传媒有限公司").document_number == "3301060012345"

    _login(page, "p_district_admin")
    page.goto(page.base_url + f"/notices/{seed.pk}/")
    page.click("button[data-event=review]")
    page.wait_for_load_state()
    page.click("a[data-event=publish]")
    page.click("#transition-form button[type=submit]")
    page.wait_for_load_state()
    seed.refresh_from_db()
    assert seed.status == "published"
    history = page.inner_text("#history")
    for step in ("录入", "审核通过", "发布"):
        assert step in history
    page.screenshot(path="/tmp/notices-2-published.png", full_page=True)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/notices/public/verify/")
    page.fill("#id_number", "z331 0000 3782 02")
    page.click("#verify-form button")
    page.wait_for_load_state()
    result = page.inner_text("#verify-results")
    assert "Z3310000378202：已声明作废，公告于 2026年11月20日" in result
    page.screenshot(path=str(artifact_dir / "notices-3-verify-phone.png"), full_page=True)
    page.screenshot(path="/tmp/notices-3-verify-phone.png", full_page=True)
