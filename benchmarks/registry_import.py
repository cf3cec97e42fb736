"""Benchmark: import N enterprises × 3 years of figures from a CSV through the real import path.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/chrysalis_regperf \
       .venv/bin/python benchmarks/registry_import.py --enterprises 100000
Prints rows/s for the dry run (validation) and the commit of a first import and of a re-import of
the same file (idempotent: no writes), and the peak resident memory of each step. Each step runs
in a fresh process (`--step`), so its peak RSS is the step's own, not the generator's; the
baseline measured in the same run is (a) a plain csv.reader pass over the file (rows/s) and (b)
the RSS of a bare Django process. DEBUG is off (as in production: no query log).
Targets: commit ≥ 20,000 rows/s (issue 19, target 5; the dry run keeps the earlier ≥ 5,000 rows/s) and
peak RSS ≤ 300 MB for every step. `--first-only` skips the re-import (a shorter run).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from registry_common import peak_rss_mb, setup

COMMIT_TARGET, DRY_RUN_TARGET = 20_000, 5_000  # rows/s
LIMITS = {"ENTERPRISE_IMPORT_MAX_BYTES": 500 * 1024 * 1024, "ENTERPRISE_IMPORT_MAX_ROWS": 1_000_000}


def build_csv(n: int, path: Path) -> int:
    from chrysalis.accounts.models import OrgUnit
    from chrysalis.enterprises.choices import FIGURE_FIELDS
    from chrysalis.enterprises.synthetic import generate

    grids = list(OrgUnit.objects.filter(kind="grid").order_by("path"))
    names = [
        f.name
        for f in FIGURE_FIELDS
        if f.name not in {"quality_score", "niche_share", "niche_share_international", "niche_rank_domestic"}
    ]
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "统一社会信用代码",
                "企业名称",
                "所属网格",
                "行业代码",
                "注册地址",
                "法定代表人",
                "成立日期",
                "是否规上",
                "年度",
            ]
            + [f.headers[0] for f in FIGURE_FIELDS if f.name in names]
        )
        for s in generate(n, grids, seed=11, prefix="MA4"):
            for year, values in s["years"].items():
                w.writerow(
                    [
                        s["uscc"],
                        s["name"],
                        s["grid"].code,
                        s["industry_code"],
                        s["address"],
                        s["legal_representative"],
                        s["registered_on"].isoformat(),
                        "是" if s["above_scale"] else "否",
                        year,
                    ]
                    + [values.get(k, "") for k in names]
                )
                rows += 1
    return rows


def step(name: str, batch_id: int) -> None:
    """Child process: run one step of one batch and print its time and peak RSS as JSON."""
    setup(migrate=False)
    from django.conf import settings

    settings.DEBUG = False
    for k, v in LIMITS.items():
        setattr(settings, k, v)
    from chrysalis.enterprises.models import ImportBatch
    from chrysalis.enterprises.services import imports

    t = time.perf_counter()
    result = {}
    if name != "noop":
        batch = ImportBatch.objects.get(pk=batch_id)
        func = imports.import_validate if name == "validate" else imports.import_commit
        batch = func(actor=None, batch=batch)
        result = {
            "status": batch.status,
            "stats": {k: v for k, v in batch.stats.items() if k != "preview"},
            "errors": batch.errors[:5],
        }
    print(json.dumps({"seconds": time.perf_counter() - t, "rss_mb": peak_rss_mb(), **result}))


def run_step(name: str, batch_id: int = 0) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--step", name, "--batch", str(batch_id)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--step", choices=["noop", "validate", "commit"])
    parser.add_argument("--batch", type=int, default=0)
    parser.add_argument("--first-only", action="store_true", help="skip the re-import of the same file")
    args = parser.parse_args()
    if args.step:
        return step(args.step, args.batch)
    setup()
    from django.conf import settings
    from django.db import connection

    from chrysalis.enterprises.choices import ImportStatus
    from chrysalis.enterprises.models import Enterprise
    from chrysalis.enterprises.services import imports

    settings.DEBUG = False
    for k, v in LIMITS.items():
        setattr(settings, k, v)
    t = time.perf_counter()
    Enterprise.objects.filter(uscc__contains="MA4").delete()
    print(f"removed earlier benchmark firms in {time.perf_counter() - t:.1f} s")
    path = Path(tempfile.mkdtemp(prefix="regperf")) / "bench.csv"
    t = time.perf_counter()
    rows = build_csv(args.enterprises, path)
    print(f"generated {rows} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
    # baselines measured in this run: a bare csv.reader pass over the file, a bare Django process
    t = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as fh:
        n = sum(1 for _ in csv.reader(fh)) - 1
    base_rate = n / (time.perf_counter() - t)
    base_rss = run_step("noop")["rss_mb"]
    print(f"baseline: csv.reader alone {base_rate:,.0f} rows/s; bare Django process {base_rss:.0f} MB RSS")
    connection.close()
    verdicts: list[tuple[str, int, bool, bool]] = []
    labels = ("first import",) if args.first_only else ("first import", "re-import (unchanged)")
    for label in labels:
        batch = imports.import_upload(
            actor=None, file_name="bench.csv", data=path.read_bytes(), default_source="statistics"
        )
        connection.close()
        dry = run_step("validate", batch.pk)
        assert dry["status"] == ImportStatus.VALIDATED, dry["errors"]
        if dry["stats"].get("warnings"):  # synthetic figures may be implausible: confirmed, as a user would
            batch.refresh_from_db()
            imports.import_confirm_warnings(actor=None, batch=batch)
            connection.close()
        commit = run_step("commit", batch.pk)
        assert commit["status"] == ImportStatus.COMMITTED, commit["errors"]
        s = commit["stats"]
        for what, r in (("dry run", dry), ("commit", commit)):
            rate = rows / r["seconds"]
            target = COMMIT_TARGET if what == "commit" else DRY_RUN_TARGET
            verdicts.append((f"{label} {what}", target, rate >= target, r["rss_mb"] <= 300))
            print(
                f"{label} {what:8}: {r['seconds']:6.1f} s  {rate:7,.0f} rows/s (×{rate / base_rate:.3f} of "
                "csv.reader)  "
                f"peak RSS {r['rss_mb']:5.0f} MB (+{r['rss_mb'] - base_rss:.0f} MB over bare Django)"
            )
        print(
            f"{'':24}new {s['enterprises_new']}, changed {s['enterprises_changed']}, unchanged "
            f"{s['enterprises_unchanged']}, "
            f"new yearly rows {s['figures_new']}, changed values {s['values_changed']}"
        )
    for what, target, fast, small in verdicts:
        print(
            f"target {what:32}: ≥ {target:,} rows/s {'met' if fast else 'MISSED'}; "
            f"peak RSS ≤ 300 MB {'met' if small else 'MISSED'}"
        )
    print(f"database: {connection.vendor}")
    path.unlink()


if __name__ == "__main__":
    main()
