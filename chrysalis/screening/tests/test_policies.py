"""A district's setting for single-source or unresolved conditions: scoped, audited, validated,
recorded with every assessment and screening run."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from chrysalis.audit.models import ChangeRecord
from chrysalis.cultivation.models import RuleSetPolicy
from chrysalis.cultivation.services.policies import set_uncertain_mode, uncertain_modes
from chrysalis.enterprises.tests.world import add_enterprises

pytestmark = pytest.mark.django_db


@pytest.fixture
def firms(world):
    if "ent_a1" not in world.extra:
        add_enterprises(world)
    return world


def test_the_nearest_setting_up_the_tree_wins(world):
    admin = world.users["district_admin"]
    assert uncertain_modes(world.grid_a1) == {}
    set_uncertain_mode(actor=admin, org_unit=world.district, rule_set="zjtx-2026", mode="review")
    set_uncertain_mode(actor=admin, org_unit=world.zone_a, rule_set="zjtx-2026", mode="hard")
    assert uncertain_modes(world.grid_a1) == {"zjtx-2026": "hard"}
    assert uncertain_modes(world.grid_b1) == {"zjtx-2026": "review"}
    assert ChangeRecord.objects.filter(content_type__model="rulesetpolicy").count() == 2


def test_only_a_district_admin_of_the_unit_may_set_it_and_bad_input_changes_nothing(world):
    with pytest.raises(Http404):
        set_uncertain_mode(
            actor=world.users["zone_b_officer"], org_unit=world.zone_b, rule_set="zjtx-2026", mode="review"
        )
    admin = world.users["district_admin"]
    with pytest.raises(ValidationError):
        set_uncertain_mode(actor=admin, org_unit=world.district, rule_set="zjtx-2026", mode="maybe")
    with pytest.raises(ValidationError):
        set_uncertain_mode(actor=admin, org_unit=world.district, rule_set="no-such-set", mode="review")
    assert not RuleSetPolicy.objects.exists()


def test_settings_page_lists_the_affected_conditions_and_saves(client, world):
    client.force_login(world.users["district_admin"])
    page = client.get(reverse("screening:policy_list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "SP26-C1" in body and "尚未确认的口径" in body
    response = client.post(
        reverse("screening:policy_list"),
        {"org_unit": world.district.pk, "rule_set": "zjtx-2026", "uncertain": "review"},
    )
    assert response.status_code == 302
    assert RuleSetPolicy.objects.get(org_unit=world.district, rule_set="zjtx-2026").uncertain == "review"
    client.force_login(world.users["zone_a_officer"])
    assert client.get(reverse("screening:policy_list")).status_code == 404


def test_the_assessment_records_the_setting_and_shows_how_sure_each_rule_is(client, firms):
    admin = firms.users["district_admin"]
    url = reverse("cultivation:assessment", args=[firms.extra["ent_a1"].pk]) + "?rule_set=zjtx-2026&year=2026"
    client.force_login(admin)
    a = client.get(url).context["results"][0]
    assert a["uncertain"]["mode"] == "hard"
    c1 = next(c for c in a["criteria"] if c["id"] == "SP26-C1")
    assert c1["confidence"]["label_zh"] == "尚未确认的口径"
    set_uncertain_mode(actor=admin, org_unit=firms.district, rule_set="zjtx-2026", mode="review")
    response = client.get(url)
    a = response.context["results"][0]
    assert a["uncertain"]["mode"] == "review"
    c1 = next(c for c in a["criteria"] if c["id"] == "SP26-C1")
    assert c1["computed_outcome"] in ("needs_review", "unknown")
    body = response.content.decode()
    assert "交人工认定" in body and 'data-confidence="unresolved"' in body
    js = client.get(url + "&format=json").json()
    assert js["uncertain"]["mode"] == "review"
    wb = load_workbook(BytesIO(client.get(url + "&format=xlsx").content))
    header = [c.value for c in wb["逐项结果"][1]]
    assert "可靠程度" in header
    summary = [tuple(c.value for c in row) for row in wb["结论"].iter_rows()]
    assert any(r[0] == "不确定条款" for r in summary)


def test_a_screening_run_records_the_setting(world):
    from chrysalis.screening.services.runs import start_run

    admin = world.users["district_admin"]
    set_uncertain_mode(actor=admin, org_unit=world.district, rule_set="zjtx-2026", mode="review")
    run = start_run(actor=admin, org_unit=world.district, year=2026)
    assert run.uncertain.get("zjtx-2026") == "review"
    assert set(run.uncertain) == set(run.rule_sets)
