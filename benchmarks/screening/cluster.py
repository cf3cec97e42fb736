"""Screening on a Spark cluster beside local mode (issue #19, target 2).

The input of run.py (N generated firms, five rule sets + one local rule, Parquet in → all
outputs written) screened on DuckDB (the reference), on Spark local mode and on a Spark
cluster; prints firms/s and seconds per phase side by side, the cluster/local ratio, and
compares each Spark output with DuckDB's table by table (EXCEPT ALL both ways, in DuckDB over
the Parquet outputs: row counts, identical/DIFFERENT). Exit status 1 when an output differs.

    .venv/bin/python benchmarks/screening/cluster.py --cluster [--firms 1000000] [--dir DIR]
    .venv/bin/python benchmarks/screening/cluster.py --master spark://host:7077 [--no-local]

``--cluster`` starts the standalone cluster of scripts/spark-cluster.sh (a master and two
workers on 127.0.0.1) and stops it at the end; ``--master URL`` uses a running cluster. The
snapshot is generated once into ``DIR/in`` and reused while it holds ``--firms`` firms. On
a cluster the executors read ``DIR/in`` and write ``DIR/out-*`` themselves: ``DIR`` must be
an absolute path they see under the same name (one machine: any local dir; a real cluster:
shared storage, docs/operators/spark.md).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from run import LOCAL, YEAR, generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "spark-cluster.sh"
TABLES = ("assessments", "criteria", "local_rules")
#: executors of the local cluster: one core and 3 GB each (a worker offers 1 core, 4 GB); partitions
CLUSTER_CONF = {
    "spark.executor.memory": "3g",
    "spark.executor.cores": "1",
    "spark.sql.shuffle.partitions": "4",  # 2 × the cores, as local[2] (Spark's default 200: 50× the tasks)
}


def firms_in(d: Path) -> int | None:
    """Rows of ``d/enterprises.parquet`` (footer), None when there is no snapshot."""
    if not (d / "enterprises.parquet").exists():
        return None
    import duckdb

    with duckdb.connect() as con:
        return int(
            con.execute(
                f"SELECT SUM(num_rows) FROM parquet_file_metadata('{d}/enterprises.parquet')"
            ).fetchone()[0]
        )


def compare(out: Path, ref: Path, label: str) -> bool:
    """Each output table of ``out`` equals ``ref``'s as a multiset of rows (EXCEPT ALL both
    ways; labels compared as text: DuckDB writes ENUMs, Spark strings)."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    same = True
    for name in TABLES:
        a, b = out / f"{name}.parquet", ref / f"{name}.parquet"
        if not a.exists() or not b.exists():
            print(f"  {label} {name}: missing ({a if not a.exists() else b})")
            same = False
            continue
        ra, rb = f"read_parquet('{a}')", f"read_parquet('{b}')"
        cols = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM {rb}").fetchall()]
        cols_a = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM {ra}").fetchall()]
        if sorted(cols) != sorted(cols_a):
            print(f"  {label} {name}: columns {cols_a} vs duckdb {cols}: DIFFERENT")
            same = False
            continue
        sel = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in cols)
        na = con.execute(f"SELECT COUNT(*) FROM {ra}").fetchone()[0]
        nb = con.execute(f"SELECT COUNT(*) FROM {rb}").fetchone()[0]
        only_a, only_b = (
            con.execute(
                f"SELECT COUNT(*) FROM (SELECT {sel} FROM {x} EXCEPT ALL SELECT {sel} FROM {y})"
            ).fetchone()[0]
            for x, y in ((ra, rb), (rb, ra))
        )
        ok = na == nb and only_a == 0 and only_b == 0
        same &= ok
        print(
            f"  {label} {name}: {na:,} rows, duckdb {nb:,}; only in {label} {only_a:,}, only in duckdb "
            f"{only_b:,}: {'identical' if ok else 'DIFFERENT'}",
            flush=True,
        )
    con.close()
    return same


def spark_run(master: str, conf: dict[str, str] | None, d: Path, out: str, rsets):
    from chrysalis.criteria.sql import screen_snapshot
    from chrysalis.criteria.sql.spark import SparkEngine

    t0 = time.perf_counter()
    eng = SparkEngine(master, conf)
    started = time.perf_counter() - t0
    try:
        s = screen_snapshot(eng, d / "in", d / out, year=YEAR, rule_sets=rsets, local_rules=LOCAL)
    finally:
        eng.close()
    print(f"{s.line(master)} (session start {started:.1f} s, not counted)", flush=True)
    print(f"  {master} phases: {s.phase_line()}", flush=True)
    return s


def table(runs: list[tuple[str, object]]) -> None:
    """Seconds per phase, one column per run."""
    phases = list(dict.fromkeys(p for _n, s in runs for p in s.phases))
    w = max(14, *(len(n) + 2 for n, _s in runs))
    print("\n" + "phase".ljust(24) + "".join(n.rjust(w) for n, _s in runs))
    for p in phases:
        print(p.ljust(24) + "".join(f"{s.phases.get(p, 0.0):{w}.2f}" for _n, s in runs))
    print("total s".ljust(24) + "".join(f"{s.seconds:{w}.2f}" for _n, s in runs))
    print("firms/s".ljust(24) + "".join(f"{s.rate:{w},.0f}" for _n, s in runs))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--firms", type=int, default=1_000_000)
    ap.add_argument("--dir", default="/tmp/chrysalis-bench-cluster")
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--cluster", action="store_true", help="start (and stop) scripts/spark-cluster.sh")
    where.add_argument("--master", help="a running cluster, e.g. spark://host:7077")
    ap.add_argument("--local", default="local[2]", help="the local-mode master to compare with")
    ap.add_argument("--no-local", action="store_true", help="skip the local-mode run")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="cluster Spark setting")
    a = ap.parse_args()
    from chrysalis.criteria.sql import DuckDBEngine, applicable_rule_sets, screen_snapshot

    d = Path(a.dir).resolve()
    if firms_in(d / "in") == a.firms:
        print(f"reusing the {a.firms:,} firms of {d / 'in'}")
    else:
        shutil.rmtree(d / "in", ignore_errors=True)
        print(f"generating {a.firms:,} firms … {generate(d / 'in', a.firms):.1f} s", flush=True)
    for out in ("out-duckdb", "out-local", "out-cluster"):
        shutil.rmtree(d / out, ignore_errors=True)
    rsets = applicable_rule_sets(YEAR)
    print("rule sets:", ", ".join(r.id for r in rsets), "+ 1 local rule", flush=True)
    with DuckDBEngine() as eng:
        duck = screen_snapshot(eng, d / "in", d / "out-duckdb", year=YEAR, rule_sets=rsets, local_rules=LOCAL)
    print(duck.line("duckdb"), flush=True)
    runs: list[tuple[str, object]] = [("duckdb", duck)]
    same = True
    if not a.no_local:
        loc = spark_run(a.local, None, d, "out-local", rsets)
        runs.append((a.local, loc))
        same &= compare(d / "out-local", d / "out-duckdb", a.local)
    conf = {**CLUSTER_CONF, **dict(kv.split("=", 1) for kv in a.conf)}
    master = a.master
    try:
        if a.cluster:
            t0 = time.perf_counter()
            master = subprocess.run(
                [str(SCRIPT), "start"], check=True, capture_output=True, text=True
            ).stdout.strip()
            print(f"cluster {master} up ({time.perf_counter() - t0:.1f} s, not counted):", flush=True)
            print(subprocess.run([str(SCRIPT), "status"], capture_output=True, text=True).stdout, end="")
        clu = spark_run(master, conf, d, "out-cluster", rsets)
        runs.append((master, clu))
    finally:
        if a.cluster:
            from chrysalis.criteria.sql.spark import stop_sessions

            stop_sessions()  # end the application before the workers running its executors
            subprocess.run([str(SCRIPT), "stop"], check=False, capture_output=True)
    same &= compare(d / "out-cluster", d / "out-duckdb", "cluster")  # the cluster's memory freed first
    table(runs)
    if not a.no_local:
        print(f"\ncluster / {a.local}: {clu.rate / loc.rate:.2f}× the firms/s")
    print(f"outputs identical to duckdb's: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
