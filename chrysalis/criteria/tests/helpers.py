"""Test helpers: a strong reference firm (application year 2026) and small builders."""

from __future__ import annotations

import copy
from typing import Any

from chrysalis.criteria import assess


def strong_firm() -> dict[str, Any]:
    """A firm meeting every data condition of every tier for application year 2026."""
    return copy.deepcopy(
        {
            "uscc": "91330110MA27XXXXXX",
            "name": "测试精工有限公司",
            "province": "浙江省",
            "industry_code": "C3484",
            "registered_on": "2010-01-01",
            "independent_legal_person": True,
            "niche_since": "2012-01-01",
            "leading_product": {
                "name": "谐波减速器",
                "strategic_emerging": True,
                "six_foundations": True,
                "key_field": True,
                "chain_gap_filling": True,
                "serves_key_chain_leader": True,
                "time_honoured_brand": False,
            },
            "own_brand": True,
            "core_business_it_supported": True,
            "management_system_certified": True,
            "developed_market_product_certified": True,
            "quality_award_provincial_or_higher": True,
            "drafted_standards": 3,
            "rd_institution_level": "national",
            "credit": {"abnormal_list": False, "serious_dishonesty": False, "prohibited_product": False},
            "incidents": [],
            "awards": [],
            "contests": [],
            "equity_rounds": [],
            "titles": [
                {"kind": "tech_sme", "granted_on": "2025-06-30", "valid_until": "2026-12-31"},
                {"kind": "innovative_sme", "granted_on": "2024-08-01", "valid_until": "2027-07-31"},
                {"kind": "zjtx_sme", "granted_on": "2024-12-01", "valid_until": "2027-11-30"},
                {"kind": "high_tech_enterprise", "granted_on": "2024-12-08", "valid_until": "2027-12-07"},
            ],
            "ip": [
                {
                    "kind": "invention_patent",
                    "granted_on": f"201{i}-03-01",
                    "self_developed": True,
                    "high_value": i == 0,
                    "related_to_leading_product": True,
                    "applied_with_benefit": True,
                    "holder_rank": 1,
                    "valid": True,
                }
                for i in range(5)
            ],
            "years": {
                "2026": {"quality_score": 70},
                "2025": {
                    "revenue": 12000,
                    "main_revenue": 11500,
                    "rd_expense": 800,
                    "net_profit": 1300,
                    "total_assets": 15000,
                    "total_liabilities": 6000,
                    "total_cost_expense": 10500,
                    "employees": 200,
                    "rd_staff": 50,
                    "tech_staff": 70,
                    "tax_paid": 520,
                    "digital_level": 3,
                    "quality_score": 65,
                    "niche_share": "0.12",
                    "niche_share_international": None,
                    "niche_rank_domestic": 2,
                },
                "2024": {
                    "revenue": 10500,
                    "main_revenue": 10000,
                    "rd_expense": 700,
                    "tax_paid": 450,
                    "total_assets": 14000,
                    "total_liabilities": 6000,
                },
                "2023": {"revenue": 9000, "main_revenue": 8500, "rd_expense": 600},
            },
            "judgements": {},
        }
    )


def set_path(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    from chrysalis.criteria import apply_what_if

    return apply_what_if(doc, {path: value})


def run(doc: dict[str, Any], rule_set: str, year: int = 2026, **kw: Any):  # type: ignore[no-untyped-def]
    return assess(doc, rule_set, year, **kw)


def points(
    doc: dict[str, Any], rule_set: str, criterion: str, year: int = 2026
) -> tuple[int | None, int | None]:
    r = assess(doc, rule_set, year, gaps=False).result(criterion)
    return r.points_min, r.points_max
