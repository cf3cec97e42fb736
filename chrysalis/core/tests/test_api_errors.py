"""The API's one error body, strict query parameters and scoped related fields (core.api,
core.filters, core.pagination), through real endpoints."""

from __future__ import annotations

import pytest

from chrysalis.enterprises.tests import matrix  # noqa: F401  (adds the enterprises to the world)

pytestmark = pytest.mark.django_db


def errors(response) -> list[dict]:
    body = response.json()
    assert set(body) == {"errors"}, body
    for item in body["errors"]:
        assert set(item) == {"field", "code", "message"}, item
    return body["errors"]


def fields(response) -> set:
    return {e["field"] for e in errors(response)}


@pytest.fixture
def admin(client, world):
    client.force_login(world["district_admin"])
    return client


def test_unauthenticated_and_malformed_bodies_use_the_error_body(client, world):
    r = client.get("/api/enterprises/")
    assert r.status_code == 401 and r["WWW-Authenticate"].startswith("Bearer")
    assert errors(r)[0]["code"] == "not_authenticated"
    client.force_login(world["district_admin"])
    r = client.post("/api/assessments/", "{not json", content_type="application/json")
    assert r.status_code == 400 and errors(r) == [
        {"field": None, "code": "parse_error", "message": "请求内容不是有效的 JSON。"}
    ]
    r = client.post("/api/awards/", "x", content_type="text/plain")
    assert r.status_code == 415 and errors(r)[0]["code"] == "unsupported_media_type"


def test_missing_and_out_of_scope_objects_read_the_same(client, world):
    client.force_login(world["zone_a_officer"])
    other = world.extra["ent_b1"].pk
    answers = [
        client.get(f"/api/enterprises/{pk}/{tail}")
        for pk in (other, 999999, "abc", "9" * 30)
        for tail in ("", "facts/")
    ]
    assert {r.status_code for r in answers} == {404}
    assert {str(errors(r)) for r in answers} == {
        str([{"field": None, "code": "not_found", "message": "对象不存在或不在您的范围内。"}])
    }
    r = client.get("/api/no-such-thing/0.5/")
    assert r.status_code == 404 and errors(r)[0]["code"] == "not_found"


def test_related_fields_offer_only_what_the_caller_reaches(client, world):
    """Record create: another zone's firm and a missing firm get one answer (issue 13 Low)."""
    client.force_login(world["zone_a_officer"])
    body = {"kind": "safety", "severity": "major", "date": "2025-01-01", "description": "x"}
    answers = [
        client.post("/api/incidents/", {**body, "enterprise": pk}, content_type="application/json")
        for pk in (world.extra["ent_b1"].pk, 999999)
    ]
    assert [r.status_code for r in answers] == [400, 400]
    assert (
        errors(answers[0])
        == errors(answers[1])
        == [{"field": "enterprise", "code": "does_not_exist", "message": "对象不存在或不在您的范围内。"}]
    )
    figures = {"year": 2024, "revenue": "1", "source": "tax"}
    a, b = (
        client.post("/api/figures/", {**figures, "enterprise": pk}, content_type="application/json")
        for pk in (world.extra["ent_b1"].pk, 999999)
    )
    assert errors(a) == errors(b)
    # the grid of an enterprise: another zone's grid and a missing one read the same
    ent = {"uscc": "91330110MA2F00014X", "name": "某公司"}
    a, b = (
        client.post("/api/enterprises/", {**ent, "org_unit": pk}, content_type="application/json")
        for pk in (world.grid_b1.pk, 999999)
    )
    assert a.status_code == b.status_code == 400 and errors(a) == errors(b)
    assert fields(a) >= {"org_unit"}


BAD_RECORD_QUERIES = (
    ("enterprise=" + "9" * 30, "enterprise"),
    ("enterprise=1.9", "enterprise"),
    ("enterprise=", "enterprise"),
    ("enterprise=abc", "enterprise"),
    ("limit=" + "9" * 30, "limit"),
    ("limit=100000", "limit"),
    ("limit=0", "limit"),
    ("offset=-1", "offset"),
    ("offset=x", "offset"),
    ("kind=nonsense", "kind"),
    ("kind=", "kind"),
    ("bogus=1", "bogus"),
)
BAD_FILTERS = (
    ("/api/enterprises/?above_scale=maybe", "above_scale"),
    ("/api/enterprises/?revenue_min=NaN", "revenue_min"),
    ("/api/enterprises/?revenue_min=1e400", "revenue_min"),
    ("/api/enterprises/?zone=1.5", "zone"),
    ("/api/events/?year=1", "year"),
    ("/api/events/?year=0.0", "year"),
    ("/api/notices/?published_after=", "published_after"),
    ("/api/notices/?published_after=2025-13-01", "published_after"),
    ("/api/public/notices/?status=draft", "status"),
)


def test_bad_query_parameters_answer_400_before_the_database(admin):
    """Issue 20: 10^30 and 1.9 as ids, bad limit/offset, junk booleans, empty dates, unknown names."""
    wrong = []
    for query, field in BAD_RECORD_QUERIES:
        r = admin.get(f"/api/ip-rights/?{query}")
        if r.status_code != 400 or fields(r) != {field}:
            wrong.append((query, r.status_code, r.content[:200]))
    for url, field in BAD_FILTERS:
        r = admin.get(url)
        if r.status_code != 400 or fields(r) != {field}:
            wrong.append((url, r.status_code, r.content[:200]))
    assert not wrong


def test_good_filters_still_filter(admin, world):
    ent = world.extra["ent_a1"]
    assert admin.get(f"/api/figures/?enterprise={ent.pk}&limit=500").status_code == 200
    r = admin.get("/api/enterprises/?above_scale=true&zone=999999")
    assert r.status_code == 200 and r.json()["results"] == []  # a missing unit: an empty list
    r = admin.get(f"/api/enterprises/?zone={world.zone_a.pk}&ordering=")
    assert r.status_code == 200 and r.json()["count"] == 2


def test_stale_version_is_409_with_the_error_body(admin, world):
    ent = world.extra["ent_a1"]
    r = admin.patch(
        f"/api/enterprises/{ent.pk}/", {"address": "x", "version": 0}, content_type="application/json"
    )
    assert r.status_code == 409 and errors(r)[0]["code"] == "conflict"


def test_the_schema_documents_errors_and_constraints(admin):
    schema = admin.get("/api/schema/?format=json").json()
    operations = [
        (path, method, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(operations) > 50
    for path, method, op in operations:
        codes = set(op["responses"])
        assert {"400", "429"} <= codes, (path, method)
        if "{" in path:
            assert "404" in codes, (path, method)
        for code in codes - {"200", "201", "204"}:
            ref = op["responses"][code]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/Error"), (path, method, code)
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/ip-rights/"]["get"]["parameters"]}
    assert params["limit"]["maximum"] == 500 and params["limit"]["minimum"] == 1
    assert params["enterprise"]["type"] == "integer" and params["enterprise"]["maximum"] == 2**63 - 1
    revenue = schema["components"]["schemas"]["YearFigures"]["properties"]["revenue"]
    assert "pattern" in revenue and not __import__("re").match(revenue["pattern"], "")


def test_spectacular_validates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").stat().st_size > 10_000
