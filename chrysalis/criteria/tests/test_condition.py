"""The condition language: tokenizer, parser, validation, three-valued evaluation."""

from __future__ import annotations

from fractions import Fraction

import pytest

from chrysalis.criteria import (
    FEATURES,
    And,
    Compare,
    ConditionError,
    Name,
    Not,
    Or,
    compile_condition,
    parse_condition,
    screen,
)
from chrysalis.criteria.condition import deciders, evaluate, to_text, tokenize

from .helpers import strong_firm


class Env:
    def __init__(self, **values: object) -> None:
        self.values = values

    def value(self, name: str) -> object:
        return self.values.get(name)


def test_parse_example_from_brief() -> None:
    c = compile_condition("研发占比 >= 3% and 营业收入 >= 2000 and 税收增速 >= 10%")
    assert c.ast == And(
        (
            Compare("rd_ratio", ">=", Fraction(3, 100)),
            Compare("revenue", ">=", Fraction(2000)),
            Compare("tax_growth", ">=", Fraction(1, 10)),
        )
    )


def test_chinese_keywords_and_precedence() -> None:
    a = parse_condition("非 a 且 b 或 c")
    assert a == Or((And((Not(Name("a")), Name("b"))), Name("c")))
    b = parse_condition("a && (b || !c)")
    assert b == And((Name("a"), Or((Name("b"), Not(Name("c"))))))
    assert parse_condition("研发占比≥3%且营业收入>=2000") == And(
        (Compare("研发占比", ">=", Fraction(3, 100)), Compare("营业收入", ">=", Fraction(2000)))
    )


def test_number_on_left_is_flipped_and_ops() -> None:
    assert parse_condition("2000 <= revenue") == Compare("revenue", ">=", Fraction(2000))
    for op, canon in (
        ("<", "<"),
        ("<=", "<="),
        (">", ">"),
        (">=", ">="),
        ("==", "=="),
        ("!=", "!="),
        ("=", "=="),
        ("≠", "!="),
    ):
        assert parse_condition(f"x {op} 1").op == canon  # type: ignore[union-attr]
    assert parse_condition("x >= -2.5").value == Fraction(-5, 2)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "pos"),
    [
        ("revenue >=", 10),
        ("(revenue >= 1", 13),
        ("revenue >= 1 revenue", 13),
        ("and revenue", 0),
        (">= 3", 0),
        ("3", 0),
        ("revenue >= 3x", 12),
        ("revenue >= 1 $ 2", 13),
        ("", 0),
        ("revenue >= rd_ratio", 11),
    ],
)
def test_syntax_errors_have_positions(text: str, pos: int) -> None:
    with pytest.raises(ConditionError) as ei:
        parse_condition(text)
    assert ei.value.position == pos


def test_unknown_feature_suggestion_and_type_errors() -> None:
    with pytest.raises(ConditionError) as ei:
        compile_condition("rd_ratoi >= 3%")
    assert "rd_ratio" in str(ei.value) and ei.value.position == 0
    with pytest.raises(ConditionError):
        compile_condition("revenue")  # numeric used as yes/no
    with pytest.raises(ConditionError):
        compile_condition("own_brand >= 1")  # yes/no compared with a number


def test_three_valued_logic() -> None:
    n = parse_condition("a and b")
    assert evaluate(n, Env(a=False, b=None)) is False
    assert evaluate(n, Env(a=True, b=None)) is None
    o = parse_condition("a or b")
    assert evaluate(o, Env(a=True, b=None)) is True
    assert evaluate(o, Env(a=False, b=None)) is None
    assert evaluate(parse_condition("not a"), Env(a=None)) is None
    assert evaluate(parse_condition("x >= 1"), Env(x=None)) is None
    assert deciders(parse_condition("(a and b) or c"), Env(a=True, b=None, c=None)) == ["b", "c"]
    assert deciders(parse_condition("a and b"), Env(a=False, b=None)) == []


def test_to_text_round_trip() -> None:
    for text in ("a and (b or not c)", "not (a and b)", "x >= 3% or y < 2"):
        n = parse_condition(text)
        assert parse_condition(to_text(n)) == n


def test_registry_aliases_tokenize_and_have_definitions() -> None:
    assert len(FEATURES) > 100
    for f in FEATURES:
        assert f.definition_zh and f.kind in ("number", "bool") and f.unit
        for a in f.aliases:
            assert [t.kind for t in tokenize(a)] == ["NAME", "EOF"]
    assert FEATURES.resolve("研发占比") == ("rd_ratio", "number")


def test_screen_over_a_firm() -> None:
    d = strong_firm()
    out = screen(
        d,
        {
            "pool": "研发占比 >= 3% and 营业收入 >= 2000 and 税收增速 >= 10%",
            "small": "revenue < 2000 or not own_brand",
            "unknown": "net_profit_growth >= 0",
        },
        2026,
    )
    # tax 520 vs 450 → 15.6 %, R&D 800/12000 = 6.7 %
    assert out == {"pool": "met", "small": "not_met", "unknown": "unknown"}
    d["years"]["2024"]["tax_paid"] = 0
    assert screen(d, {"r": "税收增速 >= 10%"}, 2026) == {"r": "unknown"}  # zero base → unknown


def test_exact_percentage_boundary() -> None:
    d = strong_firm()
    d["years"]["2025"].update(rd_expense=30, revenue=1000, main_revenue=1000)
    assert screen(d, {"r": "rd_ratio >= 3%", "s": "rd_ratio > 3%", "t": "rd_ratio == 0.03"}, 2026) == {
        "r": "met",
        "s": "not_met",
        "t": "met",
    }


# ------------------------------------------------------------------ hostile input limits


@pytest.mark.parametrize(
    "text, needle",
    [
        ("(" * 5000 + "a" + ")" * 5000, "条件过长"),  # the probe's inputs: no RecursionError
        ("not " * 5000 + "a", "条件过长"),
        ("营业收入 > " + "9" * 5000, "条件过长"),
        ("(" * 1000 + "a" + ")" * 1000, "嵌套过深"),
        ("not " * 900 + "a", "嵌套过深"),
        ("!" * 3000 + "a", "嵌套过深"),
        ("营业收入 > " + "9" * 3000, "数字过长"),
        ("a and " * 1000 + "a", "条件过长"),
    ],
)
def test_hostile_conditions_are_refused_with_a_positioned_error(text, needle):
    from chrysalis.criteria.condition import parse_condition
    from chrysalis.criteria.errors import ConditionError

    with pytest.raises(ConditionError) as info:
        parse_condition(text)
    assert needle in info.value.message
    assert info.value.position is not None


def test_nesting_up_to_the_limit_still_parses():
    from chrysalis.criteria.condition import MAX_DEPTH, Not, parse_condition

    node = parse_condition("(" * (MAX_DEPTH - 1) + "not a" + ")" * (MAX_DEPTH - 1))
    assert isinstance(node, Not)
