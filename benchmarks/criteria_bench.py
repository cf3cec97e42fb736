"""Criteria engine benchmark: 10,000 synthetic firms (seeded), full assessment with
explanation and gap analysis, per rule set. Prints median / p95 latency (ms), throughput and
the ratio to a baseline measured in the same run (facts parsing alone).

    .venv/bin/python benchmarks/criteria_bench.py [--firms 10000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chrysalis.criteria import assess, parse_facts  # noqa: E402


def synthetic_firm(rng: random.Random, i: int) -> dict[str, Any]:
    rev = round(rng.uniform(300, 40000), 2)
    years = {}
    r = rev
    for y in (2025, 2024, 2023):
        years[str(y)] = {
            "revenue": round(r, 2),
            "main_revenue": round(r * rng.uniform(0.4, 1.0), 2),
            "rd_expense": round(r * rng.uniform(0, 0.12), 2),
            "net_profit": round(r * rng.uniform(-0.1, 0.2), 2),
            "total_assets": round(r * rng.uniform(0.6, 2), 2),
            "total_cost_expense": round(r * rng.uniform(0.6, 1.0), 2),
            "employees": rng.randint(10, 900),
            "tax_paid": round(r * rng.uniform(0.01, 0.08), 2),
        }
        years[str(y)]["total_liabilities"] = round(years[str(y)]["total_assets"] * rng.uniform(0.1, 0.95), 2)
        years[str(y)]["rd_staff"] = rng.randint(0, years[str(y)]["employees"] // 2)
        years[str(y)]["tech_staff"] = rng.randint(0, years[str(y)]["employees"] // 2)
        r /= rng.uniform(0.9, 1.3)
    years["2025"].update(
        digital_level=rng.randint(1, 4),
        quality_score=rng.randint(30, 90),
        niche_share=round(rng.uniform(0, 0.3), 3),
    )
    years["2026"] = {"quality_score": rng.choice([None, rng.randint(30, 90)])}
    return {
        "uscc": "91330110MA27XXXXXX",
        "name": f"企业{i}",
        "province": rng.choice(["浙江省", "江苏省"]),
        "industry_code": rng.choice(["C3484", "C3491", "I6513", "M7320", "F5111"]),
        "independent_legal_person": True,
        "niche_since": f"{rng.randint(2005, 2024)}-0{rng.randint(1, 9)}-01",
        "leading_product": {
            "strategic_emerging": rng.choice([True, False, None]),
            "six_foundations": rng.choice([True, False]),
            "key_field": rng.choice([True, False]),
            "chain_gap_filling": rng.choice([True, False, None]),
        },
        "own_brand": rng.choice([True, False]),
        "core_business_it_supported": rng.choice([True, False]),
        "management_system_certified": rng.choice([True, False, None]),
        "drafted_standards": rng.randint(0, 3),
        "rd_institution_level": rng.choice(
            ["national", "provincial", "municipal", "below_municipal", "none"]
        ),
        "credit": {
            "abnormal_list": rng.random() < 0.03,
            "serious_dishonesty": False,
            "prohibited_product": False,
        },
        "incidents": [],
        "awards": [],
        "contests": [],
        "equity_rounds": [],
        "titles": [
            {"kind": "innovative_sme", "granted_on": "2024-08-01", "valid_until": "2027-07-31"},
            {"kind": "zjtx_sme", "granted_on": "2024-12-01", "valid_until": "2027-11-30"},
        ][: rng.randint(0, 2)],
        "ip": [
            {
                "kind": rng.choice(["invention_patent", "utility_model", "software_copyright"]),
                "granted_on": "2019-01-01",
                "self_developed": True,
                "high_value": rng.random() < 0.1,
                "related_to_leading_product": True,
                "applied_with_benefit": rng.choice([True, None]),
                "holder_rank": 1,
                "valid": True,
            }
            for _ in range(rng.randint(0, 6))
        ],
        "years": years,
    }


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def bench(label: str, fn: Any, firms: list[dict[str, Any]]) -> float:
    times = []
    t0 = time.perf_counter()
    for f in firms:
        s = time.perf_counter()
        fn(f)
        times.append((time.perf_counter() - s) * 1000)
    total = time.perf_counter() - t0
    med = statistics.median(times)
    print(
        f"{label:34} median {med:7.3f} ms   p95 {pct(times, 0.95):7.3f} ms   {len(firms) / total:9.0f} "
        "firms/s"
    )
    return med


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--firms", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    firms = [synthetic_firm(rng, i) for i in range(args.firms)]
    print(
        f"{args.firms} synthetic firms, seed {args.seed}; full assessment = parse + evaluate + explain + "
        "gap analysis"
    )
    base = bench("baseline: parse_facts only", parse_facts, firms)
    for rid in ("zjtx-2026", "zjtx-2022", "innovative-sme-2022", "little-giant-2026"):
        med = bench(f"assess {rid} (+to_dict)", lambda f, rid=rid: assess(f, rid, 2026).to_dict(), firms)
        print(f"{'':34} ratio to baseline ×{med / base:.1f}")


if __name__ == "__main__":
    main()
