"""The public self-check asks every fact the chosen tier's rules use (derived from the rule set, so
it cannot drift), and a firm that meets the rules, entering its facts in the form, gets 符合."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from chrysalis.criteria import rule_sets
from chrysalis.cultivation.forms import SelfCheckForm
from chrysalis.cultivation.selfcheck_facts import rule_set_inputs
from chrysalis.enterprises.uscc import make_uscc

EXAMPLES = Path(__file__).resolve().parents[2] / "criteria/tests/examples"
TIERS = {"tech-sme-2017": "tech_sme", "innovative-sme-2022": "innovative_sme", "zjtx-2026": "zjtx"}


@pytest.mark.parametrize("rs", [r for r in rule_sets() if r.tier != "sme_size"], ids=lambda r: r.id)
def test_every_fact_of_every_rule_set_has_a_question(rs):
    year = next(
        (
            y
            for y in range(2026, 2019, -1)
            if SelfCheckForm(initial={"tier": rs.tier, "year": y}).rule_set.id == rs.id
        ),
        None,
    )
    assert year is not None, f"no application year selects {rs.id}"
    form = SelfCheckForm(initial={"tier": rs.tier, "year": year})
    inputs, review = rule_set_inputs(rs.id, year)
    assert form.unasked == [], f"facts of {rs.id} the form cannot ask: {form.unasked}"
    for f, y in inputs:
        if y is not None and not (f == "quality_score" and y == year):
            assert f"{f}_{year - 1 - y}" in form.fields, (f, y)
    assert [f"judge_{cid}" for cid in review] == [f.name for f in form.review_fields()]
    if rs.tier in ("zjtx", "little_giant"):
        assert {"niche_since", "award"} <= set(form.fields)


def _post(facts: dict, tier: str, year: int, form: SelfCheckForm) -> dict:  # noqa: C901
    """What the firm types into the form, read from its facts document."""
    data = {
        "tier": tier,
        "application": "new",
        "year": str(year),
        "province": facts.get("province", ""),
        "uscc": make_uscc("330110", "MA27XXXX"),  # the example's code has no valid check digit
    }
    for key in ("industry_code", "registered_on", "niche_since", "rd_institution_level", "drafted_standards"):
        if key in form.fields and facts.get(key) is not None:
            data[key] = str(facts[key])
    for name in form.declarations:
        if name == "independent_legal_person":
            data[name] = "on" if facts.get(name) else ""
        elif name == "clean_credit":
            ok = not facts["credit"]["abnormal_list"] and not facts["credit"]["serious_dishonesty"]
            data[name] = "on" if ok else ""
        elif name == "no_prohibited_product":
            data[name] = "" if facts["credit"]["prohibited_product"] else "on"
        elif name == "no_incidents":
            data[name] = "" if facts["incidents"] else "on"
        elif name.startswith("lp_"):
            data[name] = "on" if facts["leading_product"].get(name[3:]) else ""
        else:
            data[name] = "on" if facts.get(name) else ""
    if "titles" in form.fields:
        data["titles"] = [t["kind"] for t in facts["titles"]]
    if "award" in form.fields:
        data["award"] = (
            "none" if not facts["awards"] else f"{facts['awards'][0]['kind']}:{facts['awards'][0]['level']}"
        )
    if "contest" in form.fields:
        data["contest"] = facts["contests"][0]["placement"] if facts["contests"] else "none"
    if "equity_paid_in" in form.fields:
        data["equity_paid_in"] = str(sum(float(r["paid_in"]) for r in facts["equity_rounds"]))
    if "invention_patents" in form.fields:
        inventions = [i for i in facts["ip"] if i["kind"] == "invention_patent"]
        data["invention_patents"] = str(len(inventions))
        data["ip_related"] = str(
            sum(1 for i in inventions if i["related_to_leading_product"] and i["applied_with_benefit"])
        )
        data["ip_high_value"] = str(sum(1 for i in inventions if i["high_value"]))
        data["class2_ip"] = str(sum(1 for i in facts["ip"] if i["kind"] != "invention_patent"))
    for y, figures in facts["years"].items():
        for name, value in figures.items():
            key = "quality_score" if int(y) == year else f"{name}_{year - 1 - int(y)}"
            if key in form.fields:
                data[key] = str(value)
    for cid, judgement in (facts.get("judgements") or {}).items():
        if judgement["outcome"] == "met":
            data[f"judge_{cid}"] = "on"
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("rule_set", sorted(TIERS))
def test_an_eligible_firm_filling_in_the_form_gets_eligible(client, rule_set):
    example = json.loads((EXAMPLES / f"{rule_set}.json").read_text(encoding="utf-8"))
    tier, year = TIERS[rule_set], example["year"]
    form = SelfCheckForm(initial={"tier": tier, "year": year})
    assert form.rule_set.id == rule_set
    page = client.get(
        reverse("cultivation:selfcheck"), {"tier": tier, "year": year}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert page.status_code == 200
    if "niche_since" in form.fields:
        assert "细分市场起始日" in page.content.decode()
    response = client.post(reverse("cultivation:selfcheck"), _post(example["facts"], tier, year, form))
    a = response.context["a"]
    assert a is not None, response.context["form"].errors or response.context["problems"]
    not_met = [(c["id"], c["outcome"]) for c in a["criteria"] if c["outcome"] not in ("met",)]
    assert a["verdict"] == "eligible", not_met
    assert "符合" in response.content.decode()
