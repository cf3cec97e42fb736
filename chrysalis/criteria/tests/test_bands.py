"""Every band edge of every numeric indicator: on, just below, just above (A4).

Part 1 is generated from the catalogue (each band ``feature >= t`` / ``feature <= t`` of a
feature this module knows how to set exactly); part 2 is hand-written so the test does not
only restate the catalogue."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

from chrysalis.criteria import get_rule_set
from chrysalis.criteria.condition import Compare
from chrysalis.criteria.exact import compare

from .helpers import points, strong_firm

Y1, Y2, Y3 = "2025", "2024", "2023"


def _money(x: Fraction) -> str:
    assert x.denominator in (1, 2, 4, 5, 10, 20, 25, 50, 100), x
    return f"{x.numerator / x.denominator:.2f}" if x.denominator != 1 else str(x.numerator)


_BASE = Fraction(10000)
_INSTITUTION = {0: "none", 1: "below_municipal", 2: "municipal", 3: "provincial", 4: "national"}


def _staff_ratio(d: dict[str, Any], feature: str, value: Fraction) -> bool:
    n = value * 10000
    if n.denominator != 1:
        return False
    d["years"][Y1].update(employees=10000, **{feature.replace("_ratio", ""): int(n)})
    return True


def _growth(d: dict[str, Any], feature: str, value: Fraction) -> bool:
    y = d["years"]
    if feature == "main_revenue_growth":
        y[Y2].update(main_revenue=10000, revenue=20000)
        y[Y1].update(main_revenue=_money(_BASE * (1 + value)), revenue=20000)
    else:  # main_revenue_avg_growth_2y
        y[Y3].update(main_revenue=10000, revenue=20000)
        y[Y2].update(main_revenue=10000, revenue=20000)
        y[Y1].update(main_revenue=_money(_BASE * (1 + 2 * value)), revenue=30000)
    return True


def _whole(d: dict[str, Any], feature: str, value: Fraction) -> bool:
    if value.denominator != 1:
        return False
    if feature == "niche_years":
        d["niche_since"] = f"{2026 - int(value)}-01-01"
        return True
    if not 0 <= value <= 4:
        return False
    if feature == "digital_level":
        d["years"][Y1]["digital_level"] = int(value)
    else:
        d["rd_institution_level"] = _INSTITUTION[int(value)]
    return True


def _year_one(**fields: Callable[[Fraction], object]) -> Callable[[dict[str, Any], str, Fraction], bool]:
    """A setter writing Y-1 figures: constants, or functions of the value."""

    def put(d: dict[str, Any], feature: str, value: Fraction) -> bool:
        d["years"][Y1].update({k: f(value) for k, f in fields.items()})
        return True

    return put


def _const(x: object) -> Callable[[Fraction], object]:
    return lambda _v: x


_SETTERS: dict[str, Callable[[dict[str, Any], str, Fraction], bool]] = {
    "rd_ratio": _year_one(
        revenue=_const(10000), main_revenue=_const(10000), rd_expense=lambda v: _money(v * _BASE)
    ),
    "main_share": _year_one(revenue=_const(10000), main_revenue=lambda v: _money(v * _BASE)),
    "debt_ratio": _year_one(total_assets=_const(10000), total_liabilities=lambda v: _money(v * _BASE)),
    "net_margin": _year_one(
        revenue=_const(10000), main_revenue=_const(10000), net_profit=lambda v: _money(v * _BASE)
    ),
    "rd_staff_ratio": _staff_ratio,
    "tech_staff_ratio": _staff_ratio,
    "rd_ratio_cost": _year_one(
        total_cost_expense=_const(10000),
        rd_expense=lambda v: _money(v * _BASE),
        revenue=_const(100000),
        main_revenue=_const(100000),
    ),
    "main_revenue_growth": _growth,
    "main_revenue_avg_growth_2y": _growth,
    "rd_expense": _year_one(
        rd_expense=lambda v: _money(v), revenue=_const(10**6), main_revenue=_const(10**6)
    ),
    "niche_years": _whole,
    "digital_level": _whole,
    "rd_institution_rank": _whole,
}


def setter(feature: str, value: Fraction) -> dict[str, Any] | None:
    """A firm whose ``feature`` equals ``value`` exactly (other figures of the strong firm)."""
    put = _SETTERS.get(feature)
    if put is None:
        return None
    d = strong_firm()
    return d if put(d, feature, value) else None


def _cases() -> list[Any]:
    out = []
    for rid in ("tech-sme-2017", "innovative-sme-2022", "zjtx-2022"):
        rs = get_rule_set(rid)
        for c in rs.scored:
            for i, b in enumerate(c.bands):
                leaf = b.when
                if not isinstance(leaf, Compare):
                    continue
                step = (
                    Fraction(1)
                    if leaf.name in ("niche_years", "digital_level", "rd_institution_rank")
                    else Fraction(1, 100)
                    if leaf.name == "rd_expense"
                    else Fraction(1, 10000)
                )
                if leaf.name == "main_revenue_avg_growth_2y":
                    step = Fraction(1, 20000)  # m1 moves by 0.01 万元 steps of 2×
                below_pts = c.bands[i + 1].points if i + 1 < len(c.bands) else c.otherwise
                better = b.points
                above = leaf.value + step if leaf.op == ">=" else leaf.value - step
                # one step past the edge on the good side: the band that value falls in (an integer
                # feature such as the digital level may already reach the next band up)
                above_pts = next(
                    (
                        x.points
                        for x in c.bands
                        if isinstance(x.when, Compare) and compare(above, x.when.op, x.when.value)
                    ),
                    c.otherwise,
                )
                assert above_pts >= better
                if leaf.op == ">=":
                    probes = [(leaf.value, better), (leaf.value - step, below_pts), (above, above_pts)]
                else:  # "<=": lower is better
                    probes = [(leaf.value, better), (leaf.value + step, below_pts), (above, above_pts)]
                for v, expect in probes:
                    if v < 0:
                        continue
                    out.append(
                        pytest.param(rid, c.id, leaf.name, v, expect, id=f"{c.id}-{leaf.name}-{float(v):g}")
                    )
    return out


CASES = _cases()


def test_generated_edges_cover_many_bands() -> None:
    assert len(CASES) > 120


@pytest.mark.parametrize(("rule_set", "criterion", "feature", "value", "expected"), CASES)
def test_band_edge_from_catalogue(
    rule_set: str, criterion: str, feature: str, value: Fraction, expected: int
) -> None:
    d = setter(feature, value)
    if d is None:
        pytest.skip("value not representable for this feature")
    lo, hi = points(d, rule_set, criterion, year=2026)
    if criterion == "TS17-S2" and feature == "rd_ratio":
        # the other basis (R&D / cost) may already score higher: the indicator takes the better one
        assert lo is not None and lo >= expected
    else:
        assert (lo, hi) == (expected, expected)


# ------------------------------------------------------------------------ hand-written


@pytest.mark.parametrize(
    ("rd", "revenue", "expected"),
    [
        ("30", "1000", 15),  # exactly 3 %: "≥3%" band (A4 example)
        ("29.99", "1000", 10),  # just below
        ("30.01", "1000", 15),
        ("50", "1000", 20),  # exactly 5 % → top band (favourable at the shared edge)
        ("49.99", "1000", 15),
        ("10", "1000", 5),  # exactly 1 %
        ("9.99", "1000", 0),
        (0.1, 3.3333, 15),  # floats go through str: 0.1 / 3.3333 = 3.00003 % ≥ 3 %, computed exactly
    ],
)
def test_in22_s2_rd_ratio_hand(rd: Any, revenue: Any, expected: int) -> None:
    d = strong_firm()
    d["years"]["2025"].update(rd_expense=rd, revenue=revenue, main_revenue=revenue)
    lo, hi = points(d, "innovative-sme-2022", "IN22-S2")
    assert lo == hi == expected


@pytest.mark.parametrize(("liab", "expected"), [(5500, 10), (5501, 5), (5499, 10), (7500, 5), (7501, 0)])
def test_in22_s4_debt_ratio_hand(liab: int, expected: int) -> None:
    d = strong_firm()
    d["years"]["2025"].update(total_assets=10000, total_liabilities=liab)
    assert points(d, "innovative-sme-2022", "IN22-S4") == (expected, expected)


@pytest.mark.parametrize(
    ("m1", "expected"), [(1150, 20), (1149.99, 15), (1100, 15), (1050, 10), (1000, 5), (999.99, 0)]
)
def test_in22_s3_growth_hand(m1: float, expected: int) -> None:
    d = strong_firm()
    d["years"]["2024"]["main_revenue"] = 1000
    d["years"]["2025"].update(main_revenue=m1, revenue=5000)
    assert points(d, "innovative-sme-2022", "IN22-S3") == (expected, expected)


@pytest.mark.parametrize(
    ("rd", "revenue", "expected"),
    [
        (500, 100000, 10),
        (499.99, 100000, 8),
        (100, 100000, 2),
        (99.99, 100000, 0),  # amount route
        (50, 500, 10),
        (49.99, 500, 8),
        (15, 500, 2),
        (14.99, 500, 0),  # ratio route (10 %, 3 %)
    ],
)
def test_sp22_s11_amount_or_ratio(rd: float, revenue: int, expected: int) -> None:
    d = strong_firm()
    d["years"]["2025"].update(rd_expense=rd, revenue=revenue, main_revenue=revenue)
    assert points(d, "zjtx-2022", "SP22-S11", year=2026) == (expected, expected)


@pytest.mark.parametrize(
    ("since", "expected"), [("2016-01-01", 5), ("2016-01-02", 4), ("2024-01-01", 1), ("2024-01-02", 0)]
)
def test_sp22_s3_niche_years(since: str, expected: int) -> None:
    d = strong_firm()
    d["niche_since"] = since
    assert points(d, "zjtx-2022", "SP22-S3", year=2026) == (expected, expected)


@pytest.mark.parametrize(("tech", "expected"), [(30, 20), (29, 16), (10, 4), (9, 0)])
def test_ts17_s1_tech_staff(tech: int, expected: int) -> None:
    d = strong_firm()
    d["years"]["2025"].update(employees=100, tech_staff=tech, rd_staff=5)
    assert points(d, "tech-sme-2017", "TS17-S1") == (expected, expected)


def test_s5_unknown_scores_five_to_ten() -> None:
    d = strong_firm()
    d["leading_product"]["strategic_emerging"] = None
    assert points(d, "innovative-sme-2022", "IN22-S5") == (5, 10)
    d["leading_product"]["strategic_emerging"] = False
    assert points(d, "innovative-sme-2022", "IN22-S5") == (5, 5)
