"""innovative-sme-2022 — 创新型中小企业评价标准（工信部企业〔2022〕63号 附件1）.

Part B §3.1. Still applied after 2026-04-01 under the transitional article (A1). The lowest band
of IN22-S5 scores 5, so an unknown S5 contributes 5 to the minimum (A3).
"""

from __future__ import annotations

from .common import elig22, elig_all, ladder

RULE_SET = {
    "id": "innovative-sme-2022",
    "version": "2022.1",
    "tier": "innovative_sme",
    "name_zh": "创新型中小企业评价标准",
    "name_en": "Innovative SME evaluation standard (2022)",
    "document": "工信部企业〔2022〕63号 附件1；2026 年起依工信部企业〔2026〕2号过渡条款继续适用",
    "applies": [{"applications": ["new", "review"], "from": "2022-08-01", "to": None}],
    "scorecard": {
        "pass_mark": 60,
        "groups": [
            {"id": "innovation", "name_zh": "创新能力", "max": 40, "min": 20},
            {"id": "growth", "name_zh": "成长性", "max": 30, "min": 15},
            {"id": "specialization", "name_zh": "专业化", "max": 30, "min": 15},
        ],
    },
    "criteria": elig22()
    + [
        {
            "id": "IN22-D1",
            "kind": "condition",
            "role": "direct",
            "name_zh": "近三年内获得过国家级、省级科技奖励",
            "name_en": "national or provincial S&T award in the last 3 years",
            "when": "award_sci_tech_3y >= 1",
            "confidence": "S2",
            "note_zh": "条文为“国家级、省级”：部级奖励不计入本项。",
            "formulas": ["recent_3y"],
        },
        {
            "id": "IN22-D2",
            "kind": "condition",
            "role": "direct",
            "name_zh": "获得高新技术企业、国家级技术创新示范企业、"
            "知识产权优势企业和知识产权示范企业等荣誉（均为有效期内）",
            "name_en": "valid HNTE / technology-innovation demonstration / IP advantage / IP demonstration "
            "title",
            "when": "has_innovation_honour",
            "confidence": "S2",
            "formulas": ["title_valid"],
        },
        {
            "id": "IN22-D3",
            "kind": "condition",
            "role": "direct",
            "name_zh": "拥有经认定的省部级以上研发机构",
            "name_en": "recognised provincial/ministerial-or-higher R&D institution",
            "when": "rd_institution_rank >= 3",
            "confidence": "S2",
        },
        {
            "id": "IN22-D4",
            "kind": "condition",
            "role": "direct",
            "name_zh": "近三年新增股权融资总额（合格机构投资者的实缴额）500万元以上",
            "name_en": "qualified paid-in equity financing in the last 3 years ≥ 500万",
            "when": "equity_qualified_3y >= 500",
            "confidence": "S2",
            "formulas": ["recent_3y"],
        },
        {
            "id": "IN22-S1",
            "kind": "score",
            "role": "score",
            "group": "innovation",
            "max_points": 20,
            "name_zh": "与企业主导产品相关的有效知识产权数量",
            "name_en": "valid IP related to the leading product",
            "bands": [
                {"when": "ip1_high_value_count >= 1", "points": 20, "label_zh": "Ⅰ类高价值知识产权1项以上"},
                {"when": "ip1_self_count >= 1", "points": 15, "label_zh": "自主研发Ⅰ类知识产权1项以上"},
                {"when": "ip1_count >= 1", "points": 10, "label_zh": "Ⅰ类知识产权1项以上"},
                {"when": "ip2_count >= 1", "points": 5, "label_zh": "Ⅱ类知识产权1项以上"},
            ],
            "confidence": "S2",
            "formulas": ["ip_2022"],
        },
        {
            "id": "IN22-S2",
            "kind": "score",
            "role": "score",
            "group": "innovation",
            "max_points": 20,
            "name_zh": "上年度研发费用总额占营业收入总额比重",
            "name_en": "R&D expense / operating revenue, last year",
            "bands": ladder("rd_ratio", [("5%", 20), ("3%", 15), ("2%", 10), ("1%", 5)]),
            "confidence": "S2",
            "formulas": ["ratio", "boundary"],
        },
        {
            "id": "IN22-S3",
            "kind": "score",
            "role": "score",
            "group": "growth",
            "max_points": 20,
            "name_zh": "上年度主营业务收入增长率",
            "name_en": "main-business revenue growth, last year",
            "bands": ladder("main_revenue_growth", [("15%", 20), ("10%", 15), ("5%", 10), ("0%", 5)]),
            "confidence": "S1",
            "note_zh": "增长率公式（上年比前年）仅见单一来源。",
            "formulas": ["growth", "boundary"],
        },
        {
            "id": "IN22-S4",
            "kind": "score",
            "role": "score",
            "group": "growth",
            "max_points": 10,
            "name_zh": "上年度资产负债率",
            "name_en": "debt-to-asset ratio, last year-end",
            "bands": ladder("debt_ratio", [("55%", 10), ("75%", 5)], op="<="),
            "confidence": "S2",
            "formulas": ["ratio", "boundary"],
            "note_zh": "恰为 55% 得 10 分（恰在两档共同边界时归入较优一档，本系统的解释）。",
        },
        {
            "id": "IN22-S5",
            "kind": "score",
            "role": "score",
            "group": "specialization",
            "max_points": 10,
            "otherwise": 5,
            "name_zh": "主导产品所属领域情况",
            "name_en": "leading product's field",
            "bands": [
                {"when": "lp_strategic_emerging", "points": 10, "label_zh": "属于《战略性新兴产业分类》"}
            ],
            "confidence": "S2",
            "note_zh": "其他领域得 5 分；领域未知时按 5–10 分计入得分区间。",
        },
        {
            "id": "IN22-S6",
            "kind": "score",
            "role": "score",
            "group": "specialization",
            "max_points": 20,
            "name_zh": "上年度主营业务收入总额占营业收入总额比重",
            "name_en": "main-business share of revenue, last year",
            "bands": ladder("main_share", [("70%", 20), ("60%", 15), ("55%", 10), ("50%", 5)]),
            "confidence": "S2",
            "formulas": ["ratio", "boundary"],
        },
    ],
    "passes": f"{elig_all('ELIG22')} and (IN22-D1 or IN22-D2 or IN22-D3 or IN22-D4 or scorecard)",
    "notes": [
        "满足基本条件后，满足任一直通条件（IN22-D1 至 D4）即可；否则评价得分需达到 60 分以上，"
        "且创新能力不低于 20 分、成长性不低于 15 分、专业化不低于 15 分。"
    ],
}
