"""The feature registry: every named quantity a rule or a screening condition can use.

One registry serves the catalogue (official rules), local screening rules (A7) and — via the
``definition`` texts and the ``kind``/``unit`` columns — the SQL compiler of the batch engine.
A feature has a canonical English name, Chinese aliases, a unit, a kind (``number`` or
``bool``), a definition, and two functions: ``derive`` (facts → value, with the figures used)
and, for gap analysis, ``solve`` (the smallest change of each input that makes ``feature OP
threshold`` true). Year-relative names: ``revenue`` = 上年度 (Y-1), ``revenue_y2`` = Y-2,
``revenue_y3`` = Y-3; ``quality_score`` = the application year (A8).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from .exact import (
    Bounds,
    Number,
    Surd,
    Truth,
    ceil_to,
    floor_to,
    fmt_apart,
    fmt_gap,
    fmt_num,
    fmt_pct,
    to_decimal,
)
from .facts import FACT_FIELD_ZH, YEAR_FIELDS, Facts

if TYPE_CHECKING:
    from .size import SizeClass

# ----------------------------------------------------------------------------- value types


@dataclass(frozen=True, slots=True)
class Figure:
    """One input figure used by a rule: field, fiscal year (None for non-yearly facts), value
    and its source when the facts document names one."""

    field: str
    year: int | None
    value: object
    source: str | None = None


@dataclass(frozen=True, slots=True)
class FeatureValue:
    value: object  # bool | Fraction | Surd | Bounds | None
    figures: tuple[Figure, ...] = ()
    missing: tuple[tuple[str, int | None], ...] = ()  # inputs to collect when value is unknown
    note: str | None = None


class Change:
    """One way to close a gap: set ``field`` (of ``year``) from ``current`` to ``required``.

    Immutable, compared and hashed like a frozen dataclass of its nine attributes (``field``,
    ``year``, ``current``, ``required``, ``change`` — the signed amount in ``unit``, None when
    not a number —, ``unit``, ``text_zh``, ``cost`` — the relative size of the change, for
    ranking (1 = 100 %) — and ``actionable``). ``text_zh`` may be given as a function: the gap
    analysis weighs many candidate changes and words only those it keeps (or compares)."""

    __slots__ = (
        "field",
        "year",
        "current",
        "required",
        "change",
        "unit",
        "_text",
        "cost",
        "actionable",
        "_hash",
    )
    field: str
    year: int | None
    current: object
    required: object
    change: object
    unit: str
    _text: str | Callable[[], str]
    cost: Fraction
    actionable: bool
    _hash: int | None

    def __init__(
        self,
        field: str,
        year: int | None,
        current: object,
        required: object,
        change: object,
        unit: str,
        text_zh: str | Callable[[], str],
        cost: Fraction,
        actionable: bool = True,
    ) -> None:
        put = object.__setattr__
        put(self, "field", field)
        put(self, "year", year)
        put(self, "current", current)
        put(self, "required", required)
        put(self, "change", change)
        put(self, "unit", unit)
        put(self, "_text", text_zh)
        put(self, "cost", cost)
        put(self, "actionable", actionable)
        put(self, "_hash", None)

    @property
    def text_zh(self) -> str:
        text = self._text
        if not isinstance(text, str):
            text = text()
            object.__setattr__(self, "_text", text)
        return text

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")  # frozen

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def _head(self) -> tuple[object, ...]:
        return (self.field, self.year, self.current, self.required, self.change, self.unit)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Change)
        # field by field in order, as a dataclass compares its tuple: the text is worded only
        # when everything before it is equal
        return (
            self._head() == other._head()
            and self.text_zh == other.text_zh
            and self.cost == other.cost
            and self.actionable == other.actionable
        )

    def __hash__(self) -> int:  # equal changes hash equal; the text is left out (see __eq__)
        h = self._hash
        if h is None:  # immutable: hashed once (Fraction and Decimal hashes are costly)
            h = hash((*self._head(), self.cost, self.actionable))
            object.__setattr__(self, "_hash", h)
        return h

    def __repr__(self) -> str:
        return (
            f"Change(field={self.field!r}, year={self.year!r}, current={self.current!r}, "
            f"required={self.required!r}, change={self.change!r}, unit={self.unit!r}, "
            f"text_zh={self.text_zh!r}, cost={self.cost!r}, actionable={self.actionable!r})"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (
            Change,
            (*self._head(), self.text_zh, self.cost, self.actionable),
        )


class Context:
    """Evaluation context for one firm, application year and application type, with a
    per-feature cache (a feature is derived at most once per assessment)."""

    __slots__ = ("facts", "year", "application", "as_of", "cache", "shown", "inputs")

    def __init__(
        self, facts: Facts, year: int, application: str = "new", as_of: dt.date | None = None
    ) -> None:
        self.facts = facts
        self.year = year
        self.application = application
        self.as_of = as_of or dt.date(year, 6, 30)
        self.cache: dict[str, FeatureValue] = {}
        #: formatted feature values for explanations, (feature, thresholds) → (label, text)
        self.shown: dict[object, object] = {}
        #: yearly inputs read by features and solvers, (field, k) → (value, figure, missing)
        self.inputs: dict[
            tuple[str, int], tuple[Fraction | None, Figure, tuple[tuple[str, int | None], ...]]
        ] = {}

    def get(self, name: str) -> FeatureValue:
        fv = self.cache.get(name)
        if fv is None:
            fv = FEATURES[name].derive(self)
            self.cache[name] = fv
        return fv

    def value(self, name: str) -> object:
        return self.get(name).value

    def size_class(self) -> SizeClass:
        """The firm's size class from the figures of Y-1, computed once per assessment."""
        key = ("size_class",)
        sc = self.shown.get(key)
        if sc is None:
            from .size import classify_facts

            sc = self.shown[key] = classify_facts(self.facts, self.year)
        return sc  # type: ignore[return-value]


Solver = Callable[[Context, str, Fraction], list[Change]]


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    aliases: tuple[str, ...]  # Chinese names accepted in conditions; aliases[0] is the display name
    kind: str  # "number" | "bool"
    unit: str  # 万元, 比例, 人, 项, 年, 分, 级, 名, 是/否
    definition_zh: str
    definition_en: str
    derive: Callable[[Context], FeatureValue] = field(repr=False)
    solve: Solver | None = field(default=None, repr=False)
    formulas: tuple[str, ...] = ()

    @property
    def alias_zh(self) -> str:
        return self.aliases[0] if self.aliases else self.name


class FeatureRegistry:
    """Name → :class:`Feature`; also a condition-language scope (aliases resolve)."""

    def __init__(self) -> None:
        self._by_name: dict[str, Feature] = {}
        self._alias: dict[str, str] = {}

    def add(self, f: Feature) -> None:
        from .condition import tokenize

        for key in (f.name, *f.aliases):
            toks = tokenize(key)
            if len(toks) != 2 or toks[0].kind != "NAME":
                raise ValueError(f"feature name/alias {key!r} is not a single condition-language name")
            if key in self._alias or key in self._by_name:
                raise ValueError(f"duplicate feature name/alias {key!r}")
        self._by_name[f.name] = f
        for a in f.aliases:
            self._alias[a] = f.name

    def __getitem__(self, name: str) -> Feature:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name or name in self._alias

    def __iter__(self) -> Iterator[Feature]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def resolve(self, name: str) -> tuple[str, str] | None:
        canon = name if name in self._by_name else self._alias.get(name)
        if canon is None and name.lower() in self._by_name:
            canon = name.lower()
        if canon is None:
            return None
        return canon, self._by_name[canon].kind

    def known_names(self) -> Iterable[str]:
        return [*self._by_name, *self._alias]

    def table(self) -> list[dict[str, str]]:
        """The registry as rows (name, aliases, kind, unit, definition) — for docs and the UI."""
        return [
            {
                "name": f.name,
                "aliases": " / ".join(f.aliases),
                "kind": f.kind,
                "unit": f.unit,
                "definition_zh": f.definition_zh,
                "definition_en": f.definition_en,
            }
            for f in self
        ]


FEATURES = FeatureRegistry()

#: 口径说明: the formulas not given by the official texts (A5) and other reading rules.
FORMULAS: dict[str, str] = {
    "last_year": "上年度 = 申报年度的前一个会计年度（Y-1）；上年末 = Y-1 年 12 月 31 日；近两年 = Y-1 与 "
    "Y-2。",
    "ratio": "比重类指标按分数精确比较（等价于交叉相乘，如 研发费用×100 ≥ 3×营业收入），不用二进制浮点数；"
    "分母为 0 或缺失时为“未知”。",
    "growth": "年增长率 = (x[Y-1] − x[Y-2]) / x[Y-2]；基数为 0、负数或缺失时为“未知”，不作除法。",
    "avg_growth_2y": "近2年平均增长率 = 近两个年增长率的算术平均：((x[Y-1]−x[Y-2])/x[Y-2] + (x[Y-2]−x[Y-3])"
    "/x[Y-3]) / 2。",
    "cagr_2y": "近两年复合增长率 = √(x[Y-1]/x[Y-3]) − 1；判断时两边平方精确比较（x[Y-1] ≥ x[Y-3]×(1+阈值)²）"
    "，不用浮点数开方。",
    "recent_3y": "近三年（奖励、融资、竞赛、事故）= 申报年度之前的三个自然年（Y-3 至 Y-1）；近两年融资 = "
    "Y-2 至 Y-1；近五年 = Y-5 至 Y-1。",
    "niche_years": "从事特定细分市场年限 = 自细分市场起始日至上年末（Y-1 年 12 月 31 日）的完整年数。",
    "niche_years_to_date": "2022 专精特新“从事特定细分市场时间达到2年以上”未写“截至上年末”：按自细分市场"
    "起始日至评价基准日的完整年数计。",
    "ip_tech_sme": "科技型中小企业的Ⅰ类知识产权：有效、与主要产品相关即可，不排除受让取得的（评价办法无受让"
    "条件）。",
    "incidents_2026": "2026 年基本条件的事故与违法记录：较大以上安全生产事故、重大网络与数据安全事件、"
    "重大环境违法、严重质量问题、严重违反行业管理规定（不含税务记录），严重程度按“重大”或“严重”计；申报年度内的事件"
    "不在“近三年”内，仅作提示。",
    "ip_2022": "Ⅰ类知识产权（2022 口径）：有效、与主导产品相关；不含申报前 1 年内受让的；Ⅱ类中实用新型、"
    "外观设计须授权满 2 年。",
    "ip_2026": "Ⅰ类知识产权（2026 口径）：有效、与主导产品相关、已实际应用并产生经济效益；受让取得的不计；"
    "企业须为前三位权利人（后两项仅见单一来源）。",
    "title_valid": "称号/资质以评价基准日（默认申报年 6 月 30 日）在有效期内为准。",
    "boundary": "档位边界恰好落在两档共同边界上时，归入较优一档（条文未写明，本系统的解释）。",
    "score_range": "缺数据的评分指标按其可能的最低分计入最低分、最高分计入最高分，总分以区间表示。",
    "quality_score": "专精特新发展评价得分由工信部平台计算，作为输入；本年度得分 = 申报年度得分；"
    "复核企业近两年任一年（申报年或上一年）达标即可。",
    "size": "企业规模按《中小企业划型标准规定》：行业（GB/T 4754 代码 → 16 类）与上年度从业人员、营业收入、"
    "资产总额；“以下”为严格小于。",
}

# ---------------------------------------------------------------------------------- helpers

MONEY_STEP = Fraction(1, 100)  # 0.01 万元 = 100 元
RATIO_STEP = Fraction(1, 10000)


def _step(field: str) -> Fraction:
    kind = YEAR_FIELDS.get(field, ("money",))[0]
    return Fraction(1) if kind in ("count", "level", "rank") else MONEY_STEP


def _zh(field: str) -> str:
    if field in YEAR_FIELDS:
        return YEAR_FIELDS[field][1].split("（")[0]
    if field in FEATURES:
        return re.sub(r"_(\d{4})$", r"（\1 口径）", FEATURES[field].alias_zh)
    return FACT_FIELD_ZH.get(field, field)


def _unit(field: str) -> str:
    return YEAR_FIELDS[field][2] if field in YEAR_FIELDS else ""


def _fmt(x: Fraction | Decimal | int | None, places: int = 2) -> str:
    return "未知" if x is None else fmt_num(x, places)


def _fmt_apart(x: Fraction, ref: Fraction) -> str:
    return fmt_apart(x, [ref])


def _fmt_gap(x: Fraction) -> str:
    return fmt_gap(x)


def _pct(x: Fraction) -> str:
    return fmt_pct(x)


def year_input(
    ctx: Context, field: str, k: int
) -> tuple[Fraction | None, Figure, tuple[tuple[str, int | None], ...]]:
    """``field`` of year Y-k: exact value (None if unknown), the figure shown, what is missing.
    Read once per assessment (features and gap solvers share it)."""
    hit = ctx.inputs.get((field, k))
    if hit is not None:
        return hit
    y = ctx.year - k
    yf = ctx.facts.year(y)
    v = getattr(yf, field) if yf is not None else None
    fig = Figure(field, y, v, yf.source_of(field) if yf is not None else None)
    hit = ctx.inputs[(field, k)] = (
        (None if v is None else Fraction(v)),
        fig,
        (() if v is not None else ((field, y),)),
    )
    return hit


def _target(op: str, t: Fraction, step: Fraction) -> Fraction | None:
    """Smallest/largest value on the grid ``step`` satisfying ``x OP t``."""
    if op == ">=":
        return ceil_to(t, step)
    if op == ">":
        return floor_to(t, step) + step
    if op == "<=":
        return floor_to(t, step)
    if op == "<":
        return ceil_to(t, step) - step
    return None


def _rel(change: Fraction, base: Fraction | None) -> Fraction:
    if base is None or base == 0:
        return Fraction(1) + abs(change) / 10**6  # from nothing: 100 %, bigger amounts cost more
    return abs(change) / abs(base)


def once(fn: Callable[[], str]) -> Callable[[], str]:
    """A text worded at most once (shared by the changes of one solution)."""
    done: list[str] = []

    def text() -> str:
        if not done:
            done.append(fn())
        return done[0]

    return text


def change_of(
    field: str,
    year: int | None,
    current: Fraction | None,
    op: str,
    t: Fraction,
    adjust: str,
    label: str | None = None,
    prefix: str | Callable[[], str] = "",
) -> Change | None:
    """Smallest change of one input ``field`` so that ``field OP t`` holds (None if the
    current value already satisfies it or the field cannot move in that direction). The text
    (``prefix`` may be a function too) is worded when first read."""
    step = _step(field)
    req = _target(op, t, step)
    if req is None or current is None:
        return None
    up = op in (">=", ">")
    if (up and current >= req) or (not up and current <= req):
        return None
    unit = _unit(field)
    delta = req - current
    actionable = not (up and "up" not in adjust or not up and "down" not in adjust)

    def text() -> str:
        head = prefix if isinstance(prefix, str) else prefix()
        name = label or _zh(field)
        when = f"{year}年" if year else ""
        if not actionable:
            return (
                f"{head}{when}{name}需{'达到' if up else '降至'} {_fmt(req)} {unit}"
                f"（现为 {_fmt_apart(current, req)}）"
            )
        verb = "还差" if up else "需减少"
        return (
            f"{head}{when}{name}{verb} {_fmt_gap(abs(delta))} {unit}（现为 {_fmt_apart(current, req)}，"
            f"需{'≥' if up else '≤'} {_fmt(req)}）"
        )

    return Change(
        field, year, _dec(current), _dec(req), _dec(delta), unit, text, _rel(delta, current), actionable
    )


def _dec(x: Fraction | None) -> Decimal | None:
    return None if x is None else to_decimal(x, 4)


def register(
    name: str,
    aliases: tuple[str, ...] | str,
    kind: str,
    unit: str,
    zh: str,
    en: str,
    derive: Callable[[Context], FeatureValue],
    solve: Solver | None = None,
    formulas: tuple[str, ...] = (),
) -> None:
    FEATURES.add(
        Feature(
            name,
            (aliases,) if isinstance(aliases, str) else aliases,
            kind,
            unit,
            zh,
            en,
            derive,
            solve,
            formulas,
        )
    )


def count_value(truths: Iterable[Truth]) -> Fraction | Bounds:
    lo = hi = 0
    for t in truths:
        if t is True:
            lo += 1
            hi += 1
        elif t is None:
            hi += 1
    return Fraction(lo) if lo == hi else Bounds(Fraction(lo), Fraction(hi))


def lower(v: object) -> Fraction | None:
    """Known lower bound of a numeric value (for gap arithmetic)."""
    if isinstance(v, Fraction):
        return v
    if isinstance(v, Bounds):
        return v.lo
    return None


# the definitions live in feature_defs.py (kept apart so each module stays short)
from . import feature_defs as _feature_defs  # noqa: E402,F401  (registers on import)

__all__ = ["FEATURES", "FORMULAS", "Change", "Context", "Feature", "FeatureValue", "Figure", "Number", "Surd"]
