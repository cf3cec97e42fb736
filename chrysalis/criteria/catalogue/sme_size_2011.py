"""sme-size-2011 — 《中小企业划型标准规定》（工信部联企业〔2011〕300号）.

Thresholds per industry category (Part B §8, [G]); the category of a firm comes from its GB/T
4754-2017 code via ``data/sme-size-industry-map.csv``. Metrics: X = 从业人员 (employees), Y =
营业收入 (revenue, 万元), Z = 资产总额 (total_assets, 万元), all of the year before the
application year. Semantics: a class's lower limits are inclusive ("X及以上") and must all be
met; "以下" is strict. large = every "large" minimum met; else medium = every medium minimum
met; else small = every small minimum met; else micro. ([I] algorithm of Part B §8.)
"""

from __future__ import annotations

METRICS = {
    "X": ("employees", "从业人员", "人"),
    "Y": ("revenue", "营业收入", "万元"),
    "Z": ("total_assets", "资产总额", "万元"),
}

# category id → {class: {metric: inclusive minimum}}; category ids follow the NBS table / CSV.
THRESHOLDS: dict[int, dict[str, dict[str, int]]] = {
    1: {"large": {"Y": 20000}, "medium": {"Y": 500}, "small": {"Y": 50}},
    2: {"large": {"X": 1000, "Y": 40000}, "medium": {"X": 300, "Y": 2000}, "small": {"X": 20, "Y": 300}},
    3: {"large": {"Y": 80000, "Z": 80000}, "medium": {"Y": 6000, "Z": 5000}, "small": {"Y": 300, "Z": 300}},
    4: {"large": {"X": 200, "Y": 40000}, "medium": {"X": 20, "Y": 5000}, "small": {"X": 5, "Y": 1000}},
    5: {"large": {"X": 300, "Y": 20000}, "medium": {"X": 50, "Y": 500}, "small": {"X": 10, "Y": 100}},
    6: {"large": {"X": 1000, "Y": 30000}, "medium": {"X": 300, "Y": 3000}, "small": {"X": 20, "Y": 200}},
    7: {"large": {"X": 200, "Y": 30000}, "medium": {"X": 100, "Y": 1000}, "small": {"X": 20, "Y": 100}},
    8: {"large": {"X": 1000, "Y": 30000}, "medium": {"X": 300, "Y": 2000}, "small": {"X": 20, "Y": 100}},
    9: {"large": {"X": 300, "Y": 10000}, "medium": {"X": 100, "Y": 2000}, "small": {"X": 10, "Y": 100}},
    10: {"large": {"X": 300, "Y": 10000}, "medium": {"X": 100, "Y": 2000}, "small": {"X": 10, "Y": 100}},
    11: {"large": {"X": 2000, "Y": 100000}, "medium": {"X": 100, "Y": 1000}, "small": {"X": 10, "Y": 100}},
    12: {"large": {"X": 300, "Y": 10000}, "medium": {"X": 100, "Y": 1000}, "small": {"X": 10, "Y": 50}},
    13: {
        "large": {"Y": 200000, "Z": 10000},
        "medium": {"Y": 1000, "Z": 5000},
        "small": {"Y": 100, "Z": 2000},
    },
    14: {"large": {"X": 1000, "Y": 5000}, "medium": {"X": 300, "Y": 1000}, "small": {"X": 100, "Y": 500}},
    15: {"large": {"X": 300, "Z": 120000}, "medium": {"X": 100, "Z": 8000}, "small": {"X": 10, "Z": 100}},
    16: {"large": {"X": 300}, "medium": {"X": 100}, "small": {"X": 10}},
}

RULE_SET = {
    "id": "sme-size-2011",
    "version": "2011.1",
    "tier": "sme_size",
    "name_zh": "中小企业划型标准规定",
    "name_en": "SME size classification (2011)",
    "document": "工信部联企业〔2011〕300号；国统字〔2017〕213号（GB/T 4754-2017 对应）",
    "applies": [{"applications": ["new", "review"], "from": "2011-06-18", "to": None}],
    "criteria": [
        {
            "id": "SME11-1",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "属于中小微企业（中小企业划型标准规定）",
            "name_en": "is a medium, small or micro enterprise",
            "when": "is_sme",
            "confidence": "G",
        },
    ],
    "passes": "SME11-1",
    "notes": ["规模类型的判定见 size_class 字段；行业未知时规模类型为“未知”，不作推测（A10）。"],
}


def validate_thresholds() -> None:
    """Import-time check: 16 categories, each class's minima a subset of the metrics, and
    medium/small minima below the large ones."""
    if sorted(THRESHOLDS) != list(range(1, 17)):
        raise ValueError("sme-size-2011 must define categories 1..16")
    for cid, classes in THRESHOLDS.items():
        if set(classes) != {"large", "medium", "small"}:
            raise ValueError(f"category {cid}: classes must be large/medium/small")
        metrics = set(classes["large"])
        for cls in ("medium", "small"):
            if set(classes[cls]) != metrics or not metrics <= set(METRICS):
                raise ValueError(f"category {cid}: {cls} must use the metrics of 'large'")
        for m in metrics:
            if not classes["small"][m] <= classes["medium"][m] <= classes["large"][m]:
                raise ValueError(f"category {cid}: thresholds of {m} are not ordered")


validate_thresholds()
