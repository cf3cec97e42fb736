"""Notice parser benchmark: seeded classified pages of realistic notices (every kind, full- and
half-width punctuation, line breaks), parsed page by page. Prints notices per second, p50 / p95 per
page, and the ratio to a baseline measured in the same run (the same text only scanned by one
regular expression that finds the terminators, i.e. the cost of reading the text at all).

    .venv/bin/python benchmarks/notices_parse.py [--notices 50000] [--per-page 50] [--seed 7]

Target (issue 17): ≥ 5,000 notices/s.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chrysalis.notices.parser import parse  # noqa: E402
from chrysalis.notices.parser.samples import page  # noqa: E402

TARGET = 5000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notices", type=int, default=50_000)
    ap.add_argument("--per-page", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pages = [page(rng, args.per_page) for _ in range(args.notices // args.per_page)]
    chars = sum(len(p) for p in pages)

    term = re.compile(r"声明作废|特此公告")
    t0 = time.perf_counter()
    for p in pages:
        sum(1 for _ in term.finditer(p))
    baseline = time.perf_counter() - t0

    per_page, found, errors = [], 0, 0
    t0 = time.perf_counter()
    for p in pages:
        s = time.perf_counter()
        r = parse(p)
        per_page.append(time.perf_counter() - s)
        found += len(r.notices)
        errors += sum(1 for m in r.all_messages if m.level == "error")
    total = time.perf_counter() - t0

    rate = found / total
    q = statistics.quantiles(per_page, n=20)
    print(f"pages {len(pages)} × {args.per_page} notices, {chars:,} characters")
    print(f"notices parsed {found:,} (expected {len(pages) * args.per_page:,}), error messages {errors}")
    print(
        f"throughput {rate:,.0f} notices/s (target ≥ {TARGET:,}) — {'MET' if rate >= TARGET else 'NOT MET'}"
    )
    print(f"per page p50 {statistics.median(per_page) * 1000:.2f} ms, p95 {q[18] * 1000:.2f} ms")
    print(f"baseline (terminator scan only) {baseline:.3f} s; parse/baseline ratio {total / baseline:.1f}×")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
