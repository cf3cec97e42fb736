"""Facts parsing: types, unknown vs zero, precise errors with paths."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chrysalis.criteria import FactsError, assess, parse_facts

from .helpers import strong_firm


def paths(doc: object) -> list[str]:
    with pytest.raises(FactsError) as ei:
        parse_facts(doc)  # type: ignore[arg-type]
    return [p.path for p in ei.value.problems]


def test_parses_strong_firm_with_decimals() -> None:
    f = parse_facts(strong_firm())
    y = f.year(2025)
    assert y is not None and y.revenue == Decimal(12000) and y.niche_share == Decimal("0.12")
    assert f.ip is not None and len(f.ip) == 5 and f.ip[0].ip_class == 1
    assert f.industry_code == "C3484"


def test_float_goes_through_str() -> None:
    d = strong_firm()
    d["years"]["2025"]["rd_expense"] = 0.1
    assert parse_facts(d).year(2025).rd_expense == Decimal("0.1")  # type: ignore[union-attr]


def test_missing_is_unknown_not_zero() -> None:
    d = strong_firm()
    del d["years"]["2025"]["rd_expense"]
    a = assess(d, "zjtx-2026", 2026)
    assert a.result("SP26-C5").outcome == "unknown"
    d["years"]["2025"]["rd_expense"] = 0
    assert assess(d, "zjtx-2026", 2026).result("SP26-C5").outcome == "not_met"


def test_all_problems_reported_with_paths() -> None:
    d = strong_firm()
    d["years"]["2025"]["revenue"] = -5
    d["years"]["2025"]["niche_share"] = 1.2
    d["years"]["2025"]["employees"] = "many"
    d["ip"][1]["kind"] = "trademark"
    d["titles"][0]["valid_until"] = "2026-02-30"
    d["rd_institution_level"] = "city"
    d["own_brand"] = "yes"
    d["revenu"] = 3
    d["years"]["20x5"] = {}
    d["judgements"] = {"SP26-C7": {"outcome": "maybe"}}
    got = paths(d)
    for p in (
        "years.2025.revenue",
        "years.2025.niche_share",
        "years.2025.employees",
        "ip[1].kind",
        "titles[0].valid_until",
        "rd_institution_level",
        "own_brand",
        "revenu",
        "years.20x5",
        "judgements.SP26-C7.outcome",
    ):
        assert p in got, (p, got)


def test_error_messages_are_bilingual_and_suggest() -> None:
    d = strong_firm()
    d["years"]["2025"]["rd_expence"] = 1
    with pytest.raises(FactsError) as ei:
        parse_facts(d)
    p = ei.value.problems[0]
    assert p.path == "years.2025.rd_expence" and "rd_expense" in p.message_en and "未知字段" in p.message_zh
    assert ei.value.as_list()[0]["path"] == "years.2025.rd_expence"


@pytest.mark.parametrize("doc", [[], "x", 3, None])
def test_not_an_object(doc: object) -> None:
    assert paths(doc) == ["$"]


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.update(uscc="123"), "uscc"),
        (lambda d: d.update(industry_code="Z999"), "industry_code"),
        (lambda d: d.update(niche_since="2020/01/01"), "niche_since"),
        (lambda d: d["years"]["2025"].update(main_revenue=20000), "years.2025.main_revenue"),
        (lambda d: d["years"]["2025"].update(rd_staff=500), "years.2025.rd_staff"),
        (lambda d: d["years"]["2025"].update(quality_score=101), "years.2025.quality_score"),
        (lambda d: d["years"]["2025"].update(digital_level=5), "years.2025.digital_level"),
        (lambda d: d["years"]["2025"].update(revenue=True), "years.2025.revenue"),
        (lambda d: d["years"]["2025"].update(revenue="1,000"), "years.2025.revenue"),
        (lambda d: d["years"]["2025"].update(revenue="NaN"), "years.2025.revenue"),
        (lambda d: d.update(incidents=[{"kind": "fire", "date": "2024-01-01"}]), "incidents[0].kind"),
        (lambda d: d.update(awards=[{"kind": "sci_tech", "level": "city"}]), "awards[0].level"),
        (lambda d: d.update(equity_rounds=[{"paid_in": -1}]), "equity_rounds[0].paid_in"),
        (lambda d: d.update(ip={"kind": "invention_patent"}), "ip"),
        (lambda d: d.update(judgements={"bad id": {"outcome": "met"}}), "judgements.bad id"),
    ],
)
def test_precise_error(mutate, path: str) -> None:  # type: ignore[no-untyped-def]
    d = strong_firm()
    mutate(d)
    assert path in paths(d)


def test_negative_net_profit_is_allowed_and_numeric_strings_accepted() -> None:
    d = strong_firm()
    d["years"]["2025"].update(net_profit="-120.5", revenue="12000.00")
    f = parse_facts(d)
    assert f.year(2025).net_profit == Decimal("-120.5")  # type: ignore[union-attr]


def test_industry_code_without_letter() -> None:
    d = strong_firm()
    d["industry_code"] = "3484"
    assert parse_facts(d).industry_code == "C3484"


def test_extension_keys_are_ignored_and_sources_kept() -> None:
    d = strong_firm()
    d["_comment"] = "x"
    d["years"]["2025"]["sources"] = {"revenue": "审计报告"}
    a = assess(d, "zjtx-2026", 2026)
    figs = a.result("SP26-C2").figures
    assert any(f.field == "revenue" and f.source == "审计报告" for f in figs)
    assert "来源：审计报告" in a.result("SP26-C2").explanation_zh
