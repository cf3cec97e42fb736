"""The Spark engine: the same generated SQL, transpiled from DuckDB's dialect to Spark SQL with
sqlglot. PySpark is imported lazily (only this engine needs it); ``master`` is ``local[N]``
for one machine or a cluster URL (``spark://host:7077``, ``yarn``)."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .runner import Runner

_SESSIONS: dict[str, Any] = {}


def spark_session(master: str = "local[2]") -> Any:
    """One SparkSession per master per process (starting Spark takes seconds)."""
    if master in _SESSIONS:
        return _SESSIONS[master]
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(master)
        .appName("chrysalis-screening")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "true")  # arithmetic overflow raises instead of NULL
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.codegen.wholeStage", "true")
        .config("spark.sql.session.timeZone", "Asia/Shanghai")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    _SESSIONS[master] = spark
    return spark


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

    def __init__(self, master: str = "local[2]") -> None:
        self.spark = spark_session(master)
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
        """One file ``path`` (Spark writes a folder of parts: coalesce to one and move it)."""
        df = self.spark.sql(to_spark(sql)).coalesce(1)
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
        return [tuple(r) for r in self.spark.read.parquet(str(path)).selectExpr(*cols.split(", ")).collect()]
