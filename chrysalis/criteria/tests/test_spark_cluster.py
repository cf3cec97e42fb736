# mypy: disable-error-code="index"
"""Screening on a standalone Spark cluster (scripts/spark-cluster.sh: a master and one worker
on 127.0.0.1, executors in their own JVMs) writes the same three tables as DuckDB (slow group:
``-m spark``). The 1,000,000-firm run with two workers is benchmarks/screening/cluster.py."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from chrysalis.criteria import get_rule_set
from chrysalis.criteria.tests.test_differential import LOCAL_RULES, _uscc, firm

pytestmark = [pytest.mark.spark, pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")]

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "spark-cluster.sh"
YEAR = 2026


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A master and one worker (1 core, 1 GB) on free ports; stopped (no process left) after."""
    pytest.importorskip("pyspark")
    env = {
        **os.environ,
        "CHRYSALIS_SPARK_DIR": str(tmp_path_factory.mktemp("spark-cluster")),
        "SPARK_WORKERS": "1",
        "SPARK_WORKER_MEMORY": "1g",
        "SPARK_MASTER_PORT": str(_free_port()),
        "SPARK_MASTER_WEBUI_PORT": str(_free_port()),
    }
    started = subprocess.run([str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=180)
    try:
        assert started.returncode == 0, started.stderr
        yield started.stdout.strip(), env
    finally:
        from chrysalis.criteria.sql.spark import stop_sessions

        stop_sessions()
        subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, timeout=60)


def test_the_cluster_screens_like_duckdb(cluster: Any, tmp_path: Path) -> None:
    import duckdb

    from chrysalis.criteria.sql import DuckDBEngine, facts_to_tables, screen_snapshot, write_tables
    from chrysalis.criteria.sql.spark import SparkEngine

    url, env = cluster
    assert url.startswith("spark://127.0.0.1:")
    r = random.Random(19)
    docs = [firm(r, _uscc(i), YEAR, dt.date(YEAR, 6, 30)) for i in range(40)]
    write_tables(facts_to_tables(docs), tmp_path / "in", "parquet")
    # one rule set and one local rule: the cluster path, not the catalogue (the differential
    # tests cover every rule set in local mode); fewer Spark jobs keep the test short
    rsets = [get_rule_set("zjtx-2026")]
    local = {"zone": LOCAL_RULES["zone"]}
    with DuckDBEngine() as duck:
        screen_snapshot(
            duck, tmp_path / "in", tmp_path / "duck", year=YEAR, rule_sets=rsets, local_rules=local
        )
    spark = SparkEngine(url, {"spark.executor.memory": "768m", "spark.sql.shuffle.partitions": "2"})
    try:
        assert spark.spark.sparkContext.master == url
        summary = screen_snapshot(
            spark, tmp_path / "in", tmp_path / "spark", year=YEAR, rule_sets=rsets, local_rules=local
        )
    finally:
        spark.close()
    assert summary.firms == 40
    status = subprocess.run([str(SCRIPT), "status"], env=env, capture_output=True, text=True, timeout=30)
    assert "1 workers alive" in status.stdout and "1 applications running" in status.stdout, status.stdout
    assert summary.verdicts and summary.rule_sets
    con = duckdb.connect()
    for name, rows in (("assessments", 40), ("criteria", None), ("local_rules", 40)):
        a, b = (f"read_parquet('{tmp_path / side / name}.parquet')" for side in ("spark", "duck"))
        cols = ", ".join(
            f'CAST("{c[0]}" AS VARCHAR)' for c in con.execute(f"DESCRIBE SELECT * FROM {b}").fetchall()
        )
        n = con.execute(f"SELECT COUNT(*) FROM {a}").fetchone()[0]
        assert n == con.execute(f"SELECT COUNT(*) FROM {b}").fetchone()[0] and n > 0
        assert rows is None or n == rows
        for x, y in ((a, b), (b, a)):
            assert (
                con.execute(
                    f"SELECT COUNT(*) FROM (SELECT {cols} FROM {x} EXCEPT ALL SELECT {cols} FROM {y})"
                ).fetchone()[0]
                == 0
            ), name
