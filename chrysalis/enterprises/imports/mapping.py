"""Column mapping: Chinese headers as officials write them → registry fields.

A target is a profile field ("uscc", "name", "grid", …), "year", "source", "as_of", a figure
("revenue") or a figure of a given year ("revenue@2024", from headers like 2024年营业收入（万元）).
Columns mapped to nothing are dropped: never stored, only named in the report (P-02).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from chrysalis.enterprises.choices import FIGURE_FIELDS, FIGURES_BY_NAME
from chrysalis.enterprises.imports.units import unit_problem

# profile targets: name → (label, kind, Chinese header aliases)
PROFILE_TARGETS: dict[str, tuple] = {
    "uscc": (
        _("unified social credit code"),
        "uscc",
        ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "USCC"),
    ),
    "name": (_("name"), "text", ("企业名称", "单位名称", "企业全称", "名称", "公司名称")),
    "grid": (_("grid"), "grid", ("所属网格", "网格", "网格名称", "网格编码")),
    # a street, zone or community: places the firm at that level when no grid is given
    "area": (
        _("street / zone"),
        "area",
        (
            "所属街道",
            "街道",
            "所属镇街",
            "镇街",
            "所属乡镇街道",
            "乡镇街道",
            "所属园区",
            "园区",
            "所属区域",
            "区域",
            "所属社区",
            "社区",
        ),
    ),
    "industry_code": (
        _("industry (GB/T 4754-2017)"),
        "industry",
        ("行业代码", "国民经济行业代码", "行业分类代码", "所属行业代码", "行业", "所属行业", "行业分类"),
    ),
    "address": (_("address"), "text", ("注册地址", "地址", "经营地址", "企业地址")),
    "legal_representative": (_("legal representative"), "text", ("法定代表人", "法人代表", "法人")),
    "registered_capital": (_("registered capital (10k yuan)"), "money", ("注册资本（万元）", "注册资本")),
    "registered_on": (_("registered on"), "date", ("成立日期", "注册日期", "成立时间")),
    "above_scale": (_("above designated size (规上)"), "bool", ("是否规上", "规上企业", "规上")),
    "high_growth": (_("high growth (升规潜力)"), "bool", ("是否高成长", "高成长企业", "升规潜力")),
    "key_firm": (_("key firm"), "bool", ("是否重点企业", "重点企业")),
    "key_project": (_("key project under construction"), "bool", ("重点在建项目", "是否重点在建项目")),
    # the registry export's 标记 column: the yes/no flags it lists, joined by 、
    "flags": (_("flags (above scale, high growth, key firm, key project)"), "flags", ("标记",)),
}
META_TARGETS: dict[str, tuple] = {
    "year": (_("year"), "year", ("年度", "年份", "数据年度", "统计年度")),
    "source": (_("source"), "source", ("数据来源", "来源")),
    "as_of": (_("as of"), "date", ("数据截止日期", "截止日期", "数据日期")),
}
PROFILE_IMPORT_FIELDS = tuple(k for k in PROFILE_TARGETS if k not in {"uscc", "grid", "area", "flags"})

YEAR_PREFIX = re.compile(r"^\s*((?:19|20)\d{2})\s*年?(?:度)?\s*[-_ ]?\s*(.+)$")


def norm(header: str) -> str:
    """Compare headers loosely: full-width/half-width brackets, spaces, units in brackets."""
    h = (header or "").strip().replace("(", "（").replace(")", "）").replace(" ", "").replace("\u3000", "")
    return h.upper()


def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, (_label, _kind, aliases) in {**PROFILE_TARGETS, **META_TARGETS}.items():
        for a in aliases:
            table[norm(a)] = name
    for f in FIGURE_FIELDS:
        for a in f.headers:
            table[norm(a)] = f.name
    return table


def _strip_unit(h: str) -> str:
    return re.sub(r"（[^）]*）$", "", h)


def guess_target(header: str) -> str:
    table = _alias_table()
    h = norm(header)
    if h in table:
        return table[h]
    if _strip_unit(h) in table:
        return table[_strip_unit(h)]
    m = YEAR_PREFIX.match(header or "")
    if m:
        rest = norm(m.group(2))
        target = table.get(rest) or table.get(_strip_unit(rest))
        if target in FIGURES_BY_NAME:
            return f"{target}@{m.group(1)}"
    return ""


def propose(headers: list[str]) -> dict[str, str]:
    """{column index: target} for the headers the system recognises; a target is used once."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for i, h in enumerate(headers):
        target = guess_target(h)
        if target and target not in used:
            mapping[str(i)] = target
            used.add(target)
    return mapping


def target_choices(headers: list[str] | None = None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = [("", _("— ignore this column —"))]
    out += [(k, v[0]) for k, v in PROFILE_TARGETS.items()]
    out += [(k, v[0]) for k, v in META_TARGETS.items()]
    out += [(f.name, f.label) for f in FIGURE_FIELDS]
    years = sorted({m.group(1) for h in headers or [] if (m := YEAR_PREFIX.match(h or ""))})
    for y in years:
        out += [(f"{f.name}@{y}", f"{y} · {f.label}") for f in FIGURE_FIELDS]
    return out


def valid_target(target: str) -> bool:
    if target in PROFILE_TARGETS or target in META_TARGETS or target in FIGURES_BY_NAME:
        return True
    name, _sep, year = target.partition("@")
    return name in FIGURES_BY_NAME and year.isdigit() and len(year) == 4


def check_mapping(mapping: dict[str, str], headers: list[str], default_year: int | None = None) -> list[str]:
    """Problems with a mapping (messages), empty when usable."""
    from django.utils.translation import gettext as _g

    problems = []
    targets = [t for t in mapping.values() if t]
    dupes = sorted({t for t in targets if targets.count(t) > 1})
    if dupes:
        problems.append(_g("Several columns are mapped to the same field: %s") % "、".join(dupes))
    if "uscc" not in targets:
        problems.append(_g("One column must be the unified social credit code (统一社会信用代码)."))
    plain_figures = [t for t in targets if t in FIGURES_BY_NAME]
    if plain_figures and "year" not in targets and not default_year:
        problems.append(_g("Figures without a year in their header need a year column (年度)."))
    for k, t in mapping.items():
        if t and (not valid_target(t) or not k.isdigit() or int(k) >= len(headers)):
            problems.append(_g("Invalid mapping entry: %s") % t)
        elif t:
            problem = unit_problem(headers[int(k)], t)
            if problem:
                problems.append(problem)
    return problems
