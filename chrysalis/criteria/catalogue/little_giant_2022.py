"""little-giant-2022 — 专精特新“小巨人”企业认定标准（工信部企业〔2022〕63号 附件3）.

Part B §5.1: all six areas must hold; 创新能力 is "general conditions (N1–N3) or fast track
(N4/N5)". Used for new applications until 2026-03-31 and for the 2026 review round
(工信厅企业函〔2026〕117号). Decisions [I]: LG22-N1 revenue tiers — 1亿 belongs to the top tier,
5000万 to the middle tier; "研发费用总额3000万元" is read as the 2-year total ([U]); LG22-F's
"原则上" leaves the field to the panel: the flags are evidence only (evidence_only), a reviewer
decides; LG22-N3's "related"/"applied with benefit" flags need a reviewer's confirmation.
The prerequisite (valid provincial 专精特新 title, 142号) is criterion LG22-PRE (id added by this catalogue).
"""

from __future__ import annotations

from .common import elig22, elig_all

RULE_SET = {
    "id": "little-giant-2022",
    "version": "2022.1",
    "tier": "little_giant",
    "name_zh": "专精特新“小巨人”企业认定标准（2022）",
    "name_en": "Little Giant recognition standard (2022)",
    "document": "工信部企业〔2022〕63号 附件3；2026 年复核依工信厅企业函〔2026〕117号",
    "applies": [
        {"applications": ["new"], "from": "2022-08-01", "to": "2026-03-31"},
        {
            "applications": ["review"],
            "from": "2022-08-01",
            "to": "2026-12-31",
            "note_zh": "2026 年复核（第五批及第二批复核企业）沿用 2022 标准",
        },
    ],
    "criteria": elig22()
    + [
        {
            "id": "LG22-PRE",
            "kind": "condition",
            "role": "prerequisite",
            "name_zh": "为有效期内的省级专精特新中小企业",
            "name_en": "holds a valid provincial specialised-SME title",
            "when": "has_zjtx_title",
            "confidence": "S2",
            "formulas": ["title_valid"],
        },
        {
            "id": "LG22-P1",
            "kind": "condition",
            "role": "required",
            "name_zh": "截至上年末，企业从事特定细分市场时间达到3年以上",
            "name_en": "≥ 3 years in the niche at the end of last year",
            "when": "niche_years >= 3",
            "confidence": "S2",
            "formulas": ["niche_years"],
        },
        {
            "id": "LG22-P2",
            "kind": "condition",
            "role": "required",
            "name_zh": "主营业务收入总额占营业收入总额比重不低于70%",
            "name_en": "main-business share ≥ 70%",
            "when": "main_share >= 70%",
            "confidence": "S2",
            "formulas": ["ratio"],
        },
        {
            "id": "LG22-P3",
            "kind": "condition",
            "role": "required",
            "name_zh": "近2年主营业务收入平均增长率不低于5%",
            "name_en": "2-year average main-revenue growth ≥ 5%",
            "when": "main_revenue_avg_growth_2y >= 5%",
            "confidence": "U",
            "note_zh": "“平均增长率”的计算公式未见于条文，按两个年增长率的算术平均计。",
            "formulas": ["avg_growth_2y"],
        },
        {
            "id": "LG22-R1",
            "kind": "condition",
            "role": "required",
            "name_zh": "企业研发设计、生产制造、供应链管理等环节，至少1项核心业务采用信息系统支撑",
            "name_en": "≥ 1 core business supported by an information system",
            "when": "core_business_it_supported",
            "confidence": "S2",
        },
        {
            "id": "LG22-R2",
            "kind": "condition",
            "role": "required",
            "name_zh": "取得相关管理体系认证，或产品通过发达国家和地区产品认证",
            "name_en": "management-system certification or developed-market product certification",
            "when": "management_system_certified or developed_market_product_certified",
            "confidence": "S2",
        },
        {
            "id": "LG22-R3",
            "kind": "condition",
            "role": "required",
            "name_zh": "截至上年末，企业资产负债率不高于70%",
            "name_en": "debt ratio ≤ 70% at the end of last year",
            "when": "debt_ratio <= 70%",
            "confidence": "S2",
            "formulas": ["ratio"],
        },
        {
            "id": "LG22-R4",
            "kind": "condition",
            "role": "review",
            "name_zh": "企业治理规范、信誉良好、社会责任感强，生产技术、工艺及产品质量性能国内领先，"
            "注重数字化、绿色化发展",
            "name_en": "good governance and reputation; technology and quality domestically leading; "
            "digital and green",
            "review": True,
            "review_zh": "核查治理规范、信誉、社会责任与技术质量国内领先的佐证材料",
            "confidence": "S2",
        },
        {
            "id": "LG22-T1",
            "kind": "condition",
            "role": "required",
            "name_zh": "主导产品在全国细分市场占有率达到10%以上，且享有较高知名度和影响力",
            "name_en": "national niche share of the leading product ≥ 10%, with high recognition",
            "when": "niche_share >= 10%",
            "review": True,
            "review_zh": "核实市场占有率来源，并认定“较高知名度和影响力”",
            "confidence": "S2",
        },
        {
            "id": "LG22-T2",
            "kind": "condition",
            "role": "required",
            "name_zh": "拥有直接面向市场并具有竞争优势的自主品牌",
            "name_en": "own competitive brand facing the market",
            "when": "own_brand",
            "confidence": "S2",
        },
        {
            "id": "LG22-N1",
            "kind": "condition",
            "role": "required",
            "name_zh": "研发投入按营业收入分档：1亿元以上的近2年研发费用占比均不低于3%；"
            "5000万–1亿元的均不低于6%；5000万元以下的近2年新增股权融资8000万元以上且研发费用总额3000万元以上、研发人员占比50%以上",
            "name_en": "revenue-tiered R&D: ≥1亿 → ≥3% each year; 5000万–1亿 → ≥6% each year; <5000万 → "
            "equity ≥8000万, R&D ≥3000万, R&D staff ≥50%",
            "when": (
                "(revenue >= 10000 and rd_ratio >= 3% and rd_ratio_y2 >= 3%) or "
                "(revenue >= 5000 and revenue < 10000 and rd_ratio >= 6% and rd_ratio_y2 >= 6%) or "
                "(revenue < 5000 and equity_qualified_2y >= 8000 and rd_expense_2y_total >= 3000 and "
                "rd_staff_ratio >= 50%)"
            ),
            "confidence": "U",
            "note_zh": "“研发费用总额3000万元”是否为近两年合计尚未确认，此处按近两年合计计；"
            "营业收入恰为1亿元归入最高档、恰为5000万元归入中间档（本系统的解释）。",
            "formulas": ["ratio", "last_year"],
        },
        {
            "id": "LG22-N2",
            "kind": "condition",
            "role": "required",
            "name_zh": "自建或与高等院校、科研机构联合建立研发机构（技术研究院、企业技术中心、工程研究中心、"
            "院士专家工作站、博士后工作站等）",
            "name_en": "own or joint R&D institution",
            "when": "rd_institution_rank >= 1",
            "confidence": "S2",
        },
        {
            "id": "LG22-N3",
            "kind": "condition",
            "role": "required",
            "name_zh": "拥有2项以上与主导产品相关的Ⅰ类知识产权，且实际应用并已产生经济效益",
            "name_en": "≥ 2 class-I IP tied to the leading product, applied with benefit",
            "when": "ip1_applied_count >= 2",
            "review": True,
            "review_zh": "核实知识产权与主导产品相关、已实际应用并产生经济效益（企业自报情况仅作佐证）",
            "confidence": "S2",
            "formulas": ["ip_2022"],
        },
        {
            "id": "LG22-N4",
            "kind": "condition",
            "role": "alternative",
            "name_zh": "近三年获得过国家级科技奖励，并在获奖单位中排名前三",
            "name_en": "national S&T award in the last 3 years, ranked top 3",
            "when": "award_national_top3_3y >= 1",
            "confidence": "S2",
        },
        {
            "id": "LG22-N5",
            "kind": "condition",
            "role": "alternative",
            "name_zh": "近三年进入“创客中国”中小企业创新创业大赛全国50强企业组名单",
            "name_en": "national top-50 enterprise group of 创客中国 in the last 3 years",
            "when": "maker_china_top50_3y >= 1",
            "confidence": "S2",
        },
        {
            "id": "LG22-N",
            "kind": "condition",
            "role": "composite",
            "name_zh": "创新能力：满足一般性条件（N1–N3）或创新直通条件（N4、N5 之一）",
            "name_en": "innovation: general conditions or the fast track",
            "when": "(LG22-N1 and LG22-N2 and LG22-N3) or LG22-N4 or LG22-N5",
            "confidence": "S2",
        },
        {
            "id": "LG22-L",
            "kind": "condition",
            "role": "review",
            "name_zh": "位于产业链关键环节，围绕重点产业链实现关键基础技术和产品的产业化应用，"
            "发挥“补短板”“锻长板”“填空白”等重要作用",
            "name_en": "at a key link of an important industrial chain",
            "review": True,
            "review_zh": "评审认定企业在产业链关键环节的地位与补短板/锻长板/填空白作用",
            "confidence": "S2",
        },
        {
            "id": "LG22-F",
            "kind": "condition",
            "role": "required",
            "name_zh": "主导产品原则上属于工业“六基”、制造强国战略十大重点产业领域或网络强国建设相关领域",
            "name_en": "leading product in the six foundations, the ten key manufacturing sectors or "
            "network-power fields",
            "when": "lp_six_foundations or lp_key_field",
            "review": True,
            "review_zh": "认定主导产品的领域归属（“原则上”要求：领域清单外的产品也可由评审认定满足）",
            "evidence_only": True,
            "confidence": "S2",
            "note_zh": "企业填报的“工业六基”“重点领域”归属只作佐证，由评审人员认定。",
        },
    ],
    "passes": (
        f"{elig_all('ELIG22')} and LG22-PRE and LG22-P1 and LG22-P2 and LG22-P3 and LG22-R1 and LG22-R2 and "
        "LG22-R3 "
        "and LG22-R4 and LG22-T1 and LG22-T2 and LG22-N and LG22-L and LG22-F"
    ),
    "notes": ["定性条款（R4、T1 的知名度、N3 的应用与效益、L、F）需人工认定；未认定前结论最多为“待定”。"],
}
