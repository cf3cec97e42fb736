"""Gap analysis (A6) and what-if."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chrysalis.criteria import FactsError, apply_what_if, assess

from .helpers import strong_firm


def test_rd_gap_in_wan_yuan() -> None:
    d = strong_firm()
    d["years"]["2025"].update(revenue=10000, main_revenue=9000, rd_expense=262.5)
    r = assess(d, "zjtx-2026", 2026).result("SP26-C5")
    assert r.outcome == "not_met"
    g = r.gap[0]
    assert (g.field, g.year, g.change, g.required) == ("rd_expense", 2025, Decimal("37.5"), Decimal(300))
    assert "还差 37.5 万元" in g.text_zh and "还差 0.38 个百分点" in g.text_zh


def test_main_share_gap_in_percentage_points() -> None:
    d = strong_firm()
    d["years"]["2025"].update(main_revenue=9096)  # 75.8 % of 12000
    r = assess(d, "zjtx-2026", 2026).result("SP26-C3")
    assert "还差 4.2 个百分点" in r.gap[0].text_zh and r.gap[0].change == Decimal(504)


def test_debt_gap_offers_both_inputs() -> None:
    d = strong_firm()
    d["years"]["2025"].update(total_liabilities=13000)  # 86.7 %
    r = assess(d, "zjtx-2026", 2026).result("SP26-C4")
    fields = {c.field: c for c in r.gap + r.gap_options}
    assert fields["total_liabilities"].change == Decimal(-1000)
    assert fields["total_assets"].change == Decimal(1250)  # 13000 / 0.8 = 16250


def test_niche_wait_is_not_actionable() -> None:
    d = strong_firm()
    d["niche_since"] = "2024-03-01"
    r = assess(d, "zjtx-2026", 2026).result("SP26-C1")
    assert r.gap and not r.gap[0].actionable and "最早可于 2028 年申报" in r.gap[0].text_zh


def test_scorecard_path_reaches_pass_mark_when_applied() -> None:
    d = strong_firm()
    d["titles"] = []
    d["rd_institution_level"] = "none"
    d["ip"] = []
    d["leading_product"]["strategic_emerging"] = False
    d["years"]["2025"].update(rd_expense=150, main_revenue=7000, total_liabilities=9000)
    a = assess(d, "innovative-sme-2022", 2026)
    assert a.verdict == "not_eligible" and a.score_max is not None and a.score_max < 60
    steps = a.gaps.scorecard_path  # type: ignore[union-attr]
    assert steps
    changes = {}
    for s in steps:
        assert s.to_points > s.from_points
        for c in s.changes:
            assert c.actionable
            if c.year:
                changes[f"years.{c.year}.{c.field}"] = str(c.required)
    d2 = apply_what_if(d, changes)
    for s in steps:
        for c in s.changes:
            if c.field == "ip":  # add the missing patents (high-value: satisfies any IP band)
                d2["ip"] += [
                    {
                        "kind": "invention_patent",
                        "self_developed": True,
                        "high_value": True,
                        "valid": True,
                        "related_to_leading_product": True,
                    }
                ] * int(str(c.change))
    after = assess(d2, "innovative-sme-2022", 2026)
    assert after.verdict == "eligible", after.summary_zh
    # fewest steps: no single band step closes the gap when more than one is proposed
    gain_needed = 60 - a.score_min  # type: ignore[operator]
    if len(steps) > 1:
        assert all(
            b.points - (a.result(r.id).points_min or 0) < gain_needed
            for r in a.results
            if r.criterion.kind == "score"
            for b in r.criterion.bands
        )


def test_path_to_eligibility_and_lists() -> None:
    d = strong_firm()
    d["years"]["2025"].update(rd_expense=262.5, revenue=10000, main_revenue=9000)
    del d["years"]["2026"]
    a = assess(d, "zjtx-2026", 2026)
    gp = a.gaps
    assert gp is not None
    assert any(c.field == "rd_expense" for c in gp.path)
    assert [c for c, _n, _p in gp.coaching] == ["SP26-C7"]
    assert ("quality_score", 2026) in [(f, y) for f, y, _l, _c in gp.collect]


def test_what_if() -> None:
    d = strong_firm()
    d2 = apply_what_if(
        d, {"years.2025.rd_expense": "+50", "own_brand": False, "ip[0].valid": None, "years.2027.revenue": 1}
    )
    assert d["years"]["2025"]["rd_expense"] == 800 and d2["years"]["2025"]["rd_expense"] == "850"
    assert d2["own_brand"] is False and d2["ip"][0]["valid"] is None and d2["years"]["2027"] == {"revenue": 1}
    with pytest.raises(FactsError):
        apply_what_if(d, {"years.2025.no_such": "+5"})
    with pytest.raises(FactsError):
        apply_what_if(d, {"ip[9].valid": True})
    a = assess(apply_what_if(d, {"years.2026.quality_score": "-30"}), "zjtx-2026", 2026)
    assert a.result("SP26-C8").outcome == "not_met"
