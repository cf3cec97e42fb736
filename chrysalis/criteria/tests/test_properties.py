"""Hypothesis properties of the evaluator."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chrysalis.criteria import assess

from .helpers import strong_firm

SCORED = ("tech-sme-2017", "innovative-sme-2022", "zjtx-2022")
ALL = SCORED + ("zjtx-2026", "little-giant-2022", "little-giant-2026", "sme-size-2011")
money = st.decimals(min_value=0, max_value=50000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def firms(draw: Any) -> dict[str, Any]:
    d = strong_firm()
    y1 = d["years"]["2025"]
    revenue = draw(st.decimals(min_value=1, max_value=60000, places=2))
    y1["revenue"] = str(revenue)
    y1["main_revenue"] = str(draw(st.decimals(min_value=0, max_value=revenue, places=2)))
    y1["rd_expense"] = str(draw(money))
    y1["net_profit"] = str(draw(st.decimals(min_value=-5000, max_value=5000, places=2)))
    assets = draw(st.decimals(min_value=1, max_value=60000, places=2))
    y1["total_assets"] = str(assets)
    y1["total_liabilities"] = str(draw(st.decimals(min_value=0, max_value=assets * 2, places=2)))
    emp = draw(st.integers(min_value=1, max_value=1500))
    y1.update(employees=emp, rd_staff=draw(st.integers(0, emp)), tech_staff=draw(st.integers(0, emp)))
    d["years"]["2024"]["main_revenue"] = str(draw(st.decimals(min_value=0, max_value=10500, places=2)))
    d["ip"] = d["ip"][: draw(st.integers(0, 5))]
    d["rd_institution_level"] = draw(
        st.sampled_from(["national", "provincial", "municipal", "below_municipal", "none"])
    )
    if draw(st.booleans()):
        d["titles"] = []
    for flag in ("own_brand", "management_system_certified"):
        d[flag] = draw(st.sampled_from([True, False, None]))
    return d


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _scores(d: dict[str, Any], rid: str) -> tuple[int, int]:
    a = assess(d, rid, 2026, gaps=False)
    return a.score_min or 0, a.score_max or 0


@FAST
@given(firms(), st.decimals(min_value="0.01", max_value=2000, places=2))
def test_more_rd_never_lowers_a_score(d: dict[str, Any], extra: Decimal) -> None:
    more = copy.deepcopy(d)
    more["years"]["2025"]["rd_expense"] = str(Decimal(d["years"]["2025"]["rd_expense"]) + extra)
    for rid in SCORED:
        lo, hi = _scores(d, rid)
        lo2, hi2 = _scores(more, rid)
        assert lo2 >= lo and hi2 >= hi, rid


@FAST
@given(firms(), st.decimals(min_value=1, max_value=3, places=2))
def test_scaling_revenue_up_never_lowers_a_score(d: dict[str, Any], k: Decimal) -> None:
    # raising revenue alone lowers ratio indicators (R&D share) by design; scaling the year up does not
    more = copy.deepcopy(d)
    y = more["years"]["2025"]
    for f in ("revenue", "main_revenue", "rd_expense"):
        y[f] = str(Decimal(y[f]) * k)
    y["net_profit"] = str(Decimal(y["net_profit"]) * k) if Decimal(y["net_profit"]) >= 0 else y["net_profit"]
    for rid in SCORED:
        lo, hi = _scores(d, rid)
        lo2, hi2 = _scores(more, rid)
        assert lo2 >= lo and hi2 >= hi, rid


@FAST
@given(firms())
def test_extra_class_one_patent_never_flips_eligible(d: dict[str, Any]) -> None:
    more = copy.deepcopy(d)
    more["ip"].append(
        {
            "kind": "invention_patent",
            "self_developed": True,
            "high_value": False,
            "valid": True,
            "related_to_leading_product": True,
            "applied_with_benefit": True,
            "holder_rank": 1,
        }
    )
    for rid in ALL:
        if assess(d, rid, 2026, gaps=False).verdict == "eligible":
            assert assess(more, rid, 2026, gaps=False).verdict == "eligible", rid


@FAST
@given(
    firms(),
    st.sampled_from(["revenue", "main_revenue", "rd_expense", "total_assets", "employees", "net_profit"]),
)
def test_unknown_widens_never_narrows(d: dict[str, Any], field: str) -> None:
    less = copy.deepcopy(d)
    del less["years"]["2025"][field]
    for rid in ALL:
        a = assess(d, rid, 2026, gaps=False)
        b = assess(less, rid, 2026, gaps=False)
        if a.score_min is not None:
            assert b.score_min <= a.score_min and b.score_max >= a.score_max, rid  # type: ignore[operator]
        assert b.verdict in (a.verdict, "undetermined"), rid


@FAST
@given(firms())
def test_verdict_consistent_with_range(d: dict[str, Any]) -> None:
    for rid in ("innovative-sme-2022", "tech-sme-2017"):
        a = assess(d, rid, 2026, gaps=False)
        hard = [r for r in a.results if r.criterion.role == "eligibility"]
        direct = [r for r in a.results if r.criterion.role == "direct"]
        pm = a.pass_mark
        assert pm is not None and a.score_min is not None and a.score_max is not None
        if any(r.outcome == "not_met" for r in hard):
            assert a.verdict == "not_eligible"
        elif all(r.outcome == "met" for r in hard) and all(r.outcome == "not_met" for r in direct):
            if a.score_max < pm:
                assert a.verdict == "not_eligible"
            if a.verdict == "eligible":
                assert a.score_min >= pm
        if a.verdict == "eligible":
            assert all(r.outcome == "met" for r in hard)
