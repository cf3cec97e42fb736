"""little-giant-2026 — 专精特新“小巨人”企业认定标准（工信部企业〔2026〕2号 附件2）.

Part B §5.2: seven hard conditions, quality score ≥ 60. The compound growth of LG26-C2 is not
assessed for review cases; CAGR = sqrt(rev[Y-1]/rev[Y-3]) − 1, compared exactly by squaring
([I], A5). Annual-notice exclusions (117号) are LG26-X1/X2 (ids added by this catalogue).
Decision [I]: review cases use this standard from 2027 (the 2026 review round used 2022).
"""

from __future__ import annotations

from .common import elig26, elig_all

RULE_SET = {
    "id": "little-giant-2026",
    "version": "2026.1",
    "tier": "little_giant",
    "name_zh": "专精特新“小巨人”企业认定标准（2026）",
    "name_en": "Little Giant recognition standard (2026)",
    "document": "工信部企业〔2026〕2号 附件2；工信厅企业函〔2026〕117号",
    "applies": [
        {"applications": ["new"], "from": "2026-04-01", "to": None},
        {
            "applications": ["review"],
            "from": "2027-01-01",
            "to": None,
            "note_zh": "复核自 2027 年起按 2026 标准（本系统的解释）",
        },
    ],
    "criteria": elig26()
    + [
        {
            "id": "LG26-C1",
            "kind": "condition",
            "role": "required",
            "name_zh": "已获专精特新中小企业称号；截至上年末从事特定细分市场满3年",
            "name_en": "holds the specialised-SME title; ≥ 3 years in the niche",
            "when": "has_zjtx_title and niche_years >= 3",
            "confidence": "S2",
            "formulas": ["niche_years", "title_valid"],
        },
        {
            "id": "LG26-C2",
            "kind": "condition",
            "role": "required",
            "name_zh": "上年度营业收入不低于5000万元，主营业务收入占比不低于90%，"
            "近两年营业收入复合增长率不低于5%（复核企业不考察），上年末资产负债率不超过75%",
            "name_en": "revenue ≥ 5000万; main share ≥ 90%; 2-year revenue CAGR ≥ 5% (not for review cases);"
            " debt ratio ≤ 75%",
            "when": "revenue >= 5000 and main_share >= 90% and (is_review or revenue_cagr_2y >= 5%) and "
            "debt_ratio <= 75%",
            "confidence": "I",
            "note_zh": "“复合增长率”的公式未见于条文，按 √(上年营业收入 ÷ 三年前营业收入) − 1 计。",
            "formulas": ["ratio", "cagr_2y"],
        },
        {
            "id": "LG26-C3",
            "kind": "condition",
            "role": "required",
            "name_zh": "近两年研发费用总额不低于1200万元，且每年研发费用占营业收入比重均不低于3%",
            "name_en": "R&D over the last 2 years ≥ 1200万 in total and ≥ 3% of revenue each year",
            "when": "rd_expense_2y_total >= 1200 and rd_ratio >= 3% and rd_ratio_y2 >= 3%",
            "confidence": "S2",
            "formulas": ["ratio", "last_year"],
        },
        {
            "id": "LG26-C4",
            "kind": "condition",
            "role": "required",
            "name_zh": "拥有4项以上与主导产品相关、已实际应用并产生经济效益的Ⅰ类知识产权（近三年获国家级科技"
            "奖励排名前三的不考察本项）",
            "name_en": "≥ 4 applied class-I IP tied to the leading product (waived: national S&T award top "
            "3)",
            "when": "ip1_applied_2026_count >= 4 or award_national_top3_3y >= 1",
            "confidence": "S1",
            "note_zh": "2026 年知识产权限制（受让取得的不计、企业须为前三位权利人）仅见单一来源。",
            "formulas": ["ip_2026", "recent_3y"],
        },
        {
            "id": "LG26-C5",
            "kind": "condition",
            "role": "required",
            "name_zh": "主导产品国内或国际细分市场占有率不低于10%或国内排名前三，享有较高知名度和影响力",
            "name_en": "domestic or international niche share ≥ 10% or domestic rank ≤ 3",
            "when": "niche_share >= 10% or niche_share_international >= 10% or niche_rank_domestic <= 3",
            "confidence": "S2",
            "note_zh": "企业自行声明，无需第三方证明（117号）。",
        },
        {
            "id": "LG26-C6",
            "kind": "condition",
            "role": "review",
            "name_zh": "主导产品属于工业“六基”或传统产业转型升级、新兴产业培育壮大、未来产业前瞻布局领域，"
            "位于产业链关键环节",
            "name_en": "leading product in the six foundations or traditional/emerging/future industries, "
            "at a key chain link",
            "review": True,
            "review_zh": "评审认定主导产品领域归属及其在产业链关键环节、增强产业链韧性与安全中的作用",
            "confidence": "S2",
        },
        {
            "id": "LG26-C7",
            "kind": "condition",
            "role": "required",
            "name_zh": "本年度中小企业专精特新发展评价得分不低于60分（复核企业近两年任一年不低于60分）",
            "name_en": "platform quality score ≥ 60 (review: either of the last 2 years)",
            "when": "quality_score >= 60 or (is_review and quality_score_prev >= 60)",
            "confidence": "S2",
            "formulas": ["quality_score"],
        },
        {
            "id": "LG26-X1",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "未被认定为制造业单项冠军（示范企业或产品）",
            "name_en": "not already a manufacturing single champion",
            "when": "not has_single_champion",
            "confidence": "S2",
            "in_force": [2026, 2026],
            "note_zh": "出自 2026 年度申报通知（工信厅企业函〔2026〕117号），只约束该年度申报。",
        },
        {
            "id": "LG26-X2",
            "kind": "condition",
            "role": "review",
            "name_zh": "与已认定“小巨人”企业不存在控股关系，且不属于同一集团内生产同类主导产品的企业",
            "name_en": "no controlling relationship with an existing Little Giant producing similar products",
            "review": True,
            "review_zh": "核查股权关系与集团内同类主导产品情况",
            "confidence": "S2",
            "in_force": [2026, 2026],
            "note_zh": "出自 2026 年度申报通知（工信厅企业函〔2026〕117号），只约束该年度申报。",
        },
    ],
    "passes": (
        f"{elig_all('ELIG26')} and LG26-C1 and LG26-C2 and LG26-C3 and LG26-C4 and LG26-C5 and LG26-C6 and "
        "LG26-C7 "
        "and LG26-X1 and LG26-X2"
    ),
    "notes": [
        "与 2022 标准相比：新增营业收入 5000 万元门槛、主营占比 90%、资产负债率放宽至 75%、Ⅰ类知识产权 4 "
        "项、新增评价得分 60 分。"
    ],
}
