"""Seeded generator of realistic structured notices (for the benchmark, the demo data and tests).

Names are composed from common parts (city, trade name, trade, legal form); codes carry valid check
digits. Nothing here is a real firm's or person's data.
"""

from __future__ import annotations

import datetime as dt
import random

from .formats import id_check_char, make_uscc
from .model import Kind
from .render import Style, render

CITIES = ("杭州", "宁波", "温州", "绍兴", "湖州", "嘉兴", "金华", "衢州", "台州", "丽水", "舟山")
CORES = (
    "明远",
    "华泰",
    "恒达",
    "万通",
    "新锐",
    "瑞丰",
    "东方",
    "宏图",
    "鼎盛",
    "青禾",
    "云栖",
    "西溪",
    "钱塘",
    "之江",
)
TRADES = (
    "科技",
    "贸易",
    "机械",
    "餐饮管理",
    "物流",
    "建材",
    "电子",
    "纺织",
    "文化传媒",
    "供应链",
    "生物医药",
    "智能装备",
)
SUFFIXES = ("有限公司", "股份有限公司", "有限责任公司")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "小明华丽建国伟芳娜静敏强磊军洋勇艳杰涛超"
REGIONS = ("330102", "330105", "330106", "330108", "330110", "330203", "330302", "330602")
BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ITEMS = (
    "银行开户许可证",
    "营业执照正副本",
    "公章",
    "财务专用章",
    "合同专用章",
    "发票专用章",
    "工作证",
    "食品经营许可证",
)
BANKS = ("中国工商银行杭州湖墅支行", "中国建设银行宁波分行营业部", "杭州联合农村商业银行三墩支行")
AUTHS = ("杭州市拱墅区市场监督管理局", "宁波市鄞州区市场监督管理局", "温州市鹿城区市场监督管理局")


# Characters of trade names (字号): two drawn at random give ~40,000 names, so a generated register has
# realistic variety (a real one has hundreds of thousands of distinct names).
NAME_CHARS = (
    "安邦宝博昌辰诚创达大德鼎东方丰峰福富光广国海瀚浩和恒宏鸿华辉汇佳嘉建杰金锦京晶精俊凯康坤蓝乐力立利联良林隆龙路茂美"
    "民明铭南宁鹏平普齐启千乾强庆瑞润森山尚晟盛实世顺硕思泰天通同拓万威维伟文祥新鑫信兴星旭亚扬耀业一亿益银盈永优宇元远"
    "越云泽展兆正之志智中众卓"
)


def company(rng: random.Random) -> str:
    core = rng.choice(CORES) if rng.random() < 0.2 else rng.choice(NAME_CHARS) + rng.choice(NAME_CHARS)
    return rng.choice(CITIES) + core + rng.choice(TRADES) + rng.choice(SUFFIXES)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def uscc(rng: random.Random) -> str:
    return make_uscc(rng.choice(REGIONS), "".join(rng.choice(BODY) for _ in range(8)))


def licence(rng: random.Random) -> str:
    return rng.choice("JZL") + "".join(rng.choice("0123456789") for _ in range(13))


def id_number(rng: random.Random) -> str:
    born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 15000))
    first = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return first + id_check_char(first)


def notice(
    rng: random.Random, kind: Kind | None = None, firm: tuple[str, str] | None = None
) -> tuple[Kind, dict]:
    """One structured notice; `firm` = (name, uscc) to make it about a given enterprise."""
    kind = (
        kind
        or rng.choices(
            [
                Kind.LOST,
                Kind.DEREGISTRATION,
                Kind.SIMPLE_DEREGISTRATION,
                Kind.CAPITAL_REDUCTION,
                Kind.MERGER,
                Kind.SPLIT,
            ],
            weights=[60, 10, 10, 10, 5, 5],
        )[0]
    )
    name, code = firm or (company(rng), uscc(rng))
    if kind == Kind.LOST:
        item = rng.choice(ITEMS)
        v = {"declarant": name if firm or rng.random() < 0.8 else person(rng), "item": item}
        if item == "银行开户许可证":
            if rng.random() < 0.3:
                v = {"declarant": v["declarant"], "authority": rng.choice(BANKS), "item": "开户许可证"}
            v |= {"number_label": "核准号", "number": licence(rng)}
        elif item == "营业执照正副本":
            v |= {"uscc": code, "number_label": "统一社会信用代码", "number": code}
        elif rng.random() < 0.5:
            v |= {"number_label": "编号", "number": f"{rng.randint(10**12, 10**13 - 1)}"}
        return kind, v | {"declaration": "声明作废"}
    if kind == Kind.VOID:
        v = {"declarant": name, "item": rng.choice(("公章", "财务专用章", "合同专用章", "营业执照副本"))}
        if rng.random() < 0.6:
            v |= {"number_label": "编号", "number": f"{rng.randint(10**12, 10**13 - 1)}"}
        return kind, v | {"declaration": "声明作废"}
    if kind == Kind.OTHER:
        place = rng.choice(("转塘街道", "三墩镇", "良渚街道", "闲林街道"))
        return kind, {
            "title": f"迁坟公告：因道路建设需要，请{place}某某山坟主于公告之日起六十日内自行迁移。特此公告。"
        }
    if kind == Kind.DEREGISTRATION:
        return kind, {"company": name, "uscc": code, "reason": "经股东会决议", "creditor_days": "45"}
    if kind == Kind.SIMPLE_DEREGISTRATION:
        start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
        end = start + dt.timedelta(days=19)
        return kind, {
            "company": name,
            "uscc": code,
            "authority": rng.choice(AUTHS),
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "creditor_days": "20",
        }
    if kind == Kind.CAPITAL_REDUCTION:
        before = rng.randint(100, 20000)
        return kind, {
            "company": name,
            "uscc": code,
            "capital_before": str(before),
            "capital_after": str(rng.randint(1, before - 1)),
            "creditor_days": "45",
        }
    if kind == Kind.MERGER:
        other = company(rng)
        return kind, {"parties": f"{name}、{other}", "survivor": name, "creditor_days": "45"}
    a, b = company(rng), company(rng)
    return Kind.SPLIT, {"company": name, "uscc": code, "parties": f"{a}、{b}", "creditor_days": "45"}


def style(rng: random.Random) -> Style:
    return Style(
        fullwidth=rng.random() < 0.8,
        colon=rng.choice(("：", "：", ":", "")),
        breaks=tuple(rng.randint(5, 60) for _ in range(rng.randint(0, 1))),
        chinese_days=rng.random() < 0.3,
        title=rng.random() < 0.7,
    )


def page(rng: random.Random, n: int) -> str:
    """A classified page of n notices, with the paper's heading and contact line."""
    parts = ["分类 信息", "联系电话:(0571)85310538"]
    for _ in range(n):
        kind, values = notice(rng)
        parts.append(render(kind, values, style(rng)))
    return "\n".join(parts) + "\n"
