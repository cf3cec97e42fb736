"""Browser: an anonymous visitor runs the tier self-check and reads the explained verdict."""

import pytest

from chrysalis.audit.models import ChangeRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_self_check(browser_page, artifact_dir):
    page = browser_page
    page.goto(page.base_url + "/cultivation/self-check/")
    assert page.locator("h2.page-title").inner_text() == "梯度自评"
    page.select_option("#id_tier", "innovative_sme")
    page.fill("#id_year", "2026")
    page.click("button[name=refresh]")  # the questions of the chosen rule set
    page.locator("#id_main_revenue_1").wait_for()
    figures = {  # the figures the innovative-SME rules use (the form asks only those)
        "revenue_0": "12000",
        "main_revenue_0": "11000",
        "main_revenue_1": "9500",
        "rd_expense_0": "900",
        "total_assets_0": "15000",
        "total_liabilities_0": "6000",
    }
    for name, value in figures.items():
        page.fill(f"#id_{name}", value)
    page.fill("#id_industry_code", "C3484")
    page.fill("#id_invention_patents", "3")
    page.check("#id_independent_legal_person")
    page.click("#selfcheck-form .card-footer button[type=submit]")
    result = page.locator("#selfcheck-result .assessment")
    result.wait_for()
    assert result.get_attribute("data-verdict") in {"eligible", "not_eligible", "undetermined"}
    assert page.locator(".verdict-badge").inner_text() in {"符合", "不符合", "待定"}
    assert page.locator(".criteria-table tbody tr").count() >= 10
    assert "创新型中小企业评价标准" in page.locator("#selfcheck-result").inner_text()
    # the figures typed in are the figures used
    assert "12000" in page.locator(".criteria-table").inner_text()
    page.screenshot(path=str(artifact_dir / "selfcheck.png"), full_page=True)
    assert not ChangeRecord.objects.exists()

    # bad input: a facts document with a negative amount names the field and shows no verdict
    page.fill("#id_facts_json", '{"years": {"2025": {"revenue": -1}}}')
    page.click("#selfcheck-form .card-footer button[type=submit]")
    page.locator("#facts-errors").wait_for()
    assert "years.2025.revenue" in page.locator("#facts-errors").inner_text()
    assert page.locator("#selfcheck-result .assessment").count() == 0
