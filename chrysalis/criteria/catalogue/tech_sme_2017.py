"""tech-sme-2017 — 《科技型中小企业评价办法》（国科发政〔2017〕115号；国科火字〔2022〕67号 工作指引）.

Part B §3.2. Bands are "lower bound inclusive ((含))". TS17-B5 "score ≥ 60 and the tech-staff
indicator not 0" is the scorecard (pass mark 60, group ``tech_staff`` minimum 1 point).
Decision [I]: TS17-S2 takes the better of the two bases (the firm chooses its basis).
"""

from __future__ import annotations

from .common import ladder

RULE_SET = {
    "id": "tech-sme-2017",
    "version": "2017.1",
    "tier": "tech_sme",
    "name_zh": "科技型中小企业评价",
    "name_en": "Tech-based SME evaluation (2017)",
    "document": "国科发政〔2017〕115号；2024 年起由工业和信息化部办公厅组织（工信厅企业函〔2024〕244号）",
    "applies": [
        {
            "applications": ["new", "review"],
            "from": "2017-05-01",
            "to": None,
            "note_zh": "每年评价入库；2026 年起与创新型中小企业合称科技和创新型中小企业",
        }
    ],
    "scorecard": {
        "pass_mark": 60,
        "groups": [
            {"id": "tech_staff", "name_zh": "科技人员", "max": 20, "min": 1},
            {"id": "rd", "name_zh": "研发投入", "max": 50},
            {"id": "results", "name_zh": "科技成果", "max": 30},
        ],
    },
    "criteria": [
        {
            "id": "TS17-B1",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "在中国境内（不包括港、澳、台地区）注册的居民企业",
            "name_en": "resident enterprise registered in mainland China",
            "when": "registered_in_mainland",
            "confidence": "S2",
        },
        {
            "id": "TS17-B2",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "职工总数不超过500人、年销售收入不超过2亿元、资产总额不超过2亿元",
            "name_en": "≤500 employees, sales ≤ 2亿, total assets ≤ 2亿",
            "when": "employees <= 500 and revenue <= 20000 and total_assets <= 20000",
            "confidence": "S2",
        },
        {
            "id": "TS17-B3",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "产品和服务不属于国家规定的禁止、限制和淘汰类",
            "name_en": "products not prohibited, restricted or eliminated",
            "when": "not prohibited_product",
            "confidence": "S2",
        },
        {
            "id": "TS17-B4",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "填报上一年及当年内未发生重大安全、重大质量事故和严重环境违法、科研严重失信行为，"
            "且未列入经营异常名录和严重违法失信企业名单",
            "name_en": "no major incident or serious breach in the filing year and the year before; not "
            "listed",
            "when": "serious_incidents_ts == 0 and not credit_abnormal_list and not "
            "credit_serious_dishonesty",
            "confidence": "S2",
            "note_zh": "按条文只计安全、质量、环境和科研诚信事项；网络与数据安全事件不在本项所列范围。",
        },
        {
            "id": "TS17-D1",
            "kind": "condition",
            "role": "direct",
            "name_zh": "拥有有效期内高新技术企业资格证书",
            "name_en": "valid high-tech enterprise certificate",
            "when": "has_high_tech_enterprise",
            "confidence": "S2",
            "formulas": ["title_valid"],
        },
        {
            "id": "TS17-D2",
            "kind": "condition",
            "role": "direct",
            "name_zh": "近五年内获得过国家级科技奖励，并在获奖单位中排在前三名",
            "name_en": "national S&T award in the last 5 years, ranked top 3",
            "when": "award_national_top3_5y >= 1",
            "confidence": "S2",
        },
        {
            "id": "TS17-D3",
            "kind": "condition",
            "role": "direct",
            "name_zh": "拥有经认定的省部级以上研发机构",
            "name_en": "recognised provincial/ministerial-or-higher R&D institution",
            "when": "rd_institution_rank >= 3",
            "confidence": "S2",
        },
        {
            "id": "TS17-D4",
            "kind": "condition",
            "role": "direct",
            "name_zh": "近五年内主导制定过国际标准、国家标准或行业标准",
            "name_en": "led the drafting of an international, national or industry standard in the last 5 "
            "years",
            "when": "drafted_standards >= 1",
            "review": True,
            "review_zh": "核实企业为标准的主导制定单位（非参与），标准级别为国际/国家/行业标准，"
            "且发布于近五年内",
            "confidence": "S2",
            "note_zh": "企业资料只记录参与制定标准的数量；是否“主导”及年份需人工核实。",
        },
        {
            "id": "TS17-S1",
            "kind": "score",
            "role": "score",
            "group": "tech_staff",
            "max_points": 20,
            "name_zh": "科技人员指标（科技人员数占职工总数的比例）",
            "name_en": "technical staff share",
            "bands": ladder(
                "tech_staff_ratio", [("30%", 20), ("25%", 16), ("20%", 12), ("15%", 8), ("10%", 4)]
            ),
            "confidence": "S2",
            "formulas": ["ratio", "boundary"],
        },
        {
            "id": "TS17-S2",
            "kind": "score",
            "role": "score",
            "group": "rd",
            "max_points": 50,
            "name_zh": "研发投入指标（研发费用占销售收入或成本费用总额比例，企业择一）",
            "name_en": "R&D input (ratio to sales or to total cost)",
            "bands": [
                {
                    "when": "rd_ratio >= 6% or rd_ratio_cost >= 30%",
                    "points": 50,
                    "label_zh": "销售收入≥6% 或 成本费用≥30%",
                },
                {
                    "when": "rd_ratio >= 5% or rd_ratio_cost >= 25%",
                    "points": 40,
                    "label_zh": "5%–6% 或 25%–30%",
                },
                {
                    "when": "rd_ratio >= 4% or rd_ratio_cost >= 20%",
                    "points": 30,
                    "label_zh": "4%–5% 或 20%–25%",
                },
                {
                    "when": "rd_ratio >= 3% or rd_ratio_cost >= 15%",
                    "points": 20,
                    "label_zh": "3%–4% 或 15%–20%",
                },
                {
                    "when": "rd_ratio >= 2% or rd_ratio_cost >= 10%",
                    "points": 10,
                    "label_zh": "2%–3% 或 10%–15%",
                },
            ],
            "confidence": "S2",
            "formulas": ["ratio", "boundary"],
            "note_zh": "企业可择一口径；本系统取两种口径中得分较高者（本系统的解释）。",
        },
        {
            "id": "TS17-S3",
            "kind": "score",
            "role": "score",
            "group": "results",
            "max_points": 30,
            "name_zh": "科技成果指标（与主营产品相关的有效知识产权）",
            "name_en": "valid IP related to the main products",
            "bands": [
                {"when": "ip1_any_count >= 1", "points": 30, "label_zh": "Ⅰ类知识产权≥1项"},
                {"when": "ip2_any_count >= 4", "points": 24, "label_zh": "Ⅱ类知识产权≥4项"},
                {"when": "ip2_any_count >= 3", "points": 18, "label_zh": "Ⅱ类知识产权3项"},
                {"when": "ip2_any_count >= 2", "points": 12, "label_zh": "Ⅱ类知识产权2项"},
                {"when": "ip2_any_count >= 1", "points": 6, "label_zh": "Ⅱ类知识产权1项"},
            ],
            "confidence": "S2",
            "formulas": ["ip_tech_sme"],
            "note_zh": "评价办法对Ⅰ类知识产权未设受让条件，受让取得的也计入（“1 年内受让不计”是 2022 年"
            "创新型、专精特新标准的规定）。",
        },
        {
            "id": "TS17-B5",
            "kind": "condition",
            "role": "required",
            "name_zh": "评价得分不低于60分，且科技人员指标得分不为0分",
            "name_en": "score ≥ 60 and the technical-staff indicator not 0",
            "when": "scorecard",
            "confidence": "S2",
        },
    ],
    "passes": "TS17-B1 and TS17-B2 and TS17-B3 and TS17-B4 and (TS17-D1 or TS17-D2 or TS17-D3 or TS17-D4 or "
    "TS17-B5)",
    "notes": ["符合基本条件（TS17-B1 至 B4）后，满足任一直接认定条件（TS17-D1 至 D4）即可，无需评分。"],
}
