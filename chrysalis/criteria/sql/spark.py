"""The Spark engine: the same generated SQL, transpiled from DuckDB's dialect to Spark SQL with
sqlglot. PySpark is imported lazily (only this engine needs it); ``master`` is ``local[N]``
for one machine or a cluster URL (``spark://host:7077``, ``yarn``, ``k8s://…``; running on a
cluster: docs/operators/spark.md)."""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .runner import Runner

_SESSIONS: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = {}

#: every master: correctness (ANSI: an arithmetic overflow raises instead of NULL; the time zone
#: of the rule sets' dates) and no web UI or progress bar
_REQUIRED = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.session.timeZone": "Asia/Shanghai",
    "spark.sql.codegen.wholeStage": "true",
}
#: local mode only (the driver JVM does all the work); on a cluster these are left to the
#: operator (spark-defaults.conf, PYSPARK_SUBMIT_ARGS, ``conf``) — docs/operators/spark.md
_LOCAL = {"spark.sql.shuffle.partitions": "4", "spark.driver.memory": "4g"}


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def spark_session(master: str = "local[2]", conf: Mapping[str, str] | None = None) -> Any:
    """One SparkSession per master per process (starting Spark takes seconds). A process has one
    SparkContext: asking for another master (or other settings) stops the previous session
    (``getOrCreate`` would silently hand back the old one).

    On a cluster (``spark://…``, ``yarn``, ``k8s://…``) the executors run in other JVMs: their
    Python is ``PYSPARK_PYTHON``, by default this interpreter's path (the same virtualenv must
    exist there, or set ``PYSPARK_PYTHON``/``spark.pyspark.python`` to the shipped one)."""
    key = (master, tuple(sorted((conf or {}).items())))
    if key in _SESSIONS:
        return _SESSIONS[key]
    from pyspark.sql import SparkSession

    stop_sessions()
    if not is_local(master):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    settings = {**_REQUIRED, **(_LOCAL if is_local(master) else {}), **(conf or {})}
    builder = SparkSession.builder.master(master).appName("chrysalis-screening")
    for k, v in settings.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    _SESSIONS[key] = spark
    return spark


def stop_sessions() -> None:
    """Stop this process's Spark session (on a cluster: ends the application, frees its executors)."""
    for key in list(_SESSIONS):
        _SESSIONS.pop(key).stop()


def to_spark(sql: str) -> str:
    import sqlglot

    # HUGEINT (128-bit products in the compiler) → Spark's widest exact integer type
    return sqlglot.transpile(sql, read="duckdb", write="spark")[0].replace(
        " AS INT128)", " AS DECIMAL(38, 0))"
    )


_TYPES = {
    "StringType": "VARCHAR",
    "LongType": "BIGINT",
    "IntegerType": "INTEGER",
    "ShortType": "SMALLINT",
    "ByteType": "TINYINT",
    "BooleanType": "BOOLEAN",
    "DateType": "DATE",
    "DoubleType": "DOUBLE",
    "FloatType": "FLOAT",
}


def _type_name(t: Any) -> str:
    name = type(t).__name__
    if name == "DecimalType":
        return f"DECIMAL({t.precision},{t.scale})"
    return _TYPES.get(name, name.upper())


class SparkEngine(Runner):
    name = "spark"
    dialect = "spark"

    def __init__(self, master: str = "local[2]", conf: Mapping[str, str] | None = None) -> None:
        self.spark = spark_session(master, conf)
        self._cached: list[Any] = []

    def close(self) -> None:
        for df in self._cached:
            df.unpersist()
        self._cached.clear()

    def execute(self, sql: str) -> None:
        self.spark.sql(to_spark(sql))

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.spark.sql(to_spark(sql)).collect()]

    def register_raw(self, name: str, path: Path, fmt: str) -> list[tuple[str, str]]:
        from pyspark.sql import functions as F

        reader = self.spark.read
        path = path.resolve()  # executors run elsewhere (other JVMs, other working directories)
        df = reader.parquet(str(path)) if fmt == "parquet" else reader.option("header", "true").csv(str(path))
        fields = df.schema.fields
        # file order → 1-based row numbers, in the JVM (no Python round trip per row): the
        # partition's offset (rows of the partitions before it) + the row's index in its partition
        tagged = df.select(
            F.spark_partition_id().alias("__pid"), F.monotonically_increasing_id().alias("__mid"), "*"
        )
        sizes = sorted((int(p), int(n)) for p, n in tagged.groupBy("__pid").count().collect())
        offsets, acc = [], 0
        for p, n in sizes:
            offsets.append(f"WHEN {p} THEN {acc}")
            acc += n
        offset = f"CASE __pid {' '.join(offsets)} END" if offsets else "0"
        cols = ", ".join(f"`{f.name}`" for f in fields)
        tagged.createOrReplaceTempView(f"raw__{name}")
        self.spark.sql(
            f"SELECT CAST({offset} + (__mid & 8589934591) + 1 AS BIGINT) AS __row, {cols} FROM raw__{name}"
        ).createOrReplaceTempView(f"raw_{name}")
        return [(f.name, _type_name(f.dataType)) for f in fields]

    def register_rows(
        self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]]
    ) -> None:
        ddl = ", ".join(f"{c} {'STRING' if t == 'VARCHAR' else t}" for c, t in columns)
        self.spark.createDataFrame([tuple(r) for r in rows], ddl).createOrReplaceTempView(name)

    def materialise(self, table: str, sql: str) -> None:
        df = self.spark.sql(to_spark(sql)).persist()
        df.count()
        self._cached.append(df)
        df.createOrReplaceTempView(table)

    def write(self, sql: str, path: Path, fmt: str) -> None:
        """One file ``path`` (Spark writes a folder of parts: coalesce to one and move it). The
        part is written by an executor and moved by the driver: on a cluster ``path`` must be on
        storage both see under the same name (a shared mount, docs/operators/spark.md)."""
        df = self.spark.sql(to_spark(sql)).coalesce(1)
        path = path.resolve()
        tmp = path.parent / f".{path.name}.{uuid.uuid4().hex}"
        if fmt == "parquet":
            df.write.mode("overwrite").parquet(str(tmp))
        else:
            df.write.mode("overwrite").option("header", "true").csv(str(tmp))
        part = next(p for p in tmp.iterdir() if p.name.startswith("part-"))
        shutil.move(str(part), str(path))
        shutil.rmtree(tmp, ignore_errors=True)

    def read_output(self, path: Path) -> list[tuple[Any, ...]]:
        cols = "uscc, rule_set, verdict, score_min, score_max, gap_conditions, gap_points, lacks"
        df = self.spark.read.parquet(str(path.resolve()))
        return [tuple(r) for r in df.selectExpr(*cols.split(", ")).collect()]
