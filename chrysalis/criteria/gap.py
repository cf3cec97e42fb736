"""Gap analysis (A6): how far each failing condition is, the cheapest band steps to pass a
scorecard, the cheapest overall path towards eligibility, a coaching checklist for items that
need a reviewer, and the data still to collect.

Every change is computed holding the other inputs fixed, in the input's own unit, rounded to
the input's grid (0.01 万元, 1 person, 1 item) in the direction that meets the condition.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from .catalogue.schema import Criterion, RuleSet
from .condition import And, Compare, Node, Not, Or, compiled
from .exact import compare
from .features import FEATURES, Change, Context
from .present import field_zh, label_of, review_zh
from .result import Assessment, CriterionResult, GapReport, ScoreStep, with_fields

NOT_OP = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "=="}
WAIT_COST = Fraction(100)
_UNSET = object()
_X = TypeVar("_X")  # non-actionable changes (waiting, structural) rank last


@dataclass(frozen=True, slots=True)
class Plan:
    changes: tuple[Change, ...] = ()
    options: tuple[Change, ...] = ()  # alternative single-input fixes of the same leaves
    review: tuple[str, ...] = ()  # criterion ids that need a reviewer on this path
    collect: tuple[str, ...] = ()  # unknown names on this path
    _cost: Fraction | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def cost(self) -> Fraction:
        cost = self._cost
        if cost is None:  # summed once (plans are compared many times while solving)
            cost = sum((c.cost if c.actionable else WAIT_COST + c.cost for c in self.changes), Fraction(0))
            object.__setattr__(self, "_cost", cost)
        return cost

    @property
    def actionable(self) -> bool:
        return all(c.actionable for c in self.changes)


def _merge(a: Plan, b: Plan) -> Plan:
    changes = list(a.changes)
    for c in b.changes:
        for i, old in enumerate(changes):
            if (old.field, old.year) == (c.field, c.year):
                bigger = c if _magnitude(c) > _magnitude(old) else old
                changes[i] = bigger
                break
        else:
            changes.append(c)
    return Plan(
        tuple(changes), _uniq(a.options + b.options), _uniq(a.review + b.review), _uniq(a.collect + b.collect)
    )


def _uniq(xs: tuple[_X, ...]) -> tuple[_X, ...]:
    """``xs`` without repeats, first occurrences kept."""
    return xs if len(xs) < 2 else tuple(dict.fromkeys(xs))


def _magnitude(c: Change) -> Fraction:
    ch = c.change
    if type(ch) is Decimal or type(ch) is int:  # exact: the same value as via str
        return abs(Fraction(ch))
    try:
        return abs(Fraction(str(ch))) if ch is not None else c.cost
    except (TypeError, ValueError):
        return c.cost


class Solver:
    def __init__(
        self,
        rs: RuleSet,
        ctx: Context,
        env: object,
        results: dict[str, CriterionResult],
        scorecard_plan: Plan | None,
    ) -> None:
        self.rs, self.ctx, self.env, self.results = rs, ctx, env, results
        self._scorecard_plan = scorecard_plan
        # the env does not change during the analysis: each node's truth, each node's plan and
        # each leaf's options are computed once (plans are immutable, so sharing them is safe)
        self._truth: dict[int, object] = {}
        self._plans: dict[tuple[int, bool], Plan | None] = {}
        self._leaves: dict[tuple[str, str, int, int], Plan | None] = {}

    @property
    def scorecard_plan(self) -> Plan | None:
        return self._scorecard_plan

    @scorecard_plan.setter
    def scorecard_plan(self, plan: Plan | None) -> None:
        self._scorecard_plan = plan
        self._plans.clear()  # plans through "scorecard" change with it

    def _eval(self, node: Node) -> object:
        key = id(node)
        t = self._truth.get(key, _UNSET)
        if t is _UNSET:  # (most nodes are evaluated once: a miss is the common case)
            t = self._truth[key] = compiled(node)(self.env)  # type: ignore[arg-type]
        return t

    def solve(self, node: Node, want: bool = True) -> Plan | None:
        """Cheapest plan making ``node`` evaluate to ``want``; None if impossible."""
        key = (id(node), want)
        if key in self._plans:
            return self._plans[key]
        p = self._plans[key] = self._solve(node, want)
        return p

    def _solve(self, node: Node, want: bool) -> Plan | None:
        cur = self._eval(node)
        if cur is want:
            return Plan()
        if isinstance(node, Not):
            return self.solve(node.item, not want)
        if isinstance(node, And | Or):
            conj = isinstance(node, And) == want  # all children must reach `want`
            if conj:
                plan = Plan()
                for item in node.items:
                    p = self.solve(item, want)
                    if p is None:
                        return None
                    plan = _merge(plan, p)
                return plan
            best: Plan | None = None
            for item in node.items:
                p = self.solve(item, want)
                if p is not None and (
                    best is None or (p.cost, len(p.changes)) < (best.cost, len(best.changes))
                ):
                    best = p
            return best
        if cur is None and node.name in FEATURES:
            return Plan(collect=(node.name,))
        if isinstance(node, Compare):
            return self._leaf(node.name, node.op if want else NOT_OP[node.op], node.value)
        return self._name(node.name, want)

    def _leaf(self, name: str, op: str, t: Fraction) -> Plan | None:
        key = (name, op, t.numerator, t.denominator)  # ints hash faster than a Fraction
        if key not in self._leaves:
            self._leaves[key] = self._leaf_plan(name, op, t)
        return self._leaves[key]

    def _leaf_plan(self, name: str, op: str, t: Fraction) -> Plan | None:
        feat = FEATURES[name] if name in FEATURES else None
        if feat is None or feat.solve is None:
            return None
        opts = feat.solve(self.ctx, op, t)
        if not opts:
            return None
        best = min(opts, key=lambda c: (not c.actionable, c.cost))
        return Plan((best,), tuple(o for o in opts if o is not best))

    def _name(self, name: str, want: bool) -> Plan | None:
        if name in FEATURES:
            return self._leaf(name, "==", Fraction(1 if want else 0))
        if name == "scorecard":
            return self.scorecard_plan if want else None
        r = self.results.get(name)
        if r is None or not want:
            return None
        c = r.criterion
        if r.outcome == "needs_review" or (c.when is None and c.review):
            return Plan(review=(name,))
        if r.outcome == "unknown" and c.when is None:
            return Plan(collect=(name,))
        if c.when is None:
            return None
        p = self.solve(c.when, True)
        if p is not None and c.review:
            p = dataclasses.replace(p, review=p.review + (name,))
        return p


#: one band step of a scorecard path: (criterion, points reached, band label, plan reaching it)
Step = tuple[Criterion, int, str, Plan]


def _band_steps(results: dict[str, CriterionResult], solver: Solver) -> list[list[Step]]:
    """Per scored indicator, the higher bands a firm could reach by actionable changes."""
    cands: list[list[Step]] = []
    for r in results.values():
        c = r.criterion
        if c.kind != "score" or c.slot is not None:
            continue
        opts = []
        for b in c.bands:
            if b.points <= (r.points_min or 0):
                break
            p = solver.solve(b.when, True)
            if p is not None and p.changes and p.actionable and not p.collect:
                opts.append((c, b.points, b.label_zh, p))
        if opts:
            cands.append(opts)
    return cands


def _cheapest_steps(
    cands: list[list[Step]],
    results: dict[str, CriterionResult],
    gidx: dict[str, int],
    need_total: int,
    need_groups: list[int],
) -> tuple[Step, ...] | None:
    """Dynamic programming over indicators: the fewest steps (then the smallest relative cost)
    gaining ``need_total`` points and each group's missing minimum; None if unreachable."""
    start = (0, tuple(0 for _ in need_groups))
    # costs as integers over one common denominator: sums and comparisons stay exact (the
    # same order as the fractions) without a Fraction per state
    costs = [plan.cost for opts in cands for _c, _p, _b, plan in opts]
    scale = math.lcm(*(x.denominator for x in costs)) if costs else 1
    icost = {
        id(plan): plan.cost.numerator * (scale // plan.cost.denominator)
        for opts in cands
        for _c, _p, _b, plan in opts
    }
    # state (points gained, per-group points gained) → (steps, cost × scale, chosen)
    best: dict[tuple[int, tuple[int, ...]], tuple[int, int, tuple[Step, ...]]] = {start: (0, 0, ())}
    for opts in cands:
        nxt = dict(best)
        for (tg, gg), (n, cost, chosen) in best.items():
            for c, pts, band, plan in opts:
                gain = pts - (results[c.id].points_min or 0)
                g2 = list(gg)
                if c.id in gidx:
                    i = gidx[c.id]
                    g2[i] = min(need_groups[i], g2[i] + gain)
                key = (min(need_total, tg + gain), tuple(g2))
                val = (n + 1, cost + icost[id(plan)], chosen + ((c, pts, band, plan),))
                if key not in nxt or val[:2] < nxt[key][:2]:
                    nxt[key] = val
        best = nxt
    found = best.get((need_total, tuple(need_groups)))
    return None if found is None else found[2]


def _scorecard_path(
    rs: RuleSet, results: dict[str, CriterionResult], solver: Solver
) -> tuple[Plan | None, tuple[ScoreStep, ...] | None, str | None]:
    sc = rs.scorecard
    if sc is None:
        return None, None, None
    state = solver.env.value("scorecard")  # type: ignore[attr-defined]
    if state is True:
        return Plan(), None, None
    if state is None:
        return None, None, "评分是否达标取决于待补充的数据（见“待补充数据”），补齐后再计算提升路径。"
    total = sum(r.points_min or 0 for r in results.values() if r.criterion.kind == "score")
    need_total = max(0, sc.pass_mark - total)
    mins = [g for g in sc.groups if g.min_points is not None]
    need_groups = []
    for g in mins:
        have = sum(results[m].points_min or 0 for m in g.members)
        need_groups.append(max(0, (g.min_points or 0) - have))
    if need_total == 0 and not any(need_groups):
        return Plan(), None, None
    gidx = {m: i for i, g in enumerate(mins) for m in g.members}
    chosen = _cheapest_steps(_band_steps(results, solver), results, gidx, need_total, need_groups)
    if chosen is None:
        return (
            None,
            None,
            (
                f"按已知数据最低得分 {total} 分，仅靠可调整的指标无法达到及格线 {sc.pass_mark} 分"
                + ("及各组最低分" if mins else "")
                + "。"
            ),
        )
    steps = []
    plan = Plan()
    for c, pts, band, p in chosen:
        steps.append(ScoreStep(c.id, c.name_zh, results[c.id].points_min or 0, pts, band, p.changes))
        plan = _merge(plan, p)
    note = f"按已知数据最低得分 {total} 分，及格线 {sc.pass_mark} 分：最少需提升 {len(steps)} 项指标"
    if mins and any(need_groups):
        note += "（兼顾" + "、".join(f"{g.name_zh}≥{g.min_points}" for g in mins) + "）"
    return plan, tuple(steps), note + "。"


def analyse(a: Assessment, ctx: Context, env: object) -> Assessment:
    rs = a.rule_set
    results = {r.id: r for r in a.results}
    solver = Solver(rs, ctx, env, results, None)
    sc_plan, steps, sc_note = _scorecard_path(rs, results, solver)
    solver.scorecard_plan = sc_plan
    new_results = []
    for r in a.results:
        c = r.criterion
        if r.outcome == "not_met" and c.kind == "condition" and c.when is not None and not r.by_person:
            p = solver.solve(c.when, True)
            if p is not None:
                r = with_fields(r, gap=p.changes, gap_options=p.options)
        new_results.append(r)
    path: tuple[Change, ...] = ()
    path_note = None
    if a.verdict != "eligible":
        p = solver.solve(rs.passes, True)
        if p is None:
            path_note = "现有数据下没有可调整的达标路径（存在无法通过调整经营数据满足的条件）。"
        else:
            path = p.changes
            bits = []
            if p.changes:
                bits.append(f"调整 {len(p.changes)} 项数据")
            if p.review:
                bits.append(f"通过人工认定 {'、'.join(p.review)}")
            if p.collect:
                bits.append(f"补充 {'、'.join(label_of(n) for n in p.collect)} 的数据")
            if not p.actionable:
                bits.append("其中部分条件需等待或属结构性条件")
            path_note = "；".join(bits) + "。" if bits else None
    coaching = tuple(
        (r.id, r.criterion.name_zh, review_zh(r.criterion)) for r in a.results if r.outcome == "needs_review"
    )
    collect: dict[tuple[str, int | None], list[str]] = {}
    for r in a.results:
        if r.outcome == "unknown":
            for m in r.missing:
                collect.setdefault(m, []).append(r.id)
    collect_t = tuple(
        (f, y, field_zh(f) if f != "local_indicators" else "地方特色指标配置", tuple(cs))
        for (f, y), cs in collect.items()
    )
    report = GapReport(steps, sc_note, path, path_note, coaching, collect_t)
    return with_fields(a, results=tuple(new_results), gaps=report)


__all__ = ["Plan", "Solver", "analyse", "compare"]
