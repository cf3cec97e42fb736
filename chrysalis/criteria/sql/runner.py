"""Running a compiled screening plan on an engine and writing the result tables.

Engine-neutral: :func:`screen_snapshot` takes an :class:`~.loader.Engine` (DuckDB in-process,
or Spark — :mod:`.spark`). Output (facts-format.md, "Screening writes"): ``assessments``,
``criteria`` and ``local_rules`` as Parquet or CSV in the output folder. Extension columns:
``assessments.gap_conditions`` (hard conditions not met), ``gap_points`` (points missing to
the pass mark at best), ``lacks`` (comma-separated criterion ids not met, ``score`` when the
scorecard cannot pass); ``criteria.points_min``/``points_max`` (score ranges, A3).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogue import select_rule_set
from ..catalogue.schema import TIERS, RuleSet
from ..condition import Node
from ..errors import UnknownRuleSetError
from ..facts import JUDGEMENT_OUTCOMES
from .compiler import Plan, compile_plan
from .literals import quote
from .loader import Engine, load

Progress = Callable[[int, int, str], None]


def applicable_rule_sets(
    year: int, application: str = "new", province: str | None = None, as_of: dt.date | None = None
) -> list[RuleSet]:
    """Every official rule set in force on ``as_of`` (default 30 June of ``year``), one per tier."""
    day = as_of or dt.date(year, 6, 30)
    out = []
    for tier in TIERS:
        try:
            out.append(select_rule_set(tier, application, day, province))
        except UnknownRuleSetError:
            continue
    return out


@dataclass
class Summary:
    firms: int
    seconds: float
    rule_sets: list[str]
    local_rules: list[str]
    verdicts: dict[str, dict[str, int]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # seconds: validate, features, rule sets, write

    @property
    def rate(self) -> float:
        return self.firms / self.seconds if self.seconds > 0 else float("inf")

    def line(self, engine: str) -> str:
        return f"{engine}: {self.firms} firms, {self.seconds:.2f} s, {self.rate:,.0f} firms/s"

    def phase_line(self) -> str:
        return ", ".join(f"{k} {v:.2f} s" for k, v in self.phases.items())


OUTCOMES = (
    "met",
    "not_met",
    "unknown",
    "needs_review",
    *(o for o in JUDGEMENT_OUTCOMES if o not in ("met", "not_met")),
)
VERDICTS = ("eligible", "not_eligible", "undetermined")


def label_values(plan: Plan) -> dict[str, list[str]]:
    """Every value the label columns of the outputs can take (for engines that write them as
    dictionary types: DuckDB ENUMs, read back as text)."""
    return {
        "rule_set": [c.rule_set.id for c in plan.rule_sets],
        "criterion": sorted({c.id for crs in plan.rule_sets for c, *_ in crs.criteria}),
        "outcome": list(OUTCOMES),
        "verdict": list(VERDICTS),
        "rule": [n for n, _t in plan.local_rules],
    }


#: what the ``criteria`` output holds: every criterion of every firm (the default), only the
#: criteria left unknown for want of data (what a web run reads: the facts to collect), or nothing
CRITERIA_MODES = ("all", "unknown", "none")


def result_queries(
    plan: Plan, prefix: str = "", labels: Mapping[str, str] | None = None, criteria: str = "all"
) -> dict[str, str]:
    """The output queries over the materialised per-rule-set tables ``{prefix}r<i>`` and
    ``{prefix}local``. ``labels``: column → SQL type the label columns are cast to (the values
    are unchanged; a value outside the type is an error, never a silent change). ``criteria``
    (:data:`CRITERIA_MODES`): ``"unknown"`` keeps only the rows whose outcome is ``unknown`` (the
    same columns and values), ``"none"`` leaves the ``criteria`` query out."""
    if criteria not in CRITERIA_MODES:
        raise ValueError(f"criteria must be one of {', '.join(CRITERIA_MODES)}, not {criteria!r}")
    lab = dict(labels or {})

    def L(col: str, expr: str) -> str:  # noqa: N802
        return f"CAST({expr} AS {lab[col]})" if col in lab else expr

    ass, crit = [], []
    for crs in plan.rule_sets:
        rid = L("rule_set", quote(crs.rule_set.id))
        pm = str(crs.pass_mark) if crs.pass_mark is not None else "CAST(NULL AS INTEGER)"
        t = f"{prefix}r{crs.index}"
        ass.append(
            f"SELECT uscc, {rid} AS rule_set, {L('verdict', 'verdict')} AS verdict, score_min, score_max, "
            f"{pm} AS pass_mark, "
            f"gap_conditions, gap_points, lacks FROM {t}"
        )
        for c, o, lo, hi in crs.criteria:
            pts = (
                f"CASE WHEN {lo} = {hi} THEN {lo} END AS points, {lo} AS points_min, {hi} AS points_max"
                if lo
                else "CAST(NULL AS INTEGER) AS points, CAST(NULL AS INTEGER) AS points_min, CAST(NULL AS "
                "INTEGER) AS points_max"
            )
            cid = L("criterion", quote(c.id))
            only = f" WHERE {o} = {L('outcome', quote('unknown'))}" if criteria == "unknown" else ""
            crit.append(
                f"SELECT uscc, {rid} AS rule_set, {cid} AS criterion, {L('outcome', o)} AS outcome, {pts} "
                f"FROM {t}{only}"
            )
    out = {"assessments": " UNION ALL ".join(ass)}
    if criteria != "none":
        out["criteria"] = " UNION ALL ".join(crit)
    loc = [
        f"SELECT uscc, {L('rule', quote(name))} AS rule, "
        f"{L('outcome', f'l{i}')} AS outcome FROM {prefix}local"
        for i, (name, _t) in enumerate(plan.local_rules)
    ]
    out["local_rules"] = (
        " UNION ALL ".join(loc)
        if loc
        else "SELECT CAST(NULL AS VARCHAR) AS uscc, CAST(NULL AS VARCHAR) AS rule, CAST(NULL AS VARCHAR) AS "
        "outcome WHERE 1 = 0"
    )
    return out


class Runner(Engine):
    """An engine that can also materialise a query and write a query's rows to a file."""

    name = "engine"

    def materialise(self, table: str, sql: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def write(self, sql: str, path: Path, fmt: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def label_types(self, values: Mapping[str, Sequence[str]]) -> dict[str, str]:
        """Column → SQL type for the output's label columns (default: none, text as computed)."""
        return {}


def screen_snapshot(
    engine: Runner,
    input_dir: str | os.PathLike[str],
    output_dir: str | os.PathLike[str],
    *,
    year: int,
    rule_sets: Sequence[RuleSet] | None = None,
    local_rules: Mapping[str, str | Node] | None = None,
    application: str = "new",
    as_of: dt.date | None = None,
    province: str | None = None,
    fmt: str = "parquet",
    progress: Progress | None = None,
    uncertain: Mapping[str, str] | None = None,
    criteria: str = "all",
) -> Summary:
    """Validate the snapshot in ``input_dir``, screen every firm and write the result tables to
    ``output_dir``. Nothing is written when the snapshot is invalid (:class:`SnapshotError`).
    ``uncertain``: rule-set id → ``"hard"``/``"review"`` for single-source or unresolved conditions.
    ``criteria``: ``"all"`` (default) writes every criterion outcome of every firm (55 M rows at
    1 M firms: most of the write time), ``"unknown"`` only those left unknown (the facts to
    collect, all a web run reads), ``"none"`` no ``criteria`` file."""
    if criteria not in CRITERIA_MODES:
        raise ValueError(f"criteria must be one of {', '.join(CRITERIA_MODES)}, not {criteria!r}")
    t0 = time.perf_counter()
    rsets = (
        list(rule_sets) if rule_sets is not None else applicable_rule_sets(year, application, province, as_of)
    )
    plan = compile_plan(
        rsets, local_rules, year=year, application=application, as_of=as_of, uncertain=uncertain
    )
    total = 4 + len(plan.rule_sets)
    step = 0

    phases: dict[str, float] = {}
    mark = time.perf_counter()

    def tick(msg: str, phase: str | None = None) -> None:
        nonlocal step, mark
        step += 1
        if phase:
            now = time.perf_counter()
            phases[phase] = phases.get(phase, 0.0) + now - mark
            mark = now
        if progress:
            progress(min(step, total), total, msg)

    counts = load(engine, input_dir)
    labels = engine.label_types(label_values(plan))
    plan = compile_plan(
        rsets,
        local_rules,
        year=year,
        application=application,
        as_of=as_of,
        narrow=engine.narrow,
        labels=labels,
        uncertain=uncertain,
    )
    tick("validated", "validate")
    engine.materialise("base", plan.base_sql())
    tick("features", "features")
    for crs in plan.rule_sets:
        engine.materialise(f"r{crs.index}", crs.sql("base"))
        tick(crs.rule_set.id, "rule sets")
    engine.materialise("local", plan.local_sql("base"))
    phases["rule sets"] = phases.get("rule sets", 0.0) + time.perf_counter() - mark
    mark = time.perf_counter()
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for name, sql in result_queries(plan, labels=labels, criteria=criteria).items():
        path = out / f"{name}.{fmt}"
        engine.write(sql, path, fmt)
        files.append(str(path))
        phases[f"write {name}"] = time.perf_counter() - mark
        mark = time.perf_counter()
    tick("written")
    verdicts: dict[str, dict[str, int]] = {}
    for crs in plan.rule_sets:
        for v, n in engine.fetch(f"SELECT verdict, COUNT(*) FROM r{crs.index} GROUP BY verdict"):
            verdicts.setdefault(crs.rule_set.id, {})[str(v)] = int(n)
    tick("done")
    return Summary(
        counts.get("enterprises", 0),
        time.perf_counter() - t0,
        [r.id for r in rsets],
        list(local_rules or {}),
        verdicts,
        files,
        phases,
    )
