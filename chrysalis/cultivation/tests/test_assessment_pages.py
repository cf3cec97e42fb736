"""梯度评价 of a registered firm: scoped, explained, comparable, what-if without saving, judgements
audited."""

import json
from io import BytesIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from chrysalis.audit.models import ChangeRecord
from chrysalis.cultivation.models import ReviewJudgement
from chrysalis.enterprises.models import YearFigures
from chrysalis.enterprises.tests.world import add_enterprises

pytestmark = pytest.mark.django_db


@pytest.fixture
def firms(world):
    if "ent_a1" not in world.extra:
        add_enterprises(world)
    return world


def url(world, key="ent_a1"):
    return reverse("cultivation:assessment", args=[world.extra[key].pk])


def test_officer_sees_verdict_with_figures_from_the_registry(client, firms):
    client.force_login(firms["zone_a_officer"])
    response = client.get(url(firms) + "?tier=zjtx&application=new&year=2026")
    assert response.status_code == 200
    [a] = response.context["results"]
    assert a["rule_set"]["id"] == "zjtx-2026"
    assert a["enterprise"]["uscc"] == firms.extra["ent_a1"].uscc
    used = {(f["field"], f["year"]) for c in a["criteria"] for f in c["figures"]}
    assert ("revenue", 2025) in used or ("rd_expense", 2025) in used


def test_compare_2022_and_2026_side_by_side(client, firms):
    client.force_login(firms["district_admin"])
    response = client.get(url(firms) + "?rule_set=zjtx-2022&compare=zjtx-2026&year=2026")
    ids = [a["rule_set"]["id"] for a in response.context["results"]]
    assert ids[0].startswith("zjtx-2022") and ids[1] == "zjtx-2026"  # 2022 carries the Zhejiang overlay
    assert response.content.decode().count('class="assessment"') == 2


def test_what_if_changes_the_result_but_not_the_registry(client, firms):
    client.force_login(firms["district_admin"])
    base = client.get(url(firms) + "?rule_set=innovative-sme-2022&year=2026").context["results"][0]
    before = list(
        YearFigures.objects.filter(enterprise=firms.extra["ent_a1"]).values_list(
            "year", "rd_expense", "revenue"
        )
    )
    changed = client.get(
        url(firms) + "?rule_set=innovative-sme-2022&year=2026&wi_rd=5000&wi_invention=5"
    ).context["results"][0]
    assert changed["score"]["min"] > base["score"]["min"]
    assert (
        list(
            YearFigures.objects.filter(enterprise=firms.extra["ent_a1"]).values_list(
                "year", "rd_expense", "revenue"
            )
        )
        == before
    )


def test_bad_what_if_input_is_explained(client, firms):
    client.force_login(firms["district_admin"])
    response = client.get(url(firms) + "?year=2026&wi_rd=abc&wi_invention=-3")
    assert len(response.context["errors"]) == 2


def test_downloads_are_safe_and_audited(client, firms):
    client.force_login(firms["zone_a_officer"])
    response = client.get(url(firms) + "?rule_set=zjtx-2026&year=2026&format=json")
    doc = json.loads(response.content)
    assert doc["rule_set"]["id"] == "zjtx-2026" and response["Content-Disposition"].endswith('.json"')
    response = client.get(url(firms) + "?rule_set=zjtx-2026&year=2026&format=xlsx")
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["结论", "逐项结果", "差距与辅导"]
    cells = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in cells)
    assert (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(firms.extra["ent_a1"]),
            action="export",
            object_id=str(firms.extra["ent_a1"].pk),
        ).count()
        == 2
    )


def test_judgement_turns_needs_review_and_is_audited(client, firms):
    client.force_login(firms["zone_a_officer"])
    page = client.get(url(firms) + "?rule_set=zjtx-2026&year=2026")
    pending = [c for c in page.context["results"][0]["criteria"] if c["outcome"] == "needs_review"]
    assert pending, "zjtx-2026 has qualitative criteria"
    criterion = pending[0]["id"]
    response = client.post(
        reverse("cultivation:judgement_add", args=[firms.extra["ent_a1"].pk]),
        {
            "year": "2026",
            "criterion": criterion,
            "outcome": "met",
            "reason": "专家组现场核查",
            "evidence": "评审意见书",
        },
    )
    assert response.status_code == 302
    after = client.get(url(firms) + "?rule_set=zjtx-2026&year=2026").context["results"][0]
    result = next(c for c in after["criteria"] if c["id"] == criterion)
    assert (
        result["outcome"] == "met"
        and result["by_person"]
        and result["judgement"]["by"] == str(firms["zone_a_officer"])
    )
    j = ReviewJudgement.objects.get(criterion=criterion)
    assert ChangeRecord.objects.filter(
        action="create", object_id=str(j.pk), actor=firms["zone_a_officer"]
    ).exists()
    # only for that year
    other = client.get(url(firms) + "?rule_set=zjtx-2026&year=2027").context["results"][0]
    assert next(c for c in other["criteria"] if c["id"] == criterion)["outcome"] == "needs_review"


def test_judgement_requires_reason_and_staff(client, firms):
    target = reverse("cultivation:judgement_add", args=[firms.extra["ent_a1"].pk])
    client.force_login(firms["zone_a_officer"])
    client.post(target, {"year": "2026", "criterion": "SP26-C7", "outcome": "met", "reason": " "})
    assert not ReviewJudgement.objects.exists()
    client.force_login(firms["enterprise_user"])  # sees its own firm but cannot judge itself
    client.post(target, {"year": "2026", "criterion": "SP26-C7", "outcome": "met", "reason": "我们很好"})
    assert not ReviewJudgement.objects.exists()


def test_enterprise_user_self_checks_own_firm_only(client, firms):
    client.force_login(firms["enterprise_user"])
    assert client.get(url(firms) + "?year=2026").status_code == 200
    assert client.get(url(firms, "ent_a2") + "?year=2026").status_code == 404


def test_api_get_for_registered_firm(client, firms):
    client.force_login(firms["zone_a_officer"])
    api = reverse("api-enterprise-assessment", args=[firms.extra["ent_a1"].pk])
    data = client.get(api + "?year=2026&tier=little_giant&application=new").json()
    assert data["rule_set"]["id"] == "little-giant-2026"
    assert client.get(api + "?year=abc").status_code == 400
    assert (
        client.get(
            reverse("api-enterprise-assessment", args=[firms.extra["ent_b1"].pk]) + "?year=2026"
        ).status_code
        == 404
    )


def test_assessment_page_query_count_does_not_grow_with_records(client, firms):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chrysalis.enterprises.models import IPRight
    from chrysalis.enterprises.services import records as rec_services

    client.force_login(firms["district_admin"])
    page = url(firms) + "?rule_set=zjtx-2022&compare=zjtx-2026&year=2026"
    client.get(page)  # warm-up (session stamp, caches)
    with CaptureQueriesContext(connection) as few:
        client.get(page)
    for i in range(15):
        rec_services.record_create(
            actor=None,
            model=IPRight,
            enterprise=firms.extra["ent_a1"],
            kind="utility_model",
            number=f"ZL20202000000{i:02d}",
            granted_on=dt.date(2020, 1, 1),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(page)
    assert len(many) == len(few) <= 40, [q["sql"][:120] for q in many.captured_queries]
