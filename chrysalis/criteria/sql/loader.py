"""Loading and validating a snapshot folder (Parquet or CSV tables) into typed SQL views.

Bad input gets one :class:`SnapshotError` listing every problem found (table, row, column,
value, in Chinese and English) *before* any result is written: a missing required table or key
column, an unknown column, a wrong type, a value outside its vocabulary or range, a duplicate
USCC (or firm-year, or judgement), a row of a list table whose firm is not in ``enterprises``.

The checks are SQL (one scan per table), so they run on the engine that runs the screening.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..catalogue.sme_size_2011 import THRESHOLDS
from ..errors import CriteriaError
from ..facts import USCC, YEAR_FIELDS
from ..industry import industries, size_category
from .literals import quote, quote_ident
from .schema import DECIMALS, SCALE, TABLES, YEAR_PARTS, Column, Table

MAX_PROBLEMS = 50
#: money, ratios and scaled counts whose absolute values are all at most this (in their units)
#: are held as BIGINT scaled by 10^6 (≤ 10^15): the compiler multiplies such a value by at most
#: 1000 in BIGINT and casts to HUGEINT beyond (overflow raises, it never wraps)
NARROW_LIMIT = 10**9
TYPE_ZH = {
    "text": "文本",
    "date": "日期（YYYY-MM-DD）",
    "bool": "是/否（true/false）",
    "int": "整数",
    "dec": "数字",
}


@dataclass(frozen=True, slots=True)
class SnapshotProblem:
    table: str
    row: int | None  # 1-based data row (header excluded); None for table-level problems
    column: str | None
    zh: str
    en: str

    def __str__(self) -> str:
        where = (
            self.table
            + (f" 第 {self.row} 行" if self.row else "")
            + (f" 列 {self.column}" if self.column else "")
        )
        where_en = (
            self.table
            + (f" row {self.row}" if self.row else "")
            + (f" column {self.column}" if self.column else "")
        )
        return f"{where}：{self.zh} / {where_en}: {self.en}"


class SnapshotError(CriteriaError):
    def __init__(self, problems: Sequence[SnapshotProblem]) -> None:
        self.problems = list(problems)
        super().__init__("快照数据有误 / invalid snapshot:\n" + "\n".join(f"  - {p}" for p in self.problems))


class Engine:
    """What the loader needs from an SQL engine."""

    dialect = "duckdb"
    #: set by :func:`load`: scaled money is ``BIGINT`` (every value within :data:`NARROW_LIMIT`,
    #: DuckDB only) instead of ``DECIMAL(38,0)``
    narrow = False

    def execute(self, sql: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:  # pragma: no cover - interface
        raise NotImplementedError

    def register_raw(self, name: str, path: Path, fmt: str) -> list[tuple[str, str]]:  # pragma: no cover
        """Expose file ``path`` as relation ``raw_<name>`` with a ``__row`` column (1-based);
        return its (column, type) pairs, ``__row`` excluded."""
        raise NotImplementedError

    def register_rows(
        self, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]]
    ) -> None:  # pragma: no cover
        raise NotImplementedError


def find_tables(directory: str | os.PathLike[str]) -> dict[str, tuple[Path, str]]:
    d = Path(directory)
    if not d.is_dir():
        raise SnapshotError(
            [SnapshotProblem(str(d), None, None, "输入目录不存在", "input folder does not exist")]
        )
    found: dict[str, tuple[Path, str]] = {}
    problems = []
    for name in TABLES:
        hits = [(d / f"{name}.{ext}", ext) for ext in ("parquet", "csv") if (d / f"{name}.{ext}").exists()]
        if len(hits) > 1:
            problems.append(
                SnapshotProblem(
                    name,
                    None,
                    None,
                    "同时存在 .parquet 与 .csv，请只保留一个",
                    "both .parquet and .csv present: keep one",
                )
            )
        elif hits:
            found[name] = hits[0]
        elif TABLES[name].required:
            problems.append(
                SnapshotProblem(
                    name,
                    None,
                    None,
                    f"缺少必需的表 {name}.parquet 或 {name}.csv",
                    f"required table {name}.parquet or {name}.csv is missing",
                )
            )
    if problems:
        raise SnapshotError(problems)
    return found


_TYPED_OK = {
    "text": ("VARCHAR",),
    "date": ("DATE",),
    "bool": ("BOOLEAN",),
    "int": (
        "BIGINT",
        "INTEGER",
        "SMALLINT",
        "TINYINT",
        "UBIGINT",
        "UINTEGER",
        "USMALLINT",
        "UTINYINT",
        "HUGEINT",
    ),
    "dec": ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT"),
}


def _native(col: Column, raw_type: str) -> bool:
    """The file's column type holds only valid values of ``col.type`` (no per-row type check)."""
    t = raw_type.upper()
    if t in _TYPED_OK[col.type]:
        return True
    if col.type == "dec" and t.startswith("DECIMAL("):
        return int(t.rstrip(")").split(",")[1]) <= DECIMALS
    return False


def _plain(col: Column, ref: str, native: bool) -> str:
    """The value in its own units (decimals unscaled): what range checks compare."""
    if col.type == "dec":
        return (
            ref if native else f"TRY_CAST(NULLIF(TRIM(CAST({ref} AS VARCHAR)), '') AS DECIMAL(38,{DECIMALS}))"
        )
    return _typed(col, ref, native)


def _typed(col: Column, ref: str, native: bool, narrow: bool = False) -> str:
    if col.type == "text":
        return f"NULLIF(TRIM(CAST({ref} AS VARCHAR)), '')"
    src = ref if native else f"NULLIF(TRIM(CAST({ref} AS VARCHAR)), '')"
    cast = "TRY_CAST" if not native else "CAST"
    if col.type == "date":
        return f"{cast}({src} AS DATE)"
    if col.type == "bool":
        return f"{cast}({src} AS BOOLEAN)"
    if col.type == "int":
        return f"{cast}({src} AS BIGINT)"
    if narrow:  # |value| ≤ NARROW_LIMIT: the 10^6-scaled integer in 64-bit arithmetic (no 128-bit division)
        d = f"{cast}({src} AS DECIMAL(18,{DECIMALS}))"
        return f"(CAST(trunc({d}) AS BIGINT) * {SCALE} + CAST(({d} % 1) * {SCALE} AS BIGINT))"
    return f"CAST({cast}({src} AS DECIMAL(38,{DECIMALS})) * {SCALE} AS DECIMAL(38,0))"


#: column → (smallest value, largest value, no empty value) of a Parquet column, from the footer:
#: for a numeric column "no NULL"; for a text column "no NULL and every value begins with a
#: printable ASCII character" (so not empty after TRIM, which removes only whitespace)
Stats = dict[str, tuple[Decimal | None, Decimal | None, bool]]


def _checks(
    table: Table, present: dict[str, str], stats: Stats | None = None
) -> list[tuple[str, str, str, str]]:
    """(column, SQL condition true on a bad row, zh, en) for one table. ``stats``: what the
    Parquet footer proves of numeric columns; a check it proves can never fire is left out (the
    checks that stay, and so the error of a bad file, are the same)."""
    out = []
    stats = stats or {}
    for col in table.columns:
        if col.name not in present:
            continue
        ref = quote_ident(col.name)
        native = _native(col, present[col.name])
        lo_v, hi_v, no_null = stats.get(col.name, (None, None, False)) if native else (None, None, False)
        text = f"NULLIF(TRIM(CAST({ref} AS VARCHAR)), '')"
        if col.type != "text" and not native:
            sql_t = {"date": "DATE", "bool": "BOOLEAN", "int": "BIGINT", "dec": f"DECIMAL(38,{DECIMALS})"}[
                col.type
            ]
            out.append(
                (
                    col.name,
                    f"{text} IS NOT NULL AND TRY_CAST({text} AS {sql_t}) IS NULL",
                    f"应为{TYPE_ZH[col.type]}",
                    f"expected {col.type}",
                )
            )
            if col.type == "dec":
                out.append(
                    (
                        col.name,
                        f"TRY_CAST({text} AS DECIMAL(38,{DECIMALS})) <> TRY_CAST({text} AS DECIMAL(38,18))",
                        f"小数位数超过 {DECIMALS} 位",
                        f"more than {DECIMALS} decimal places",
                    )
                )
        typed = _typed(col, ref, native)
        plain = _plain(col, ref, native)
        if col.required and not no_null:
            out.append((col.name, f"{typed} IS NULL", "不能为空", "must not be empty"))
        if col.vocab is not None:
            bad = f"{typed} IS NOT NULL AND {typed} NOT IN ({', '.join(quote(v) for v in col.vocab)})"
            if col.pattern:
                bad += f" AND NOT regexp_matches({typed}, {quote(col.pattern)})"
            out.append(
                (
                    col.name,
                    bad,
                    f"取值不在允许范围（{', '.join(col.vocab)}）",
                    f"not one of {', '.join(col.vocab)}",
                )
            )
        if col.lo is not None and not (lo_v is not None and lo_v >= col.lo):
            out.append((col.name, f"{plain} < {col.lo}", f"不能小于 {col.lo}", f"must be ≥ {col.lo}"))
        if col.hi is not None and not (hi_v is not None and hi_v <= col.hi):
            out.append((col.name, f"{plain} > {col.hi}", f"不能大于 {col.hi}", f"must be ≤ {col.hi}"))
    if table.name == "enterprises" and "uscc" in present:
        out.append(
            (
                "uscc",
                f"NOT regexp_matches(TRIM(CAST(uscc AS VARCHAR)), {quote(USCC.pattern)})",
                "统一社会信用代码格式无效",
                "invalid unified social credit code",
            )
        )
    if table.name == "years":
        for part, whole in YEAR_PARTS:
            if part in present and whole in present:
                a, b = (
                    _plain(table.column(part), quote_ident(part), _native(table.column(part), present[part])),
                    _plain(
                        table.column(whole), quote_ident(whole), _native(table.column(whole), present[whole])
                    ),
                )
                out.append(
                    (
                        part,
                        f"{a} > {b}",
                        f"{YEAR_FIELDS[part][1]}大于{YEAR_FIELDS[whole][1]}",
                        f"{part} exceeds {whole}",
                    )
                )
    if table.name == "titles" and "granted_on" in present and "valid_until" in present:
        out.append(
            (
                "valid_until",
                "TRY_CAST(CAST(valid_until AS VARCHAR) AS DATE) < TRY_CAST(CAST(granted_on AS VARCHAR) AS "
                "DATE)",
                "有效期截止日早于授予日期",
                "valid_until is before granted_on",
            )
        )
    return out


@functools.cache
def industry_rows() -> list[tuple[str, int | None, int | None, int | None, int | None]]:
    """(code variant, size category, large-class minima X/Y/Z) for every GB/T 4754 code, with
    and without its section letter (as :func:`~chrysalis.criteria.industry.normalize_code`)."""
    rows = []
    for code in industries():
        cat = size_category(code)
        th = THRESHOLDS[cat.id]["large"] if cat else {}
        vals = (cat.id if cat else None, th.get("X"), th.get("Y"), th.get("Z"))
        rows.append((code, *vals))
        if len(code) > 1:
            rows.append((code[1:], *vals))
    seen: set[str] = set()
    out = []
    for r in rows:  # a digits-only variant that is also a full code keeps the full code's meaning
        if r[0] not in seen:
            seen.add(r[0])
            out.append(r)
    return out  # type: ignore[return-value]


_INDUSTRY_SIZE_COLUMNS = [
    ("code", "VARCHAR"),
    ("category", "INTEGER"),
    ("large_x", "BIGINT"),
    ("large_y", "BIGINT"),
    ("large_z", "BIGINT"),
]


def _register(
    engine: Engine, files: dict[str, tuple[Path, str]], problems: list[SnapshotProblem]
) -> dict[str, dict[str, str]]:
    """Register each file as ``raw_<table>``; unknown and missing required columns are problems."""
    present: dict[str, dict[str, str]] = {}
    for name, (path, fmt) in files.items():
        raw_cols = engine.register_raw(name, path, fmt)
        present[name] = dict(raw_cols)
        table = TABLES[name]
        known = {c.name for c in table.columns}
        for cname, _t in raw_cols:
            if cname not in known:
                problems.append(
                    SnapshotProblem(name, None, cname, "未知的列（拼写错误？）", "unknown column (misspelt?)")
                )
        for col in table.columns:
            if col.required and col.name not in present[name]:
                problems.append(
                    SnapshotProblem(name, None, col.name, "缺少必需的列", "required column is missing")
                )
    return present


def _footer_stats(engine: Engine, name: str, path: Path, fmt: str, types: dict[str, str]) -> Stats:
    """Min, max and "no NULL" of the native numeric columns of a Parquet file, from its footer,
    and "not empty" of its required text columns (DuckDB only; a column is left out unless
    every row group has the statistic)."""
    if engine.dialect != "duckdb" or fmt != "parquet":
        return {}
    table = TABLES[name]
    out = _text_stats(engine, name, path, types)
    cols = [
        c.name
        for c in table.columns
        if c.name in types and c.type in ("int", "dec") and _native(c, types[c.name])
    ]
    if not cols:
        return out
    dec = f"DECIMAL(38,{DECIMALS})"
    got = engine.fetch(
        f"SELECT path_in_schema, COUNT(*), COUNT(TRY_CAST(stats_min_value AS {dec})), "
        f"COUNT(TRY_CAST(stats_max_value AS {dec})), MIN(TRY_CAST(stats_min_value AS {dec})), "
        f"MAX(TRY_CAST(stats_max_value AS {dec})), COUNT(stats_null_count), SUM(stats_null_count) "
        f"FROM parquet_metadata({quote(str(path))}) "
        f"WHERE path_in_schema IN ({', '.join(quote(c) for c in cols)}) GROUP BY path_in_schema"
    )
    for col, n, n_min, n_max, mn, mx, n_nulls, nulls in got:
        out[str(col)] = (
            Decimal(mn) if n_min == n and mn is not None else None,
            Decimal(mx) if n_max == n and mx is not None else None,
            n_nulls == n and nulls is not None and int(nulls) == 0,
        )
    return out


def _text_stats(engine: Engine, name: str, path: Path, types: dict[str, str]) -> Stats:
    """Required text columns that the footer proves never empty: no NULL in any row group, and
    every value's first byte between ``!`` and ``~`` (the smallest value is at least ``'!'``,
    the largest below ``chr(127)``; bytewise, as Parquet and DuckDB order text; a truncated
    statistic keeps its first byte or widens the bound). TRIM removes only whitespace (ASCII
    space, Unicode spaces, all outside that range), so such a value stays non-empty; the
    per-row "must not be empty" check of the firm key (a full read of 18-character strings,
    most of a list table's check) is then left out."""
    cols = [c.name for c in TABLES[name].columns if c.required and c.type == "text" and c.name in types]
    cols = [c for c in cols if types[c].upper() == "VARCHAR"]
    if not cols:
        return {}
    got = engine.fetch(
        "SELECT path_in_schema, COUNT(*), COUNT(*) FILTER (WHERE stats_min_value >= '!' AND "
        "stats_max_value < chr(127) AND stats_null_count = 0) "
        f"FROM parquet_metadata({quote(str(path))}) "
        f"WHERE path_in_schema IN ({', '.join(quote(c) for c in cols)}) GROUP BY path_in_schema"
    )
    return {str(col): (None, None, True) for col, n, ok in got if n and int(ok) == int(n)}


def _value_problems(
    engine: Engine, name: str, types: dict[str, str], stats: Stats | None = None
) -> list[SnapshotProblem]:
    checks = _checks(TABLES[name], types, stats)
    if not checks:
        return []
    case = "CASE " + " ".join(f"WHEN {cond} THEN {i}" for i, (_c, cond, _z, _e) in enumerate(checks)) + " END"
    bad = engine.fetch(
        f"SELECT __row, k FROM (SELECT __row, {case} AS k FROM raw_{name}) t WHERE k IS NOT NULL "
        f"ORDER BY __row LIMIT {MAX_PROBLEMS}"
    )
    if not bad:
        return []
    # the firm key of the bad rows only (a check that does not need it does not read it)
    keys = dict(
        engine.fetch(
            f"SELECT __row, CAST({quote_ident('uscc')} AS VARCHAR) FROM raw_{name} "
            f"WHERE __row IN ({', '.join(str(int(r)) for r, _k in bad)})"
        )
    )
    out = []
    for row, k in bad:
        uscc = keys.get(row)
        cname, _cond, zh, en = checks[int(k)]
        out.append(SnapshotProblem(name, int(row), cname, f"{zh}（uscc {uscc}）", f"{en} (uscc {uscc})"))
    return out


def _proven_unique(engine: Engine, name: str, types: dict[str, str]) -> bool:
    """DuckDB, a key (uscc, an integer column) whose values span fewer than 64 (``years``): no
    duplicate key when every firm has as many rows as distinct values, counted as the bits of one
    64-bit mask per firm — one group per firm instead of one per (firm, year), a third of the
    CPU at 1 M firms. False when a duplicate may exist (or a value is NULL): the precise query
    then reports it."""
    table = TABLES[name]
    if engine.dialect != "duckdb" or len(table.key) != 2 or table.key[0] != "uscc":
        return False
    col = table.key[1]
    if types.get(col, "").upper() not in _TYPED_OK["int"]:
        return False
    c = quote_ident(col)
    lo, hi = engine.fetch(f"SELECT MIN({c}), MAX({c}) FROM raw_{name}")[0]
    if lo is None or hi is None or int(hi) - int(lo) >= 64:
        return False
    return not engine.fetch(
        f"SELECT 1 FROM raw_{name} GROUP BY uscc HAVING COUNT(*) <> "
        f"bit_count(bit_or(1::UBIGINT << CAST({c} - {int(lo)} AS UBIGINT))) LIMIT 1"
    )


def _duplicate_problems(
    engine: Engine, name: str, types: dict[str, str] | None = None
) -> list[SnapshotProblem]:
    table = TABLES[name]
    if not table.unique or (types is not None and _proven_unique(engine, name, types)):
        return []
    key = ", ".join(quote_ident(k) for k in table.key)
    dups = engine.fetch(
        f"SELECT {key}, MIN(__row), COUNT(*) FROM raw_{name} GROUP BY {key} HAVING COUNT(*) > 1 "
        f"ORDER BY MIN(__row) LIMIT {MAX_PROBLEMS}"
    )
    out = []
    for d in dups:
        keyv = "/".join(str(x) for x in d[: len(table.key)])
        out.append(
            SnapshotProblem(
                name,
                int(d[-2]),
                table.key[-1] if name != "enterprises" else "uscc",
                f"重复的键 {keyv}（共 {d[-1]} 行）",
                f"duplicate key {keyv} ({d[-1]} rows)",
            )
        )
    return out


def _industry_problems(engine: Engine) -> list[SnapshotProblem]:
    bad = engine.fetch(
        "SELECT __row, uscc, industry_code FROM raw_enterprises r WHERE "
        "NULLIF(TRIM(CAST(industry_code AS VARCHAR)), '') IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM industry_size i "
        "WHERE i.code = UPPER(TRIM(CAST(r.industry_code AS VARCHAR)))) ORDER BY __row LIMIT 10"
    )
    return [
        SnapshotProblem(
            "enterprises",
            int(row),
            "industry_code",
            f"不是 GB/T 4754-2017 的行业代码：{code!r}（uscc {uscc}）",
            f"not a GB/T 4754-2017 industry code: {code!r} (uscc {uscc})",
        )
        for row, uscc, code in bad
    ]


def _keys_trimmed(engine: Engine, present: dict[str, dict[str, str]]) -> bool:
    """After validation (DuckDB): every firm key is already trimmed, so the views can use the
    keys as read instead of ``NULLIF(TRIM(…), '')`` (half the cost of grouping and joining 7 M
    list rows at 1 M firms). Each trimmed ``enterprises`` key is 18 ASCII characters (the USCC
    pattern), so a key of 18 bytes (``strlen``, no character scan) lost nothing to TRIM; every
    list row's key equals an ``enterprises`` key as read (the orphan check), so it is trimmed
    too."""
    if engine.dialect != "duckdb" or present["enterprises"].get("uscc", "").upper() != "VARCHAR":
        return False
    if any(cols.get("uscc", "").upper() != "VARCHAR" for cols in present.values()):
        return False
    return bool(engine.fetch("SELECT COALESCE(bool_and(strlen(uscc) = 18), TRUE) FROM raw_enterprises")[0][0])


def _create_views(engine: Engine, present: dict[str, dict[str, str]], keys_trimmed: bool = False) -> None:
    """The typed views ``e``, ``y``, ``ip`` …; an absent optional table is an empty view.
    ``keys_trimmed``: the firm keys are read as they are (:func:`_keys_trimmed`)."""
    for name, table in TABLES.items():
        cols: dict[str, str] | None = present.get(name)
        sel = []
        for col in table.columns:
            if cols is not None and col.name in cols:
                expr = _typed(col, quote_ident(col.name), _native(col, cols[col.name]), engine.narrow)
                if col.name == "uscc" and keys_trimmed:
                    expr = quote_ident(col.name)
                if name == "enterprises" and col.name == "industry_code":
                    expr = f"UPPER({expr})"
            else:
                expr = f"CAST(NULL AS {_sql_type(col, engine.narrow)})"
            sel.append(f"{expr} AS {quote_ident(col.name)}")
        view = {"enterprises": "e", "years": "y"}.get(name, name)
        if cols is None:
            engine.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {', '.join(sel)} WHERE 1 = 0")
        else:
            engine.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {', '.join(sel)} FROM raw_{name}")


def load(
    engine: Engine, directory: str | os.PathLike[str], progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Register the snapshot's tables as typed views ``e``, ``y``, ``ip`` … (money scaled to
    integers) after validating them; returns the row count per table."""
    files = find_tables(directory)
    problems: list[SnapshotProblem] = []
    engine.register_rows("industry_size", _INDUSTRY_SIZE_COLUMNS, industry_rows())
    present = _register(engine, files, problems)
    if problems:
        raise SnapshotError(problems)
    counts: dict[str, int] = {}
    orphans = _orphans(engine, [n for n in present if n != "enterprises"])
    for name, types in present.items():
        if progress:
            progress(f"validate {name}")
        path, fmt = files[name]
        problems += _value_problems(engine, name, types, _footer_stats(engine, name, path, fmt, types))
        problems += _duplicate_problems(engine, name, types)
        if name != "enterprises":
            problems += [
                SnapshotProblem(
                    name,
                    int(row),
                    "uscc",
                    f"企业 {uscc} 不在 enterprises 表中",
                    f"firm {uscc} is not in the enterprises table",
                )
                for row, uscc in orphans.get(name, [])
            ]
        counts[name] = int(engine.fetch(f"SELECT COUNT(*) FROM raw_{name}")[0][0])
    if "industry_code" in present["enterprises"]:
        problems += _industry_problems(engine)
    if problems:
        raise SnapshotError(problems[:MAX_PROBLEMS])
    engine.narrow = engine.dialect == "duckdb" and _fits_narrow(engine, present, files)
    _create_views(engine, present, _keys_trimmed(engine, present))
    return counts


def _orphans(engine: Engine, names: Sequence[str]) -> dict[str, list[tuple[int, str]]]:
    """The first 5 rows (row, uscc) of each list table whose firm is not in ``enterprises``: one
    anti-join for all tables (one hash table of the firm keys, not one per table)."""
    if not names:
        return {}
    rows = " UNION ALL ".join(
        f"SELECT {quote(n)} AS t, __row, CAST(uscc AS VARCHAR) AS uscc FROM raw_{n}" for n in names
    )
    got = engine.fetch(
        "SELECT t, __row, uscc FROM (SELECT t, __row, uscc, row_number() OVER (PARTITION BY t ORDER BY "
        "__row) AS k "
        f"FROM ({rows}) r WHERE NOT EXISTS (SELECT 1 FROM raw_enterprises x WHERE x.uscc = r.uscc)) o "
        f"WHERE k <= 5 ORDER BY t, __row"
    )
    out: dict[str, list[tuple[int, str]]] = {}
    for t, row, uscc in got:
        out.setdefault(str(t), []).append((int(row), str(uscc)))
    return out


def _fits_narrow(
    engine: Engine, present: dict[str, dict[str, str]], files: dict[str, tuple[Path, str]]
) -> bool:
    """Every decimal (and every year count the compiler scales) is within ±NARROW_LIMIT. From
    the Parquet footers' statistics when the columns are numeric and every row group has them,
    else by a scan (text statistics order as text, not as numbers)."""
    for name, cols in present.items():
        table = TABLES[name]
        targets = [
            col
            for col in table.columns
            if col.name in cols
            and (col.type == "dec" or (name == "years" and col.name in YEAR_FIELDS and col.type == "int"))
        ]
        if not targets:
            continue
        path, fmt = files[name]
        if fmt == "parquet" and all(
            _native(c, cols[c.name]) for c in targets
        ):  # numeric columns: numeric statistics
            names = ", ".join(quote(c.name) for c in targets)
            dec = f"DECIMAL(38,{DECIMALS})"
            got = engine.fetch(
                f"SELECT COUNT(*) FILTER (WHERE mn IS NULL OR mx IS NULL), bool_and(mn >= -{NARROW_LIMIT} "
                f"AND mx <= {NARROW_LIMIT}) "
                f"FROM (SELECT TRY_CAST(stats_min_value AS {dec}) AS mn, TRY_CAST(stats_max_value AS {dec}) "
                "AS mx "
                f"FROM parquet_metadata({quote(str(path))}) WHERE path_in_schema IN ({names}) AND NOT "
                "(stats_min_value IS NULL "
                f"AND stats_max_value IS NULL AND COALESCE(stats_null_count = num_values, FALSE))) m"
            )
            missing, ok = got[0]
            if int(missing) == 0:  # every chunk has statistics (or holds only NULLs)
                if ok is False:
                    return False
                continue
        exprs = [
            f"COALESCE(MAX(ABS({_plain(c, quote_ident(c.name), _native(c, cols[c.name]))})) <= "
            f"{NARROW_LIMIT}, TRUE)"
            for c in targets
        ]
        if not all(bool(x) for x in engine.fetch(f"SELECT {', '.join(exprs)} FROM raw_{name}")[0]):
            return False
    return True


def _sql_type(col: Column, narrow: bool = False) -> str:
    dec = "BIGINT" if narrow else "DECIMAL(38,0)"
    return {"text": "VARCHAR", "date": "DATE", "bool": "BOOLEAN", "int": "BIGINT", "dec": dec}[col.type]
