"""The public self-check and the assessment API: real verdicts, precise errors, nothing stored."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

STRONG_FIRM = {
    "tier": "innovative_sme",
    "application": "new",
    "year": "2026",
    "name": "杭州测试科技有限公司",
    "industry_code": "C3484",
    "registered_on": "2015-03-01",
    "province": "浙江省",
    "revenue_0": "12000",
    "revenue_1": "10000",
    "revenue_2": "8000",
    "main_revenue_0": "11000",
    "main_revenue_1": "9500",
    "main_revenue_2": "7600",
    "rd_expense_0": "900",
    "rd_expense_1": "700",
    "rd_expense_2": "500",
    "net_profit_0": "900",
    "total_assets_0": "15000",
    "total_liabilities_0": "6000",
    "employees_0": "200",
    "rd_staff_0": "50",
    "invention_patents": "6",
    "class2_ip": "10",
    "rd_institution_level": "provincial",
    "titles": ["high_tech_enterprise"],
}


def _writes(ctx):
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_anonymous_self_check_gives_a_verdict_and_stores_nothing(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(reverse("cultivation:selfcheck"), STRONG_FIRM)
    assert response.status_code == 200
    a = response.context["a"]
    assert a["rule_set"]["id"] == "innovative-sme-2022"
    assert a["verdict"] in {"eligible", "not_eligible", "undetermined"}
    assert len(a["criteria"]) > 3
    assert not [sql for sql in _writes(ctx) if "django_session" not in sql]
    assert 'class="table table-vcenter card-table criteria-table"' in response.content.decode()


def test_missing_figures_are_unknown_not_zero(client):
    response = client.post(
        reverse("cultivation:selfcheck"), {"tier": "innovative_sme", "application": "new", "year": "2026"}
    )
    a = response.context["a"]
    assert a["verdict"] == "undetermined"
    assert any(c["outcome"] == "unknown" for c in a["criteria"])
    assert a["score"]["min"] < a["score"]["max"]
    assert a["gap"]["collect"], "unknown inputs are listed as data to collect"


def test_bad_json_document_is_refused_with_position(client):
    response = client.post(
        reverse("cultivation:selfcheck"),
        {"tier": "zjtx", "application": "new", "year": "2026", "facts_json": '{"years": '},
    )
    assert response.context["a"] is None
    assert "JSON" in str(response.context["form"].errors["facts_json"])


def test_invalid_facts_name_the_field(client):
    doc = {"years": {"2025": {"revenue": -5, "rd_expense": "abc"}}, "ip": [{"kind": "trademark"}]}
    response = client.post(
        reverse("cultivation:selfcheck"),
        {"tier": "zjtx", "application": "new", "year": "2026", "facts_json": json.dumps(doc)},
    )
    paths = {p["path"] for p in response.context["problems"]}
    assert (
        "years.2025.revenue" in paths
        and "years.2025.rd_expense" in paths
        and any(p.startswith("ip[0]") or p.startswith("ip.0") for p in paths)
    )
    assert response.context["a"] is None


def test_api_assesses_a_posted_document(client, world):
    client.force_login(world["zone_a_officer"])
    body = {
        "rule_set": "zjtx-2026",
        "year": 2026,
        "facts": {"years": {"2025": {"revenue": "12000", "rd_expense": "800"}}},
    }
    response = client.post(reverse("api-assessment"), body, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["rule_set"]["id"] == "zjtx-2026" and data["verdict"] in {
        "eligible",
        "not_eligible",
        "undetermined",
    }
    assert {"id", "name_zh", "outcome"} <= set(data["criteria"][0])


def test_api_rejects_bad_bodies_precisely(client, world):
    client.force_login(world["zone_a_officer"])
    url = reverse("api-assessment")
    r = client.post(
        url, {"rule_set": "nope-1999", "year": 2026, "facts": {}}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "rule_set"
    r = client.post(url, {"year": 2026, "facts": []}, content_type="application/json")
    assert r.status_code == 400 and {e["field"] for e in r.json()["errors"]} == {"facts"}
    r = client.post(
        url,
        {"rule_set": "zjtx-2026", "year": 2026, "facts": {"years": {"2025": {"niche_share": 1.5}}}},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "facts.years.2025.niche_share"
    r = client.post(url, "{not json", content_type="application/json")
    assert r.status_code == 400


def test_api_requires_authentication(client):
    r = client.post(
        reverse("api-assessment"),
        {"rule_set": "zjtx-2026", "year": 2026, "facts": {}},
        content_type="application/json",
    )
    assert r.status_code == 401


def test_schema_describes_the_assessment_endpoint(client, world):
    client.force_login(world["district_admin"])
    r = client.get(reverse("api-schema") + "?format=json")
    assert "/api/assessments/" in r.json()["paths"]


def test_uscc_with_wrong_check_digit_is_refused(client):
    data = {**STRONG_FIRM, "uscc": "91330110MA27XXXXXX"}
    response = client.post(reverse("cultivation:selfcheck"), data)
    assert response.context["a"] is None and "uscc" in response.context["form"].errors
