"""The Spark twin of test_differential: the same generated SQL, transpiled to Spark SQL, gives
the Python evaluator's outcomes, points, ranges and verdicts (slow group: ``-m spark``)."""

from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chrysalis.criteria.tests.test_differential import batch, compare_with_python, engine_results

pytestmark = [pytest.mark.spark, pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")]


@pytest.fixture(scope="module")
def spark_engine():
    pytest.importorskip("pyspark")
    from chrysalis.criteria.sql.spark import SparkEngine

    eng = SparkEngine("local[2]")
    yield eng
    eng.close()


@settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(b=batch(size=300), fmt=st.sampled_from(["parquet"]))
def test_spark_agrees_with_the_python_evaluator(
    spark_engine: Any, b: tuple[int, str, dt.date, list[dict[str, Any]]], fmt: str
) -> None:
    year, application, _as_of, docs = b
    ass, crit, loc = engine_results(spark_engine, docs, year, application, fmt)
    assert compare_with_python(docs, year, application, ass, crit, loc) > 10_000


def test_spark_reports_bad_input(spark_engine: Any, tmp_path: Any) -> None:
    from chrysalis.criteria.sql import SnapshotError, facts_to_tables, screen_snapshot, write_tables

    tables = facts_to_tables([{"uscc": "91330110MA27XXXXX1", "years": {"2025": {"revenue": "x"}}}])
    write_tables(tables, tmp_path / "in", "csv")
    with pytest.raises(SnapshotError) as e:
        screen_snapshot(spark_engine, tmp_path / "in", tmp_path / "out", year=2026)
    assert "years 第 1 行 列 revenue" in str(e.value)
