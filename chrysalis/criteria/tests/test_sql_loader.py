"""Snapshot loading: bad input gets one clear error naming table, row and column, and nothing
is written; missing optional tables mean "no rows"; every feature has SQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chrysalis.criteria import FEATURES, rule_sets
from chrysalis.criteria.sql import (
    DuckDBEngine,
    SnapshotError,
    compile_plan,
    facts_to_tables,
    screen_snapshot,
    write_tables,
)
from chrysalis.criteria.sql_specs import SQL_SPECS

USCC = "91330110MA27XXXXX1"


def _doc(uscc: str = USCC, **years: dict) -> dict:
    return {
        "uscc": uscc,
        "industry_code": "C3484",
        "years": years or {"2025": {"revenue": "3000", "rd_expense": "90"}},
    }


def _csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _screen(tmp_path: Path) -> None:
    with DuckDBEngine() as eng:
        screen_snapshot(eng, tmp_path / "in", tmp_path / "out", year=2026)


def test_every_feature_compiles_to_sql() -> None:
    assert set(SQL_SPECS) == {f.name for f in FEATURES}
    plan = compile_plan(
        rule_sets(), {f.name: (f.name if f.kind == "bool" else f"{f.name} >= 1") for f in FEATURES}, year=2026
    )
    assert len(plan.local_rules) == len(FEATURES) and "SELECT" in plan.base_sql()


def test_missing_optional_tables_mean_no_rows(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _csv(tmp_path / "in" / "enterprises.csv", [{"uscc": USCC, "industry_code": "C3484"}])
    _csv(
        tmp_path / "in" / "years.csv", [{"uscc": USCC, "year": "2025", "revenue": "3000", "rd_expense": "90"}]
    )
    with DuckDBEngine() as eng:
        s = screen_snapshot(
            eng, tmp_path / "in", tmp_path / "out", year=2026, local_rules={"r": "研发占比 >= 3%"}
        )
        assert s.firms == 1 and (tmp_path / "out" / "assessments.parquet").exists()
        assert eng.fetch(f"SELECT outcome FROM read_parquet('{tmp_path}/out/local_rules.parquet')") == [
            ("met",)
        ]


def test_missing_required_table(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _csv(tmp_path / "in" / "enterprises.csv", [{"uscc": USCC}])
    with pytest.raises(SnapshotError) as e:
        _screen(tmp_path)
    assert "years" in str(e.value) and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "table, row, change, expect",
    [
        ("enterprises", 1, {"industry_code": "Z9999"}, "enterprises 第 1 行 列 industry_code"),
        ("years", 2, {"revenue": "abc"}, "years 第 2 行 列 revenue"),
        ("years", 1, {"revenue": "-5"}, "不能小于 0"),
        ("years", 1, {"revenue": "1.1234567"}, "小数位数超过 6 位"),
        ("years", 1, {"year": ""}, "years 第 1 行 列 year：不能为空"),
        ("years", 1, {"main_revenue": "5000"}, "主营业务收入大于营业收入"),
        ("ip", 1, {"kind": "trademark"}, "ip 第 1 行 列 kind"),
        ("titles", 1, {"valid_until": "2020-13-01"}, "titles 第 1 行 列 valid_until"),
    ],
)
def test_bad_values_name_table_row_and_column(
    tmp_path: Path, table: str, row: int, change: dict, expect: str
) -> None:
    tables = facts_to_tables(
        [
            {
                **_doc(),
                "ip": [{"kind": "invention_patent"}],
                "titles": [{"kind": "tech_sme"}],
                "years": {"2025": {"revenue": "3000"}, "2024": {"revenue": "2000"}},
            }
        ]
    )
    tables[table][row - 1].update(change)
    write_tables(tables, tmp_path / "in", "csv")
    with pytest.raises(SnapshotError) as e:
        _screen(tmp_path)
    assert expect in str(e.value), str(e.value)
    assert not (tmp_path / "out").exists()


def test_duplicate_uscc_and_unknown_column_and_orphans(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _csv(tmp_path / "in" / "enterprises.csv", [{"uscc": USCC, "revenu": "1"}, {"uscc": USCC, "revenu": "2"}])
    _csv(tmp_path / "in" / "years.csv", [{"uscc": USCC, "year": "2025"}])
    with pytest.raises(SnapshotError) as e:
        _screen(tmp_path)
    assert "列 revenu：未知的列" in str(e.value)
    _csv(tmp_path / "in" / "enterprises.csv", [{"uscc": USCC}, {"uscc": USCC}])
    _csv(tmp_path / "in" / "years.csv", [{"uscc": "91330110MA27XXXXX2", "year": "2025"}])
    with pytest.raises(SnapshotError) as e:
        _screen(tmp_path)
    text = str(e.value)
    assert (
        "enterprises 第 1 行 列 uscc：重复的键" in text
        and "years 第 1 行 列 uscc：企业 91330110MA27XXXXX2 不在 enterprises 表中" in text
    )


def test_parquet_with_typed_columns(tmp_path: Path) -> None:
    write_tables(facts_to_tables([_doc(), _doc("91330110MA27XXXXX2")]), tmp_path / "in", "parquet")
    with DuckDBEngine() as eng:
        s = screen_snapshot(eng, tmp_path / "in", tmp_path / "out", year=2026, fmt="csv")
    assert s.firms == 2 and s.verdicts["innovative-sme-2022"] and (tmp_path / "out" / "criteria.csv").exists()
    assert "firms/s" in s.line("duckdb")


def test_money_beyond_the_bigint_bound_in_a_text_column(tmp_path: Path) -> None:
    """Text statistics order as text ('999' > '5000000000000'): the bound is then checked by a
    scan, so a large value switches to DECIMAL(38,0) instead of being lost."""
    import duckdb

    from chrysalis.criteria.sql import DuckDBEngine
    from chrysalis.criteria.sql.loader import load

    d = tmp_path / "in"
    d.mkdir()
    with duckdb.connect() as con:
        con.execute(
            f"COPY (SELECT '91330110MA27XXXXX1' AS uscc) TO '{d}/enterprises.parquet' (FORMAT parquet)"
        )
        con.execute(
            f"COPY (SELECT '91330110MA27XXXXX1' AS uscc, y AS year, v AS revenue FROM (VALUES (2024, '999'), "
            f"(2025, '5000000000000.5')) t(y, v)) TO '{d}/years.parquet' (FORMAT parquet)"
        )
    with DuckDBEngine() as eng:
        load(eng, d)
        assert eng.narrow is False
        assert sorted(eng.fetch("SELECT CAST(revenue AS VARCHAR) FROM y")) == [
            ("5000000000000500000",),
            ("999000000",),
        ]


def test_typed_parquet_out_of_range_and_null_values_are_named(tmp_path: Path) -> None:
    """Checks the Parquet footer proves cannot fire are skipped; a file whose statistics allow
    a bad value still gets the same precise error (table, row, column, value)."""
    import duckdb

    d = tmp_path / "in"
    d.mkdir()
    u1, u2 = USCC, "91330110MA27XXXXX2"
    with duckdb.connect() as con:
        con.execute(
            f"COPY (SELECT * FROM (VALUES ('{u1}', 'C3484'), ('{u2}', 'C3484')) t(uscc, industry_code)) "
            f"TO '{d}/enterprises.parquet' (FORMAT parquet)"
        )
        # row 3: revenue below 0; row 4: year NULL; row 2: rd_staff above employees (cross-field)
        con.execute(
            f"COPY (SELECT * FROM (VALUES ('{u1}', 2024, 10.5::DECIMAL(38,6), 5, 3), "
            f"('{u1}', 2025, 12.0::DECIMAL(38,6), 5, 9), ('{u2}', 2025, -1.0::DECIMAL(38,6), 5, 1), "
            f"('{u2}', NULL, 3.0::DECIMAL(38,6), 5, 1)) t(uscc, year, revenue, employees, rd_staff)) "
            f"TO '{d}/years.parquet' (FORMAT parquet)"
        )
    with pytest.raises(SnapshotError) as e, DuckDBEngine() as eng:
        screen_snapshot(eng, d, tmp_path / "out", year=2026)
    text = str(e.value)
    assert "years 第 2 行 列 rd_staff" in text
    assert f"years 第 3 行 列 revenue：不能小于 0（uscc {u2}）" in text
    assert f"years 第 4 行 列 year：不能为空（uscc {u2}）" in text
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("mode", ["all", "unknown", "none"])
def test_criteria_output_modes(tmp_path: Path, mode: str) -> None:
    """``criteria="unknown"`` writes exactly the unknown rows of the full output; ``"none"`` no file."""
    import duckdb

    write_tables(
        facts_to_tables([_doc(), _doc("91330110MA27XXXXX2", **{"2025": {"revenue": "100"}})]),
        tmp_path / "in",
        "parquet",
    )
    with DuckDBEngine() as eng:
        screen_snapshot(eng, tmp_path / "in", tmp_path / "full", year=2026)
        screen_snapshot(eng, tmp_path / "in", tmp_path / "out", year=2026, criteria=mode)
    crit = tmp_path / "out" / "criteria.parquet"
    if mode == "none":
        assert not crit.exists() and (tmp_path / "out" / "assessments.parquet").exists()
        return
    sel = (
        "SELECT uscc, CAST(rule_set AS VARCHAR), CAST(criterion AS VARCHAR), CAST(outcome AS VARCHAR), points"
    )
    with duckdb.connect() as con:
        full = sorted(con.execute(f"{sel} FROM read_parquet('{tmp_path}/full/criteria.parquet')").fetchall())
        got = sorted(con.execute(f"{sel} FROM read_parquet('{crit}')").fetchall())
    want = full if mode == "all" else [r for r in full if r[3] == "unknown"]
    assert got == want and (mode == "all" or 0 < len(got) < len(full))


@pytest.mark.parametrize(
    "years, duplicate",
    [
        ([2024, 2025, 2025], True),  # typed years within 64: the per-firm bit mask, then the precise query
        ([2024, 2025], False),
        ([1950, 2025, 2025], True),  # a span of 64 or more: the precise query only
        ([1950, 2025], False),
    ],
)
def test_duplicate_firm_year_in_typed_parquet(tmp_path: Path, years: list[int], duplicate: bool) -> None:
    import duckdb

    d = tmp_path / "in"
    d.mkdir()
    con = duckdb.connect()
    con.execute(f"COPY (SELECT '{USCC}' AS uscc, 'C3484' AS industry_code) TO '{d}/enterprises.parquet'")
    rows = ", ".join(f"('{USCC}', {y}::BIGINT, 3000::DECIMAL(38,6))" for y in years)
    con.execute(f"COPY (SELECT * FROM (VALUES {rows}) v(uscc, year, revenue)) TO '{d}/years.parquet'")
    con.close()
    if not duplicate:
        _screen(tmp_path)
        return
    with pytest.raises(SnapshotError) as e:
        _screen(tmp_path)
    assert f"years 第 2 行 列 year：重复的键 {USCC}/2025（共 2 行）" in str(e.value), str(e.value)


@pytest.mark.parametrize("key", ["NULL", "''", "'   '", "chr(12288)", "chr(160) || ' '"])
def test_empty_firm_key_in_typed_parquet(tmp_path: Path, key: str) -> None:
    """The footer proves a text column never empty only when every value begins with a
    printable ASCII character: an empty or whitespace key (ASCII or Unicode) is still found."""
    import duckdb

    d = tmp_path / "in"
    d.mkdir()
    con = duckdb.connect()
    con.execute(f"COPY (SELECT '{USCC}' AS uscc, 'C3484' AS industry_code) TO '{d}/enterprises.parquet'")
    con.execute(f"COPY (SELECT '{USCC}' AS uscc, 2025::BIGINT AS year) TO '{d}/years.parquet'")
    con.execute(
        f"COPY (SELECT * FROM (VALUES ('{USCC}', 'utility_model'), ({key}, 'invention_patent')) "
        f"v(uscc, kind)) TO '{d}/ip.parquet'"
    )
    con.close()
    with pytest.raises(SnapshotError) as e:
        _screen(tmp_path)
    assert "ip 第 2 行 列 uscc：不能为空" in str(e.value), str(e.value)


def test_padded_firm_keys_give_the_same_outputs(tmp_path: Path) -> None:
    """Keys read as they are when every one is already trimmed; padded keys are trimmed as
    before, with the same results."""
    import duckdb

    docs = [
        {**_doc(), "ip": [{"kind": "invention_patent"}], "titles": [{"kind": "tech_sme"}]},
        _doc("91330110MA27XXXXX2", **{"2025": {"revenue": "100"}, "2024": {"revenue": "90"}}),
    ]
    tables = facts_to_tables(docs)
    write_tables(tables, tmp_path / "clean", "csv")
    for rows in tables.values():
        for r in rows:
            r["uscc"] = f" {r['uscc']}  "
    write_tables(tables, tmp_path / "padded", "csv")
    out = {}
    for name in ("clean", "padded"):
        with DuckDBEngine() as eng:
            screen_snapshot(eng, tmp_path / name, tmp_path / f"out-{name}", year=2026)
        con = duckdb.connect()
        out[name] = {
            t: sorted(
                map(
                    str,
                    con.execute(
                        f"SELECT * FROM read_parquet('{tmp_path}/out-{name}/{t}.parquet')"
                    ).fetchall(),
                )
            )
            for t in ("assessments", "criteria")
        }
        con.close()
    assert out["clean"] == out["padded"] and out["clean"]["assessments"]
