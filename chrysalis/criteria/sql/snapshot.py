"""Facts documents ⇄ snapshot tables, and writing tables as Parquet or CSV.

``facts_to_tables`` is what ``export_snapshot`` writes (from the platform's facts documents);
``tables_to_facts`` is its inverse (the differential tests and the "what each lacks" detail
use it to hand a firm of a snapshot to the Python evaluator).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..facts import CREDIT_FLAGS, LEADING_PRODUCT_FLAGS, TOP_FLAGS, YEAR_FIELDS
from .literals import literal, quote, quote_ident
from .schema import LISTS, TABLES

Rows = list[dict[str, Any]]

_SCALARS = (
    "uscc",
    "name",
    "province",
    "industry_code",
    "registered_on",
    "niche_since",
    "drafted_standards",
    "rd_institution_level",
    *TOP_FLAGS,
)


def facts_to_tables(docs: Iterable[Mapping[str, Any]]) -> dict[str, Rows]:
    """Facts documents (dicts of facts-format.md) → rows per table. Values are copied as given
    (validation happens when the snapshot is loaded)."""
    out: dict[str, Rows] = {name: [] for name in TABLES}
    for doc in docs:
        uscc = doc.get("uscc")
        e: dict[str, Any] = {k: doc.get(k) for k in _SCALARS}
        lp = doc.get("leading_product") or {}
        e["leading_product__name"] = lp.get("name")
        for f in LEADING_PRODUCT_FLAGS:
            e[f"leading_product__{f}"] = lp.get(f)
        cr = doc.get("credit") or {}
        for f in CREDIT_FLAGS:
            e[f"credit__{f}"] = cr.get(f)
        for lst in LISTS:
            items = doc.get(lst)
            e[f"{lst}__unknown"] = True if items is None else None
            for it in items or ():
                out[lst].append(
                    {"uscc": uscc, **{k: v for k, v in it.items() if not k.startswith(("_", "x_"))}}
                )
        out["enterprises"].append(e)
        for year, fig in (doc.get("years") or {}).items():
            row = {"uscc": uscc, "year": int(year)}
            row.update({k: v for k, v in (fig or {}).items() if k in YEAR_FIELDS or k == "source"})
            out["years"].append(row)
        for cid, j in (doc.get("judgements") or {}).items():
            out["judgements"].append({"uscc": uscc, "criterion": cid, **j})
    return out


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def tables_to_facts(tables: Mapping[str, Rows]) -> dict[str, dict[str, Any]]:
    """Rows per table → facts documents keyed by uscc (the inverse of :func:`facts_to_tables`)."""
    docs: dict[str, dict[str, Any]] = {}
    for e in tables.get("enterprises", ()):
        d: dict[str, Any] = {k: _plain(e.get(k)) for k in _SCALARS if e.get(k) is not None}
        d["leading_product"] = {f: e.get(f"leading_product__{f}") for f in LEADING_PRODUCT_FLAGS}
        if e.get("leading_product__name") is not None:
            d["leading_product"]["name"] = e["leading_product__name"]
        d["credit"] = {f: e.get(f"credit__{f}") for f in CREDIT_FLAGS}
        for lst in LISTS:
            if not e.get(f"{lst}__unknown"):
                d[lst] = []
        d["years"] = {}
        d["judgements"] = {}
        docs[e["uscc"]] = d
    for lst in LISTS:
        for r in tables.get(lst, ()):
            d = docs[r["uscc"]]
            if lst in d:
                d[lst].append({k: _plain(v) for k, v in r.items() if k != "uscc"})
    for r in tables.get("years", ()):
        docs[r["uscc"]]["years"][str(r["year"])] = {
            k: _plain(v) for k, v in r.items() if k not in ("uscc", "year")
        }
    for r in tables.get("judgements", ()):
        docs[r["uscc"]]["judgements"][r["criterion"]] = {
            k: _plain(v) for k, v in r.items() if k not in ("uscc", "criterion") and v is not None
        }
    return docs


DUCK_TYPES = {"text": "VARCHAR", "date": "DATE", "bool": "BOOLEAN", "int": "BIGINT", "dec": "DECIMAL(38,6)"}


def write_tables(
    tables: Mapping[str, Rows], directory: str | os.PathLike[str], fmt: str = "parquet"
) -> list[Path]:
    """Write rows per table as ``NAME.parquet`` (or ``NAME.csv``) with the schema's column
    types, through an in-memory DuckDB. Returns the files written."""
    import duckdb

    if fmt not in ("parquet", "csv"):
        raise ValueError("fmt must be parquet or csv")
    out_dir = Path(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    written = []
    try:
        for name, table in TABLES.items():
            rows = tables.get(name, [])
            cols = table.columns
            types = {
                c.name: DUCK_TYPES[c.type] if fmt == "parquet" else "VARCHAR" for c in cols
            }  # CSV is text anyway
            con.execute(
                f"CREATE TABLE t_{name} ({', '.join(f'{quote_ident(c.name)} {types[c.name]}' for c in cols)})"
            )
            for i in range(0, len(rows), 2000):  # literal VALUES: much faster than executemany
                con.execute(
                    f"INSERT INTO t_{name} VALUES "
                    + ", ".join(
                        "(" + ", ".join(_value(r.get(c.name)) for c in cols) + ")" for r in rows[i : i + 2000]
                    )
                )
            path = out_dir / f"{name}.{fmt}"
            opts = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
            con.execute(f"COPY t_{name} TO {quote(str(path))} {opts}")
            written.append(path)
    finally:
        con.close()
    return written


def _value(v: Any) -> str:
    return literal(_plain(v))
