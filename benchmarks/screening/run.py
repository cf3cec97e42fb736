"""Benchmark of the batch screening (issue #5).

Generates N firms (default 1,000,000) with three years of figures, IP, titles, awards,
financing and incidents as Parquet (in DuckDB, seeded), then screens all tiers of one year plus
one local rule from Parquet on DuckDB and on Spark local mode, and measures the Python
evaluator on a sample of the same firms. Prints firms/s for each and the ratios.

    .venv/bin/python benchmarks/screening/run.py [--firms 1000000] [--sample 2000] [--no-spark] \
        [--dir /tmp/bench] [--reuse] [--compare DIR] [--save-reference DIR]

``--reuse`` keeps ``DIR/in`` when it already holds a snapshot of ``--firms`` firms (generate the
1 M input once). ``--compare DIR`` compares every output table with ``DIR/<table>.parquet`` (the
same input screened by an earlier version, e.g. main's code) with ``EXCEPT ALL`` both ways in
DuckDB and prints row counts and ``identical``/``DIFFERENT``; ``--save-reference DIR`` copies
this run's DuckDB outputs to ``DIR`` for such a comparison.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

LOCAL = {"zone": "研发占比 ≥ 3% 且 营业收入 ≥ 2000 且 税收增速 ≥ 10%"}
YEAR = 2026
#: issue #19, target 1 (DuckDB, 1,000,000 firms, Parquet in → all outputs written)
TARGET_SECONDS = 3.5
TARGET_RATE = 285_000
TARGET_RATIO = 300


def pick(*values: str) -> str:
    """SQL for one of `values` at random (DuckDB list subscript, 1-based)."""
    items = ",".join(f"'{v}'" for v in values)
    return f"([{items}])[1 + CAST(floor(random() * {len(values)}) AS INTEGER)]"


def generate(d: Path, n: int) -> float:
    import duckdb

    t0 = time.perf_counter()
    d.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SELECT setseed(0.42)")
    con.execute(
        "CREATE TABLE f AS SELECT i, '91330110MA' || lpad(CAST(i AS VARCHAR), 8, '0') AS uscc, random() AS "
        f"r FROM range(1, {n + 1}) t(i)"
    )
    b = "(random() < 0.7)"
    con.execute(f"""COPY (SELECT uscc, '测试企业' || i AS name, '浙江省' AS province,
        {pick("C3484", "C3911", "I6511", "F5211", "M7320", "C2710")} AS industry_code,
        DATE '2010-01-01' + CAST(floor(random() * 5000) AS INTEGER) AS niche_since,
        TRUE AS independent_legal_person,
        {b} AS leading_product__strategic_emerging, {b} AS leading_product__six_foundations,
        {b} AS leading_product__key_field,
        (random() < 0.3) AS leading_product__chain_gap_filling,
        FALSE AS leading_product__serves_key_chain_leader,
        FALSE AS leading_product__time_honoured_brand, {b} AS own_brand, {b} AS core_business_it_supported,
        {b} AS management_system_certified, (random() < 0.2) AS developed_market_product_certified,
        (random() < 0.1) AS quality_award_provincial_or_higher,
        CAST(floor(random() * 3) AS BIGINT) AS drafted_standards,
        {pick("none", "below_municipal", "municipal", "provincial", "national")} AS rd_institution_level,
        (random() < 0.03) AS credit__abnormal_list, FALSE AS credit__serious_dishonesty,
        FALSE AS credit__prohibited_product
        FROM f) TO '{d}/enterprises.parquet' (FORMAT parquet)""")
    money = "CAST(round({x}, 2) AS DECIMAL(38,6))"
    con.execute(f"""COPY (SELECT uscc, y AS year,
        {money.format(x="rev")} AS revenue, {money.format(x="rev * (0.6 + 0.4 * random())")} AS main_revenue,
        {money.format(x="rev * 0.08 * random()")} AS rd_expense,
        {money.format(x="rev * (0.15 * random() - 0.03)")} AS net_profit,
        {money.format(x="rev * (0.8 + random())")} AS total_assets,
        {money.format(x="rev * 0.9 * random()")} AS total_liabilities,
        {money.format(x="rev * 0.9")} AS total_cost_expense, emp AS employees,
        CAST(floor(emp * 0.3 * random()) AS BIGINT) AS rd_staff,
        CAST(floor(emp * 0.4 * random()) AS BIGINT) AS tech_staff,
        {money.format(x="rev * 0.05 * random()")} AS tax_paid,
        CAST(floor(random() * 5) AS BIGINT) AS digital_level,
        CAST(round(40 + 40 * random(), 1) AS DECIMAL(38,6)) AS quality_score
        FROM (SELECT uscc, y,
                     (500 + 30000 * r) * (1 + 0.15 * (y - {YEAR - 3})) * (0.9 + 0.2 * random()) AS rev,
                     CAST(20 + floor(r * 400) AS BIGINT) AS emp
              FROM f, (VALUES ({YEAR - 3}), ({YEAR - 2}), ({YEAR - 1})) v(y)))
        TO '{d}/years.parquet' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT uscc,
        {pick("invention_patent", "utility_model", "software_copyright", "design_patent")} AS kind,
        DATE '2015-01-01' + CAST(floor(random() * 4000) AS INTEGER) AS granted_on, {b} AS self_developed,
        (random() < 0.2) AS high_value,
        {b} AS related_to_leading_product, {b} AS applied_with_benefit,
        CAST(NULL AS DATE) AS transferred_in_on,
        CAST(1 + floor(random() * 4) AS BIGINT) AS holder_rank, (random() < 0.9) AS valid
        FROM f, range(0, 3) k(j) WHERE random() < 0.8) TO '{d}/ip.parquet' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT uscc,
        {pick("tech_sme", "innovative_sme", "zjtx_sme", "high_tech_enterprise")} AS kind,
        g AS granted_on, g + 1095 AS valid_until, CAST(NULL AS VARCHAR) AS batch
        FROM (SELECT uscc,
        DATE '2022-01-01' + CAST(floor(random() * 1500) AS INTEGER) AS g FROM f WHERE random() < 0.5))
        TO '{d}/titles.parquet' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT uscc, 'sci_tech' AS kind,
        {pick("national", "provincial")} AS level,
        CAST(1 + floor(random() * 6) AS BIGINT) AS rank,
        CAST({YEAR - 5} + floor(random() * 5) AS BIGINT) AS year
        FROM f WHERE random() < 0.1) TO '{d}/awards.parquet' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT uscc,
    DATE '{YEAR - 4}-01-01' + CAST(floor(random() * 1400) AS INTEGER) AS date,
        CAST(round(100 + 5000 * random(), 2) AS DECIMAL(38,6)) AS paid_in, {b} AS qualified_investor
        FROM f WHERE random() < 0.15) TO '{d}/equity_rounds.parquet' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT uscc, 'safety' AS kind,
        {pick("major", "minor")} AS severity,
        DATE '{YEAR - 4}-01-01' + CAST(floor(random() * 1400) AS INTEGER) AS date
        FROM f WHERE random() < 0.03) TO '{d}/incidents.parquet' (FORMAT parquet)""")
    con.close()
    return time.perf_counter() - t0


def _firms(d: Path) -> int | None:
    """Rows of ``d/enterprises.parquet`` (from the footer), None when there is no snapshot."""
    if not (d / "enterprises.parquet").exists():
        return None
    import duckdb

    con = duckdb.connect()
    try:
        return int(
            con.execute(
                f"SELECT SUM(num_rows) FROM parquet_file_metadata('{d}/enterprises.parquet')"
            ).fetchone()[0]
        )
    finally:
        con.close()


def python_rate(d: Path, sample: int, rule_sets) -> float:
    """Firms/s of the Python evaluator (all rule sets + the local rule, no gap analysis) on a sample."""
    import duckdb

    from chrysalis.criteria import evaluate, parse_facts, screen
    from chrysalis.criteria.sql import tables_to_facts
    from chrysalis.criteria.sql.schema import TABLES

    con = duckdb.connect()
    tables = {}
    keys = f"SELECT uscc FROM read_parquet('{d}/enterprises.parquet') LIMIT {sample}"
    for name in TABLES:
        p = d / f"{name}.parquet"
        if not p.exists():
            continue
        cur = con.execute(f"SELECT * FROM read_parquet('{p}') WHERE uscc IN ({keys})")
        cols = [c[0] for c in cur.description]
        tables[name] = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    docs = list(tables_to_facts(tables).values())
    t0 = time.perf_counter()
    for doc in docs:
        f = parse_facts(doc)
        for rs in rule_sets:
            evaluate(rs, f, YEAR, gaps=False)
        screen(f, LOCAL, YEAR)
    return len(docs) / (time.perf_counter() - t0)


def compare(out: Path, ref: Path, criteria: str = "all") -> bool:
    """Every output table of ``out`` equals ``ref``'s as a multiset of rows (EXCEPT ALL both ways).
    ``criteria="unknown"``: ``out``'s criteria table equals the reference's rows with outcome
    ``unknown``; ``"none"``: no criteria table to compare."""
    import duckdb

    con = duckdb.connect()
    same = True
    for name in ("assessments", "criteria", "local_rules"):
        if name == "criteria" and criteria == "none":
            continue
        a, b = out / f"{name}.parquet", ref / f"{name}.parquet"
        if not b.exists():
            print(f"  compare {name}: no reference file {b}")
            same = False
            continue
        if not a.exists():
            print(f"  compare {name}: not written by this run")
            same = False
            continue
        ra, rb = f"read_parquet('{a}')", f"read_parquet('{b}')"
        if name == "criteria" and criteria == "unknown":
            rb = f"(SELECT * FROM {rb} WHERE CAST(outcome AS VARCHAR) = 'unknown')"
        # labels as text on both sides (ENUM vs VARCHAR must not decide)
        cols = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM {rb}").fetchall()]
        cols_a = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM {ra}").fetchall()]
        if cols != cols_a:
            print(f"  compare {name}: columns differ: {cols_a} vs reference {cols}")
            same = False
            continue
        sel = ", ".join(f"CAST({c} AS VARCHAR) AS {c}" for c in cols)
        na = con.execute(f"SELECT COUNT(*) FROM {ra}").fetchone()[0]
        nb = con.execute(f"SELECT COUNT(*) FROM {rb}").fetchone()[0]
        extra = con.execute(
            f"SELECT COUNT(*) FROM (SELECT {sel} FROM {ra} EXCEPT ALL SELECT {sel} FROM {rb})"
        )
        extra = extra.fetchone()[0]
        missing = con.execute(
            f"SELECT COUNT(*) FROM (SELECT {sel} FROM {rb} EXCEPT ALL SELECT {sel} FROM {ra})"
        ).fetchone()[0]
        ok = na == nb and extra == 0 and missing == 0
        same &= ok
        print(
            f"  compare {name}: {na:,} rows vs reference {nb:,}; only here {extra:,}, only in reference "
            f"{missing:,}: {'identical' if ok else 'DIFFERENT'}",
            flush=True,
        )
    con.close()
    return same


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--firms", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--dir", default="/tmp/chrysalis-bench")
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--reuse", action="store_true", help="keep DIR/in if it holds --firms firms")
    ap.add_argument("--compare", metavar="DIR", help="reference outputs (same input, earlier code)")
    ap.add_argument("--save-reference", metavar="DIR", help="copy the DuckDB outputs to DIR")
    ap.add_argument(
        "--also",
        choices=["unknown", "none", "skip"],
        default="unknown",
        help="second DuckDB run with this criteria output (default: only the unknown outcomes, as a "
        "web run writes them); skip: none",
    )
    a = ap.parse_args()
    from chrysalis.criteria.sql import DuckDBEngine, applicable_rule_sets, screen_snapshot

    d = Path(a.dir)
    if a.reuse and _firms(d / "in") == a.firms:
        print(f"reusing the {a.firms:,} firms of {d / 'in'}")
        for sub in ("out-duckdb", "out-spark"):
            shutil.rmtree(d / sub, ignore_errors=True)
    else:
        shutil.rmtree(d, ignore_errors=True)
        print(f"generating {a.firms:,} firms … {generate(d / 'in', a.firms):.1f} s")
    rsets = applicable_rule_sets(YEAR)
    print("rule sets:", ", ".join(r.id for r in rsets), "+ 1 local rule")
    runs = [("all", "all outputs")]
    if a.also != "skip":
        runs.append((a.also, f"criteria={a.also}"))
    done = {}
    for mode, title in runs:
        out = d / ("out-duckdb" if mode == "all" else f"out-duckdb-{mode}")
        shutil.rmtree(out, ignore_errors=True)
        with DuckDBEngine() as eng:
            extra = {"criteria": mode} if mode != "all" else {}  # (runs on code before the option too)
            s = screen_snapshot(eng, d / "in", out, year=YEAR, rule_sets=rsets, local_rules=LOCAL, **extra)
        done[mode] = (s, out, title)
        print(f"{s.line('duckdb')} [{title}]")
        print("  duckdb phases:", s.phase_line(), flush=True)
    py = python_rate(d / "in", a.sample, rsets)
    print(f"python evaluator: {py:,.0f} firms/s (sample of {a.sample})", flush=True)
    for _mode, (s, _out, title) in done.items():
        rate = s.rate
        ok = (
            s.seconds <= TARGET_SECONDS * s.firms / 1_000_000
            and rate >= TARGET_RATE
            and rate / py >= TARGET_RATIO
        )
        print(
            f"[{title}] {s.seconds:.2f} s, {rate:,.0f} firms/s, duckdb/python = {rate / py:,.0f}× — "
            f"target (issue #19): ≤ {TARGET_SECONDS} s per 1,000,000 firms, ≥ {TARGET_RATE:,} firms/s, "
            f"≥ {TARGET_RATIO}×: {'met' if ok else 'NOT met'}",
            flush=True,
        )
    duck = done["all"][0].rate
    if a.save_reference:
        ref = Path(a.save_reference)
        shutil.rmtree(ref, ignore_errors=True)
        shutil.copytree(d / "out-duckdb", ref)
        print(f"outputs saved as the reference {ref}")
    if a.compare:
        same = True
        for mode, (_s, out, title) in done.items():
            print(f"[{title}] compared with the reference {a.compare} (EXCEPT ALL both ways):", flush=True)
            same &= compare(out, Path(a.compare), mode)
        if not same:
            print("outputs DIFFERENT from the reference")
            return 1
    if not a.no_spark:
        from chrysalis.criteria.sql.spark import SparkEngine

        eng2 = SparkEngine(a.master)
        s2 = screen_snapshot(eng2, d / "in", d / "out-spark", year=YEAR, rule_sets=rsets, local_rules=LOCAL)
        print(s2.line("spark"), flush=True)
        print("  spark phases:", s2.phase_line())
        import duckdb

        con = duckdb.connect()
        q = "SELECT rule_set, verdict, COUNT(*) FROM read_parquet('{}') GROUP BY ALL ORDER BY ALL"
        same = (
            con.execute(q.format(d / "out-duckdb/assessments.parquet")).fetchall()
            == con.execute(q.format(d / "out-spark/assessments.parquet")).fetchall()
        )
        print(f"spark/python = {s2.rate / py:,.1f}×; spark verdict counts equal duckdb's: {same}")
        print(f"duckdb/spark = {duck / s2.rate:,.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
