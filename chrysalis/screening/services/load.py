"""Load the output of `chrysalis screen` (assessments.parquet / .csv) back into the pool.

Every row is validated first (columns, rule set, verdict, numbers); one bad row and nothing is
added. Then, per tier, the firms eligible now and the ``closest`` nearest to eligible (by gap size)
are added — for each firm the best candidate: eligible beats closest, a higher tier beats a lower
one, a smaller gap beats a larger one. Firms outside the user's scope (or not in the registry) are
skipped and counted; firms already in the pool are left alone (idempotent)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from chrysalis.criteria import UnknownRuleSetError, get_rule_set
from chrysalis.cultivation.models.pool import PoolEntry, PoolStage, TierTarget
from chrysalis.cultivation.services.pool import may_add_to_pool, pool_add, pool_move
from chrysalis.enterprises.models import Enterprise

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

COLUMNS = ("uscc", "rule_set", "verdict", "gap_conditions", "gap_points", "lacks")
VERDICTS = {"eligible", "not_eligible", "undetermined"}
TIER_ORDER = ["little_giant", "zjtx", "innovative_sme", "tech_sme"]  # best first
#: the stages a loaded firm may be put at, and the moves from 储备 to get there
STAGE_PATH = {
    PoolStage.RESERVE: [],
    PoolStage.INTENDED: [PoolStage.INTENDED],
    PoolStage.KEY: [PoolStage.INTENDED, PoolStage.KEY],
}


@dataclass
class LoadReport:
    rows: int = 0
    candidates: int = 0
    added: int = 0
    already: int = 0
    out_of_scope: int = 0
    by_tier: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    line: int
    uscc: str
    rule_set: str
    tier: str
    verdict: str
    gap: int
    lacks: str


def read_assessments(directory: str | Path) -> list[dict]:
    d = Path(directory)
    pq, cv = d / "assessments.parquet", d / "assessments.csv"
    if pq.exists():
        import duckdb

        con = duckdb.connect()
        try:
            rel = con.sql(f"SELECT * FROM read_parquet('{pq.as_posix()}')")
            names = rel.columns
            return [dict(zip(names, r, strict=True)) for r in rel.fetchall()]
        finally:
            con.close()
    if cv.exists():
        with cv.open(encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))
    raise ValidationError(
        f"{d}: neither assessments.parquet nor assessments.csv found (the output folder of `chrysalis "
        "screen`)"
    )


def _int(value, what: str, line: int, errors: list[str], allow_none: bool = False) -> int | None:
    if value is None or value == "":
        if allow_none:
            return None
        errors.append(f"row {line}: {what} is missing")
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        errors.append(f"row {line}: {what} is not a whole number: {value!r}")
        return None
    if n < 0:
        errors.append(f"row {line}: {what} is negative: {n}")
    return n


def validate(raw: list[dict]) -> list[Row]:
    if not raw:
        raise ValidationError("assessments: no rows")
    missing = [c for c in COLUMNS if c not in raw[0]]
    if missing:
        raise ValidationError(f"assessments: missing column(s) {', '.join(missing)}")
    errors: list[str] = []
    rows: list[Row] = []
    tiers: dict[str, str | None] = {}
    for i, r in enumerate(raw, start=2):  # line 1 = header
        rs = str(r["rule_set"] or "")
        if rs not in tiers:
            try:
                tiers[rs] = get_rule_set(rs).tier
            except UnknownRuleSetError:
                tiers[rs] = None
        if tiers[rs] is None:
            errors.append(f"row {i}: unknown rule set {rs!r}")
        verdict = str(r["verdict"] or "")
        if verdict not in VERDICTS:
            errors.append(f"row {i}: unknown verdict {verdict!r}")
        uscc = str(r["uscc"] or "").strip()
        if len(uscc) != 18:
            errors.append(f"row {i}: not a USCC (18 characters): {uscc!r}")
        gc = _int(r["gap_conditions"], "gap_conditions", i, errors, allow_none=True) or 0
        gp = _int(r["gap_points"], "gap_points", i, errors, allow_none=True) or 0
        if len(errors) > 50:
            break
        rows.append(
            Row(
                i,
                uscc,
                rs,
                tiers[rs] or "",
                verdict,
                min(gc * 100 + gp, 32000),
                str(r["lacks"] or "").strip(",")[:400],
            )
        )
    if errors:
        raise ValidationError(errors[:50])
    return rows


def pick(rows: list[Row], closest: int) -> dict[str, Row]:
    """USCC → the row the firm is added under."""
    cands: list[tuple[tuple, Row]] = []
    by_rs: dict[str, list[Row]] = {}
    for r in rows:
        if r.tier in TierTarget.values:
            by_rs.setdefault(r.rule_set, []).append(r)
    for rs_rows in by_rs.values():
        cands += [((0, TIER_ORDER.index(r.tier), 0), r) for r in rs_rows if r.verdict == "eligible"]
        near = sorted((r for r in rs_rows if r.verdict != "eligible"), key=lambda r: (r.gap, r.uscc))[
            :closest
        ]
        cands += [((1, r.gap, TIER_ORDER.index(r.tier)), r) for r in near]
    best: dict[str, tuple[tuple, Row]] = {}
    for key, r in cands:
        if r.uscc not in best or key < best[r.uscc][0]:
            best[r.uscc] = (key, r)
    return {u: r for u, (_k, r) in best.items()}


def load_screening(
    *,
    actor: User | None,
    directory: str | Path,
    year: int,
    stage: str = PoolStage.RESERVE,
    closest: int = 30,
    dry_run: bool = False,
) -> LoadReport:
    """All-or-nothing: validation, then every add and move in one transaction (audited by the pool
    services)."""

    if stage not in STAGE_PATH:
        raise ValidationError(f"stage must be one of {', '.join(STAGE_PATH)}")
    rows = validate(read_assessments(directory))
    chosen = pick(rows, closest)
    report = LoadReport(rows=len(rows), candidates=len(chosen))
    with transaction.atomic():
        ents = {e.uscc: e for e in Enterprise.objects.restrict(actor, "view").filter(uscc__in=list(chosen))}
        in_pool = set(
            PoolEntry.objects.filter(enterprise__uscc__in=list(chosen)).values_list(
                "enterprise__uscc", flat=True
            )
        )
        for uscc, r in sorted(chosen.items()):
            ent = ents.get(uscc)
            if ent is None or not may_add_to_pool(actor, ent):
                report.out_of_scope += 1
                continue
            if uscc in in_pool:
                report.already += 1
                continue
            which = "eligible" if r.verdict == "eligible" else "closest"
            reason = f"chrysalis screen → load-screening {Path(directory).name}: {which} under {r.rule_set}"
            entry = pool_add(
                actor=actor,
                enterprise=ent,
                tier_target=r.tier,
                reason=reason,
                year=year,
                source="screening",
                gap_size=0 if r.verdict == "eligible" else r.gap,
                lacks=r.lacks,
            )
            for to in STAGE_PATH[PoolStage(stage)]:
                entry = pool_move(actor=actor, entry=entry, to_stage=to, reason=reason)
            report.added += 1
            report.by_tier[r.tier] = report.by_tier.get(r.tier, 0) + 1
        if dry_run:
            transaction.set_rollback(True)
    return report
