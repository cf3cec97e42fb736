"""Rendering a structured notice as newspaper text: the inverse of the parser.

Used by the round-trip property test (render → parse gives the same fields), by the demo data and by
the platform's own publication ("publication source: the platform"). `Style` varies what real pages
vary: full-width or half-width punctuation, a colon after a label or none, line breaks, numerals.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Kind

_CN = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1..99 in Chinese numerals (45 → 四十五, 20 → 二十, 10 → 十)."""
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _CN[tens]) + "十" if tens else ""
    return head + (_CN[ones] if ones or not tens else "")


@dataclass(frozen=True)
class Style:
    fullwidth: bool = True
    colon: str = "："  # "：", ":" or ""
    breaks: tuple[int, ...] = ()  # character offsets where a line break is inserted
    chinese_days: bool = False
    title: bool = True

    def p(self, ch: str) -> str:
        if not self.fullwidth:
            return ch
        return {",": "，", "(": "（", ")": "）", ";": "；", ":": "："}.get(ch, ch)


def _date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def render(kind: Kind, v: dict[str, str], style: Style = Style()) -> str:
    p, colon = style.p, style.colon
    days = v.get("creditor_days", "")
    days_text = cn_numeral(int(days)) if days and style.chinese_days else days
    if kind in (Kind.LOST, Kind.VOID):
        who = v["declarant"]
        if v.get("uscc"):
            who += f"{p('(')}统一社会信用代码{colon}{v['uscc']}{p(')')}"
        auth = f"{v['authority']}核发的" if v.get("authority") else ""
        number = f"{p(',')}{v['number_label']}{colon}{v['number']}" if v.get("number") else ""
        if kind == Kind.LOST:
            text = f"{who}遗失{auth}{v['item']}{number}{p(',')}{v.get('declaration', '声明作废')}。"
        else:
            text = f"{who}原{auth}{v['item']}{number}{p(',')}{v.get('declaration', '声明作废')}。"
    elif kind == Kind.DEREGISTRATION:
        co = v["company"]
        title = f"{co}注销公告\n" if style.title else ""
        text = (
            f"{title}{co}{p('(')}统一社会信用代码{colon}{v['uscc']}{p(')')}{v['reason']}{p(',')}决定注销本公司。"
            f"请债权人自本公告之日起{days_text}日内向本公司清算组申报债权。特此公告。"
        )
    elif kind == Kind.SIMPLE_DEREGISTRATION:
        c = colon or "："
        text = (
            f"简易注销公告\n企业名称{c}{v['company']}\n统一社会信用代码{c}{v['uscc']}\n"
            f"登记机关{c}{v['authority']}\n公告期{c}{_date(v['period_start'])}至{_date(v['period_end'])}"
        )
    elif kind == Kind.CAPITAL_REDUCTION:
        co = v["company"]
        title = f"{co}减资公告\n" if style.title else ""
        text = (
            f"{title}{co}{p('(')}统一社会信用代码{colon}{v['uscc']}{p(')')}经股东会决议{p(',')}"
            f"注册资本由{v['capital_before']}万元减少至{v['capital_after']}万元{p(',')}"
            f"请债权人自本公告之日起{days_text}日内要求本公司清偿债务或者提供相应的担保。特此公告。"
        )
    elif kind == Kind.MERGER:
        a, b = v["parties"].split("、")
        text = (
            f"合并公告\n经股东会决议{p(',')}{a}吸收合并{b}{p(',')}合并后{a}存续{p(',')}{b}解散。"
            f"请债权人自本公告之日起{days_text}日内申报债权。特此公告。"
        )
    elif kind == Kind.SPLIT:
        co = v["company"]
        parts = "和".join(v["parties"].split("、"))
        text = (
            f"{co}分立公告\n{co}{p('(')}统一社会信用代码{colon}{v['uscc']}{p(')')}经股东会决议分立为{parts}。"
            f"请债权人自本公告之日起{days_text}日内申报债权。特此公告。"
        )
    else:
        text = v.get("title", "")
    for at in sorted(set(style.breaks), reverse=True):
        if 0 < at < len(text) and "\n" not in text[at - 1 : at + 1]:
            text = text[:at] + "\n" + text[at:]
    return text
