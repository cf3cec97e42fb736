"""Benchmark: import N enterprises × 3 years of figures from a CSV through the real import path.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/chrysalis_bench \
       .venv/bin/python benchmarks/registry_import.py --enterprises 100000
Prints rows/s for the dry run (validation) and the commit, the re-import (idempotent: no writes),
and the peak resident memory of the process. Target: ≥ 5,000 rows/s.
"""

from __future__ import annotations

import argparse
import csv
import io
import time

from registry_common import peak_rss_mb, setup


def build_csv(n: int) -> tuple[bytes, int]:
    from chrysalis.accounts.models import OrgUnit
    from chrysalis.enterprises.choices import FIGURE_FIELDS
    from chrysalis.enterprises.synthetic import generate

    grids = list(OrgUnit.objects.filter(kind="grid").order_by("path"))
    out = io.StringIO()
    w = csv.writer(out)
    names = [f.name for f in FIGURE_FIELDS if f.name not in {"quality_score", "niche_share", "niche_share_international", "niche_rank_domestic"}]
    w.writerow(["统一社会信用代码", "企业名称", "所属网格", "行业代码", "注册地址", "法定代表人", "成立日期", "是否规上", "年度"]
               + [f.headers[0] for f in FIGURE_FIELDS if f.name in names])
    rows = 0
    for s in generate(n, grids, seed=11, prefix="MA4"):
        for year, values in s["years"].items():
            w.writerow([s["uscc"], s["name"], s["grid"].code, s["industry_code"], s["address"], s["legal_representative"], s["registered_on"].isoformat(),
                        "是" if s["above_scale"] else "否", year] + [values.get(k, "") for k in names])
            rows += 1
    return out.getvalue().encode("utf-8"), rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.db import connection

    from chrysalis.enterprises.choices import ImportStatus
    from chrysalis.enterprises.models import Enterprise
    from chrysalis.enterprises.services import imports

    settings.ENTERPRISE_IMPORT_MAX_BYTES = 500 * 1024 * 1024
    settings.ENTERPRISE_IMPORT_MAX_ROWS = 1_000_000
    Enterprise.objects.filter(uscc__contains="MA4").delete()
    t = time.perf_counter()
    data, rows = build_csv(args.enterprises)
    print(f"generated {rows} rows ({len(data) / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
    results = {}
    for label in ("first import", "re-import (unchanged)"):
        batch = imports.import_upload(actor=None, file_name="bench.csv", data=data, default_source="statistics")
        t = time.perf_counter()
        batch = imports.import_validate(actor=None, batch=batch)
        dry = time.perf_counter() - t
        assert batch.status == ImportStatus.VALIDATED, batch.errors[:5]
        t = time.perf_counter()
        batch = imports.import_commit(actor=None, batch=batch)
        commit = time.perf_counter() - t
        assert batch.status == ImportStatus.COMMITTED, batch.errors[:5]
        results[label] = (dry, commit, batch.stats)
        print(f"{label}: dry run {dry:.1f} s ({rows / dry:,.0f} rows/s); commit {commit:.1f} s ({rows / commit:,.0f} rows/s); "
              f"new {batch.stats['enterprises_new']}, changed {batch.stats['enterprises_changed']}, unchanged {batch.stats['enterprises_unchanged']}")
    print(f"database: {connection.vendor}; peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
