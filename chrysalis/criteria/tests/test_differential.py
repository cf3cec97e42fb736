# mypy: disable-error-code="operator,index,arg-type,no-redef,assignment,union-attr,attr-defined"
"""Differential tests: the Python evaluator and the SQL compiler on DuckDB agree on every
outcome, every score range and every verdict, on thousands of hypothesis-generated firms —
with figures placed exactly on, just below and just above every threshold of the catalogue
(A4), missing values everywhere (A3), lists unknown or empty, titles, IP, awards, financing
and incidents on the edges of their date windows, and reviewers' judgements.

The Spark twin of this test lives in test_differential_spark.py (marked ``spark``)."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chrysalis.criteria import evaluate, parse_facts, rule_sets, screen
from chrysalis.criteria.condition import Compare, names
from chrysalis.criteria.facts import AWARD_LEVELS, INCIDENT_KINDS, IP_KINDS, TITLE_KINDS
from chrysalis.criteria.sql import DuckDBEngine, facts_to_tables, screen_snapshot, write_tables

LOCAL_RULES = {
    "zone": "研发占比 >= 3% 且 营业收入 >= 2000 且 税收增速 >= 10%",
    "growth": "(主营业务收入平均增长率 >= 8% or 营业收入复合增长率 > 5%) and not 经营异常名录",
    "counts": "一类知识产权数 >= 2 or 近三年股权融资 >= 500 or 近三年重大事故数 != 0 or 质量管理项数 == 2",
}


def _thresholds() -> list[Fraction]:
    """Every threshold written in the catalogue (bands, conditions) and in the local rules."""
    from chrysalis.criteria.condition import parse_condition

    found: set[Fraction] = set()

    def walk(n: Any) -> None:
        if isinstance(n, Compare):
            found.add(n.value)
        for attr in ("item",):
            if hasattr(n, attr):
                walk(getattr(n, attr))
        for i in getattr(n, "items", ()):
            walk(i)

    for rs in rule_sets():
        for c in rs.criteria:
            if c.when is not None:
                walk(c.when)
            for b in c.bands:
                walk(b.when)
    for text in LOCAL_RULES.values():
        walk(parse_condition(text))
    return sorted(found)


EDGES = _thresholds()
RATIO_EDGES = [t for t in EDGES if -1 < t < 1]
MONEY_EDGES = [t for t in EDGES if t >= 100]
STEP = Fraction(1, 10**6)
INDUSTRIES = ["C3484", "3484", "F5211", "I6511", "J6610", "G", "A0111", "K7010", None]


def _dec(x: Fraction) -> str:
    return str(Decimal(x.numerator) / Decimal(x.denominator)) if x.denominator != 1 else str(x.numerator)


def _q(x: Fraction) -> Fraction:
    """Round to the 6 decimals the snapshot tables hold."""
    return Fraction(round(x * 10**6), 10**6)


def money(r: random.Random, p_missing: float, base: Fraction | None = None) -> Fraction | None:
    if r.random() < p_missing:
        return None
    kind = r.choice(("round", "edge", "edge", "edge", "random", "zero"))
    if kind == "none":
        return None
    if kind == "zero":
        return Fraction(0)
    if kind == "edge" and base is not None and base > 0:
        t = r.choice(RATIO_EDGES)
        v = base * (1 + t) if (r.random() < 0.5) else base * abs(t)
        v = _q(v) + r.choice([0, 0, STEP, -STEP])
        return max(v, Fraction(0))
    if kind in ("edge", "round"):
        t = r.choice(MONEY_EDGES + [Fraction(50), Fraction(800), Fraction(3000)])
        return max(t + r.choice([0, 0, STEP, -STEP, Fraction(1, 100)]), Fraction(0))
    return Fraction(r.randint(0, 3_000_000), 100)


def _years(r: random.Random, year: int, p_missing: float) -> dict[str, dict[str, Any]]:
    """Figures of Y-3..Y: a revenue chain with growth edges, the others relative to revenue."""
    years: dict[str, dict[str, Any]] = {}
    prev: dict[str, Fraction | None] = {}
    for y in (year - 3, year - 2, year - 1, year):
        if r.random() < p_missing:
            prev = {}
            continue
        f: dict[str, Any] = {}
        for fld in ("revenue", "tax_paid", "net_profit", "total_assets"):
            v = money(r, p_missing, prev.get(fld))
            if fld == "net_profit" and v is not None and r.randint(0, 4) == 0:
                v = -v
            f[fld] = v
        rev = f["revenue"]
        for fld in ("main_revenue", "rd_expense", "total_cost_expense", "total_liabilities"):
            base = f["total_assets"] if fld == "total_liabilities" else rev
            v = money(r, p_missing, base)
            if v is not None and base is not None and (r.random() < 0.5) and base > 0:
                t = r.choice(RATIO_EDGES)
                v = max(_q(base * abs(t)) + r.choice([0, STEP, -STEP]), Fraction(0))
            if fld == "main_revenue" and v is not None and rev is not None and v > rev:
                v = rev
            f[fld] = v
        emp = r.choice([None, 0, 10, 20, 100, 299, 300, 500, 501, 1000, 2000])
        f["employees"] = emp
        for fld in ("rd_staff", "tech_staff"):
            f[fld] = (
                None
                if emp is None
                else r.choice([None, 0, emp // 2, emp // 5, emp // 10, emp * 3 // 10, emp])
            )
        f["digital_level"] = r.choice([None, 0, 1, 2, 3, 4])
        f["quality_score"] = r.choice([None, "49.99", "50", "59.5", "60", "75"])
        f["niche_share"] = r.choice([None, "0.099999", "0.1", "0.2"])
        f["niche_share_international"] = r.choice([None, "0.05", "0.1"])
        f["niche_rank_domestic"] = r.choice([None, 1, 3, 4])
        prev = {k: v for k, v in f.items() if isinstance(v, Fraction)}
        years[str(y)] = {k: (_dec(v) if isinstance(v, Fraction) else v) for k, v in f.items()}
    return years


def _lists(
    r: random.Random, doc: dict[str, Any], year: int, as_of: dt.date, b3: Callable[[], bool | None]
) -> None:
    """IP, titles, awards, contests, equity rounds and incidents around the date edges."""

    def days(n: int) -> str:
        return (as_of + dt.timedelta(days=n)).isoformat()

    edge_days = [-800, -731, -730, -729, -366, -365, -364, -1, 0, 1, 200]
    if r.randint(0, 5):
        doc["ip"] = [
            {
                "kind": r.choice(IP_KINDS),
                "granted_on": r.choice([None, *map(days, edge_days)]),
                "self_developed": b3(),
                "high_value": b3(),
                "related_to_leading_product": b3(),
                "applied_with_benefit": b3(),
                "transferred_in_on": r.choice([None, None, days(-366), days(-365), days(-364)]),
                "holder_rank": r.choice([None, 1, 3, 4]),
                "valid": r.choice([True, True, False, None]),
            }
            for _ in range(r.randint(0, 5))
        ]
    if r.randint(0, 5):
        doc["titles"] = [
            {
                "kind": r.choice([*TITLE_KINDS, "zj_hidden_champion"]),
                "granted_on": r.choice([None, days(-400), days(0), days(1)]),
                "valid_until": r.choice([None, days(-1), days(0), days(1), days(900)]),
            }
            for _ in range(r.randint(0, 4))
        ]
        doc["titles"] = [
            t
            for t in doc["titles"]
            if not (t["granted_on"] and t["valid_until"] and t["valid_until"] < t["granted_on"])
        ]
    if r.randint(0, 5):
        doc["awards"] = [
            {
                "kind": r.choice(["sci_tech", "china_patent"]),
                "level": r.choice([None, *AWARD_LEVELS]),
                "rank": r.choice([None, 1, 3, 4, 5, 6]),
                "year": r.choice([None, year - 6, year - 5, year - 4, year - 3, year - 1, year]),
            }
            for _ in range(r.randint(0, 3))
        ]
    if r.randint(0, 5):
        doc["contests"] = [
            {
                "kind": "maker_china",
                "placement": r.choice([None, "top50", "top500"]),
                "year": r.choice([None, year - 4, year - 3, year - 1, year]),
            }
            for _ in range(r.randint(0, 2))
        ]
    if r.randint(0, 5):
        doc["equity_rounds"] = [
            {
                "date": r.choice(
                    [
                        None,
                        f"{year - 4}-12-31",
                        f"{year - 3}-01-01",
                        f"{year - 2}-06-01",
                        f"{year - 1}-12-31",
                        f"{year}-01-01",
                    ]
                ),
                "paid_in": r.choice([None, "100", "500", "1999.99", "2000", "4000", "6000"]),
                "qualified_investor": b3(),
            }
            for _ in range(r.randint(0, 3))
        ]
    if r.randint(0, 5):
        doc["incidents"] = [
            {
                "kind": r.choice(INCIDENT_KINDS),
                "severity": r.choice([None, "major", "serious", "minor"]),
                "date": r.choice(
                    [None, f"{year - 4}-12-31", f"{year - 3}-01-01", f"{year - 1}-12-31", f"{year}-03-01"]
                ),
            }
            for _ in range(r.randint(0, 2))
        ]


def firm(r: random.Random, uscc: str, year: int, as_of: dt.date) -> dict[str, Any]:
    """One facts document; about half the firms have complete data (decided verdicts)."""
    p_missing = r.choice((0.0, 0.0, 0.02, 0.1, 0.3))

    def b3() -> bool | None:
        return None if r.random() < p_missing else r.random() < 0.7

    doc: dict[str, Any] = {
        "uscc": uscc,
        "name": "测试",
        "industry_code": r.choice(INDUSTRIES),
        "independent_legal_person": b3(),
    }
    if r.random() < 0.5:
        doc["niche_since"] = r.choice(
            [
                dt.date(year - n, m, d)
                for n in (1, 2, 3, 4, 6, 10)
                for m, d in ((1, 1), (1, 2), (6, 30), (7, 1))  # 6-30 / 7-1: the assessment date's edge
            ]
        ).isoformat()
    doc["leading_product"] = {
        f: b3()
        for f in (
            "strategic_emerging",
            "six_foundations",
            "key_field",
            "chain_gap_filling",
            "serves_key_chain_leader",
            "time_honoured_brand",
        )
    }
    for f in (
        "own_brand",
        "core_business_it_supported",
        "management_system_certified",
        "developed_market_product_certified",
        "quality_award_provincial_or_higher",
    ):
        doc[f] = b3()
    doc["drafted_standards"] = r.choice([None, 0, 1, 3])
    doc["rd_institution_level"] = r.choice(
        [None, "national", "provincial", "municipal", "below_municipal", "none"]
    )
    doc["credit"] = {
        f: r.choice((False,) * 8 + (True, None))
        for f in ("abnormal_list", "serious_dishonesty", "prohibited_product")
    }
    doc["years"] = _years(r, year, p_missing)

    _lists(r, doc, year, as_of, b3)
    review_ids = sorted({c.id for rs in rule_sets() for c in rs.criteria if c.review or c.uncertain})
    doc["judgements"] = {
        cid: {"outcome": r.choice(["met", "not_met"]), "by": "专家组"}
        for cid in r.sample(review_ids, r.randint(0, 4))
    }
    return doc


def _uscc(i: int) -> str:
    return f"91330110MA{i:08d}"


@st.composite
def batch(draw: st.DrawFn, size: int = 60) -> tuple[int, str, dt.date, list[dict[str, Any]]]:
    """Hypothesis picks the year, the application type and the seed of a batch of firms (one
    draw per firm would overrun hypothesis' buffer with thousands of values per example)."""
    year = draw(st.sampled_from([2025, 2026, 2027]))
    application = draw(st.sampled_from(["new", "review"]))
    r = random.Random(draw(st.integers(0, 2**32)))
    as_of = dt.date(year, 6, 30)
    docs = [firm(r, _uscc(i), year, as_of) for i in range(size)]
    return year, application, as_of, docs


@st.composite
def modes(draw: st.DrawFn) -> dict[str, str]:
    """A district's choice per rule set: single-source/unresolved conditions hard or to review."""
    return {rs.id: draw(st.sampled_from(["hard", "review"])) for rs in rule_sets()}


def engine_results(
    engine: Any,
    docs: list[dict[str, Any]],
    year: int,
    application: str,
    fmt: str,
    uncertain: dict[str, str] | None = None,
) -> tuple[dict, dict, dict]:
    with tempfile.TemporaryDirectory() as d:
        write_tables(facts_to_tables(docs), f"{d}/in", fmt)
        screen_snapshot(
            engine,
            f"{d}/in",
            f"{d}/out",
            year=year,
            rule_sets=rule_sets(),
            local_rules=LOCAL_RULES,
            application=application,
            fmt=fmt,
            uncertain=uncertain,
        )
        ass = {
            (r[0], r[1]): r[2:]
            for r in _read(
                engine,
                f"{d}/out/assessments.{fmt}",
                "uscc, rule_set, verdict, score_min, score_max, pass_mark",
            )
        }
        crit = {
            (r[0], r[1], r[2]): r[3:]
            for r in _read(
                engine,
                f"{d}/out/criteria.{fmt}",
                "uscc, rule_set, criterion, outcome, points_min, points_max",
            )
        }
        loc = {(r[0], r[1]): r[2] for r in _read(engine, f"{d}/out/local_rules.{fmt}", "uscc, rule, outcome")}
    return ass, crit, loc


def _read(engine: Any, path: str, cols: str) -> list[tuple[Any, ...]]:
    import duckdb

    fn = "read_parquet" if path.endswith(".parquet") else "read_csv"
    with duckdb.connect() as con:
        return con.execute(f"SELECT {cols} FROM {fn}('{path}')").fetchall()


def _int(v: Any) -> int | None:
    return None if v is None or v == "" else int(v)


def compare_with_python(
    docs: list[dict[str, Any]],
    year: int,
    application: str,
    ass: dict,
    crit: dict,
    loc: dict,
    uncertain: dict[str, str] | None = None,
) -> int:
    checked = 0
    for doc in docs:
        facts = parse_facts(doc)
        u = doc["uscc"]
        for rs in rule_sets():
            a = evaluate(
                rs, facts, year, application, gaps=False, uncertain=(uncertain or {}).get(rs.id, "hard")
            )
            got = ass[(u, rs.id)]
            assert (got[0], _int(got[1]), _int(got[2]), _int(got[3])) == (
                a.verdict,
                a.score_min,
                a.score_max,
                a.pass_mark,
            ), (u, rs.id, doc)
            for r in a.results:
                g = crit[(u, rs.id, r.id)]
                exp = (
                    (r.outcome, r.points_min, r.points_max)
                    if r.criterion.kind == "score"
                    else (r.outcome, None, None)
                )
                assert (g[0], _int(g[1]), _int(g[2])) == exp, (u, rs.id, r.id, doc)
                checked += 1
        for name, outcome in screen(facts, LOCAL_RULES, year, application=application).items():
            assert loc[(u, name)] == outcome, (u, name, doc)
    return checked


def test_thresholds_cover_the_catalogue() -> None:
    assert Fraction(3, 100) in EDGES and Fraction(1000) in EDGES and Fraction(-1) not in EDGES
    assert len({n for rs in rule_sets() for c in rs.criteria if c.when for n in names(c.when)}) > 30


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(batch(size=250), st.sampled_from(["parquet", "csv"]), modes())
def test_duckdb_agrees_with_the_python_evaluator(
    b: tuple[int, str, dt.date, list[dict[str, Any]]], fmt: str, uncertain: dict[str, str]
) -> None:
    year, application, _as_of, docs = b
    with DuckDBEngine(threads=2) as eng:
        ass, crit, loc = engine_results(eng, docs, year, application, fmt, uncertain)
    assert compare_with_python(docs, year, application, ass, crit, loc, uncertain) > 0


@pytest.mark.parametrize(
    "rd, revenue, points",
    [
        ("30", "1000", 15),
        ("29.999999", "1000", 10),
        ("30.000001", "1000", 15),
        ("50", "1000", 20),
        ("0", "1000", 0),
        (None, "1000", None),
    ],
)
def test_band_edges_of_the_rd_ratio(rd: str | None, revenue: str, points: int | None) -> None:
    """IN22-S2 (≥5% 20, 3–5% 15, 2–3% 10, 1–2% 5): on, just below and just above an edge."""
    doc = {"uscc": _uscc(1), "years": {"2025": {"rd_expense": rd, "revenue": revenue}}}
    with DuckDBEngine() as eng:
        _ass, crit, _loc = engine_results(eng, [doc], 2026, "new", "parquet")
    g = crit[(_uscc(1), "innovative-sme-2022", "IN22-S2")]
    if points is None:
        assert (g[0], _int(g[1]), _int(g[2])) == ("unknown", 0, 20)
    else:
        assert _int(g[1]) == _int(g[2]) == points


@pytest.mark.parametrize("factor", [3_000, 1_000_000])
def test_large_money_agrees_in_64_and_128_bits(factor: int) -> None:
    """Money is held as BIGINT scaled by 10^6 only when every value is within ±10^9 (products in
    HUGEINT); beyond, as DECIMAL(38,0). Both agree with the evaluator (ratio and growth edges
    are scale-free, so scaling every figure keeps them on their edges)."""
    from chrysalis.criteria.facts import YEAR_FIELDS
    from chrysalis.criteria.sql.loader import NARROW_LIMIT

    r = random.Random(factor)
    docs = [firm(r, _uscc(i), 2026, dt.date(2026, 6, 30)) for i in range(120)]
    biggest = Decimal(0)
    for doc in docs:
        for fig in doc["years"].values():
            for k, v in fig.items():
                if v is not None and YEAR_FIELDS[k][0] in ("money", "signed_money"):
                    fig[k] = str(Decimal(v) * factor)
                    biggest = max(biggest, abs(Decimal(fig[k])))
    with DuckDBEngine(threads=2) as eng:
        ass, crit, loc = engine_results(eng, docs, 2026, "new", "parquet")
        assert eng.narrow == (biggest <= NARROW_LIMIT)
    assert (factor == 1_000_000) == (not eng.narrow)
    assert compare_with_python(docs, 2026, "new", ass, crit, loc) > 0
