"""Browser test: a district administrator imports a spreadsheet through the pages (Playwright + Chromium)."""

import os
from pathlib import Path

import pytest

from chrysalis.core.testing.personas import PASSWORD
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.tests.helpers import xlsx
from chrysalis.enterprises.uscc import make_uscc

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's Chromium"),
]


def test_import_through_the_browser(live_server, transactional_db, world, tmp_path, settings):
    from playwright.sync_api import sync_playwright

    settings.MEDIA_ROOT = str(tmp_path / "media")
    rows = [
        (
            make_uscc("330110", f"MA2G{i:04d}"),
            f"杭州浏览器{i}号有限公司",
            "A1网格",
            2025,
            str(1000 + i),
            "30",
            12,
        )
        for i in range(5)
    ]
    bad = rows + [(make_uscc("330110", "MA2G0999")[:-1] + "0", "坏代码公司", "A1网格", 2025, "1", "1", 1)]
    good_file, bad_file = tmp_path / "名录.xlsx", tmp_path / "有错误的名录.xlsx"
    good_file.write_bytes(xlsx(rows))
    bad_file.write_bytes(xlsx(bad))
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-gpu",
            ],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("dialog", lambda d: d.accept())
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "p_district_admin")
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]:visible")
        page.wait_for_url(f"{live_server.url}/")
        # a file with a bad code: the report names the row, nothing is written
        page.goto(f"{live_server.url}/enterprises/imports/upload/")
        page.set_input_files("input[type=file]", str(bad_file))
        page.click("#upload-form button[type=submit]")
        page.click("#run-check")
        page.wait_for_selector("#error-table")
        assert "第 18 位" in page.inner_text("#error-table") and "7" in page.inner_text("#error-table")
        page.screenshot(path=str(ARTIFACTS / "enterprise-import-report.png"), full_page=True)
        assert not Enterprise.objects.filter(name__startswith="杭州浏览器").exists()
        # a good file: check, then commit
        page.goto(f"{live_server.url}/enterprises/imports/upload/")
        page.set_input_files("input[type=file]", str(good_file))
        page.click("#upload-form button[type=submit]")
        page.click("#run-check")
        page.wait_for_selector("#preview-table")
        page.click("#run-commit")
        page.wait_for_selector("#batch-status[data-status=committed]")
        assert page.inner_text("[data-stat=new]") == "5"
        page.screenshot(path=str(ARTIFACTS / "enterprise-import-committed.png"), full_page=True)
        browser.close()
    assert Enterprise.objects.filter(name__startswith="杭州浏览器").count() == 5
