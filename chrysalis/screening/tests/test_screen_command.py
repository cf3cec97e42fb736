"""`chrysalis screen --criteria all|unknown|none`: what the criteria output holds."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import duckdb
import pytest
from django.core.management import call_command

from chrysalis.criteria.sql import facts_to_tables, write_tables

DOCS = [
    {"uscc": "91330110MA27XXXXX1", "industry_code": "C3484", "years": {"2025": {"revenue": "3000"}}},
    {"uscc": "91330110MA27XXXXX2", "industry_code": "C3484", "years": {"2025": {"revenue": "100"}}},
]


def _screen(src: Path, out: Path, *extra: str) -> str:
    buf = StringIO()
    call_command("screen", "--input", str(src), "--output", str(out), "--year", "2026", *extra, stdout=buf)
    return buf.getvalue()


@pytest.mark.parametrize("mode", ["unknown", "none"])
def test_criteria_option(tmp_path: Path, mode: str) -> None:
    write_tables(facts_to_tables(DOCS), tmp_path / "in", "parquet")
    assert "firms/s" in _screen(tmp_path / "in", tmp_path / "all")
    _screen(tmp_path / "in", tmp_path / "out", "--criteria", mode)
    labels = "uscc, CAST(rule_set AS VARCHAR), CAST(criterion AS VARCHAR), CAST(outcome AS VARCHAR)"
    with duckdb.connect() as con:

        def rows(d: Path, name: str, cols: str = "*", where: str = "") -> list[tuple]:
            return sorted(
                con.execute(f"SELECT {cols} FROM read_parquet('{d}/{name}.parquet') {where}").fetchall()
            )

        assert rows(tmp_path / "out", "assessments") == rows(tmp_path / "all", "assessments")
        if mode == "none":
            assert not (tmp_path / "out" / "criteria.parquet").exists()
        else:
            unknown = rows(tmp_path / "all", "criteria", labels, "WHERE CAST(outcome AS VARCHAR) = 'unknown'")
            assert unknown and rows(tmp_path / "out", "criteria", labels) == unknown
