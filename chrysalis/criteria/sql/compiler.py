"""The catalogue → SQL compiler of the batch engine.

Nothing here is a rule: the compiler reads the rule sets (criteria, bands, scorecards, pass
rules — condition ASTs) and the feature registry's derivation specs
(:data:`~chrysalis.criteria.sql_specs.SQL_SPECS`, one dataclass per family) and emits SQL with
the evaluator's semantics:

* **exact**: every money/ratio input is an integer scaled by 10^6 (``DECIMAL(38,0)``); a
  comparison with a threshold ``p/q`` is cross-multiplied (``q·rd ≥ p·revenue``), growth and
  compound growth are squared/multiplied out — no division, no float;
* **three-valued**: SQL's ``NULL`` is the evaluator's unknown; ``AND``/``OR``/``NOT`` of SQL are
  Kleene logic exactly like :func:`~chrysalis.criteria.exact.three_all`/``three_any``;
  counts with undecided items and open equity sums are intervals ``[lo, hi]`` compared like
  :class:`~chrysalis.criteria.exact.Bounds`; scores are ranges (A3);
* **portable**: plain ANSI-ish SQL written for DuckDB, transpiled to Spark SQL with sqlglot.

Input views (created by :mod:`.loader`): ``e`` (enterprises), ``y`` (years), ``ip``, ``titles``,
``awards``, ``contests``, ``equity_rounds``, ``incidents``, ``judgements``, ``industry_size``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import singledispatch

from ..catalogue.schema import Criterion, RuleSet
from ..condition import And, Compare, Name, Node, Not, Or, compile_condition, names
from ..facts import IP_CLASS_I, YEAR_FIELDS
from ..sql_specs import (
    SQL_SPECS,
    AvgGrowthSpec,
    AwardCountSpec,
    CagrSpec,
    CodedSpec,
    ContestCountSpec,
    EquitySpec,
    FlagCountSpec,
    FlagSpec,
    GrowthSpec,
    IncidentCountSpec,
    IntegerSpec,
    IpCountSpec,
    NicheYearsSpec,
    RatioSpec,
    RegisteredSpec,
    ReviewSpec,
    SmeSpec,
    SqlSpec,
    TitleSpec,
    TwoYearSumSpec,
    YearFieldSpec,
)
from .literals import quote
from .schema import SCALE

HARD_ROLES = ("eligibility", "prerequisite", "required", "composite", "local")


def _years_ago(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year - years, day=28)


def _date(d: dt.date) -> str:
    return f"DATE '{d.isoformat()}'"


def _in(col: str, values: Sequence[str]) -> str:
    return f"{col} IN ({', '.join(quote(v) for v in values)})"


def _tf(b: bool) -> str:
    return "TRUE" if b else "FALSE"


def _pq(t: Fraction) -> tuple[int, int]:
    return t.numerator, t.denominator


def _ge_int(expr: str, op: str, t: Fraction, scale: int = 1) -> str:
    """``expr/scale OP t`` exactly: ``q·expr OP p·scale``."""
    p, q = _pq(t)
    return f"({_mul(q, expr)} {_op(op)} {p * scale})"


#: a factor above this multiplies in 128 bits (a BIGINT-scaled value is at most 10^15 in
#: magnitude, loader.NARROW_LIMIT; the sum of two at most 2·10^15)
WIDE_FACTOR = 1000


def _mul(k: int, expr: str) -> str:
    if k == 1:
        return expr
    return f"{k} * {expr}" if abs(k) <= WIDE_FACTOR else f"{k} * CAST({expr} AS HUGEINT)"


def _wide(expr: str) -> str:
    return f"CAST({expr} AS HUGEINT)"


def _op(op: str) -> str:
    return "<>" if op == "!=" else "=" if op == "==" else op


# ------------------------------------------------------------------------------ values


class Value:
    """A compiled feature or rule-scope value."""


@dataclass(frozen=True)
class Bool(Value):
    sql: str


class Num(Value):
    def cmp(self, op: str, t: Fraction) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Scalar(Num):
    """``expr / scale`` (``expr`` an integer-valued column, NULL = unknown)."""

    expr: str
    scale: int = SCALE

    def cmp(self, op: str, t: Fraction) -> str:
        return _ge_int(self.expr, op, t, self.scale)


@dataclass(frozen=True)
class Ratio(Num):
    num: str
    den: str

    def cmp(self, op: str, t: Fraction) -> str:
        p, q = _pq(t)
        return (
            f"(CASE WHEN {self.den} = 0 THEN NULL ELSE {_mul(q, self.num)} {_op(op)} {_mul(p, self.den)} END)"
        )


@dataclass(frozen=True)
class Growth(Num):
    cur: str
    base: str

    def cmp(self, op: str, t: Fraction) -> str:
        p, q = _pq(t)  # (a-b)/b OP p/q, b>0  ⇔  q·a OP (p+q)·b
        return (
            f"(CASE WHEN {self.base} <= 0 THEN NULL ELSE {_mul(q, self.cur)} {_op(op)} "
            f"{_mul(p + q, self.base)} END)"
        )


@dataclass(frozen=True)
class AvgGrowth(Num):
    m1: str
    m2: str
    m3: str

    def cmp(self, op: str, t: Fraction) -> str:
        p, q = _pq(t)  # ((m1-m2)/m2 + (m2-m3)/m3)/2 OP p/q  ⇔  q((m1-m2)m3 + (m2-m3)m2) OP 2p·m2·m3
        a, b, c = _wide(self.m1), _wide(self.m2), _wide(self.m3)  # products of two values: 128 bits
        lhs = f"{q} * (({a} - {b}) * {c} + ({b} - {c}) * {b})"
        return (
            f"(CASE WHEN {self.m2} <= 0 OR {self.m3} <= 0 THEN NULL "
            f"ELSE {lhs} {_op(op)} {2 * p} * {b} * {c} END)"
        )


@dataclass(frozen=True)
class Cagr(Num):
    """``sqrt(a/c) − 1`` (compared by squaring, as :class:`~chrysalis.criteria.exact.Surd`)."""

    a: str
    c: str

    def cmp(self, op: str, t: Fraction) -> str:
        s = 1 + t
        guard = f"{self.a} IS NULL OR {self.c} IS NULL OR {self.c} <= 0"
        if s < 0:
            return f"(CASE WHEN {guard} THEN NULL ELSE {_tf(op in ('>', '>=', '!='))} END)"
        p, q = _pq(s)  # a/c OP (p/q)^2  ⇔  q²·a OP p²·c
        return f"(CASE WHEN {guard} THEN NULL ELSE {_mul(q * q, self.a)} {_op(op)} {_mul(p * p, self.c)} END)"


@dataclass(frozen=True)
class SumOver(Num):
    """``(a + b) / divisor`` of two scaled money columns."""

    a: str
    b: str
    divisor: int

    def cmp(self, op: str, t: Fraction) -> str:
        p, q = _pq(t)  # (a+b)/d OP p/q  ⇔  q·(a+b) OP p·d (both sides in scaled units)
        return f"({_mul(q, f'({self.a} + {self.b})')} {_op(op)} {p * self.divisor * SCALE})"


@dataclass(frozen=True)
class Interval(Num):
    """An interval ``[lo, hi]`` (``unbounded``: hi = +∞), NULL lo = unknown; exact when lo = hi."""

    lo: str
    hi: str
    scale: int = 1
    unbounded: str | None = None

    def cmp(self, op: str, t: Fraction) -> str:
        p, q = _pq(t)
        thr = p * self.scale

        def c(x: str) -> str:
            return f"({_mul(q, x)} {_op(op)} {thr})"

        if op in ("==", "!="):
            inside = f"({_mul(q, self.lo)} <= {thr} AND "
            inside += (
                f"({self.unbounded} OR {thr} <= {_mul(q, self.hi)}))"
                if self.unbounded
                else f"{thr} <= {_mul(q, self.hi)})"
            )
            exact = (
                f"{self.lo} = {self.hi}"
                if not self.unbounded
                else f"NOT {self.unbounded} AND {self.lo} = {self.hi}"
            )
            return (
                f"(CASE WHEN {self.lo} IS NULL THEN NULL WHEN NOT {inside} THEN {_tf(op == '!=')} "
                f"WHEN {exact} THEN {_tf(op == '==')} ELSE NULL END)"
            )
        at_hi = c(self.hi)
        if self.unbounded:
            at_hi = f"(CASE WHEN {self.unbounded} THEN {_tf(op in ('>', '>='))} ELSE {at_hi} END)"
        return f"(CASE WHEN {c(self.lo)} = {at_hi} THEN {c(self.lo)} ELSE NULL END)"


# --------------------------------------------------------------------------- base table


@dataclass
class Base:
    """The columns of the per-firm base table the features need."""

    year: int
    as_of: dt.date
    application: str
    year_cols: dict[tuple[str, int], str] = field(default_factory=dict)
    list_aggs: dict[str, dict[str, str]] = field(default_factory=dict)  # list → {col: agg expr}
    e_cols: dict[str, str] = field(default_factory=dict)  # col → expression over e/industry_size
    judgements: list[str] = field(default_factory=list)
    narrow: bool = False  # money arrives as BIGINT (loader: every value within NARROW_LIMIT)
    labels: dict[str, str] = field(default_factory=dict)  # outcome/verdict → engine type (DuckDB ENUM)

    def lab(self, kind: str, text: str) -> str:
        """A label literal (``'met'``), typed as the engine's label type when it has one."""
        return f"CAST({quote(text)} AS {self.labels[kind]})" if kind in self.labels else quote(text)

    def ycol(self, fld: str, k: int) -> str:
        name = f"y{k}__{fld}"
        self.year_cols[(fld, k)] = name
        return name

    def agg(self, lst: str, name: str, expr: str) -> str:
        self.list_aggs.setdefault(lst, {})[name] = expr
        return name

    def ecol(self, name: str, expr: str) -> str:
        self.e_cols[name] = expr
        return name

    def judgement(self, cid: str) -> str:
        if cid not in self.judgements:
            self.judgements.append(cid)
        return f"j{self.judgements.index(cid)}"

    def sql(self) -> str:
        sel = ["e.uscc AS uscc"]
        sel += [f"{expr} AS {name}" for name, expr in self.e_cols.items()]
        joins = []
        # one join per year used ((uscc, year) is unique: validated), no pivot aggregate
        for k in sorted({k for _f, k in self.year_cols}):
            cols = ", ".join(
                f"{_scaled(fld, self.narrow)} AS {name}"
                for (fld, kk), name in self.year_cols.items()
                if kk == k
            )
            joins.append(
                f"LEFT JOIN (SELECT uscc, {cols} FROM y WHERE year = {self.year - k}) yp{k} ON yp{k}.uscc = "
                "e.uscc"
            )
        sel += [f"yp{k}.{name} AS {name}" for (_f, k), name in self.year_cols.items()]
        for i, (lst, aggs) in enumerate(self.list_aggs.items()):
            alias = f"l{i}"
            cols = ", ".join(f"{expr} AS {name}" for name, expr in aggs.items())
            joins.append(
                f"LEFT JOIN (SELECT uscc, {cols} FROM {lst} GROUP BY uscc) {alias} ON {alias}.uscc = e.uscc"
            )
            for name in aggs:
                empty = "FALSE" if name.endswith("__unb") else "0"  # an open sum flag, else a count/sum
                sel.append(
                    f"CASE WHEN e.{lst}__unknown THEN NULL ELSE COALESCE({alias}.{name}, {empty}) END AS "
                    f"{name}"
                )
        if self.judgements:
            cols = ", ".join(
                f"MAX(CASE WHEN criterion = {quote(c)} THEN outcome END) AS j{i}"
                for i, c in enumerate(self.judgements)
            )
            joins.append(
                f"LEFT JOIN (SELECT uscc, {cols} FROM judgements GROUP BY uscc) jd ON jd.uscc = e.uscc"
            )
            sel += [f"jd.j{i} AS j{i}" for i in range(len(self.judgements))]
        joins.insert(0, "LEFT JOIN industry_size ind ON ind.code = e.industry_code")
        return f"SELECT {', '.join(sel)} FROM e {' '.join(joins)}"


def _scaled(fld: str, narrow: bool = False) -> str:
    """A year field as an integer scaled by 10^6 (decimals arrive scaled; counts are scaled here)."""
    if YEAR_FIELDS[fld][0] in ("count", "level", "rank"):
        return f"{fld} * {SCALE}" if narrow else f"CAST({fld} AS DECIMAL(38,0)) * {SCALE}"
    return fld


# ---------------------------------------------------------------------- feature compile


def _window(year_expr: str, y: int, span: int, include_current: bool = False) -> str:
    hi = y if include_current else y - 1
    return f"({year_expr} BETWEEN {y - span} AND {hi})"


def _count(base: Base, lst: str, name: str, pred: str) -> Interval:
    # COUNT of a non-NULL marker: a 64-bit counter (SUM of integers is a 128-bit state in DuckDB)
    lo = base.agg(lst, f"{name}__lo", f"COUNT(CASE WHEN {pred} THEN 1 END)")  # items that count
    hi = base.agg(
        lst, f"{name}__hi", f"COUNT(CASE WHEN NOT ({pred}) THEN NULL ELSE 1 END)"
    )  # items not excluded
    return Interval(lo, hi)


def _ip_pred(base: Base, spec: IpCountSpec) -> str:
    cls_i = _in("kind", IP_CLASS_I)
    if spec.rules == "all":
        return f"(CASE WHEN NOT {cls_i} THEN FALSE ELSE valid END)"
    parts = ["valid", "related_to_leading_product"]
    if spec.rules == "2022":
        transferred_by = _date(_years_ago(base.as_of, 1))
        granted_by = _date(_years_ago(base.as_of, 2))
        parts.append(f"(transferred_in_on IS NULL OR transferred_in_on <= {transferred_by})")
        parts.append(f"(NOT {_in('kind', ('utility_model', 'design_patent'))} OR granted_on < {granted_by})")
    elif spec.rules == "2026":
        parts += ["(transferred_in_on IS NULL)", "(holder_rank <= 3)", "applied_with_benefit"]
    parts += list(spec.also)
    class_ok = cls_i if spec.cls == 1 else f"NOT {cls_i}"
    return f"(CASE WHEN NOT {class_ok} THEN FALSE ELSE ({' AND '.join(parts)}) END)"


def feature_value(name: str, base: Base) -> Value:
    """The compiled value of feature ``name`` (its columns are added to ``base``)."""
    return _compile_spec(SQL_SPECS[name], name, base)


@singledispatch
def _compile_spec(spec: SqlSpec, name: str, base: Base) -> Value:  # pragma: no cover - all registered
    raise ValueError(f"feature {name}: no SQL for {type(spec).__name__}")


@_compile_spec.register
def _year_field(spec: YearFieldSpec, name: str, base: Base) -> Value:
    return Scalar(base.ycol(spec.field, spec.k))


@_compile_spec.register
def _ratio(spec: RatioSpec, name: str, base: Base) -> Value:
    return Ratio(base.ycol(spec.num, spec.k), base.ycol(spec.den, spec.k))


@_compile_spec.register
def _growth(spec: GrowthSpec, name: str, base: Base) -> Value:
    return Growth(base.ycol(spec.field, 1), base.ycol(spec.field, 2))


@_compile_spec.register
def _avg_growth(spec: AvgGrowthSpec, name: str, base: Base) -> Value:
    fld = spec.field
    return AvgGrowth(base.ycol(fld, 1), base.ycol(fld, 2), base.ycol(fld, 3))


@_compile_spec.register
def _cagr(spec: CagrSpec, name: str, base: Base) -> Value:
    return Cagr(base.ycol(spec.field, 1), base.ycol(spec.field, 3))


@_compile_spec.register
def _two_year_sum(spec: TwoYearSumSpec, name: str, base: Base) -> Value:
    return SumOver(base.ycol(spec.field, 1), base.ycol(spec.field, 2), spec.divisor)


@_compile_spec.register
def _niche_years(spec: NicheYearsSpec, name: str, base: Base) -> Value:
    # whole years from niche_since to `end` (1 January of Y, or the assessment date): the year
    # difference, less one when the anniversary (month, day) falls after `end`'s (month, day)
    end = base.as_of if spec.to_date else dt.date(base.year, 1, 1)
    md = "EXTRACT(MONTH FROM e.niche_since) * 100 + EXTRACT(DAY FROM e.niche_since)"
    col = base.ecol(
        name,
        f"CASE WHEN e.niche_since IS NULL THEN NULL ELSE GREATEST({end.year} "
        f"- EXTRACT(YEAR FROM e.niche_since) "
        f"- CASE WHEN {md} > {end.month * 100 + end.day} THEN 1 ELSE 0 END, 0) END",
    )
    return Scalar(col, 1)


@_compile_spec.register
def _ip_count(spec: IpCountSpec, name: str, base: Base) -> Value:
    return _count(base, "ip", name, _ip_pred(base, spec))


@_compile_spec.register
def _award_count(spec: AwardCountSpec, name: str, base: Base) -> Value:
    parts = [_in("level", spec.levels), _window("year", base.year, spec.span)]
    if spec.max_rank is not None:
        parts.append(f"(rank <= {spec.max_rank})")
    pred = f"(CASE WHEN kind <> 'sci_tech' THEN FALSE ELSE ({' AND '.join(parts)}) END)"
    return _count(base, "awards", name, pred)


@_compile_spec.register
def _contest_count(spec: ContestCountSpec, name: str, base: Base) -> Value:
    inside = f"{_in('placement', spec.placements)} AND {_window('year', base.year, spec.span)}"
    pred = f"(CASE WHEN kind <> 'maker_china' THEN FALSE ELSE ({inside}) END)"
    return _count(base, "contests", name, pred)


@_compile_spec.register
def _incident_count(spec: IncidentCountSpec, name: str, base: Base) -> Value:
    window = _window("EXTRACT(YEAR FROM date)", base.year, spec.span, spec.include_current)
    inside = f"{_in('severity', ('major', 'serious'))} AND {window}"
    pred = f"(CASE WHEN NOT {_in('kind', spec.kinds)} THEN FALSE ELSE ({inside}) END)"
    return _count(base, "incidents", name, pred)


@_compile_spec.register
def _equity(spec: EquitySpec, name: str, base: Base) -> Value:
    inside = f"(qualified_investor AND {_window('EXTRACT(YEAR FROM date)', base.year, spec.span)})"
    lo = base.agg(
        "equity_rounds",
        f"{name}__lo",
        f"SUM(CASE WHEN {inside} AND paid_in IS NOT NULL THEN paid_in ELSE 0 END)",
    )
    hi = base.agg(
        "equity_rounds",
        f"{name}__hi",
        f"SUM(CASE WHEN NOT {inside} THEN 0 ELSE COALESCE(paid_in, 0) END)",
    )
    unb = base.agg(
        "equity_rounds",
        f"{name}__unb",
        f"MAX(CASE WHEN NOT {inside} THEN FALSE WHEN paid_in IS NULL THEN TRUE ELSE FALSE END)",
    )
    return Interval(lo, hi, SCALE, unb)


@_compile_spec.register
def _flag(spec: FlagSpec, name: str, base: Base) -> Value:
    return Bool(base.ecol(name, f"e.{spec.column}"))


@_compile_spec.register
def _registered(spec: RegisteredSpec, name: str, base: Base) -> Value:
    return Bool(base.ecol(name, "CASE WHEN e.uscc IS NULL THEN NULL ELSE TRUE END"))


@_compile_spec.register
def _review(spec: ReviewSpec, name: str, base: Base) -> Value:
    return Bool(_tf(base.application == "review"))


@_compile_spec.register
def _title(spec: TitleSpec, name: str, base: Base) -> Value:
    day = _date(base.as_of)
    valid = (
        f"(CASE WHEN valid_until IS NULL THEN NULL "
        f"ELSE ((granted_on IS NULL OR granted_on <= {day}) AND {day} <= valid_until) END)"
    )
    pred = f"(CASE WHEN NOT {_in('kind', spec.kinds)} THEN FALSE ELSE {valid} END)"
    iv = _count(base, "titles", name, pred)
    return Bool(
        f"(CASE WHEN {iv.lo} IS NULL THEN NULL WHEN {iv.lo} > 0 THEN TRUE "
        f"WHEN {iv.hi} > 0 THEN NULL ELSE FALSE END)"
    )


@_compile_spec.register
def _coded(spec: CodedSpec, name: str, base: Base) -> Value:
    whens = " ".join(f"WHEN {quote(k)} THEN {v}" for k, v in spec.codes.items())
    return Scalar(base.ecol(name, f"CASE e.{spec.column} {whens} END"), 1)


@_compile_spec.register
def _integer(spec: IntegerSpec, name: str, base: Base) -> Value:
    return Scalar(base.ecol(name, f"e.{spec.column}"), 1)


@_compile_spec.register
def _flag_count(spec: FlagCountSpec, name: str, base: Base) -> Value:
    items = [f"e.{f}" for f in spec.flags] + [f"(e.{f} > 0)" for f in spec.positive]
    lo = base.ecol(f"{name}__lo", " + ".join(f"CASE WHEN {i} THEN 1 ELSE 0 END" for i in items))
    hi = base.ecol(f"{name}__hi", " + ".join(f"CASE WHEN NOT {i} THEN 0 ELSE 1 END" for i in items))
    return Interval(lo, hi)


@_compile_spec.register
def _sme(spec: SmeSpec, name: str, base: Base) -> Value:
    emp, rev, assets = base.ycol("employees", 1), base.ycol("revenue", 1), base.ycol("total_assets", 1)
    base.ecol("size_cat", "ind.category")
    for m in ("x", "y", "z"):
        base.ecol(f"size_large_{m}", f"ind.large_{m}")
    large = (
        f"(size_large_x IS NULL OR {emp} >= size_large_x * {SCALE}) "
        f"AND (size_large_y IS NULL OR {rev} >= size_large_y * {SCALE}) "
        f"AND (size_large_z IS NULL OR {assets} >= size_large_z * {SCALE})"
    )
    return Bool(f"(CASE WHEN size_cat IS NULL THEN NULL ELSE NOT ({large}) END)")


# ------------------------------------------------------------------- condition compile


class Scope:
    """Name → compiled value, for conditions (features, then rule-scope names)."""

    def __init__(self, base: Base, extra: Mapping[str, Value] | None = None) -> None:
        self.base = base
        self.extra = dict(extra or {})
        self.cache: dict[str, Value] = {}

    def get(self, name: str) -> Value:
        if name in self.extra:
            return self.extra[name]
        v = self.cache.get(name)
        if v is None:
            v = self.cache[name] = feature_value(name, self.base)
        return v


def cond_sql(node: Node, scope: Scope) -> str:
    """A condition AST → a three-valued SQL boolean expression."""
    if isinstance(node, Name):
        v = scope.get(node.name)
        if not isinstance(v, Bool):
            raise ValueError(f"{node.name} is not yes/no")
        return v.sql
    if isinstance(node, Compare):
        v = scope.get(node.name)
        if not isinstance(v, Num):
            raise ValueError(f"{node.name} is not numeric")
        return v.cmp(node.op, node.value)
    if isinstance(node, Not):
        return f"(NOT {cond_sql(node.item, scope)})"
    sep = " AND " if isinstance(node, And) else " OR "
    assert isinstance(node, And | Or)
    return "(" + sep.join(cond_sql(i, scope) for i in node.items) + ")"


# ---------------------------------------------------------------------- rule-set compile


@dataclass
class CompiledRuleSet:
    rule_set: RuleSet
    index: int
    layers: list[list[tuple[str, str]]]  # each layer: (column, expr) selected on top of the previous layer
    criteria: list[
        tuple[Criterion, str, str | None, str | None]
    ]  # criterion, outcome col, pmin col, pmax col
    pass_mark: int | None

    @property
    def prefix(self) -> str:
        return f"r{self.index}"

    def sql(self, source: str = "base") -> str:
        """SELECT uscc, verdict, score_min, score_max, gap columns and one outcome/points column per
        criterion, over the base table."""
        q = f"SELECT * FROM {source}"
        for i, layer in enumerate(self.layers):
            cols = ", ".join(f"{expr} AS {col}" for col, expr in layer)
            q = f"SELECT q{i}.*, {cols} FROM ({q}) q{i}"
        p = self.prefix
        keep = [
            "uscc",
            f"{p}_verdict AS verdict",
            f"{p}_smin AS score_min",
            f"{p}_smax AS score_max",
            f"{p}_gap_conditions AS gap_conditions",
            f"{p}_gap_points AS gap_points",
            f"{p}_lacks AS lacks",
        ]
        for _c, o, lo, hi in self.criteria:
            keep.append(o)
            if lo and hi:
                keep += [lo, hi]
        return f"SELECT {', '.join(keep)} FROM ({q}) z"


def _condition_outcome(c: Criterion, base: Base, scope: Scope, uncertain: str) -> str:
    """The SQL outcome of a condition criterion, as the evaluator's ``_condition``: not in force →
    met; review only / evidence only → needs_review; review with a waiver; the district's
    uncertain setting; then a reviewer's judgement where the outcome may be needs_review."""
    MET, NOT_MET, UNKNOWN, REVIEW = (  # noqa: N806
        base.lab("outcome", t) for t in ("met", "not_met", "unknown", "needs_review")
    )
    to_review = uncertain == "review" and c.uncertain  # a district's choice (evaluate(uncertain=…))
    if not c.applies_in(base.year):  # an annual notice's rule outside its year: does not apply
        computed, to_review, reviewable = MET, False, False
    elif c.when is None or c.evidence_only:
        computed, reviewable = REVIEW, True
    else:
        t_sql = cond_sql(c.when, scope)
        met = MET
        if c.review and c.review_unless is not None:
            met = f"CASE WHEN {cond_sql(c.review_unless, scope)} THEN {MET} ELSE {REVIEW} END"
        elif c.review:
            met = REVIEW
        if to_review:
            computed = f"CASE WHEN ({t_sql}) IS NULL THEN {UNKNOWN} ELSE {REVIEW} END"
        else:
            computed = f"CASE WHEN {t_sql} THEN {met} WHEN NOT {t_sql} THEN {NOT_MET} ELSE {UNKNOWN} END"
        reviewable = c.review or to_review
    if reviewable:
        j = base.judgement(c.id)
        jv = f"CAST({j} AS {base.labels['outcome']})" if "outcome" in base.labels else j
        outcome = (
            f"CASE WHEN ({computed}) = {REVIEW} AND {j} IS NOT NULL THEN {jv} ELSE {computed} END"
            if computed != REVIEW
            else f"COALESCE({jv}, {REVIEW})"
        )
    else:
        outcome = computed
    return outcome


def compile_rule_set(rs: RuleSet, index: int, base: Base, uncertain: str = "hard") -> CompiledRuleSet:
    """``uncertain``: ``"hard"`` or ``"review"``, as :func:`~chrysalis.criteria.evaluate`."""
    p = f"r{index}"
    MET, NOT_MET, UNKNOWN, REVIEW = (
        base.lab("outcome", t) for t in ("met", "not_met", "unknown", "needs_review")
    )  # noqa: N806
    layers: list[list[tuple[str, str]]] = []
    scope = Scope(base)
    crit_cols: dict[str, tuple[str, str | None, str | None]] = {}
    # layer 0: scored indicators (features only)
    l0: list[tuple[str, str]] = []
    for i, c in enumerate(rs.criteria):
        if c.kind != "score":
            continue
        lo_col, hi_col, o_col = f"{p}_c{i}_lo", f"{p}_c{i}_hi", f"{p}_c{i}"
        if c.slot is not None:
            lo_e, hi_e = str(c.otherwise), str(c.max_points)
        else:
            conds = [cond_sql(b.when, scope) for b in c.bands]
            lo_e = (
                "CASE "
                + " ".join(f"WHEN {s} THEN {b.points}" for s, b in zip(conds, c.bands, strict=True))
                + f" ELSE {c.otherwise} END"
            )
            # "first band not false" (written without IS NOT FALSE, which Spark lacks)
            hi_e = (
                "CASE "
                + " ".join(
                    f"WHEN COALESCE({s}, TRUE) THEN {b.points}" for s, b in zip(conds, c.bands, strict=True)
                )
                + f" ELSE {c.otherwise} END"
            )
        l0 += [(lo_col, lo_e), (hi_col, hi_e)]
        crit_cols[c.id] = (o_col, lo_col, hi_col)
        scope.extra[f"points.{c.id}"] = Interval(lo_col, hi_col)
    layers.append(l0)
    # layer 1: score outcomes, groups, total, scorecard
    l1: list[tuple[str, str]] = []
    for c in rs.criteria:
        if c.kind == "score":
            o, lo, hi = crit_cols[c.id]
            l1.append(
                (
                    o,
                    f"CASE WHEN {lo} = {hi} THEN (CASE WHEN {lo} > 0 THEN {MET} ELSE {NOT_MET} END) ELSE "
                    f"{UNKNOWN} END",
                )
            )
    sc = rs.scorecard
    if sc is not None:
        parts = []
        for g in sc.groups:
            glo = " + ".join(str(crit_cols[m][1]) for m in g.members)
            ghi = " + ".join(str(crit_cols[m][2]) for m in g.members)
            l1 += [(f"{p}_g_{g.id}_lo", glo), (f"{p}_g_{g.id}_hi", ghi)]
            scope.extra[f"score.{g.id}"] = Interval(f"{p}_g_{g.id}_lo", f"{p}_g_{g.id}_hi")
            if g.min_points is not None:
                parts.append(
                    f"(CASE WHEN ({glo}) >= {g.min_points} THEN TRUE WHEN ({ghi}) < {g.min_points} THEN "
                    "FALSE ELSE NULL END)"
                )
        smin = " + ".join(str(crit_cols[c.id][1]) for c in rs.scored)
        smax = " + ".join(str(crit_cols[c.id][2]) for c in rs.scored)
        l1 += [(f"{p}_smin", smin), (f"{p}_smax", smax)]
        parts.insert(
            0,
            f"(CASE WHEN ({smin}) >= {sc.pass_mark} THEN TRUE WHEN ({smax}) < {sc.pass_mark} THEN FALSE "
            "ELSE NULL END)",
        )
        l1.append((f"{p}_scorecard", "(" + " AND ".join(parts) + ")"))
        scope.extra["score"] = Interval(f"{p}_smin", f"{p}_smax")
        scope.extra["scorecard"] = Bool(f"{p}_scorecard")
    else:
        l1 += [(f"{p}_smin", "CAST(NULL AS INTEGER)"), (f"{p}_smax", "CAST(NULL AS INTEGER)")]
    layers.append(l1)
    # conditions, layered by dependency on earlier criteria
    depth: dict[str, int] = {}
    by_layer: dict[int, list[tuple[str, str]]] = {}
    for i, c in enumerate(rs.criteria):
        if c.kind != "condition":
            continue
        refs = [n for n in names(c.when)] if c.when is not None else []
        d = 1 + max((depth[n] for n in refs if n in depth), default=-1)
        depth[c.id] = d
        o_col = f"{p}_c{i}"
        outcome = _condition_outcome(c, base, scope, uncertain)
        by_layer.setdefault(d, []).append((o_col, outcome))
        crit_cols[c.id] = (o_col, None, None)
        scope.extra[c.id] = Bool(
            f"(CASE WHEN {o_col} = {MET} THEN TRUE WHEN {o_col} = {NOT_MET} THEN FALSE ELSE NULL END)"
        )
    for d in sorted(by_layer):
        layers.append(by_layer[d])
    passes = cond_sql(rs.passes, scope)
    hard = [(c, crit_cols[c.id][0]) for c in rs.criteria if c.kind == "condition" and c.role in HARD_ROLES]
    gap_cond = " + ".join(f"CASE WHEN {o} = {NOT_MET} THEN 1 ELSE 0 END" for _c, o in hard) or "0"
    gap_pts = f"GREATEST({sc.pass_mark} - {p}_smax, 0)" if sc is not None else "CAST(NULL AS INTEGER)"
    lacks_items = [f"CASE WHEN {o} = {NOT_MET} THEN {quote(c.id + ',')} ELSE '' END" for c, o in hard]
    if sc is not None:
        lacks_items.append(f"CASE WHEN {p}_smax < {sc.pass_mark} THEN 'score,' ELSE '' END")
    lacks = "CONCAT(" + ", ".join(lacks_items) + ")" if lacks_items else "''"
    v = {t: base.lab("verdict", t) for t in ("eligible", "not_eligible", "undetermined")}
    layers.append(
        [
            (
                f"{p}_verdict",
                f"CASE WHEN {passes} THEN {v['eligible']} WHEN NOT {passes} THEN {v['not_eligible']} "
                f"ELSE {v['undetermined']} END",
            ),
            (f"{p}_gap_conditions", gap_cond),
            (f"{p}_gap_points", gap_pts),
            (f"{p}_lacks", lacks),
        ]
    )
    crit = [(c, o, lo, hi) for c in rs.criteria for o, lo, hi in (crit_cols[c.id],)]
    return CompiledRuleSet(rs, index, layers, crit, sc.pass_mark if sc else None)


# ------------------------------------------------------------------------------ the plan


@dataclass
class Plan:
    year: int
    application: str
    as_of: dt.date
    base: Base
    rule_sets: list[CompiledRuleSet]
    local_rules: list[tuple[str, str]]  # (rule name, SQL truth over base)

    def base_sql(self) -> str:
        return self.base.sql()

    def local_sql(self, source: str = "base") -> str:
        m, n, u = (self.base.lab("outcome", x) for x in ("met", "not_met", "unknown"))
        cols = ", ".join(
            f"CASE WHEN {t} THEN {m} WHEN NOT {t} THEN {n} ELSE {u} END AS l{i}"
            for i, (_n, t) in enumerate(self.local_rules)
        )
        return f"SELECT uscc{', ' + cols if cols else ''} FROM {source}"


def compile_plan(
    rule_sets: Sequence[RuleSet],
    local_rules: Mapping[str, str | Node] | None = None,
    *,
    year: int,
    application: str = "new",
    as_of: dt.date | None = None,
    narrow: bool = False,
    labels: Mapping[str, str] | None = None,
    uncertain: Mapping[str, str] | None = None,
) -> Plan:
    """Compile rule sets and local screening rules (condition text or AST over the feature
    registry) for one application year into a :class:`Plan` of SQL queries. ``uncertain``:
    rule-set id → ``"hard"`` (default) or ``"review"`` (see :func:`~chrysalis.criteria.evaluate`)."""
    day = as_of or dt.date(year, 6, 30)
    base = Base(year, day, application, narrow=narrow, labels=dict(labels or {}))
    modes = dict(uncertain or {})
    compiled = [compile_rule_set(rs, i, base, modes.get(rs.id, "hard")) for i, rs in enumerate(rule_sets)]
    scope = Scope(base)
    local: list[tuple[str, str]] = []
    for name, rule in (local_rules or {}).items():
        ast = compile_condition(rule).ast if isinstance(rule, str) else rule
        local.append((name, cond_sql(ast, scope)))
    return Plan(year, application, day, base, compiled, local)
