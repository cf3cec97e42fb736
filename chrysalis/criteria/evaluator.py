"""The Python interpreter of the catalogue: one enterprise, one rule set → an explained
:class:`~chrysalis.criteria.result.Assessment`.

No rule lives here: the evaluator walks the rule set's criteria (bands and condition ASTs) and
asks the feature registry for values. Outcomes are four-valued (A2), scores are ranges (A3),
comparisons exact (A4), verdicts three-valued with what would decide them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .catalogue import get_rule_set, select_rule_set
from .catalogue.schema import Criterion, RuleSet
from .condition import Compare, Not, deciders, names
from .errors import UnknownRuleSetError
from .exact import Bounds, Truth, three_all
from .facts import YEAR_FIELDS, Facts, parse_facts
from .features import FEATURES, Context, FeatureValue, Figure
from .gap import analyse
from .industry import outside_size_standard
from .outcome import Outcome, Verdict
from .present import CONFIDENCE_ZH, OUTCOME_ZH, describe, fmt_value, label_of, missing_zh, review_zh, summary
from .result import Assessment, CriterionResult, GroupScore


class RuleEnv:
    """Env for rule-level expressions: criterion outcomes, score atoms, then features."""

    __slots__ = ("ctx", "truths", "numbers")

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.truths: dict[str, Truth] = {}
        self.numbers: dict[str, object] = {}

    def value(self, name: str) -> object:
        truths = self.truths
        if name in truths:
            return truths[name]
        numbers = self.numbers
        if name in numbers:
            return numbers[name]
        fv = self.ctx.cache.get(name)  # Context.get, inlined (the hottest call of an assessment)
        return (fv if fv is not None else self.ctx.get(name)).value


def _range(lo: int, hi: int) -> Fraction | Bounds:
    return Fraction(lo) if lo == hi else Bounds(Fraction(lo), Fraction(hi))


def _thresholds(c: Criterion) -> dict[str, list[Fraction]]:
    """Feature → the thresholds the criterion compares it with."""
    out: dict[str, list[Fraction]] = {}

    def walk(n: object) -> None:
        if isinstance(n, Compare):
            out.setdefault(n.name, []).append(n.value)
        if isinstance(n, Not):
            walk(n.item)
        for i in getattr(n, "items", ()):
            walk(i)

    for node in [b.when for b in c.bands] + [x for x in (c.when, c.review_unless) if x is not None]:
        walk(node)
    return out


_NEAR: dict[tuple[Fraction, ...], tuple[Fraction, ...]] = {}


class CriterionPlan:
    """What the evaluator needs of one criterion that does not depend on the firm, resolved once
    per rule set: the features it reads, the thresholds each is compared with, the names of its
    bands, the rule-level names of its condition."""

    __slots__ = ("features", "near", "band_names", "refs", "shown")

    def __init__(self, c: Criterion) -> None:
        self.features: tuple[str, ...] = tuple(c.features)
        # equal threshold tuples are one object (interned), so formatted values are shared
        # between criteria by identity
        self.near: dict[str, tuple[Fraction, ...]] = {
            k: _NEAR.setdefault(tuple(v), tuple(v)) for k, v in _thresholds(c).items()
        }
        self.band_names: tuple[tuple[str, ...], ...] = tuple(tuple(names(b.when)) for b in c.bands)
        self.refs: tuple[str, ...] = (
            tuple(n for n in names(c.when) if n not in FEATURES) if c.when is not None else ()
        )
        #: per feature: (name, shown as a ratio, the thresholds it is compared with)
        self.shown: tuple[tuple[str, bool, tuple[Fraction, ...]], ...] = tuple(
            (f, FEATURES[f].unit == "比例", self.near.get(f, ())) for f in self.features
        )


class RuleSetPlan:
    """A rule set resolved once (criteria plans, the formulas shown, the features used) so that
    an assessment does not walk the catalogue's expressions again."""

    __slots__ = ("rule_set", "criteria", "formulas", "incident_warnings")

    def __init__(self, rs: RuleSet) -> None:
        self.rule_set = rs
        self.criteria: dict[str, CriterionPlan] = {c.id: CriterionPlan(c) for c in rs.criteria}
        formulas: list[str] = ["last_year", "boundary"] if rs.scorecard is not None else ["last_year"]
        for c in rs.criteria:
            for f in c.formulas:
                if f not in formulas:
                    formulas.append(f)
        if rs.scorecard is not None and "score_range" not in formulas:
            formulas.append("score_range")
        self.formulas: tuple[str, ...] = tuple(formulas)
        uses = {f for p in self.criteria.values() for f in p.features}
        self.incident_warnings = bool(uses & {"serious_incidents_3y", "serious_incidents_3y_2026"})


_PLANS: dict[int, RuleSetPlan] = {}


def plan_of(rs: RuleSet) -> RuleSetPlan:
    """The plan of ``rs`` (built on first use; rule sets are immutable)."""
    p = _PLANS.get(id(rs))
    if p is None or p.rule_set is not rs:
        if len(_PLANS) > 1000:  # overlays registered and replaced many times (tests)
            _PLANS.clear()
        p = _PLANS[id(rs)] = RuleSetPlan(rs)
    return p


def _collect(ctx: Context, cp: CriterionPlan) -> tuple[tuple[Figure, ...], tuple[tuple[str, str], ...]]:
    """The figures a criterion shows (each once) and its derived values, formatted."""
    figs: list[Figure] = []
    vals: list[tuple[str, str]] = []
    cache = ctx.cache
    for f, ratio, near in cp.shown:
        fv = cache.get(f) or ctx.get(f)
        figures = fv.figures
        for fig in figures:
            if fig not in figs:
                figs.append(fig)
        # a yearly input shown as such needs no derived value (a ratio always shows one)
        if ratio or len(figures) != 1 or figures[0].field not in YEAR_FIELDS:
            vals.append(_shown(ctx, f, fv, near))
    return tuple(figs), tuple(vals)


def _shown(ctx: Context, f: str, fv: FeatureValue, near: tuple[Fraction, ...]) -> tuple[str, str]:
    """(display name, formatted value) of a derived feature, once per assessment and thresholds."""
    key = (f, id(near))  # by identity (the plan's tuples; ints hash faster than Fractions)
    hit = ctx.shown.get(key)
    if hit is None or hit[0] is not near:  # type: ignore[index]
        shown = fmt_value(f, fv.value, near)
        hit = ctx.shown[key] = (near, (label_of(f), shown + (f"（{fv.note}）" if fv.note else "")))
    return hit[1]  # type: ignore[index, no-any-return]


def _missing(ctx: Context, feats: list[str]) -> tuple[tuple[str, int | None], ...]:
    out: list[tuple[str, int | None]] = []
    for f in feats:
        for m in ctx.get(f).missing:
            if m not in out:
                out.append(m)
    return tuple(out)


def _score(rs: RuleSet, c: Criterion, ctx: Context, cp: CriterionPlan) -> CriterionResult:
    if c.slot is not None:
        text = f"【{rs.id}·{c.id} {c.name_zh}】地方指标尚未配置，按未知计入 {c.otherwise}–{c.max_points} 分。"
        return CriterionResult(
            criterion=c,
            outcome=Outcome.UNKNOWN,
            computed_outcome=Outcome.UNKNOWN,
            points_min=c.otherwise,
            points_max=c.max_points,
            missing=(("local_indicators", None),),
            explanation_zh=text,
        )
    pmin = pmax = None
    band_min = band_max = None
    undecided: list[str] = []
    for b, band_names in zip(c.bands, cp.band_names, strict=True):
        t = b.run(ctx)  # type: ignore[arg-type]
        if t is None:
            if pmax is None:
                pmax, band_max = b.points, b.label_zh
            for n in band_names:
                if n not in undecided:
                    undecided.append(n)
        elif t:
            pmin, band_min = b.points, b.label_zh
            if pmax is None:
                pmax, band_max = b.points, b.label_zh
            break
    if pmin is None:
        pmin = c.otherwise
    if pmax is None:
        pmax = c.otherwise
    figs, vals = _collect(ctx, cp)
    if pmin == pmax:
        outcome = Outcome.MET if pmin > 0 else Outcome.NOT_MET
        res = (
            f"达到“{band_min}”档，得 {pmin} 分（满分 {c.max_points}）"
            if band_min
            else f"未达到任何计分档，得 {pmin} 分（满分 {c.max_points}）"
        )
        missing: tuple[tuple[str, int | None], ...] = ()
    else:
        outcome = Outcome.UNKNOWN
        missing = _missing(ctx, [n for n in undecided if n in FEATURES])
        lo = f"“{band_min}”档 {pmin} 分" if band_min else f"{pmin} 分"
        res = f"数据不全：得分区间 {pmin}–{pmax} 分（至少 {lo}，最高可达“{band_max}”档 {pmax} 分）"
    return CriterionResult(
        criterion=c,
        outcome=outcome,
        computed_outcome=outcome,
        points_min=pmin,
        points_max=pmax,
        band_zh=band_min,
        figures=figs,
        values=vals,
        missing=missing,
        explanation_zh=describe(rs, c, figs, vals, res, ctx.shown),
    )


UNCERTAIN_MODES = ("hard", "review")


def _computed(c: Criterion, t: Truth, env: RuleEnv) -> tuple[Outcome, str]:
    """The outcome the data give (before a reviewer's judgement), with its wording."""
    if c.when is None:
        return Outcome.NEEDS_REVIEW, f"需人工认定：{c.review_zh}"
    if c.evidence_only:
        data = {True: "满足", False: "不满足", None: "不全"}[t]
        return Outcome.NEEDS_REVIEW, f"需人工认定：{c.review_zh}（数据{data}，仅作佐证，不单独决定结果）"
    if t is True and c.review:
        if c.review_unless_run is not None and c.review_unless_run(env) is True:  # type: ignore[arg-type]
            return Outcome.MET, "满足（免于考察的条件成立，无需人工认定）"
        return Outcome.NEEDS_REVIEW, f"数据条件满足，仍需人工认定：{c.review_zh}"
    if t is True:
        return Outcome.MET, "满足"
    if t is False:
        return Outcome.NOT_MET, "不满足"
    return Outcome.UNKNOWN, "数据不全，无法判断"


def _condition(
    rs: RuleSet,
    c: Criterion,
    ctx: Context,
    env: RuleEnv,
    facts: Facts,
    uncertain: str = "hard",
    cp: CriterionPlan | None = None,
) -> CriterionResult:
    cp = cp or CriterionPlan(c)
    feats = cp.features
    t: Truth = None
    if c.run is not None:
        t = c.run(env)  # type: ignore[arg-type]
    if not c.applies_in(ctx.year):
        assert c.in_force is not None
        span = "–".join(dict.fromkeys(str(y) for y in c.in_force))
        res = f"本项出自 {span} 年度申报通知，{ctx.year} 年申报不适用，视为满足"
        return CriterionResult(
            criterion=c,
            outcome=Outcome.MET,
            computed_outcome=Outcome.MET,
            explanation_zh=describe(rs, c, (), (), res, ctx.shown),
        )
    computed, res = _computed(c, t, env)
    if uncertain == "review" and c.uncertain and computed in (Outcome.MET, Outcome.NOT_MET):
        res = (
            f"按现有数据计算为“{OUTCOME_ZH[computed]}”（仅作佐证）；本项依据{CONFIDENCE_ZH[c.confidence_level]}，"
            "按本地区设置交人工认定"
        )
        computed = Outcome.NEEDS_REVIEW
    missing: tuple[tuple[str, int | None], ...] = ()
    if computed is Outcome.UNKNOWN and c.when is not None:
        dec = deciders(c.when, env)
        missing = _missing(ctx, [n for n in dec if n in FEATURES])
        refs = [n for n in dec if n not in FEATURES]
        if missing:
            res += "（缺：" + missing_zh(missing) + "）"
        if refs:
            res += "（取决于：" + "、".join("总评分" if r == "scorecard" else r for r in refs) + "）"
    undecidable = None
    if computed is Outcome.UNKNOWN and "is_sme" in feats:
        undecidable = outside_size_standard(facts.industry_code)
        if undecidable:
            res = f"无法判定：{undecidable}，补充数据也无法改变"
    outcome = computed
    j = facts.judgement(c.id)
    used = None
    if j is not None and computed is Outcome.NEEDS_REVIEW:
        outcome, used = Outcome(j.outcome), j
        who = f"{j.by or '评审人员'}{'于 ' + j.on.isoformat() if j.on else ''}"
        res += f"；经{who}人工认定为“{OUTCOME_ZH[j.outcome]}”" + (f"（{j.note}）" if j.note else "")
    figs, vals = _collect(ctx, cp)
    if c.when is not None:
        vals += tuple(
            (
                "评分达标" if n == "scorecard" else n,
                {True: "满足", False: "不满足", None: "未定"}[env.truths.get(n)],
            )
            for n in cp.refs
        )
    return CriterionResult(
        criterion=c,
        outcome=outcome,
        computed_outcome=computed,
        figures=figs,
        values=vals,
        missing=missing,
        judgement=used,
        explanation_zh=describe(rs, c, figs, vals, res, ctx.shown),
        undecidable_zh=undecidable,
    )


def evaluate(
    rule_set: RuleSet,
    facts: Facts,
    year: int,
    application: str = "new",
    as_of: dt.date | None = None,
    *,
    gaps: bool = True,
    uncertain: str = "hard",
) -> Assessment:
    """Evaluate a parsed :class:`Facts` against ``rule_set``. See :func:`assess` for dicts.

    ``uncertain``: how a condition resting on a single source or an unresolved reading decides —
    ``"hard"`` (as the data say; the default) or ``"review"`` (``needs_review``, the computed
    outcome shown as evidence, so a reviewer's judgement decides)."""
    if uncertain not in UNCERTAIN_MODES:
        raise UnknownRuleSetError(f"未知的不确定条款处理方式 / unknown uncertain mode {uncertain!r}")
    ctx = Context(facts, year, application, as_of)
    env = RuleEnv(ctx)
    plan = plan_of(rule_set)
    sc = rule_set.scorecard
    done: dict[str, CriterionResult] = {}
    group_scores: list[GroupScore] = []
    smin = smax = None
    for c in rule_set.criteria:  # scored indicators depend on features only: evaluate them first
        if c.kind == "score":
            r = _score(rule_set, c, ctx, plan.criteria[c.id])
            env.numbers[f"points.{c.id}"] = _range(r.points_min or 0, r.points_max or 0)
            done[c.id] = r
    if sc is not None:
        smin, smax, group_scores = _scorecard(rule_set, done, env)
    for c in rule_set.criteria:  # then conditions, in catalogue order (they may use earlier ones)
        if c.kind == "condition":
            r = _condition(rule_set, c, ctx, env, facts, uncertain, plan.criteria[c.id])
            env.truths[c.id] = r.outcome.truth
            done[c.id] = r
    results = [done[c.id] for c in rule_set.criteria]

    verdict_t = rule_set.passes_run(env)  # type: ignore[arg-type]
    verdict = Verdict.of(verdict_t)
    deciding = _deciders(rule_set, env, results) if verdict is Verdict.UNDETERMINED else ()
    size = ctx.size_class() if rule_set.tier == "sme_size" else None
    summary_text = summary(rule_set, verdict, results, smin, smax)
    warnings = _warnings(rule_set, facts, ctx, results, plan)
    a = Assessment(
        rule_set=rule_set,
        year=year,
        application=application,
        as_of=ctx.as_of,
        province=facts.province,
        enterprise=(facts.uscc, facts.name),
        verdict=verdict,
        results=tuple(results),
        score_min=smin,
        score_max=smax,
        groups=tuple(group_scores),
        deciders=deciding,
        summary_zh=summary_text,
        size=size,
        formulas=plan.formulas,
        uncertain=uncertain,
        warnings_zh=warnings,
    )
    if gaps:
        a = analyse(a, ctx, env)
    return a


INCIDENT_KIND_ZH = {
    "safety": "安全生产",
    "cyber": "网络安全",
    "data": "数据安全",
    "quality": "质量",
    "environment": "环境",
    "tax": "税务",
    "integrity": "科研诚信",
    "sector_rules": "违反行业管理规定",
}
SEVERITY_ZH = {"major": "重大", "serious": "严重", "minor": "一般"}


def _warnings(
    rs: RuleSet, facts: Facts, ctx: Context, results: list[CriterionResult], plan: RuleSetPlan | None = None
) -> tuple[str, ...]:
    """Facts that do not change the verdict but may mislead (issue 12, "also consider")."""
    out: list[str] = []
    for r in results:
        if r.undecidable_zh:
            out.append(
                f"本企业所属行业（{facts.industry_code}）：{r.undecidable_zh}。因此企业规模一项始终无法判定，"
                "本规则集不能得出最终结论；请向主管部门咨询本行业的认定办法。"
            )
            break
    # incidents of the application year itself lie outside 近三年 (Y-3..Y-1) but matter
    if (plan or plan_of(rs)).incident_warnings:
        for i in facts.incidents or ():
            if i.date is not None and i.date.year == ctx.year and i.severity in ("major", "serious"):
                kind = INCIDENT_KIND_ZH.get(i.kind, i.kind)
                out.append(
                    f"{i.date.isoformat()} 记录了一起{SEVERITY_ZH[i.severity]}{kind}"
                    f"事件，发生在申报年度（{ctx.year}年）内，不在“近三年”（{ctx.year - 3}–{ctx.year - 1}年）"
                    "统计范围，未影响本次结论；但可能影响评审认定或导致称号撤销，请核实。"
                )
    return tuple(out)


def _scorecard(
    rs: RuleSet, by_id: dict[str, CriterionResult], env: RuleEnv
) -> tuple[int, int, list[GroupScore]]:
    sc = rs.scorecard
    assert sc is not None
    gs: list[GroupScore] = []
    parts: list[Truth] = []
    for g in sc.groups:
        lo = sum(by_id[m].points_min or 0 for m in g.members)
        hi = sum(by_id[m].points_max or 0 for m in g.members)
        gs.append(
            GroupScore(id=g.id, name_zh=g.name_zh, min=lo, max=hi, of=g.max_points, required=g.min_points)
        )
        env.numbers[f"score.{g.id}"] = _range(lo, hi)
        if g.min_points is not None:
            parts.append(True if lo >= g.min_points else False if hi < g.min_points else None)
    smin = sum(g.min for g in gs)
    smax = sum(g.max for g in gs)
    env.numbers["score"] = _range(smin, smax)
    parts.insert(0, True if smin >= sc.pass_mark else False if smax < sc.pass_mark else None)
    env.truths["scorecard"] = three_all(parts)
    return smin, smax, gs


def _deciders(rs: RuleSet, env: RuleEnv, results: list[CriterionResult]) -> tuple[tuple[str, str], ...]:
    by_id = {r.id: r for r in results}
    out: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        r = by_id.get(name)
        if name == "scorecard":
            sc = rs.scorecard
            assert sc is not None
            unknown = [x.id for x in results if x.criterion.kind == "score" and x.points_min != x.points_max]
            rng = fmt_value("", env.numbers["score"]).split("（")[0]
            out.append(
                (
                    "scorecard",
                    f"评分区间 {rng} 分，是否达到及格线 {sc.pass_mark} 分（及各组最低分）未定；"
                    f"待补充 {'、'.join(unknown)} 的数据"
                    if unknown
                    else "评分组别未定",
                )
            )
            return
        if r is None:
            out.append((name, f"{label_of(name)} 未知"))
            return
        c = r.criterion
        if r.outcome is Outcome.NEEDS_REVIEW:
            out.append((name, f"{c.name_zh}——需人工认定：{review_zh(c)}"))
        elif c.when is not None and any(n in by_id or n == "scorecard" for n in names(c.when)):
            for n in deciders(c.when, env):
                add(n)
        elif r.undecidable_zh:
            out.append((name, f"{c.name_zh}——无法判定：{r.undecidable_zh}"))
        else:
            need = missing_zh(r.missing) or "数据"
            out.append((name, f"{c.name_zh}——需补充：{need}"))

    for n in deciders(rs.passes, env):
        add(n)
    return tuple(out)


def assess(
    facts: Mapping[str, Any] | Facts,
    rule_set_id: str | None = None,
    year: int | None = None,
    *,
    application: str = "new",
    tier: str | None = None,
    as_of: dt.date | None = None,
    province: str | None = None,
    gaps: bool = True,
    uncertain: str = "hard",
) -> Assessment:
    """Assess one enterprise.

    ``facts``: a facts document (dict from JSON) or parsed :class:`Facts` — raises
    :class:`FactsError` if invalid. ``rule_set_id``: e.g. ``"zjtx-2026"``, or ``None``/``"auto"``
    with ``tier`` to select by (tier, application, date, province). ``year``: the application
    year (上年度 = year − 1). ``as_of``: assessment date (default 30 June of ``year``) — title
    validity and rule-set selection use it. ``province`` defaults to the facts' province and
    selects a provincial overlay when one is registered. ``uncertain``: see :func:`evaluate`.
    """
    if year is None:
        raise TypeError("year (the application year) is required")
    if application not in ("new", "review"):
        raise UnknownRuleSetError(
            f"申报类型应为 new 或 review / application must be new or review, got {application!r}"
        )
    parsed = parse_facts(facts)
    prov = province or parsed.province
    day = as_of or dt.date(year, 6, 30)
    if rule_set_id in (None, "auto"):
        if tier is None:
            raise UnknownRuleSetError("自动选择规则集需要指定层级 / rule set 'auto' needs a tier")
        rs = select_rule_set(tier, application, day, prov)
    else:
        rs = get_rule_set(rule_set_id, prov)
    return evaluate(rs, parsed, year, application, day, gaps=gaps, uncertain=uncertain)
