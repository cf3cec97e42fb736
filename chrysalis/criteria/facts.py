"""Facts documents (``docs`` of facts-format.md) → typed, immutable structures.

:func:`parse_facts` validates the whole document and either returns a :class:`Facts` or raises
one :class:`~chrysalis.criteria.errors.FactsError` listing every problem with its path
(``years.2025.revenue``, ``ip[2].kind``). Missing or ``null`` means unknown, never zero. Money
and ratios become :class:`~decimal.Decimal` (JSON numbers or decimal strings are accepted;
floats go through ``str`` so 0.1 stays 0.1).

Decisions (documented in docs/criteria.md):
* unknown keys are errors (with a suggestion) — a misspelt field would otherwise silently read
  as "unknown"; keys starting with ``_`` or ``x_`` are ignored (comments, extensions);
* in an IP item, ``transferred_in_on`` absent/null means "no transfer recorded";
* a list that is present is complete (``"incidents": []`` = none; absent = unknown).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import FactsError, Problem

# --------------------------------------------------------------------------- vocabularies

IP_CLASS_I = (
    "invention_patent",
    "defence_patent",
    "plant_variety",
    "crop_variety",
    "new_drug",
    "tcm_protected_variety",
    "ic_layout",
)
IP_CLASS_II = ("utility_model", "design_patent", "software_copyright")
IP_KINDS = IP_CLASS_I + IP_CLASS_II
TITLE_KINDS = (
    "tech_sme",
    "innovative_sme",
    "zjtx_sme",
    "little_giant",
    "high_tech_enterprise",
    "tech_innovation_demo",
    "ip_advantage",
    "ip_demo",
    "single_champion",
)
PROVINCIAL_TITLE = re.compile(r"^[a-z]{2}_[a-z0-9_]+$")  # zj_hidden_champion, gd_…
RD_INSTITUTION_LEVELS = ("national", "provincial", "municipal", "below_municipal", "none")
INCIDENT_KINDS = ("safety", "cyber", "data", "quality", "environment", "tax", "integrity", "sector_rules")
SEVERITIES = ("major", "serious", "minor")
AWARD_KINDS = ("sci_tech", "china_patent")
AWARD_LEVELS = ("national", "ministerial", "provincial")
CONTEST_KINDS = ("maker_china",)
PLACEMENTS = ("top50", "top500")
JUDGEMENT_OUTCOMES = ("met", "not_met")
USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
DECIMAL_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")

# year fields: name → (kind, Chinese name, unit)
YEAR_FIELDS: dict[str, tuple[str, str, str]] = {
    "revenue": ("money", "营业收入", "万元"),
    "main_revenue": ("money", "主营业务收入", "万元"),
    "rd_expense": ("money", "研发费用", "万元"),
    "net_profit": ("signed_money", "净利润", "万元"),
    "total_assets": ("money", "资产总额", "万元"),
    "total_liabilities": ("money", "负债总额", "万元"),
    "total_cost_expense": ("money", "成本费用总额", "万元"),
    "employees": ("count", "从业人员（职工总数）", "人"),
    "rd_staff": ("count", "研发人员", "人"),
    "tech_staff": ("count", "科技人员", "人"),
    "tax_paid": ("money", "纳税额", "万元"),
    "digital_level": ("level", "数字化水平等级", "级"),
    "quality_score": ("score", "专精特新发展评价得分", "分"),
    "niche_share": ("ratio", "国内细分市场占有率", ""),
    "niche_share_international": ("ratio", "国际细分市场占有率", ""),
    "niche_rank_domestic": ("rank", "国内细分市场排名", "名"),
}

#: the facts-format fields other than the yearly figures, in words (criteria.present.field_zh)
FACT_FIELD_ZH = {
    "name": "企业名称",
    "province": "所在省份",
    "registered_on": "成立日期",
    "judgements": "人工认定",
    "leading_product.name": "主导产品名称",
    "niche_since": "细分市场起始日",
    "ip": "知识产权",
    "awards": "科技奖励",
    "contests": "创客中国竞赛",
    "titles": "称号资质",
    "equity_rounds": "股权融资",
    "equity_rounds.paid_in": "合格机构投资者实缴额",
    "incidents": "事故与违法记录",
    "industry_code": "行业代码",
    "uscc": "统一社会信用代码",
    "rd_institution_level": "研发机构级别",
    "drafted_standards": "参与制定标准数",
    "independent_legal_person": "独立法人",
    "own_brand": "自主品牌",
    "core_business_it_supported": "核心业务信息系统支撑",
    "management_system_certified": "管理体系认证",
    "developed_market_product_certified": "发达国家产品认证",
    "quality_award_provincial_or_higher": "省级以上质量奖",
    "credit.abnormal_list": "经营异常名录",
    "credit.serious_dishonesty": "严重失信名单",
    "credit.prohibited_product": "禁止限制类产品",
}

#: rd_institution_level in words
RD_LEVEL_ZH = {
    "national": "国家级",
    "provincial": "省级",
    "municipal": "市级",
    "below_municipal": "市级以下",
    "none": "无",
}

LEADING_PRODUCT_FLAGS = (
    "strategic_emerging",
    "six_foundations",
    "key_field",
    "chain_gap_filling",
    "serves_key_chain_leader",
    "time_honoured_brand",
)
TOP_FLAGS = (
    "independent_legal_person",
    "own_brand",
    "core_business_it_supported",
    "management_system_certified",
    "developed_market_product_certified",
    "quality_award_provincial_or_higher",
)
CREDIT_FLAGS = ("abnormal_list", "serious_dishonesty", "prohibited_product")

# ------------------------------------------------------------------------------- structures


@dataclass(frozen=True, slots=True)
class YearFigures:
    year: int
    revenue: Decimal | None = None
    main_revenue: Decimal | None = None
    rd_expense: Decimal | None = None
    net_profit: Decimal | None = None
    total_assets: Decimal | None = None
    total_liabilities: Decimal | None = None
    total_cost_expense: Decimal | None = None
    employees: int | None = None
    rd_staff: int | None = None
    tech_staff: int | None = None
    tax_paid: Decimal | None = None
    digital_level: int | None = None
    quality_score: Decimal | None = None
    niche_share: Decimal | None = None
    niche_share_international: Decimal | None = None
    niche_rank_domestic: int | None = None
    #: optional provenance, field → source ("审计报告", "税务", "企业自报"); ``source`` is the default
    sources: tuple[tuple[str, str], ...] = ()
    source: str | None = None

    def source_of(self, field: str) -> str | None:
        for k, v in self.sources:
            if k == field:
                return v
        return self.source


@dataclass(frozen=True, slots=True)
class LeadingProduct:
    name: str | None = None
    strategic_emerging: bool | None = None
    six_foundations: bool | None = None
    key_field: bool | None = None
    chain_gap_filling: bool | None = None
    serves_key_chain_leader: bool | None = None
    time_honoured_brand: bool | None = None


@dataclass(frozen=True, slots=True)
class Credit:
    abnormal_list: bool | None = None
    serious_dishonesty: bool | None = None
    prohibited_product: bool | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    kind: str
    severity: str | None
    date: dt.date | None


@dataclass(frozen=True, slots=True)
class Title:
    kind: str
    granted_on: dt.date | None
    valid_until: dt.date | None
    batch: str | None = None


@dataclass(frozen=True, slots=True)
class Award:
    kind: str
    level: str | None
    rank: int | None
    year: int | None


@dataclass(frozen=True, slots=True)
class Contest:
    kind: str
    placement: str | None
    year: int | None


@dataclass(frozen=True, slots=True)
class IPRight:
    kind: str
    granted_on: dt.date | None = None
    self_developed: bool | None = None
    high_value: bool | None = None
    related_to_leading_product: bool | None = None
    applied_with_benefit: bool | None = None
    transferred_in_on: dt.date | None = None
    holder_rank: int | None = None
    valid: bool | None = None

    @property
    def ip_class(self) -> int:
        return 1 if self.kind in IP_CLASS_I else 2


@dataclass(frozen=True, slots=True)
class EquityRound:
    date: dt.date | None
    paid_in: Decimal | None
    qualified_investor: bool | None


@dataclass(frozen=True, slots=True)
class Judgement:
    criterion: str
    outcome: str
    by: str | None = None
    on: dt.date | None = None
    note: str | None = None
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    uscc: str | None = None
    name: str | None = None
    province: str | None = None
    industry_code: str | None = None
    registered_on: dt.date | None = None
    independent_legal_person: bool | None = None
    niche_since: dt.date | None = None
    leading_product: LeadingProduct = LeadingProduct()
    own_brand: bool | None = None
    core_business_it_supported: bool | None = None
    management_system_certified: bool | None = None
    developed_market_product_certified: bool | None = None
    quality_award_provincial_or_higher: bool | None = None
    drafted_standards: int | None = None
    rd_institution_level: str | None = None
    credit: Credit = Credit()
    incidents: tuple[Incident, ...] | None = None
    titles: tuple[Title, ...] | None = None
    awards: tuple[Award, ...] | None = None
    contests: tuple[Contest, ...] | None = None
    ip: tuple[IPRight, ...] | None = None
    equity_rounds: tuple[EquityRound, ...] | None = None
    years: tuple[YearFigures, ...] = ()
    judgements: tuple[Judgement, ...] = ()

    def year(self, y: int) -> YearFigures | None:
        for yf in self.years:
            if yf.year == y:
                return yf
        return None

    def judgement(self, criterion: str) -> Judgement | None:
        for j in self.judgements:
            if j.criterion == criterion:
                return j
        return None


# ---------------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def err(self, path: str, zh: str, en: str) -> None:
        self.problems.append(Problem(path, zh, en))

    # -- scalars -----------------------------------------------------------------------
    def decimal(
        self, v: Any, path: str, *, signed: bool = False, upper: Decimal | None = None
    ) -> Decimal | None:
        if v is None:
            return None
        d: Decimal | None = None
        if isinstance(v, bool):
            pass
        elif isinstance(v, int):
            d = Decimal(v)
        elif isinstance(v, float):
            d = Decimal(str(v))  # via str: 0.1 stays 0.1, not 0.1000000000000000055…
        elif isinstance(v, Decimal):
            d = v
        elif isinstance(v, str) and DECIMAL_TEXT.match(v.strip()):
            try:
                d = Decimal(v.strip())
            except InvalidOperation:  # pragma: no cover - the regex admits only valid text
                d = None
        if d is None or not d.is_finite():
            self.err(
                path, f"应为数字（JSON 数字或十进制字符串），实际为 {v!r}", f"expected a number, got {v!r}"
            )
            return None
        if not signed and d < 0:
            self.err(path, f"不能为负数：{d}", f"must not be negative: {d}")
            return None
        if upper is not None and d > upper:
            self.err(path, f"不能大于 {upper}：{d}", f"must not exceed {upper}: {d}")
            return None
        return d

    def integer(self, v: Any, path: str, *, lo: int = 0, hi: int | None = None) -> int | None:
        if v is None:
            return None
        n: int | None = None
        if isinstance(v, bool):
            n = None
        elif isinstance(v, int):
            n = v
        elif isinstance(v, float) and v.is_integer():
            n = int(v)
        elif isinstance(v, str) and re.fullmatch(r"[+-]?\d+", v.strip()):
            n = int(v.strip())
        if n is None:
            self.err(path, f"应为整数，实际为 {v!r}", f"expected an integer, got {v!r}")
            return None
        if n < lo or (hi is not None and n > hi):
            rng = f"{lo}–{hi}" if hi is not None else f"≥ {lo}"
            self.err(path, f"超出范围（{rng}）：{n}", f"out of range ({rng}): {n}")
            return None
        return n

    def boolean(self, v: Any, path: str) -> bool | None:
        if v is None or isinstance(v, bool):
            return v
        self.err(path, f"应为 true/false，实际为 {v!r}", f"expected true or false, got {v!r}")
        return None

    def text(self, v: Any, path: str) -> str | None:
        if v is None:
            return None
        if isinstance(v, str):
            return v.strip() or None
        self.err(path, f"应为字符串，实际为 {v!r}", f"expected a string, got {v!r}")
        return None

    def date(self, v: Any, path: str) -> dt.date | None:
        if v is None:
            return None
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return v
        if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
            try:
                return dt.date.fromisoformat(v.strip())
            except ValueError:
                pass
        self.err(path, f"日期无效（应为 YYYY-MM-DD）：{v!r}", f"invalid date (expected YYYY-MM-DD): {v!r}")
        return None

    def vocab(
        self, v: Any, path: str, allowed: tuple[str, ...], extra: re.Pattern[str] | None = None
    ) -> str | None:
        if v is None:
            return None
        if isinstance(v, str) and (v in allowed or (extra is not None and extra.match(v))):
            return v
        hint = difflib.get_close_matches(str(v), allowed, n=1)
        sug_zh = f"，是否应为 {hint[0]!r}？" if hint else ""
        sug_en = f"; did you mean {hint[0]!r}?" if hint else ""
        self.err(
            path,
            f"取值 {v!r} 不在允许范围 {', '.join(allowed)} 内{sug_zh}",
            f"unknown value {v!r}, expected one of {', '.join(allowed)}{sug_en}",
        )
        return None

    # -- containers --------------------------------------------------------------------
    def obj(self, v: Any, path: str, known: tuple[str, ...] | None) -> Mapping[str, Any] | None:
        if v is None:
            return None
        if not isinstance(v, Mapping):
            self.err(
                path, f"应为对象，实际为 {type(v).__name__}", f"expected an object, got {type(v).__name__}"
            )
            return None
        for key in v:
            if known is None:
                continue
            if not isinstance(key, str):
                self.err(path, f"键必须是字符串：{key!r}", f"keys must be strings: {key!r}")
            elif key not in known and not key.startswith(("_", "x_")):
                hint = difflib.get_close_matches(key, known, n=1)
                sug_zh = f"，是否应为 {hint[0]!r}？" if hint else ""
                sug_en = f"; did you mean {hint[0]!r}?" if hint else ""
                sub = f"{path}.{key}" if path else key
                self.err(sub, f"未知字段{sug_zh}", f"unknown field{sug_en}")
        return v

    def items(
        self, v: Any, path: str, known: tuple[str, ...], build: Callable[[Mapping[str, Any], str], Any]
    ) -> tuple[Any, ...] | None:
        if v is None:
            return None
        if not isinstance(v, list | tuple):
            self.err(path, f"应为数组，实际为 {type(v).__name__}", f"expected a list, got {type(v).__name__}")
            return None
        out = []
        for i, item in enumerate(v):
            p = f"{path}[{i}]"
            o = self.obj(item, p, known)
            if o is None:
                if item is None:
                    self.err(p, "数组元素不能为 null", "list items must not be null")
                continue
            out.append(build(o, p))
        return tuple(out)


_TOP_KNOWN = (
    "uscc",
    "name",
    "province",
    "industry_code",
    "registered_on",
    "niche_since",
    "leading_product",
    "drafted_standards",
    "rd_institution_level",
    "credit",
    "incidents",
    "titles",
    "awards",
    "contests",
    "ip",
    "equity_rounds",
    "years",
    "judgements",
) + TOP_FLAGS

_IP_FLAGS = ("self_developed", "high_value", "related_to_leading_product", "applied_with_benefit", "valid")
_IP_KNOWN = ("kind", "granted_on", *_IP_FLAGS[:4], "transferred_in_on", "holder_rank", "valid")


def _uscc(p: _Parser, value: Any) -> str | None:
    uscc = p.text(value, "uscc")
    if uscc is not None and not USCC.match(uscc):
        p.err("uscc", f"统一社会信用代码格式无效：{uscc!r}", f"invalid unified social credit code: {uscc!r}")
        return None
    return uscc


def _industry(p: _Parser, value: Any) -> str | None:
    industry = p.text(value, "industry_code")
    if industry is None:
        return None
    from .industry import normalize_code  # local import: industry loads a CSV table

    code = normalize_code(industry)
    if code is None:
        p.err(
            "industry_code",
            f"不是 GB/T 4754-2017 的行业代码：{industry!r}",
            f"not a GB/T 4754-2017 industry code: {industry!r}",
        )
    return code


def _incidents(p: _Parser, value: Any) -> tuple[Incident, ...] | None:
    incidents = p.items(
        value,
        "incidents",
        ("kind", "severity", "date"),
        lambda o, q: Incident(
            kind=p.vocab(o.get("kind"), f"{q}.kind", INCIDENT_KINDS) or "?",
            severity=p.vocab(o.get("severity"), f"{q}.severity", SEVERITIES),
            date=p.date(o.get("date"), f"{q}.date"),
        ),
    )
    for i, inc in enumerate(incidents or ()):
        if inc.kind == "?":
            p.err(f"incidents[{i}].kind", "缺少事件类型", "incident kind is required")
    return incidents


def _title(p: _Parser, o: Mapping[str, Any], q: str) -> Title:
    kind = p.vocab(o.get("kind"), f"{q}.kind", TITLE_KINDS, PROVINCIAL_TITLE)
    if o.get("kind") is None:
        p.err(f"{q}.kind", "缺少称号类型", "title kind is required")
    t = Title(
        kind=kind or "?",
        granted_on=p.date(o.get("granted_on"), f"{q}.granted_on"),
        valid_until=p.date(o.get("valid_until"), f"{q}.valid_until"),
        batch=p.text(o.get("batch"), f"{q}.batch"),
    )
    if t.granted_on and t.valid_until and t.valid_until < t.granted_on:
        p.err(f"{q}.valid_until", "有效期截止日早于授予日期", "valid_until is before granted_on")
    return t


def _award(p: _Parser, o: Mapping[str, Any], q: str) -> Award:
    if o.get("kind") is None:
        p.err(f"{q}.kind", "缺少奖励类型", "award kind is required")
    return Award(
        kind=p.vocab(o.get("kind"), f"{q}.kind", AWARD_KINDS) or "?",
        level=p.vocab(o.get("level"), f"{q}.level", AWARD_LEVELS),
        rank=p.integer(o.get("rank"), f"{q}.rank", lo=1),
        year=p.integer(o.get("year"), f"{q}.year", lo=1900, hi=2100),
    )


def _contest(p: _Parser, o: Mapping[str, Any], q: str) -> Contest:
    return Contest(
        kind=p.vocab(o.get("kind"), f"{q}.kind", CONTEST_KINDS) or "?",
        placement=p.vocab(o.get("placement"), f"{q}.placement", PLACEMENTS),
        year=p.integer(o.get("year"), f"{q}.year", lo=1900, hi=2100),
    )


def _ip_right(p: _Parser, o: Mapping[str, Any], q: str) -> IPRight:
    if o.get("kind") is None:
        p.err(f"{q}.kind", "缺少知识产权类型", "IP kind is required")
    return IPRight(
        kind=p.vocab(o.get("kind"), f"{q}.kind", IP_KINDS) or "?",
        granted_on=p.date(o.get("granted_on"), f"{q}.granted_on"),
        transferred_in_on=p.date(o.get("transferred_in_on"), f"{q}.transferred_in_on"),
        holder_rank=p.integer(o.get("holder_rank"), f"{q}.holder_rank", lo=1),
        **{f: p.boolean(o.get(f), f"{q}.{f}") for f in _IP_FLAGS},
    )


def _equity_round(p: _Parser, o: Mapping[str, Any], q: str) -> EquityRound:
    return EquityRound(
        date=p.date(o.get("date"), f"{q}.date"),
        paid_in=p.decimal(o.get("paid_in"), f"{q}.paid_in"),
        qualified_investor=p.boolean(o.get("qualified_investor"), f"{q}.qualified_investor"),
    )


def _years(p: _Parser, value: Any) -> tuple[YearFigures, ...]:
    years: list[YearFigures] = []
    ydoc = p.obj(value, "years", None)
    for key, entry in (ydoc or {}).items():
        q = f"years.{key}"
        if (
            not (isinstance(key, str | int) and re.fullmatch(r"\d{4}", str(key)))
            or not 1900 <= int(key) <= 2100
        ):
            p.err(
                q,
                f"年份键无效：{key!r}（应为 4 位年份）",
                f"invalid year key {key!r} (expected a 4-digit year)",
            )
            continue
        years.append(_parse_year(p, int(key), entry, q))
    years.sort(key=lambda y: y.year)
    return tuple(years)


def _judgement(p: _Parser, cid: Any, entry: Any) -> Judgement | None:
    q = f"judgements.{cid}"
    if not isinstance(cid, str) or not re.fullmatch(r"[A-Z][A-Z0-9]*-[A-Za-z0-9.\-]+", cid):
        p.err(q, f"指标编号无效：{cid!r}", f"invalid criterion id: {cid!r}")
        return None
    o = p.obj(entry, q, ("outcome", "by", "on", "note", "evidence"))
    if o is None:
        if entry is None:
            p.err(q, "人工认定不能为 null", "a judgement must not be null")
        return None
    outcome = p.vocab(o.get("outcome"), f"{q}.outcome", JUDGEMENT_OUTCOMES)
    if o.get("outcome") is None:
        p.err(f"{q}.outcome", "缺少认定结论（met 或 not_met）", "outcome (met or not_met) is required")
    if not outcome:
        return None
    return Judgement(
        cid,
        outcome,
        by=p.text(o.get("by"), f"{q}.by"),
        on=p.date(o.get("on"), f"{q}.on"),
        note=p.text(o.get("note"), f"{q}.note"),
        evidence=p.text(o.get("evidence"), f"{q}.evidence"),
    )


def _judgements(p: _Parser, jdoc: Any) -> tuple[Judgement, ...]:
    if jdoc is None:
        return ()
    if not isinstance(jdoc, Mapping):
        p.err("judgements", "应为对象（键为指标编号）", "expected an object keyed by criterion id")
        return ()
    found = (_judgement(p, cid, entry) for cid, entry in jdoc.items())
    return tuple(j for j in found if j is not None)


def parse_facts(doc: Mapping[str, Any] | Facts) -> Facts:
    """Validate a facts document (a dict decoded from JSON) and return :class:`Facts`.

    Raises :class:`FactsError` listing every problem; nothing is returned half-parsed."""
    if isinstance(doc, Facts):
        return doc
    p = _Parser()
    if not isinstance(doc, Mapping):
        raise FactsError([Problem("$", "企业数据应为 JSON 对象", "the facts document must be a JSON object")])
    p.obj(doc, "", _TOP_KNOWN)
    g = doc.get

    uscc = _uscc(p, g("uscc"))
    industry = _industry(p, g("industry_code"))
    lp_doc = p.obj(g("leading_product"), "leading_product", ("name",) + LEADING_PRODUCT_FLAGS) or {}
    lp = LeadingProduct(
        name=p.text(lp_doc.get("name"), "leading_product.name"),
        **{f: p.boolean(lp_doc.get(f), f"leading_product.{f}") for f in LEADING_PRODUCT_FLAGS},
    )
    cr_doc = p.obj(g("credit"), "credit", CREDIT_FLAGS) or {}
    credit = Credit(**{f: p.boolean(cr_doc.get(f), f"credit.{f}") for f in CREDIT_FLAGS})
    incidents = _incidents(p, g("incidents"))
    titles = p.items(
        g("titles"), "titles", ("kind", "granted_on", "valid_until", "batch"), lambda o, q: _title(p, o, q)
    )
    awards = p.items(g("awards"), "awards", ("kind", "level", "rank", "year"), lambda o, q: _award(p, o, q))
    contests = p.items(
        g("contests"), "contests", ("kind", "placement", "year"), lambda o, q: _contest(p, o, q)
    )
    ip = p.items(g("ip"), "ip", _IP_KNOWN, lambda o, q: _ip_right(p, o, q))
    equity = p.items(
        g("equity_rounds"),
        "equity_rounds",
        ("date", "paid_in", "qualified_investor"),
        lambda o, q: _equity_round(p, o, q),
    )
    years = _years(p, g("years"))
    judgements = _judgements(p, g("judgements"))

    facts = Facts(
        uscc=uscc,
        name=p.text(g("name"), "name"),
        province=p.text(g("province"), "province"),
        industry_code=industry,
        registered_on=p.date(g("registered_on"), "registered_on"),
        niche_since=p.date(g("niche_since"), "niche_since"),
        leading_product=lp,
        drafted_standards=p.integer(g("drafted_standards"), "drafted_standards"),
        rd_institution_level=p.vocab(
            g("rd_institution_level"), "rd_institution_level", RD_INSTITUTION_LEVELS
        ),
        credit=credit,
        incidents=incidents,
        titles=titles,
        awards=awards,
        contests=contests,
        ip=ip,
        equity_rounds=equity,
        years=years,
        judgements=judgements,
        **{f: p.boolean(g(f), f) for f in TOP_FLAGS},
    )
    if p.problems:
        raise FactsError(p.problems)
    return facts


_YEAR_KINDS = tuple((field, kind) for field, (kind, _zh, _unit) in YEAR_FIELDS.items())
_YEAR_KNOWN = (*YEAR_FIELDS, "sources", "source")


def _year_value(p: _Parser, kind: str, v: Any, fp: str) -> Decimal | int | None:
    """One yearly figure, checked by its kind (see :data:`YEAR_FIELDS`)."""
    if kind == "money":
        return p.decimal(v, fp)
    if kind == "signed_money":
        return p.decimal(v, fp, signed=True)
    if kind == "ratio":
        return p.decimal(v, fp, upper=Decimal(1))
    if kind == "score":
        return p.decimal(v, fp, upper=Decimal(100))
    if kind == "count":
        return p.integer(v, fp)
    if kind == "level":
        return p.integer(v, fp, lo=0, hi=4)
    if kind == "rank":
        return p.integer(v, fp, lo=1)
    return None


def _parse_year(p: _Parser, year: int, entry: Any, q: str) -> YearFigures:
    o = p.obj(entry, q, _YEAR_KNOWN)
    if o is None:
        return YearFigures(year=year)
    vals: dict[str, Any] = {}
    for field, kind in _YEAR_KINDS:
        v = o.get(field)
        if v is None:  # absent: the default (None), nothing to check
            continue
        vals[field] = _year_value(p, kind, v, f"{q}.{field}")
    src = o.get("sources")
    sources: list[tuple[str, str]] = []
    if src is not None:
        so = p.obj(src, f"{q}.sources", tuple(YEAR_FIELDS))
        for k, v in (so or {}).items():
            s = p.text(v, f"{q}.sources.{k}")
            if s and k in YEAR_FIELDS:
                sources.append((k, s))
    # cross-field consistency (both known)
    for part, whole in (("main_revenue", "revenue"), ("rd_staff", "employees"), ("tech_staff", "employees")):
        a, b = vals.get(part), vals.get(whole)
        if a is not None and b is not None and a > b:
            p.err(
                f"{q}.{part}",
                f"{YEAR_FIELDS[part][1]}（{a}）大于{YEAR_FIELDS[whole][1]}（{b}）",
                f"{part} ({a}) exceeds {whole} ({b})",
            )
    return YearFigures(
        year=year, sources=tuple(sources), source=p.text(o.get("source"), f"{q}.source"), **vals
    )
