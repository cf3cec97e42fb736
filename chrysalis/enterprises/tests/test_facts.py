import datetime as dt
import json
from decimal import Decimal

import pytest

from chrysalis.criteria.facts import parse_facts
from chrysalis.enterprises.models import Award, Contest, EquityRound, Incident, IPRight
from chrysalis.enterprises.selectors import enterprise_for_facts, facts_for
from chrysalis.enterprises.services import enterprises as ent_services
from chrysalis.enterprises.services import figures as fig_services
from chrysalis.enterprises.services import records as rec_services

TOP_KEYS = {
    "uscc",
    "name",
    "province",
    "industry_code",
    "registered_on",
    "independent_legal_person",
    "niche_since",
    "leading_product",
    "own_brand",
    "core_business_it_supported",
    "management_system_certified",
    "developed_market_product_certified",
    "quality_award_provincial_or_higher",
    "drafted_standards",
    "rd_institution_level",
    "credit",
    "incidents",
    "titles",
    "awards",
    "contests",
    "ip",
    "equity_rounds",
    "years",
    "judgements",
}


@pytest.fixture
def rich(ents):
    ent = ents["ent_a1"]
    ent = ent_services.enterprise_update(
        actor=None,
        enterprise=ent,
        expected_version=None,
        leading_product_name="高精度谐波减速器",
        lp_strategic_emerging=True,
        own_brand=True,
        drafted_standards=2,
        rd_institution_level="provincial",
        credit_abnormal_list=False,
    )
    rec_services.record_create(
        actor=None, model=Incident, enterprise=ent, kind="safety", severity="major", date=dt.date(2023, 7, 2)
    )
    rec_services.record_create(
        actor=None, model=Award, enterprise=ent, kind="sci_tech", level="provincial", rank=2, year=2024
    )
    rec_services.record_create(
        actor=None, model=Contest, enterprise=ent, kind="maker_china", placement="top500", year=2024
    )
    rec_services.record_create(
        actor=None,
        model=EquityRound,
        enterprise=ent,
        date=dt.date(2024, 6, 1),
        paid_in=Decimal("3000"),
        qualified_investor=True,
    )
    rec_services.record_create(actor=None, model=IPRight, enterprise=ent, kind="trademark", number="T1")
    fig_services.figures_save(
        actor=None,
        enterprise=ent,
        year=2025,
        source="tax",
        values={"tax_paid": Decimal("520"), "niche_share": Decimal("0.12")},
    )
    return ent


def test_facts_document_has_the_contract_fields_and_parses(rich, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        ent = enterprise_for_facts(rich.pk)
        doc = facts_for(ent)
    assert set(doc) == TOP_KEYS
    json.dumps(doc)  # plain JSON
    facts = parse_facts(doc)  # the criteria engine accepts it as is
    assert facts.uscc == rich.uscc and facts.industry_code == "C3484"
    y = facts.year(2025)
    assert y.revenue == Decimal("12000.5") and y.niche_share == Decimal("0.12") and y.employees == 120
    assert y.source_of("revenue") == "audited" and y.source_of("tax_paid") == "tax"
    assert doc["years"]["2025"]["revenue"] == "12000.5"
    assert (
        doc["leading_product"]["strategic_emerging"] is True
        and doc["leading_product"]["six_foundations"] is None
    )
    assert doc["credit"] == {"abnormal_list": False, "serious_dishonesty": None, "prohibited_product": None}
    assert doc["incidents"] == [{"kind": "safety", "severity": "major", "date": "2023-07-02"}]
    assert doc["awards"] == [{"kind": "sci_tech", "level": "provincial", "rank": 2, "year": 2024}]
    assert doc["contests"] == [{"kind": "maker_china", "placement": "top500", "year": 2024}]
    assert doc["equity_rounds"] == [{"date": "2024-06-01", "paid_in": "3000", "qualified_investor": True}]
    assert [i["kind"] for i in doc["ip"]] == ["invention_patent"]  # trademarks do not count
    assert doc["titles"][0] == {"kind": "zjtx_sme", "granted_on": "2023-12-01", "valid_until": "2026-11-30"}
    assert doc["judgements"] == {}


def test_facts_for_a_year_leaves_out_later_years(rich):
    doc = facts_for(rich, year=2024)
    assert list(doc["years"]) == ["2024"]


def test_unknown_is_null_never_zero(ents):
    doc = facts_for(ents["ent_b1"])
    assert doc["years"]["2025"]["net_profit"] is None
    assert doc["drafted_standards"] is None
