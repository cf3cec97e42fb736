"""The DuckDB engine (in-process): the default batch engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .literals import literal, quote
from .runner import Runner


class DuckDBEngine(Runner):
    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = None) -> None:
        import duckdb

        self.con = duckdb.connect()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.con.execute(f"SET memory_limit = {quote(memory_limit)}")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DuckDBEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def execute(self, sql: str) -> None:
        self.con.execute(sql)

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def register_raw(self, name: str, path: Path, fmt: str) -> list[tuple[str, str]]:
        p = quote(str(path))
        if fmt == "parquet":
            src = (
                f"SELECT file_row_number + 1 AS __row, * EXCLUDE (file_row_number) FROM read_parquet({p}, "
                "file_row_number = true)"
            )
            self.con.execute(f"CREATE OR REPLACE TEMP VIEW raw_{name} AS {src}")
        else:  # CSV: everything as text, typed (and checked) by the loader; row numbers need a table
            self.con.execute(
                f"CREATE OR REPLACE TEMP TABLE raw_{name} AS SELECT row_number() OVER () AS __row, * "
                f"FROM read_csv({p}, header = true, all_varchar = true)"
            )
        cols = self.con.execute(f"DESCRIBE raw_{name}").fetchall()
        return [(str(c[0]), str(c[1])) for c in cols if c[0] != "__row"]

    def register_rows(
        self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]]
    ) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({', '.join(f'{c} {t}' for c, t in columns)})")
        if not rows:
            return
        # one list parameter per column, zipped by UNNEST: values are bound, not parsed as SQL
        # literals (a few thousand rows of literal VALUES took a second to parse)
        cols = list(zip(*rows, strict=True))
        sel = ", ".join(f"unnest(${i + 1}::{t}[])" for i, (_c, t) in enumerate(columns))
        self.con.execute(f"INSERT INTO {name} SELECT {sel}", [list(c) for c in cols])

    def materialise(self, table: str, sql: str) -> None:
        # validation (row numbers) is over: output order does not matter any more
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql}")

    def label_types(self, values: Mapping[str, Sequence[str]]) -> dict[str, str]:
        """ENUM types for the label columns: Parquet writes them as dictionary-encoded text
        straight from the enum's dictionary (no per-row string hashing)."""
        out = {}
        for col, vals in values.items():
            if vals:
                self.con.execute(
                    f"CREATE OR REPLACE TYPE label_{col} AS ENUM "
                    f"({', '.join(literal(v) for v in dict.fromkeys(vals))})"
                )
                out[col] = f"label_{col}"
        return out

    def write(self, sql: str, path: Path, fmt: str) -> None:
        # a small dictionary limit: the firm keys (distinct within a row group) are written plain
        # instead of being hashed into a dictionary that is then given up
        opts = (
            "(FORMAT parquet, DICTIONARY_SIZE_LIMIT 1024)"
            if fmt == "parquet"
            else "(FORMAT csv, HEADER true)"
        )
        self.con.execute(f"COPY ({sql}) TO {quote(str(path))} {opts}")
