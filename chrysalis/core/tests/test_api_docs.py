"""/api/docs/ renders Swagger UI under the project's CSP, from vendored assets only."""

import re

import pytest

from chrysalis.core.testing.personas import PASSWORD


def test_api_docs_page_has_no_inline_script_and_no_cdn(client, world):
    client.force_login(world["district_admin"])
    html = client.get("/api/docs/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert (
        "cdn" not in html.lower()
        and "//" not in re.sub(r'(src|href)="/[^/][^"]*"', "", html).split("<body")[1]
    )
    script = re.search(r'<script src="(/api/docs/\?[^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.get(script)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_api_docs_render_in_the_browser(browser_page, world, artifact_dir):
    page = browser_page
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(page.base_url + "/login/")
    page.fill("input[name=username]", "p_district_admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "Chrysalis" in page.locator(".swagger-ui .info .title").inner_text()
    page.screenshot(path=str(artifact_dir / "api-docs.png"))
    assert violations == []
