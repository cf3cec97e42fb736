"""Browser journey: log in → navigate the shell → log out, in Chinese, with screenshots."""

import pytest

from chrysalis.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_navigate_logout(browser_page, world, artifact_dir):
    page = browser_page
    page.goto(page.base_url + "/")
    assert "/login/" in page.url
    page.fill("input[name=username]", "p_district_admin")
    page.fill("input[name=password]", "wrong-password-1A")
    page.click("#login-form button[type=submit]")
    assert page.locator("#form-errors").inner_text().startswith("用户名或密码错误")

    page.fill("input[name=username]", "p_district_admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    assert page.locator("[data-count=grids]").inner_text() == "3"
    assert page.locator("#module-nav").get_by_text("梯度培育").is_visible()
    page.screenshot(path=str(artifact_dir / "home.png"), full_page=True)

    page.locator("[data-module=organisation] > a").click()
    page.locator("#module-nav").get_by_role("link", name="组织架构").click()
    page.wait_for_url("**/org/units/")
    assert page.locator("table").get_by_text("A1网格").is_visible()
    page.get_by_role("link", name="A1网格").click()
    assert page.locator(".page-title").inner_text() == "A1网格"
    page.screenshot(path=str(artifact_dir / "org-unit.png"), full_page=True)

    page.locator("#user-menu").click()
    page.locator("#logout-button").click()
    page.wait_for_url("**/login/")
    page.goto(page.base_url + "/org/units/")
    assert "/login/" in page.url


def test_zone_b_officer_cannot_open_zone_a_unit(browser_page, world):
    page = browser_page
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", "p_zone_b_officer")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    response = page.goto(page.base_url + f"/org/units/{world.grid_a1.pk}/")
    assert response.status == 404
    assert "页面不存在" in page.content()
