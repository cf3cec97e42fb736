"""Size class (A10, Part B §8): categories, strict "以下", unknowns."""

from __future__ import annotations

import pytest

from chrysalis.criteria import industry, size_class


def test_industry_table() -> None:
    t = industry.industries()
    assert len(t) == 1971
    assert sum(1 for i in t.values() if i.level == "class") == 1381
    assert t["C3484"].name == "机械零部件加工" and t["C3484"].parent == "C348"
    assert [i.code for i in industry.ancestors("C3484")] == ["C3484", "C348", "C34", "C"]
    assert ("C3491", "C3491 工业机器人制造") in industry.choices("class")
    assert industry.normalize_code("3484") == "C3484" and industry.normalize_code("X1") is None


@pytest.mark.parametrize(
    ("code", "cat"),
    [
        ("C3484", 2),
        ("G5910", 6),
        ("G5920", 7),
        ("I6513", 12),
        ("K7010", 13),
        ("K7040", None),
        ("J6610", None),
        ("G5310", None),
        ("M7320", 16),
        ("F5267", 5),
    ],
)
def test_category_map(code: str, cat: int | None) -> None:
    c = industry.size_category(code)
    assert (c.id if c else None) == cat


@pytest.mark.parametrize(
    ("code", "x", "y", "z", "size"),
    [
        ("C3484", 1000, 40000, None, "large"),
        ("C3484", 999, 40000, None, "medium"),  # "以下" strict: below one large threshold
        ("C3484", 300, 2000, None, "medium"),
        ("C3484", 300, 1999.99, None, "small"),
        ("C3484", 20, 300, None, "small"),
        ("C3484", 19, 300, None, "micro"),
        ("A0111", None, 20000, None, "large"),
        ("A0111", None, 49.99, None, "micro"),
        ("E4710", None, 6000, 5000, "medium"),
        ("E4710", None, 6000, 4999, "small"),
        ("F5111", 20, 5000, None, "medium"),
        ("L7211", 100, None, 8000, "medium"),
        ("M7320", 9, None, None, "micro"),
        ("M7320", 300, None, None, "large"),
    ],
)
def test_size_thresholds(code: str, x: int | None, y: float | None, z: int | None, size: str) -> None:
    from decimal import Decimal

    sc = size_class(code, x, None if y is None else Decimal(str(y)), z)
    assert sc.size == size, sc.reason_zh
    assert sc.is_sme is (size != "large")
    assert sc.category is not None and sc.category.name_zh in sc.reason_zh


def test_unknowns() -> None:
    sc = size_class("C3484", 50, None, None)
    assert sc.size == "unknown" and sc.possible == ("small", "micro") and sc.is_sme is True
    sc = size_class("C3484", 2000, None, None)
    assert sc.possible == ("large", "medium", "small", "micro") and sc.is_sme is None
    sc = size_class(None, 10, 10, 10)
    assert sc.size == "unknown" and sc.is_sme is None and "行业代码缺失" in sc.reason_zh
    assert size_class("J6610", 10, 10, 10).size == "unknown"  # finance: its own standard
    assert size_class("G59", 10, 10, 10).size == "unknown"  # too coarse to decide


def test_size_of_agrees_with_size_class() -> None:
    """The bulk classifier (no explanation) gives size_class's size for every category, at, just
    below and above each band, with missing figures, unknown and coarse codes."""
    from decimal import Decimal
    from itertools import product

    from chrysalis.criteria.catalogue.sme_size_2011 import THRESHOLDS
    from chrysalis.criteria.size import size_of

    codes = [None, "", "X9999", "K7040", "C34", "C3484", "3484"]
    first_class: dict[int, str] = {}  # one class code of each size category
    for c, i in industry.industries().items():
        cat = industry.size_category(c) if i.level == "class" else None
        if cat is not None:
            first_class.setdefault(cat.id, c)
    codes += [first_class[cat_id] for cat_id in THRESHOLDS]
    edges: dict[str, set] = {"X": {None}, "Y": {None}, "Z": {None}}
    for bands in THRESHOLDS.values():
        for band in bands.values():
            for m, v in band.items():
                edges[m] |= {v, v - 1, Decimal(v) - Decimal("0.0001"), Decimal(v) + Decimal("0.5")}
    checked = 0
    for code in codes:
        for x, y, z in product(
            sorted(edges["X"], key=str)[::3],
            sorted(edges["Y"], key=str)[::3],
            sorted(edges["Z"], key=str)[::3],
        ):
            assert size_of(code, x, y, z) == size_class(code, x, y, z).size, (code, x, y, z)
            checked += 1
    assert checked > 1000
