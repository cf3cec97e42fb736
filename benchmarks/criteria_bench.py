"""Criteria engine benchmark: 10,000 synthetic firms (seeded), one full explained assessment per
firm and rule set — parse + evaluate + explanation + gap analysis + ``to_dict()`` — on EVERY
rule set of the catalogue. Prints per rule set the median and p95 latency (ms) against the
target (issue 19: median < 1 ms) and the ratio to a baseline measured in the same run (parsing
the facts alone, code this benchmark does not optimise), so figures taken under load compare.

Behaviour check (on by default): the JSON (``to_dict()``, key order kept) and the Chinese text
(``to_text()``) of N assessments per rule set — the benchmark's firms, plus the differential
tests' edge-heavy firms with random years, application types, uncertain modes and the Zhejiang
overlay — are hashed and compared with the digests recorded in ``criteria_bench_digests.json``
(recorded from the engine before the issue-19 optimisations). A difference exits with status 1.

    .venv/bin/python benchmarks/criteria_bench.py [--firms 10000] [--seed 7] [--check-firms 150]
    .venv/bin/python benchmarks/criteria_bench.py --no-check        # timing only
    .venv/bin/python benchmarks/criteria_bench.py --record-digests  # after an intended change
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chrysalis.criteria import assess, parse_facts, rule_sets  # noqa: E402

TARGET_MS = 1.0
DIGESTS = Path(__file__).with_name("criteria_bench_digests.json")


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


def timed(fn: Any, firms: list[dict[str, Any]]) -> tuple[float, float, float, float]:
    """Median ms, p95 ms, firms/s and median CPU ms of ``fn`` over ``firms`` (after a short
    warm-up). The CPU time (this process only) leaves out the time the call waited for a core:
    on a loaded machine it stays close to the quiet wall time when the wall time does not."""
    for f in firms[:20]:
        fn(f)
    times, cpu = [], []
    t0 = time.perf_counter()
    for f in firms:
        c = time.process_time()
        s = time.perf_counter()
        fn(f)
        times.append((time.perf_counter() - s) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    total = time.perf_counter() - t0
    return statistics.median(times), pct(times, 0.95), len(firms) / total, statistics.median(cpu)


def digests(n: int) -> dict[str, str]:
    """Per rule set: sha256 of the JSON and text of 2·n assessments (see the module docstring)."""
    from chrysalis.criteria.tests.test_differential import firm as edge_firm

    out = {}
    for rs in rule_sets():
        h = hashlib.sha256()
        rng, r2 = random.Random(7), random.Random(11)
        for i in range(n):
            runs = [(synthetic_firm(rng, i), 2026, {})]
            year = r2.choice([2025, 2026, 2026, 2027])
            doc = edge_firm(r2, f"91330110MA{i:08d}", year, dt.date(year, 6, 30))
            if r2.random() < 0.5:
                doc["province"] = "浙江省"
            kw = {"application": r2.choice(["new", "review"]), "uncertain": r2.choice(["hard", "review"])}
            runs.append((doc, year, kw))
            for doc, year, kw in runs:
                a = assess(doc, rs.id, year, **kw)
                h.update(json.dumps(a.to_dict(), ensure_ascii=False).encode())
                h.update(a.to_text().encode())
        out[rs.id] = h.hexdigest()
    return out


def check(n: int, record: bool) -> bool:
    got = digests(n)
    key = f"{n} firms + {n} edge firms per rule set"
    if record:
        DIGESTS.write_text(json.dumps({key: got}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"behaviour digests recorded in {DIGESTS.name} ({key})")
        return True
    recorded = json.loads(DIGESTS.read_text(encoding="utf-8")).get(key) if DIGESTS.exists() else None
    if recorded is None:
        print(f"behaviour check: no digests recorded for {key} (run with --record-digests)")
        return False
    same = True
    for rid, d in got.items():
        ok = recorded.get(rid) == d
        same &= ok
        print(
            f"behaviour {rid:22} {2 * n} assessments (JSON + text) sha256 {d[:16]} "
            f"{'= recorded' if ok else '≠ RECORDED ' + str(recorded.get(rid))[:16]}"
        )
    return same


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--firms", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--check-firms", type=int, default=150)
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--record-digests", action="store_true")
    ap.add_argument("--rule-sets", default="", help="comma-separated ids (default: every rule set)")
    args = ap.parse_args()
    same = True
    if not args.no_check or args.record_digests:
        same = check(args.check_firms, args.record_digests)
    rng = random.Random(args.seed)
    firms = [synthetic_firm(rng, i) for i in range(args.firms)]
    ids = [x for x in args.rule_sets.split(",") if x] or [rs.id for rs in rule_sets()]
    print(
        f"{args.firms} synthetic firms, seed {args.seed}; full assessment = parse + evaluate + explain + "
        f"gap analysis + to_dict(); target: median < {TARGET_MS:g} ms on every rule set"
    )
    base, base95, base_rate, base_cpu = timed(parse_facts, firms)
    print(
        f"{'baseline: parse_facts only':28} median {base:7.3f} ms   p95 {base95:7.3f} ms  "
        f"{base_rate:8.0f} firms/s   cpu {base_cpu:6.3f} ms"
    )
    worst = 0.0
    for rid in ids:
        med, p95, rate, cpu = timed(lambda f, rid=rid: assess(f, rid, 2026).to_dict(), firms)
        worst = max(worst, med)
        print(
            f"{rid:28} median {med:7.3f} ms   p95 {p95:7.3f} ms  {rate:8.0f} firms/s   cpu {cpu:6.3f} ms   "
            f"×{med / base:5.1f} baseline   {'meets' if med < TARGET_MS else 'MISSES'} < {TARGET_MS:g} ms"
        )
    print(
        f"worst median {worst:.3f} ms = ×{worst / base:.1f} baseline: target < {TARGET_MS:g} ms "
        f"{'met' if worst < TARGET_MS else 'NOT met'} on every rule set"
    )
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
