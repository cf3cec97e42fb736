"""Synthetic but realistic enterprises for the demo district and for benchmarks.

The mix follows a Hangzhou development zone (余杭经开区): mostly manufacturing (equipment,
electrical machinery, electronics, apparel, plastics, pharmaceuticals), a software and R&D
cluster, some wholesale and business services. Revenue is log-normal (median ≈ 1,500 万元), three
years of figures grow with noise; R&D, tax, staff and balance-sheet figures follow revenue. A few
dozen firms hold current 专精特新 titles and a handful are 小巨人. Phone numbers are fake.

Everything is deterministic for a given seed. Rows are written with bulk statements in chunks;
one audit record describes the whole load.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal

from django.db import transaction

from chrysalis.accounts.models import OrgUnit
from chrysalis.audit.services import record_change
from chrysalis.core.scope import PATH_STEP
from chrysalis.enterprises import industry
from chrysalis.enterprises.crypto import blind_index
from chrysalis.enterprises.imports.engine import refresh_latest_bulk
from chrysalis.enterprises.models import Contact, Enterprise, IPRight, Title, YearFigures
from chrysalis.enterprises.uscc import CHARSET, make_uscc

# (class code, weight, name word)
INDUSTRY_MIX = [
    ("C3484", 8, "机械"),
    ("C3491", 3, "机器人"),
    ("C3442", 3, "泵阀"),
    ("C3521", 2, "装备"),
    ("C3581", 2, "医疗器械"),
    ("C3824", 4, "电气"),
    ("C3841", 2, "电池"),
    ("C3891", 2, "电工器材"),
    ("C3962", 2, "智能设备"),
    ("C3976", 3, "电子"),
    ("C3982", 2, "电子元件"),
    ("C1810", 6, "服饰"),
    ("C1713", 2, "纺织"),
    ("C2927", 3, "塑料"),
    ("C2662", 2, "化工"),
    ("C2720", 2, "制药"),
    ("C3360", 2, "金属制品"),
    ("C3670", 3, "汽车零部件"),
    ("C2231", 1, "纸业"),
    ("C4090", 1, "仪器仪表"),
    ("I6513", 5, "软件"),
    ("I6531", 2, "信息技术"),
    ("I6450", 1, "网络科技"),
    ("M7320", 2, "研究院"),
    ("M7520", 2, "科技"),
    ("F5179", 3, "贸易"),
    ("F5176", 1, "进出口"),
    ("L7212", 1, "咨询"),
    ("E4813", 1, "建设"),
    ("G5810", 1, "物流"),
]
BRANDS = list(
    "华科创维恒泰鑫源盛达瑞博通宇远新华鼎天启明正诚凯越嘉禾锐思中航云智精工弘毅德康友邦卓越永信联合"
)
SURNAMES = list("王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红")
ROADS = [
    "临平大道",
    "顺风路",
    "望梅路",
    "东湖北路",
    "兴中路",
    "红丰路",
    "星桥北路",
    "新丰路",
    "超峰西路",
    "宏达路",
]
YEARS = (2023, 2024, 2025)


def _valid_codes():
    return [
        (c, w, word)
        for c, w, word in INDUSTRY_MIX
        if industry.get(c) is not None and industry.get(c).level == "class"
    ]


def _body(prefix: str, n: int, width: int) -> str:
    digits = []
    for _ in range(width):
        n, r = divmod(n, 31)
        digits.append(CHARSET[r])
    return prefix + "".join(reversed(digits))


def _d(x: float, places: str = "0.01") -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(places))


def generate(
    n: int, grids: list[OrgUnit], *, seed: int = 2026, prefix: str = "MA2H", start: int = 0
) -> Iterator[dict]:
    """Yield n enterprise specs (profile, years, ip, titles, contacts)."""
    rng = random.Random(seed * 1_000_003 + start)
    codes = _valid_codes()
    weights = [w for _, w, _ in codes]
    grid_weights = [3 if g.path.startswith(grids[0].path[: 2 * PATH_STEP]) else 1 for g in grids]
    width = 8 - len(prefix)
    zjtx_budget, giant_budget = max(3, n // 50), max(1, n // 250)
    for i in range(start, start + n):
        code, _w, word = rng.choices(codes, weights)[0]
        tech = code.startswith(("C38", "C39", "C34", "C35", "I65", "M7", "C40", "C27"))
        brand = "".join(rng.sample(BRANDS, 2))
        tech_word = "科技" if tech and rng.random() < 0.5 else ""
        if tech_word and ("科技" in word or word.endswith("院")):
            tech_word = ""  # no "网络科技科技", no "研究院科技"
        name = f"杭州{brand}{word}{tech_word}{rng.choice(['有限公司', '股份有限公司', '有限公司'])}"
        base = rng.lognormvariate(7.3, 1.25)  # 万元; median ≈ 1,500
        growth = rng.gauss(0.08, 0.12)
        years = {}
        revenue = base
        for y in YEARS:
            revenue = max(50.0, revenue * (1 + growth + rng.gauss(0, 0.06))) if y != YEARS[0] else revenue
            rd_share = rng.uniform(0.03, 0.09) if tech else rng.uniform(0.005, 0.03)
            employees = max(3, int(revenue / rng.uniform(40, 90)))
            assets = revenue * rng.uniform(0.8, 1.6)
            years[y] = {
                "revenue": _d(revenue),
                "main_revenue": _d(revenue * rng.uniform(0.9, 0.99)),
                "rd_expense": _d(revenue * rd_share),
                "net_profit": _d(revenue * rng.uniform(-0.04, 0.14)),
                "total_assets": _d(assets),
                "total_liabilities": _d(assets * rng.uniform(0.3, 0.65)),
                "total_cost_expense": _d(revenue * rng.uniform(0.85, 0.97)),
                "employees": employees,
                "rd_staff": max(1, int(employees * rng.uniform(0.1, 0.3)))
                if tech
                else max(0, int(employees * 0.05)),
                "tax_paid": _d(revenue * rng.uniform(0.02, 0.06)),
                "digital_level": rng.choice([1, 2, 2, 3, 3, 4]) if tech else rng.choice([1, 1, 2, 2, 3]),
            }
            years[y]["tech_staff"] = years[y]["rd_staff"] + int(employees * 0.05)
        last = years[YEARS[-1]]
        above = last["revenue"] >= 2000 and code[0] in "BCD" or last["revenue"] >= 5000
        titles, ip = [], []
        if tech:
            for k in range(rng.choice([0, 0, 1, 2, 3, 5, 8])):
                ip.append(
                    {
                        "kind": "invention_patent",
                        "number": f"ZL20{rng.randint(15, 24)}1"
                        f"{rng.randint(1000000, 9999999)}.{rng.randint(0, 9)}",
                        "granted_on": dt.date(
                            rng.randint(2016, 2025), rng.randint(1, 12), rng.randint(1, 28)
                        ),
                        "self_developed": rng.random() < 0.9,
                        "related_to_leading_product": rng.random() < 0.7,
                        "valid": True,
                        "title": f"一种{word}的制备方法{k + 1}",
                    }
                )
            for k in range(rng.choice([0, 1, 2, 4, 6])):
                ip.append(
                    {
                        "kind": "utility_model",
                        "number": f"ZL20{rng.randint(18, 25)}2"
                        f"{rng.randint(1000000, 9999999)}.{rng.randint(0, 9)}",
                        "granted_on": dt.date(
                            rng.randint(2018, 2025), rng.randint(1, 12), rng.randint(1, 28)
                        ),
                        "self_developed": True,
                        "valid": True,
                        "title": f"一种{word}装置{k + 1}",
                    }
                )
            if code.startswith("I65"):
                ip.append(
                    {
                        "kind": "software_copyright",
                        "number": f"2024SR{rng.randint(100000, 999999)}",
                        "granted_on": dt.date(2024, rng.randint(1, 12), 1),
                        "self_developed": True,
                        "valid": True,
                        "title": f"{brand}{word}管理系统V1.0",
                    }
                )
            if rng.random() < 0.35:
                g = dt.date(rng.choice([2024, 2025]), rng.randint(1, 12), rng.randint(1, 28))
                titles.append({"kind": "tech_sme", "granted_on": g, "valid_until": dt.date(g.year, 12, 31)})
            if rng.random() < 0.2:
                g = dt.date(rng.randint(2022, 2025), rng.randint(1, 12), 1)
                titles.append(
                    {
                        "kind": "high_tech_enterprise",
                        "granted_on": g,
                        "valid_until": g.replace(year=g.year + 3) - dt.timedelta(days=1),
                    }
                )
            strong = len([x for x in ip if x["kind"] == "invention_patent"]) >= 2 and last["revenue"] >= 1000
            if strong and rng.random() < 0.6:
                g = dt.date(rng.randint(2023, 2025), rng.randint(1, 12), 1)
                titles.append(
                    {
                        "kind": "innovative_sme",
                        "granted_on": g,
                        "valid_until": g.replace(year=g.year + 3) - dt.timedelta(days=1),
                    }
                )
                if zjtx_budget > 0 and last["revenue"] >= 2000 and rng.random() < 0.5:
                    zjtx_budget -= 1
                    g = dt.date(rng.randint(2023, 2025), 12, 1)
                    titles.append(
                        {
                            "kind": "zjtx_sme",
                            "granted_on": g,
                            "valid_until": g.replace(year=g.year + 3) - dt.timedelta(days=1),
                            "batch": str(g.year),
                        }
                    )
                    if giant_budget > 0 and last["revenue"] >= 5000:
                        giant_budget -= 1
                        g = dt.date(rng.randint(2023, 2025), 7, 1)
                        titles.append(
                            {
                                "kind": "little_giant",
                                "granted_on": g,
                                "valid_until": g.replace(year=g.year + 3) - dt.timedelta(days=1),
                                "batch": str(g.year),
                            }
                        )
        contacts = []
        for k in range(rng.choice([1, 1, 2])):
            person = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
            contacts.append(
                {
                    "name": person,
                    "position": "总经理" if k == 0 else rng.choice(["财务总监", "行政主管", "研发经理"]),
                    "phone": f"1{rng.choice(['39', '58', '87', '99'])}{rng.randint(10000000, 99999999)}",
                    "is_primary": k == 0,
                }
            )
        yield {
            "uscc": make_uscc("330110", _body(prefix, i, width)),
            "name": name,
            "grid": rng.choices(grids, grid_weights)[0],
            "industry_code": code,
            "address": f"浙江省杭州市临平区{rng.choice(ROADS)}{rng.randint(1, 999)}号",
            "legal_representative": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
            "registered_capital": _d(rng.choice([50, 100, 200, 500, 1000, 2000, 5000]) * 1.0),
            "registered_on": dt.date(rng.randint(1998, 2022), rng.randint(1, 12), rng.randint(1, 28)),
            "above_scale": above,
            "high_growth": (not above) and growth > 0.15 and last["revenue"] >= 1200,
            "key_firm": above and rng.random() < 0.15,
            "key_project": rng.random() < 0.02,
            "own_brand": rng.random() < 0.6,
            "independent_legal_person": True,
            "years": years,
            "ip": ip,
            "titles": titles,
            "contacts": contacts,
        }


def write(specs: list[dict], *, source: str = "statistics") -> int:
    """Insert a chunk of specs with bulk statements; existing codes are skipped. Returns the count."""
    existing = set(
        Enterprise.objects.filter(uscc__in=[s["uscc"] for s in specs]).values_list("uscc", flat=True)
    )
    specs = [s for s in specs if s["uscc"] not in existing]
    if not specs:
        return 0
    profile_keys = (
        "name",
        "industry_code",
        "address",
        "legal_representative",
        "registered_capital",
        "registered_on",
        "above_scale",
        "high_growth",
        "key_firm",
        "key_project",
        "own_brand",
        "independent_legal_person",
    )
    ents = [
        Enterprise(
            uscc=s["uscc"],
            org_unit=s["grid"],
            size_category=industry.size_category_id(s["industry_code"]),
            **{k: s[k] for k in profile_keys},
        )
        for s in specs
    ]
    Enterprise.objects.bulk_create(ents, batch_size=1000)
    figures, ip, titles, contacts = [], [], [], []
    for e, s in zip(ents, specs, strict=True):
        for y, values in s["years"].items():
            figures.append(
                YearFigures(enterprise=e, year=y, source=source, as_of=dt.date(y + 1, 3, 31), **values)
            )
        ip += [IPRight(enterprise=e, **x) for x in s["ip"]]
        titles += [Title(enterprise=e, **x) for x in s["titles"]]
        for c in s["contacts"]:
            contacts.append(Contact(enterprise=e, phone_index=blind_index(c["phone"]), **c))
    YearFigures.objects.bulk_create(figures, batch_size=2000)
    IPRight.objects.bulk_create(ip, batch_size=2000)
    Title.objects.bulk_create(titles, batch_size=2000)
    Contact.objects.bulk_create(contacts, batch_size=2000)
    refresh_latest_bulk(ents)
    return len(ents)


def populate(
    n: int,
    grids: list[OrgUnit],
    *,
    seed: int = 2026,
    prefix: str = "MA2H",
    start: int = 0,
    chunk: int = 2000,
    progress=None,
) -> int:
    created = 0
    batch: list[dict] = []
    for spec in generate(n, grids, seed=seed, prefix=prefix, start=start):
        batch.append(spec)
        if len(batch) >= chunk:
            with transaction.atomic():
                created += write(batch)
            batch = []
            if progress:
                progress(created)
    if batch:
        with transaction.atomic():
            created += write(batch)
    record_change(
        actor=None,
        action="create",
        obj=None,
        object_repr=f"synthetic enterprises: {created}",
        after={"count": created, "seed": seed, "prefix": prefix},
    )
    return created
