"""Definitions of the registered features (see features.py for the types).

Each ``register`` call names a feature, its Chinese aliases, kind, unit, definition (Chinese
and English), how it is derived from the facts, and — for numeric features a firm can move —
how to close a gap. The definitions here are the single source the docs and the SQL compiler
read (``FEATURES.table()``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction

from .exact import Bounds, Surd, Truth, fmt_gap, fmt_pct_apart, three_all, three_any
from .facts import IP_CLASS_I, RD_LEVEL_ZH, YEAR_FIELDS, Award, Contest, Incident, IPRight
from .features import (
    MONEY_STEP,
    Change,
    Context,
    FeatureValue,
    Figure,
    Solver,
    _dec,
    _fmt,
    _pct,
    _rel,
    _target,
    _zh,
    change_of,
    count_value,
    lower,
    once,
    register,
    year_input,
)
from .sql_specs import (
    SQL_SPECS,
    AvgGrowthSpec,
    AwardCountSpec,
    CagrSpec,
    CodedSpec,
    ContestCountSpec,
    CountSpec,
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
    TitleSpec,
    TwoYearSumSpec,
    YearFieldSpec,
)

YEAR_SUFFIX = {1: "", 2: "_y2", 3: "_y3"}
YEAR_PREFIX_ZH = {1: ("上年度", ""), 2: ("前年",), 3: ("大前年",)}
ALIASES = {
    "employees": ("从业人员", "职工总数"),
    "revenue": ("营业收入", "销售收入"),
    "rd_expense": ("研发费用",),
}
ADJUST = {
    "revenue": "up",
    "main_revenue": "up",
    "rd_expense": "up",
    "net_profit": "up",
    "total_assets": "up",
    "total_liabilities": "down",
    "employees": "up",
    "rd_staff": "up",
    "tech_staff": "up",
    "tax_paid": "up",
    "digital_level": "up",
    "quality_score": "up",
    "niche_share": "up",
    "niche_share_international": "up",
    "niche_rank_domestic": "down",
    "total_cost_expense": "",
}

# ------------------------------------------------------------------------- yearly fields


def _field_feature(field: str, k: int) -> None:
    zh = _zh(field)
    names = ALIASES.get(field, (zh,))
    if k == 1:
        aliases = (*names, f"上年度{names[0]}")
    else:
        aliases = tuple(f"{YEAR_PREFIX_ZH[k][0]}{n}" for n in names)
    label = "上年度" if k == 1 else f"Y-{k}"

    def derive(ctx: Context) -> FeatureValue:
        v, fig, missing = year_input(ctx, field, k)
        return FeatureValue(v, (fig,), missing)

    def solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
        v, _fig, _m = year_input(ctx, field, k)
        c = change_of(field, ctx.year - k, v, op, t, ADJUST.get(field, ""))
        return [c] if c else []

    SQL_SPECS[f"{field}{YEAR_SUFFIX[k]}"] = YearFieldSpec(field, k)
    register(
        f"{field}{YEAR_SUFFIX[k]}",
        aliases,
        "number",
        YEAR_FIELDS[field][2] or "比例",
        f"{label}{YEAR_FIELDS[field][1]}（years[Y-{k}].{field}）",
        f"{field} of year Y-{k}",
        derive,
        solve,
        ("last_year",),
    )


for _f in YEAR_FIELDS:
    if _f != "quality_score":
        for _k in (1, 2, 3):
            _field_feature(_f, _k)


def _quality(k: int) -> Callable[[Context], FeatureValue]:
    def derive(ctx: Context) -> FeatureValue:
        v, fig, missing = year_input(ctx, "quality_score", k)
        return FeatureValue(v, (fig,), missing)

    return derive


def _quality_solve(k: int) -> Solver:
    def solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
        v, _f, _m = year_input(ctx, "quality_score", k)
        c = change_of("quality_score", ctx.year - k, v, op, t, "up")
        return [c] if c else []

    return solve


SQL_SPECS["quality_score"] = YearFieldSpec("quality_score", 0)
SQL_SPECS["quality_score_prev"] = YearFieldSpec("quality_score", 1)
register(
    "quality_score",
    ("专精特新发展评价得分", "本年度评价得分"),
    "number",
    "分",
    "申报年度的中小企业专精特新发展评价得分（平台计算，years[Y].quality_score）",
    "MIIT platform quality score of the application year",
    _quality(0),
    _quality_solve(0),
    ("quality_score",),
)
register(
    "quality_score_prev",
    ("上年度评价得分",),
    "number",
    "分",
    "上一年度的专精特新发展评价得分（years[Y-1].quality_score）",
    "quality score of the year before the application year",
    _quality(1),
    _quality_solve(1),
    ("quality_score",),
)

# --------------------------------------------------------------------------------- ratios


def _ratio(
    name: str,
    aliases: tuple[str, ...],
    num: str,
    den: str,
    k: int,
    adjust_num: str,
    adjust_den: str,
    zh: str,
    en: str,
) -> None:
    def derive(ctx: Context) -> FeatureValue:
        a, fa, ma = year_input(ctx, num, k)
        b, fb, mb = year_input(ctx, den, k)
        if a is None or b is None:
            return FeatureValue(None, (fa, fb), ma + mb)
        if b == 0:
            return FeatureValue(None, (fa, fb), (), f"{_zh(den)}为 0，比重无法计算")
        return FeatureValue(a / b, (fa, fb))

    def solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
        a, _fa, _ma = year_input(ctx, num, k)
        b, _fb, _mb = year_input(ctx, den, k)
        if a is None or b is None or b == 0:
            return []
        up = op in (">=", ">")

        @once
        def head() -> str:
            cur = a / b
            gap_pp = abs(t - cur) * 100
            return (
                f"{aliases[0]}（{ctx.year - k}年）现为 {fmt_pct_apart(cur, [t])}，"
                f"需{'≥' if up else '≤'} {_pct(t)}，"
                f"{'还差' if up else '需降低'} {fmt_gap(gap_pp)} 个百分点："
            )

        out = []
        c = change_of(num, ctx.year - k, a, op, t * b, adjust_num, prefix=head)
        if c:
            out.append(c)
        if t > 0:  # den moves the other way: ratio ≥ t ⇔ den ≤ num / t
            c2 = change_of(
                den,
                ctx.year - k,
                b,
                {">=": "<=", ">": "<", "<=": ">=", "<": ">"}.get(op, op),
                a / t,
                adjust_den,
                prefix=head,
            )
            if c2 and c2.actionable:
                out.append(c2)
        return out

    SQL_SPECS[name] = RatioSpec(num, den, k)
    register(name, aliases, "number", "比例", zh, en, derive, solve, ("ratio", "last_year"))


_ratio(
    "rd_ratio",
    ("研发占比", "研发费用占比", "研发费用占营业收入比重"),
    "rd_expense",
    "revenue",
    1,
    "up",
    "",
    "上年度研发费用总额 ÷ 营业收入总额",
    "R&D expense / operating revenue, Y-1",
)
_ratio(
    "rd_ratio_y2",
    ("前年研发占比",),
    "rd_expense",
    "revenue",
    2,
    "up",
    "",
    "Y-2 年研发费用 ÷ 营业收入",
    "R&D expense / operating revenue, Y-2",
)
_ratio(
    "rd_ratio_cost",
    ("研发费用占成本费用比重",),
    "rd_expense",
    "total_cost_expense",
    1,
    "up",
    "",
    "上年度研发费用 ÷ 成本费用总额（科技型中小企业口径）",
    "R&D expense / total cost and expense, Y-1",
)
_ratio(
    "main_share",
    ("主营业务收入占比", "主营业务收入占营业收入比重"),
    "main_revenue",
    "revenue",
    1,
    "up",
    "",
    "上年度主营业务收入 ÷ 营业收入",
    "main-business revenue / operating revenue, Y-1",
)
_ratio(
    "debt_ratio",
    ("资产负债率",),
    "total_liabilities",
    "total_assets",
    1,
    "down",
    "up",
    "上年末负债总额 ÷ 资产总额",
    "total liabilities / total assets at the end of Y-1",
)
_ratio(
    "net_margin",
    ("净利润率",),
    "net_profit",
    "revenue",
    1,
    "up",
    "",
    "上年度净利润 ÷ 营业收入",
    "net profit / operating revenue, Y-1",
)
_ratio(
    "rd_staff_ratio",
    ("研发人员占比",),
    "rd_staff",
    "employees",
    1,
    "up",
    "",
    "上年度研发人员 ÷ 职工总数",
    "R&D staff / employees, Y-1",
)
_ratio(
    "tech_staff_ratio",
    ("科技人员占比",),
    "tech_staff",
    "employees",
    1,
    "up",
    "",
    "上年度科技人员 ÷ 职工总数",
    "technical staff / employees, Y-1",
)

# ---------------------------------------------------------------------------- growth rates


def _growth(field: str, name: str, aliases: tuple[str, ...]) -> None:
    def derive(ctx: Context) -> FeatureValue:
        a, fa, ma = year_input(ctx, field, 1)
        b, fb, mb = year_input(ctx, field, 2)
        if a is None or b is None:
            return FeatureValue(None, (fa, fb), ma + mb)
        if b <= 0:
            return FeatureValue(
                None, (fa, fb), (), f"{ctx.year - 2}年{_zh(field)}为 {_fmt(b)}，增长率基数无效，记为未知"
            )
        return FeatureValue((a - b) / b, (fa, fb))

    def solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
        a, _f, _m = year_input(ctx, field, 1)
        b, _f2, _m2 = year_input(ctx, field, 2)
        if a is None or b is None or b <= 0:
            return []
        sign = "≥" if op in (">=", ">") else "≤"

        def head() -> str:
            return f"{aliases[0]}现为 {fmt_pct_apart((a - b) / b, [t])}，需{sign} {_pct(t)}："

        c = change_of(field, ctx.year - 1, a, op, b * (1 + t), ADJUST.get(field, ""), prefix=head)
        return [c] if c else []

    SQL_SPECS[name] = GrowthSpec(field)
    register(
        name,
        aliases,
        "number",
        "比例",
        f"上年度{_zh(field)}增长率 (x[Y-1] − x[Y-2]) / x[Y-2]",
        f"annual growth of {field}: (x[Y-1] − x[Y-2]) / x[Y-2]",
        derive,
        solve,
        ("growth",),
    )


_growth("revenue", "revenue_growth", ("营业收入增长率", "营收增速"))
_growth("main_revenue", "main_revenue_growth", ("主营业务收入增长率",))
_growth("tax_paid", "tax_growth", ("税收增速", "纳税增长率"))
_growth("net_profit", "net_profit_growth", ("净利润增长率",))
_growth("rd_expense", "rd_expense_growth", ("研发费用增长率",))


def _avg_growth(field: str, name: str, aliases: tuple[str, ...]) -> None:
    def parts(
        ctx: Context,
    ) -> tuple[list[Fraction | None], tuple[Figure, ...], tuple[tuple[str, int | None], ...]]:
        vals: list[Fraction | None] = []
        figs: list[Figure] = []
        missing: tuple[tuple[str, int | None], ...] = ()
        for k in (1, 2, 3):
            v, f, m = year_input(ctx, field, k)
            vals.append(v)
            figs.append(f)
            missing += m
        return vals, tuple(figs), missing

    def derive(ctx: Context) -> FeatureValue:
        (m1, m2, m3), figs, missing = parts(ctx)
        if m1 is None or m2 is None or m3 is None:
            return FeatureValue(None, figs, missing)
        if m2 <= 0 or m3 <= 0:
            return FeatureValue(None, figs, (), "增长率基数为 0 或负数，记为未知")
        return FeatureValue(((m1 - m2) / m2 + (m2 - m3) / m3) / 2, figs)

    def solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
        (m1, m2, m3), _f, _m = parts(ctx)
        if m1 is None or m2 is None or m3 is None or m2 <= 0 or m3 <= 0:
            return []
        g2 = (m2 - m3) / m3
        cur = ((m1 - m2) / m2 + g2) / 2

        def head() -> str:
            return f"{aliases[0]}现为 {fmt_pct_apart(cur, [t])}，需≥ {_pct(t)}："

        c = change_of(field, ctx.year - 1, m1, op, m2 * (1 + 2 * t - g2), "up", prefix=head)
        return [c] if c else []

    SQL_SPECS[name] = AvgGrowthSpec(field)
    register(
        name,
        aliases,
        "number",
        "比例",
        f"近2年{_zh(field)}平均增长率（两个年增长率的算术平均）",
        f"mean of the last two annual growth rates of {field}",
        derive,
        solve,
        ("avg_growth_2y",),
    )


_avg_growth(
    "main_revenue", "main_revenue_avg_growth_2y", ("主营业务收入平均增长率", "近2年主营业务收入平均增长率")
)
_avg_growth("revenue", "revenue_avg_growth_2y", ("营业收入平均增长率",))


def _cagr_derive(ctx: Context) -> FeatureValue:
    a, fa, ma = year_input(ctx, "revenue", 1)
    b, fb, mb = year_input(ctx, "revenue", 2)
    c, fc, mc = year_input(ctx, "revenue", 3)
    figs = (fa, fb, fc)
    if a is None or c is None:
        return FeatureValue(None, figs, ma + mc)
    if c <= 0:
        return FeatureValue(None, figs, (), "Y-3 年营业收入为 0，复合增长率记为未知")
    return FeatureValue(Surd(a / c), figs)


def _cagr_solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
    a, _f, _m = year_input(ctx, "revenue", 1)
    c, _f3, _m3 = year_input(ctx, "revenue", 3)
    if a is None or c is None or c <= 0 or op not in (">=", ">"):
        return []

    def head() -> str:
        return (
            f"营业收入近两年复合增长率现为 {fmt_pct_apart(Fraction(Surd(a / c).approx(8)), [t])}，"
            f"需≥ {_pct(t)}："
        )

    ch = change_of("revenue", ctx.year - 1, a, op, c * (1 + t) ** 2, "up", prefix=head)
    return [ch] if ch else []


SQL_SPECS["revenue_cagr_2y"] = CagrSpec("revenue")
register(
    "revenue_cagr_2y",
    ("营业收入复合增长率", "近两年营业收入复合增长率"),
    "number",
    "比例",
    "近两年营业收入复合增长率 √(营业收入[Y-1] / 营业收入[Y-3]) − 1",
    "2-year revenue CAGR sqrt(rev[Y-1]/rev[Y-3]) − 1",
    _cagr_derive,
    _cagr_solve,
    ("cagr_2y",),
)


def _two_year(name: str, aliases: tuple[str, ...], divisor: int, zh: str, en: str) -> None:
    def derive(ctx: Context) -> FeatureValue:
        a, fa, ma = year_input(ctx, "rd_expense", 1)
        b, fb, mb = year_input(ctx, "rd_expense", 2)
        if a is None or b is None:
            return FeatureValue(None, (fa, fb), ma + mb)
        return FeatureValue((a + b) / divisor, (fa, fb))

    def solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
        a, _f, _m = year_input(ctx, "rd_expense", 1)
        b, _f2, _m2 = year_input(ctx, "rd_expense", 2)
        if a is None or b is None:
            return []

        def head() -> str:
            return f"{aliases[0]}现为 {_fmt((a + b) / divisor)} 万元，需≥ {_fmt(t)} 万元："

        c = change_of("rd_expense", ctx.year - 1, a, op, t * divisor - b, "up", prefix=head)
        return [c] if c else []

    SQL_SPECS[name] = TwoYearSumSpec("rd_expense", divisor)
    register(name, aliases, "number", "万元", zh, en, derive, solve, ("last_year",))


_two_year(
    "rd_expense_2y_total",
    ("近两年研发费用合计", "近两年研发费用总额"),
    1,
    "研发费用 Y-1 与 Y-2 之和",
    "R&D expense of Y-1 plus Y-2",
)
_two_year(
    "rd_expense_2y_avg",
    ("近两年平均研发费用",),
    2,
    "研发费用 Y-1 与 Y-2 的平均数",
    "mean R&D expense of Y-1 and Y-2",
)

# --------------------------------------------------------------------------- niche years


def _niche_end(ctx: Context, to_date: bool) -> dt.date:
    """The day the niche years are counted to: 1 January of Y (= through 31 Dec of Y-1), or the
    assessment date for texts without 截至上年末 (SP22-C1)."""
    return ctx.as_of if to_date else dt.date(ctx.year, 1, 1)


def _niche_derive_at(to_date: bool) -> Callable[[Context], FeatureValue]:
    def derive(ctx: Context) -> FeatureValue:
        d = ctx.facts.niche_since
        fig = Figure("niche_since", None, d)
        if d is None:
            return FeatureValue(None, (fig,), (("niche_since", None),))
        end = _niche_end(ctx, to_date)
        years = end.year - d.year - ((end.month, end.day) < (d.month, d.day))
        return FeatureValue(Fraction(max(years, 0)), (fig,))

    return derive


def _niche_solve_at(to_date: bool) -> Solver:
    def solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
        d = ctx.facts.niche_since
        if d is None or op not in (">=", ">"):
            return []
        n = int(_target(op, t, Fraction(1)) or 0)
        cur = _niche_derive_at(to_date)(ctx).value
        assert isinstance(cur, Fraction)
        if cur >= n:
            return []
        end = _niche_end(ctx, to_date)
        latest = _years_ago(end, n)
        if to_date:
            reach = _years_after(d, n)
            when = f"按现有起始日于 {reach.isoformat()} 满 {n} 年"
        else:
            first_year = d.year + n + (0 if (d.month, d.day) == (1, 1) else 1)
            when = f"按现有起始日最早可于 {first_year} 年申报"
        text = (
            f"从事细分市场年限现为 {_fmt(cur)} 年，需满 {n} 年（起始日不晚于 {latest.isoformat()}）：{when}"
        )
        return [
            Change(
                "niche_since",
                None,
                d.isoformat(),
                latest.isoformat(),
                None,
                "年",
                text,
                Fraction(n) - cur,
                False,
            )
        ]

    return solve


def _years_after(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + years, month=3, day=1)


SQL_SPECS["niche_years"] = NicheYearsSpec()
register(
    "niche_years",
    ("细分市场年限", "从事细分市场年限"),
    "number",
    "年",
    "自 niche_since 至上年末的完整年数",
    "full years from niche_since to 31 Dec of Y-1",
    _niche_derive_at(False),
    _niche_solve_at(False),
    ("niche_years",),
)
SQL_SPECS["niche_years_to_date"] = NicheYearsSpec(to_date=True)
register(
    "niche_years_to_date",
    ("细分市场年限_至评价日", "至评价基准日从事细分市场年限"),
    "number",
    "年",
    "自 niche_since 至评价基准日的完整年数（2022 专精特新“达到2年以上”未写“截至上年末”）",
    "full years from niche_since to the assessment date",
    _niche_derive_at(True),
    _niche_solve_at(True),
    ("niche_years_to_date",),
)

# ----------------------------------------------------------------------------- list counts


def _count_solver(field: str, what: str, unit: str = "项", actionable: bool = True) -> Solver:
    def solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
        cur = lower(ctx.get(solve.feature).value)  # type: ignore[attr-defined]
        if cur is None:
            return []
        if op in (">=", ">"):
            req = _target(op, t, Fraction(1))
            assert req is not None
            need = req - cur
            text = f"{what}现有 {_fmt(cur)} {unit}，还需 {_fmt(need)} {unit}（需≥ {_fmt(req)}）"
            return [
                Change(field, None, int(cur), int(req), int(need), unit, text, _rel(need, req), actionable)
            ]
        if op in ("<=", "<", "=="):
            req = _target(op if op != "==" else "<=", t, Fraction(1))
            assert req is not None
            text = (
                f"{what}现有 {_fmt(cur)} {unit}，需不超过 {_fmt(req)} "
                f"{unit}（已发生的记录无法通过调整数据改变）"
            )
            return [Change(field, None, int(cur), int(req), int(req - cur), unit, text, Fraction(1), False)]
        return []

    return solve


def _counter(
    name: str,
    aliases: tuple[str, ...],
    zh: str,
    en: str,
    field: str,
    items: Callable[[Context], tuple[object, ...] | None],
    pred: Callable[[Context, object], Truth],
    what: str,
    formulas: tuple[str, ...] = (),
    unit: str = "项",
    actionable: bool = True,
    *,
    sql: CountSpec,
) -> None:
    def derive(ctx: Context) -> FeatureValue:
        lst = items(ctx)
        if lst is None:
            return FeatureValue(None, (Figure(field, None, None),), ((field, None),))
        v = count_value(pred(ctx, it) for it in lst)
        return FeatureValue(v, (Figure(field, None, f"{len(lst)} 条"),))

    solver = _count_solver(field, what, unit, actionable)
    solver.feature = name  # type: ignore[attr-defined]
    SQL_SPECS[name] = sql
    register(name, aliases, "number", unit, zh, en, derive, solver, formulas)


def _ip_items(ctx: Context) -> tuple[object, ...] | None:
    return ctx.facts.ip


def _years_ago(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year - years, day=28)


def _ip_base(ctx: Context, ip: IPRight, cls: int, rules: str) -> Truth:
    """Valid, related to the leading product, of class ``cls``, under 2022 or 2026 rules."""
    if ip.ip_class != cls:
        return False
    parts: list[Truth] = [ip.valid, ip.related_to_leading_product]
    if rules == "2022":
        if ip.transferred_in_on is not None:
            parts.append(ip.transferred_in_on <= _years_ago(ctx.as_of, 1))
        if ip.kind in ("utility_model", "design_patent"):
            parts.append(None if ip.granted_on is None else ip.granted_on < _years_ago(ctx.as_of, 2))
    elif rules == "2026":
        parts.append(ip.transferred_in_on is None)
        parts.append(None if ip.holder_rank is None else ip.holder_rank <= 3)
        parts.append(ip.applied_with_benefit)
    return three_all(parts)


def _ip(pred: Callable[[Context, IPRight], Truth]) -> Callable[[Context, object], Truth]:
    def f(ctx: Context, it: object) -> Truth:
        assert isinstance(it, IPRight)
        return pred(ctx, it)

    return f


_IP1 = "与主导产品相关的有效Ⅰ类知识产权"
_counter(
    "ip1_count",
    ("一类知识产权数", "Ⅰ类知识产权数"),
    f"{_IP1}数量（2022 口径）",
    "valid class-I IP related to the leading product (2022 rules)",
    "ip",
    _ip_items,
    _ip(lambda c, i: _ip_base(c, i, 1, "2022")),
    _IP1,
    ("ip_2022",),
    sql=IpCountSpec(1, "2022"),
)
_counter(
    "ip1_self_count",
    ("自主研发一类知识产权数",),
    "其中自主研发的数量",
    "of which self-developed",
    "ip",
    _ip_items,
    _ip(lambda c, i: three_all([_ip_base(c, i, 1, "2022"), i.self_developed])),
    f"自主研发的{_IP1}",
    ("ip_2022",),
    sql=IpCountSpec(1, "2022", ("self_developed",)),
)
_counter(
    "ip1_high_value_count",
    ("高价值一类知识产权数",),
    "其中Ⅰ类高价值知识产权数量",
    "of which high-value",
    "ip",
    _ip_items,
    _ip(lambda c, i: three_all([_ip_base(c, i, 1, "2022"), i.high_value])),
    f"高价值的{_IP1}",
    ("ip_2022",),
    sql=IpCountSpec(1, "2022", ("high_value",)),
)
_counter(
    "ip1_applied_count",
    ("已应用一类知识产权数",),
    f"已实际应用并产生经济效益的{_IP1}数量（2022 口径）",
    "class-I IP applied with economic benefit (2022 rules)",
    "ip",
    _ip_items,
    _ip(lambda c, i: three_all([_ip_base(c, i, 1, "2022"), i.applied_with_benefit])),
    f"已应用并产生效益的{_IP1}",
    ("ip_2022",),
    sql=IpCountSpec(1, "2022", ("applied_with_benefit",)),
)
_counter(
    "ip1_applied_2026_count",
    ("一类知识产权数_2026",),
    f"{_IP1}数量（2026 口径：已应用、非受让、前三位权利人）",
    "class-I IP under the 2026 rules (applied, not transferred in, among first three holders)",
    "ip",
    _ip_items,
    _ip(lambda c, i: _ip_base(c, i, 1, "2026")),
    f"符合 2026 口径的{_IP1}",
    ("ip_2026",),
    sql=IpCountSpec(1, "2026"),
)
_counter(
    "ip2_count",
    ("二类知识产权数", "Ⅱ类知识产权数"),
    "与主导产品相关的有效Ⅱ类知识产权数量（2022 口径）",
    "valid class-II IP related to the leading product (2022 rules)",
    "ip",
    _ip_items,
    _ip(lambda c, i: _ip_base(c, i, 2, "2022")),
    "与主导产品相关的有效Ⅱ类知识产权",
    ("ip_2022",),
    sql=IpCountSpec(2, "2022"),
)
_counter(
    "ip2_any_count",
    ("科技型二类知识产权数",),
    "与主营产品相关的有效Ⅱ类知识产权数量（科技型口径，无维持年限要求）",
    "valid class-II IP related to the main products (tech-SME rules)",
    "ip",
    _ip_items,
    _ip(lambda c, i: _ip_base(c, i, 2, "any")),
    "与主营产品相关的有效Ⅱ类知识产权",
    sql=IpCountSpec(2, "any"),
)
_counter(
    "ip1_any_count",
    ("科技型一类知识产权数",),
    "与主营产品相关的有效Ⅰ类知识产权数量（科技型口径，不排除受让取得的）",
    "valid class-I IP related to the main products (tech-SME rules: no transfer condition)",
    "ip",
    _ip_items,
    _ip(lambda c, i: _ip_base(c, i, 1, "any")),
    "与主营产品相关的有效Ⅰ类知识产权",
    ("ip_tech_sme",),
    sql=IpCountSpec(1, "any"),
)
_counter(
    "ip1_all_count",
    ("有效一类知识产权总数",),
    "全部有效Ⅰ类知识产权数量（不论是否与主导产品相关）",
    "all valid class-I IP",
    "ip",
    _ip_items,
    _ip(lambda c, i: False if i.kind not in IP_CLASS_I else i.valid),
    "有效Ⅰ类知识产权",
    sql=IpCountSpec(1, "all"),
)


def _in_window(ctx: Context, year: int | None, span: int, include_current: bool = False) -> Truth:
    if year is None:
        return None
    hi = ctx.year if include_current else ctx.year - 1
    return ctx.year - span <= year <= hi


def _award(level: tuple[str, ...], max_rank: int | None, span: int) -> Callable[[Context, object], Truth]:
    def pred(ctx: Context, a: object) -> Truth:
        assert isinstance(a, Award)
        if a.kind != "sci_tech":
            return False
        parts: list[Truth] = [None if a.level is None else a.level in level, _in_window(ctx, a.year, span)]
        if max_rank is not None:
            parts.append(None if a.rank is None else a.rank <= max_rank)
        return three_all(parts)

    return pred


def _awards(ctx: Context) -> tuple[object, ...] | None:
    return ctx.facts.awards


for _name, _alias, _lv, _rank, _span, _zh_txt in (
    (
        "award_sci_tech_3y",
        "近三年科技奖励数",
        ("national", "provincial"),
        None,
        3,
        "近三年国家级或省级科学技术奖励",
    ),
    (
        "award_national_top3_3y",
        "近三年国家级科技奖励前三数",
        ("national",),
        3,
        3,
        "近三年国家级科学技术奖励（排名前三）",
    ),
    (
        "award_national_top5_3y",
        "近三年国家级科技奖励前五数",
        ("national",),
        5,
        3,
        "近三年国家级科学技术奖励（排名前五）",
    ),
    (
        "award_provincial_top3_3y",
        "近三年省级科技奖励前三数",
        ("provincial",),
        3,
        3,
        "近三年省级科学技术奖励（排名前三）",
    ),
    (
        "award_top3_3y",
        "近三年省部级以上科技奖励前三数",
        ("national", "ministerial", "provincial"),
        3,
        3,
        "近三年省部级以上科学技术奖励（排名前三）",
    ),
    (
        "award_national_top3_5y",
        "近五年国家级科技奖励前三数",
        ("national",),
        3,
        5,
        "近五年国家级科学技术奖励（排名前三）",
    ),
):
    _counter(
        _name,
        (_alias,),
        f"{_zh_txt}的项数（awards；部级奖励记为 ministerial，只计入“省部级”条款）",
        f"count of S&T awards: {_zh_txt}",
        "awards",
        _awards,
        _award(_lv, _rank, _span),
        _zh_txt,
        ("recent_3y",),
        actionable=False,
        sql=AwardCountSpec(_lv, _rank, _span),
    )


def _contest(top: tuple[str, ...]) -> Callable[[Context, object], Truth]:
    def pred(ctx: Context, c: object) -> Truth:
        assert isinstance(c, Contest)
        if c.kind != "maker_china":
            return False
        return three_all([None if c.placement is None else c.placement in top, _in_window(ctx, c.year, 3)])

    return pred


_counter(
    "maker_china_top500_3y",
    ("创客中国五百强次数",),
    "近三年“创客中国”全国 500 强企业组次数",
    "创客中国 national top-500 in last 3 years",
    "contests",
    lambda c: c.facts.contests,
    _contest(("top50", "top500")),
    "近三年创客中国全国500强",
    ("recent_3y",),
    "次",
    False,
    sql=ContestCountSpec(("top50", "top500"), 3),
)
_counter(
    "maker_china_top50_3y",
    ("创客中国五十强次数",),
    "近三年“创客中国”全国 50 强企业组次数",
    "创客中国 national top-50 in last 3 years",
    "contests",
    lambda c: c.facts.contests,
    _contest(("top50",)),
    "近三年创客中国全国50强",
    ("recent_3y",),
    "次",
    False,
    sql=ContestCountSpec(("top50",), 3),
)

_SERIOUS_2022 = ("safety", "cyber", "data", "quality", "environment", "tax")
# 2026 wording (Part B §2.2): safety, cyber/data, environment, quality, sector rules — no tax item
_SERIOUS_2026 = ("safety", "cyber", "data", "quality", "environment", "sector_rules")
# TS17-B4 lists safety/quality accidents, environmental violations and research-integrity breaches only
_SERIOUS_TS = ("safety", "quality", "environment", "integrity")


def _incident(kinds: tuple[str, ...], span: int, include_current: bool) -> Callable[[Context, object], Truth]:
    def pred(ctx: Context, i: object) -> Truth:
        assert isinstance(i, Incident)
        if i.kind not in kinds:
            return False
        sev = None if i.severity is None else i.severity in ("major", "serious")
        return three_all(
            [sev, _in_window(ctx, None if i.date is None else i.date.year, span, include_current)]
        )

    return pred


_counter(
    "serious_incidents_3y",
    ("近三年重大事故数",),
    "近三年重大/严重安全（含网络、数据安全）、质量、环境事故及偷漏税等违法行为的次数",
    "major/serious safety, cyber, data, quality, environment incidents or tax violations in Y-3..Y-1",
    "incidents",
    lambda c: c.facts.incidents,
    _incident(_SERIOUS_2022, 3, False),
    "近三年重大事故或违法行为",
    ("recent_3y",),
    "起",
    False,
    sql=IncidentCountSpec(_SERIOUS_2022, 3, include_current=False),
)
_counter(
    "serious_incidents_3y_2026",
    ("近三年重大事故数_2026",),
    "近三年较大以上安全生产事故、重大网络与数据安全事件、重大环境违法、严重质量问题、严重违反行业管理规定的次数"
    "（2026 口径，不含税务）",
    "serious safety, cyber/data, environment, quality incidents or sector-rule breaches in Y-3..Y-1 (2026)",
    "incidents",
    lambda c: c.facts.incidents,
    _incident(_SERIOUS_2026, 3, False),
    "近三年重大事故或严重违规行为",
    ("recent_3y", "incidents_2026"),
    "起",
    False,
    sql=IncidentCountSpec(_SERIOUS_2026, 3, include_current=False),
)
_counter(
    "serious_incidents_ts",
    ("申报年及上年重大事故数",),
    "申报当年及上一年重大安全、质量事故，严重环境违法、科研严重失信行为的次数（不含网络、数据安全事件）",
    "major incidents or serious integrity breaches in Y-1..Y (tech-SME rules)",
    "incidents",
    lambda c: c.facts.incidents,
    _incident(_SERIOUS_TS, 1, True),
    "申报当年及上一年重大事故或失信行为",
    (),
    "起",
    False,
    sql=IncidentCountSpec(_SERIOUS_TS, 1, include_current=True),
)


def _equity(span: int) -> Callable[[Context], FeatureValue]:
    def derive(ctx: Context) -> FeatureValue:
        rounds = ctx.facts.equity_rounds
        if rounds is None:
            return FeatureValue(None, (Figure("equity_rounds", None, None),), (("equity_rounds", None),))
        lo = Fraction(0)
        hi: Fraction | None = Fraction(0)
        figs = []
        for r in rounds:
            inside = three_all(
                [
                    None if r.qualified_investor is None else r.qualified_investor,
                    _in_window(ctx, None if r.date is None else r.date.year, span),
                ]
            )
            if inside is False:
                continue
            figs.append(Figure("equity_rounds.paid_in", None if r.date is None else r.date.year, r.paid_in))
            if r.paid_in is None:
                hi = None
                continue
            if inside:
                lo += Fraction(r.paid_in)
            if hi is not None:
                hi += Fraction(r.paid_in)
        return FeatureValue(
            lo if hi == lo else Bounds(lo, hi), tuple(figs) or (Figure("equity_rounds", None, "无"),)
        )

    return derive


def _equity_solve(name: str, what: str) -> Solver:
    def solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
        cur = lower(ctx.get(name).value)
        req = _target(op, t, MONEY_STEP)
        if cur is None or req is None or op not in (">=", ">") or cur >= req:
            return []
        text = f"{what}现为 {_fmt(cur)} 万元，还差 {_fmt(req - cur)} 万元（需≥ {_fmt(req)}）"
        return [
            Change(
                "equity_rounds",
                None,
                _dec(cur),
                _dec(req),
                _dec(req - cur),
                "万元",
                text,
                _rel(req - cur, cur),
            )
        ]

    return solve


SQL_SPECS["equity_qualified_2y"] = EquitySpec(2)
SQL_SPECS["equity_qualified_3y"] = EquitySpec(3)
register(
    "equity_qualified_2y",
    ("近两年股权融资",),
    "number",
    "万元",
    "近两年（Y-2 至 Y-1）新增股权融资中合格机构投资者实缴额合计",
    "paid-in equity from qualified investors, Y-2..Y-1",
    _equity(2),
    _equity_solve("equity_qualified_2y", "近两年合格机构投资者实缴股权融资"),
    ("recent_3y",),
)
register(
    "equity_qualified_3y",
    ("近三年股权融资",),
    "number",
    "万元",
    "近三年（Y-3 至 Y-1）新增股权融资中合格机构投资者实缴额合计",
    "paid-in equity from qualified investors, Y-3..Y-1",
    _equity(3),
    _equity_solve("equity_qualified_3y", "近三年合格机构投资者实缴股权融资"),
    ("recent_3y",),
)

# ----------------------------------------------------------------------------- yes/no facts


def _flag_solver(field: str, want_true_text: str, want_false_text: str) -> Solver:
    def solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
        want = bool(t)  # the gap engine asks for "== 1" (true) or "== 0" (false)
        text = want_true_text if want else want_false_text
        return [Change(field, None, not want, want, None, "", text, Fraction(1))]

    return solve


def _attr_flag(
    name: str, aliases: tuple[str, ...], path: tuple[str, ...], zh: str, en: str, yes: str, no: str
) -> None:
    def derive(ctx: Context) -> FeatureValue:
        obj: object = ctx.facts
        for p in path:
            obj = getattr(obj, p)
        v = obj if isinstance(obj, bool) else None
        f = ".".join(path)
        return FeatureValue(v, (Figure(f, None, v),), () if v is not None else ((f, None),))

    SQL_SPECS[name] = FlagSpec("__".join(path))
    register(name, aliases, "bool", "是/否", zh, en, derive, _flag_solver(".".join(path), yes, no))


for _name, _aliases, _path, _zh_txt, _yes, _no in (
    (
        "independent_legal_person",
        ("独立法人",),
        ("independent_legal_person",),
        "具有独立法人资格",
        "需具有独立法人资格",
        "—",
    ),
    (
        "own_brand",
        ("自主品牌",),
        ("own_brand",),
        "拥有直接面向市场的自主品牌",
        "需建立直接面向市场并具有竞争优势的自主品牌",
        "—",
    ),
    (
        "core_business_it_supported",
        ("核心业务信息化",),
        ("core_business_it_supported",),
        "至少 1 项核心业务采用信息系统支撑",
        "需至少 1 项核心业务采用信息系统支撑（如研发设计、生产制造、供应链管理）",
        "—",
    ),
    (
        "management_system_certified",
        ("管理体系认证",),
        ("management_system_certified",),
        "取得相关管理体系认证",
        "需取得相关管理体系认证（如 ISO 9001）",
        "—",
    ),
    (
        "developed_market_product_certified",
        ("发达国家产品认证",),
        ("developed_market_product_certified",),
        "产品通过发达国家和地区产品认证",
        "需取得发达国家和地区的产品认证",
        "—",
    ),
    (
        "quality_award_provincial_or_higher",
        ("省级以上质量奖",),
        ("quality_award_provincial_or_higher",),
        "获得省级以上质量奖励",
        "需获得省级以上质量奖励",
        "—",
    ),
    (
        "credit_abnormal_list",
        ("经营异常名录",),
        ("credit", "abnormal_list"),
        "列入经营异常名录",
        "—",
        "需移出经营异常名录",
    ),
    (
        "credit_serious_dishonesty",
        ("严重失信",),
        ("credit", "serious_dishonesty"),
        "列入严重失信主体名单",
        "—",
        "需移出严重失信主体名单",
    ),
    (
        "prohibited_product",
        ("禁止限制类产品",),
        ("credit", "prohibited_product"),
        "产品（服务）属于国家禁止、限制或淘汰类",
        "—",
        "主营产品（服务）不得属于国家禁止、限制或淘汰类",
    ),
    (
        "lp_strategic_emerging",
        ("战略性新兴产业",),
        ("leading_product", "strategic_emerging"),
        "主导产品属于《战略性新兴产业分类》",
        "主导产品需属于《战略性新兴产业分类》",
        "—",
    ),
    (
        "lp_six_foundations",
        ("工业六基",),
        ("leading_product", "six_foundations"),
        "主导产品属于工业“六基”领域",
        "主导产品需属于工业“六基”领域",
        "—",
    ),
    (
        "lp_key_field",
        ("重点领域",),
        ("leading_product", "key_field"),
        "主导产品属于制造强国十大重点产业领域或网络强国相关领域",
        "主导产品需属于制造强国/网络强国重点领域",
        "—",
    ),
    (
        "lp_chain_gap_filling",
        ("补短板锻长板填空白",),
        ("leading_product", "chain_gap_filling"),
        "主导产品在关键领域补短板、锻长板、填空白取得实际成效",
        "需在产业链关键环节补短板/锻长板/填空白取得实际成效",
        "—",
    ),
    (
        "lp_serves_key_chain_leader",
        ("配套链主企业",),
        ("leading_product", "serves_key_chain_leader"),
        "主导产品为重点产业链链主企业配套",
        "主导产品需为重点产业链链主企业配套",
        "—",
    ),
    (
        "lp_time_honoured_brand",
        ("中华老字号",),
        ("leading_product", "time_honoured_brand"),
        "列入中华老字号名录",
        "需列入中华老字号名录",
        "—",
    ),
):
    _attr_flag(_name, _aliases, _path, _zh_txt, _zh_txt, _yes, _no)


def _registered(ctx: Context) -> FeatureValue:
    u = ctx.facts.uscc
    return FeatureValue(
        None if u is None else True, (Figure("uscc", None, u),), () if u else (("uscc", None),)
    )


SQL_SPECS["registered_in_mainland"] = RegisteredSpec()
register(
    "registered_in_mainland",
    ("境内注册",),
    "bool",
    "是/否",
    "在中国境内（不含港澳台）登记注册（有统一社会信用代码）",
    "registered in mainland China (has a unified social credit code)",
    _registered,
)


def _review(ctx: Context) -> FeatureValue:
    return FeatureValue(ctx.application == "review")


SQL_SPECS["is_review"] = ReviewSpec()
register(
    "is_review",
    ("复核",),
    "bool",
    "是/否",
    "本次评价为复核（review）而非新申报",
    "the assessment is a review case",
    _review,
)

_TITLE_GROUPS = {
    "has_high_tech_enterprise": (("high_tech_enterprise",), ("高新技术企业",), "有效的高新技术企业证书"),
    "has_innovation_honour": (
        ("high_tech_enterprise", "tech_innovation_demo", "ip_advantage", "ip_demo"),
        ("创新荣誉",),
        "有效期内的高新技术企业、国家级技术创新示范企业、知识产权优势企业或示范企业称号",
    ),
    "has_bottom_tier_title": (
        ("tech_sme", "innovative_sme"),
        ("科技和创新型中小企业",),
        "有效的科技型中小企业入库登记或创新型中小企业称号",
    ),
    "has_innovative_sme_title": (("innovative_sme",), ("创新型中小企业",), "有效的创新型中小企业称号"),
    "has_zjtx_title": (("zjtx_sme",), ("专精特新中小企业",), "有效的专精特新中小企业称号"),
    "has_little_giant_title": (("little_giant",), ("小巨人",), "有效的专精特新“小巨人”企业称号"),
    "has_single_champion": (("single_champion",), ("单项冠军",), "制造业单项冠军（示范企业或产品）称号"),
}


def _title(kinds: tuple[str, ...]) -> Callable[[Context], FeatureValue]:
    def derive(ctx: Context) -> FeatureValue:
        titles = ctx.facts.titles
        if titles is None:
            return FeatureValue(None, (Figure("titles", None, None),), (("titles", None),))
        vals, figs = [], []
        for t in titles:
            if t.kind not in kinds:
                continue
            started = t.granted_on is None or t.granted_on <= ctx.as_of
            valid = None if t.valid_until is None else (started and ctx.as_of <= t.valid_until)
            vals.append(valid)
            figs.append(Figure(f"titles.{t.kind}", None, f"{t.granted_on or '?'} 至 {t.valid_until or '?'}"))
        return FeatureValue(three_any(vals), tuple(figs) or (Figure("titles", None, "无相关称号"),))

    return derive


TITLE_ZH = {
    "tech_sme": "科技型中小企业入库登记",
    "innovative_sme": "创新型中小企业称号",
    "zjtx_sme": "专精特新中小企业称号",
    "little_giant": "专精特新“小巨人”企业称号",
    "high_tech_enterprise": "高新技术企业证书",
    "tech_innovation_demo": "国家级技术创新示范企业称号",
    "ip_advantage": "知识产权优势企业称号",
    "ip_demo": "知识产权示范企业称号",
    "single_champion": "制造业单项冠军称号",
}
RENEW_ZH = {
    "tech_sme": "科技型中小企业每年评价入库，需重新办理当年度入库登记",
    "innovative_sme": "创新型中小企业称号有效期 3 年，需通过复核或重新申报",
}


def _title_solver(kinds: tuple[str, ...], zh: str) -> Solver:
    """Which title to obtain or renew, and by when: a lapsed title is named with its expiry and
    must be valid again on the assessment date (e.g. a 专精特新 review whose 科技型 registration
    lapsed)."""
    plain = _flag_solver("titles", f"需取得{zh}", f"持有{zh}的企业不予推荐")

    def solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
        if not t:
            return plain(ctx, op, t)
        lapsed = sorted(
            (
                x
                for x in ctx.facts.titles or ()
                if x.kind in kinds and x.valid_until and x.valid_until < ctx.as_of
            ),
            key=lambda x: x.valid_until,  # type: ignore[arg-type, return-value]
            reverse=True,
        )
        if not lapsed:
            return plain(ctx, op, t)
        out = []
        for x in lapsed:
            how = RENEW_ZH.get(x.kind, "需续期或重新取得")
            text = (
                f"{TITLE_ZH.get(x.kind, x.kind)}已于 {x.valid_until.isoformat()} 到期（{how}）："  # type: ignore[union-attr]
                f"须在评价基准日 {ctx.as_of.isoformat()} 前重新有效"
            )
            out.append(Change("titles", None, False, True, None, "", text, Fraction(1)))
        return out

    return solve


for _name, (_kinds, _aliases, _zh_txt) in _TITLE_GROUPS.items():
    SQL_SPECS[_name] = TitleSpec(_kinds)
    register(
        _name,
        _aliases,
        "bool",
        "是/否",
        f"评价基准日持有{_zh_txt}",
        f"holds a valid title: {', '.join(_kinds)}",
        _title(_kinds),
        _title_solver(_kinds, _zh_txt),
        ("title_valid",),
    )

# ------------------------------------------------------------------------- coded / misc

RD_RANK = {"none": 0, "below_municipal": 1, "municipal": 2, "provincial": 3, "national": 4}


def _rd_inst(ctx: Context) -> FeatureValue:
    lv = ctx.facts.rd_institution_level
    fig = Figure("rd_institution_level", None, lv)
    return FeatureValue(
        None if lv is None else Fraction(RD_RANK[lv]), (fig,), () if lv else (("rd_institution_level", None),)
    )


def _rd_inst_solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
    names = {1: "市级以下", 2: "市级", 3: "省级（省部级）", 4: "国家级"}
    req = _target(op, t, Fraction(1))
    cur = lower(_rd_inst(ctx).value)
    if req is None or cur is None or op not in (">=", ">") or cur >= req or int(req) not in names:
        return []
    now = RD_LEVEL_ZH.get(ctx.facts.rd_institution_level or "", "未填")
    text = f"需建立{names[int(req)]}以上研发机构（现为 {now}）"
    return [
        Change(
            "rd_institution_level",
            None,
            ctx.facts.rd_institution_level,
            {v: k for k, v in RD_RANK.items()}[int(req)],
            None,
            "级",
            text,
            (req - cur) / 4,
        )
    ]


SQL_SPECS["rd_institution_rank"] = CodedSpec("rd_institution_level", RD_RANK)
register(
    "rd_institution_rank",
    ("研发机构级别",),
    "number",
    "级",
    "研发机构最高级别编码：国家级 4、省级 3、市级 2、市级以下 1、无 0（“省部级以上” = ≥ 3）",
    "highest R&D institution level: national 4, provincial 3, municipal 2, below 1, none 0",
    _rd_inst,
    _rd_inst_solve,
)


def _drafted(ctx: Context) -> FeatureValue:
    n = ctx.facts.drafted_standards
    return FeatureValue(
        None if n is None else Fraction(n),
        (Figure("drafted_standards", None, n),),
        () if n is not None else (("drafted_standards", None),),
    )


_drafted_solver = _count_solver("drafted_standards", "参与制定的标准")
_drafted_solver.feature = "drafted_standards"  # type: ignore[attr-defined]
SQL_SPECS["drafted_standards"] = IntegerSpec("drafted_standards")
register(
    "drafted_standards",
    ("参与制定标准数",),
    "number",
    "项",
    "参与制（修）订的国际、国家或行业标准数量",
    "number of standards the firm took part in drafting",
    _drafted,
    _drafted_solver,
)


def _qm_items(ctx: Context) -> FeatureValue:
    f = ctx.facts
    drafted = None if f.drafted_standards is None else f.drafted_standards > 0
    items = (f.quality_award_provincial_or_higher, f.management_system_certified, f.own_brand, drafted)
    figs = tuple(
        Figure(n, None, v)
        for n, v in zip(
            (
                "quality_award_provincial_or_higher",
                "management_system_certified",
                "own_brand",
                "drafted_standards",
            ),
            (
                f.quality_award_provincial_or_higher,
                f.management_system_certified,
                f.own_brand,
                f.drafted_standards,
            ),
            strict=True,
        )
    )
    return FeatureValue(count_value(items), figs)


def _qm_solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
    cur = lower(_qm_items(ctx).value)
    req = _target(op, t, Fraction(1))
    if cur is None or req is None or op not in (">=", ">") or cur >= req:
        return []
    text = (
        f"质量管理水平现满足 {_fmt(cur)} 项，还需 {_fmt(req - cur)} 项（省级以上质量奖、管理体系认证、"
        "自主品牌、参与制定标准）"
    )
    return [
        Change("quality_management", None, int(cur), int(req), int(req - cur), "项", text, (req - cur) / 4)
    ]


SQL_SPECS["quality_mgmt_items"] = FlagCountSpec(
    flags=("quality_award_provincial_or_higher", "management_system_certified", "own_brand"),
    positive=("drafted_standards",),
)
register(
    "quality_mgmt_items",
    ("质量管理项数",),
    "number",
    "项",
    "满足的质量管理事项数：省级以上质量奖、管理体系认证、自主品牌、参与制定标准（各计 1）",
    "quality items met: provincial quality award, QMS certification, own brand, drafted standards",
    _qm_items,
    _qm_solve,
)


def _is_sme(ctx: Context) -> FeatureValue:
    sc = ctx.size_class()
    return FeatureValue(sc.is_sme, sc.figures, sc.missing, sc.reason_zh)


def _sme_solve(ctx: Context, op: str, t: Fraction) -> list[Change]:
    return [
        Change(
            "size_class",
            None,
            "large",
            "medium/small/micro",
            None,
            "",
            "需符合《中小企业划型标准规定》（目前按行业标准属大型企业）",
            Fraction(10),
            False,
        )
    ]


SQL_SPECS["is_sme"] = SmeSpec()
register(
    "is_sme",
    ("中小企业",),
    "bool",
    "是/否",
    "按《中小企业划型标准规定》属于中型、小型或微型企业（上年度数据）",
    "is a medium, small or micro enterprise under the 2011 size rules (Y-1 figures)",
    _is_sme,
    _sme_solve,
    ("size",),
)
