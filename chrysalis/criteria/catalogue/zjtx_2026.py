"""zjtx-2026 — 专精特新中小企业认定标准（工信部企业〔2026〕2号 附件1）.

Part B §4.2: hard conditions plus the platform quality score ≥ 50 (A8: this year's score; a
review case passes with either the application year or the year before). No scorecard, no
直通, no local 15 points. SP26-C7 (market position) is qualitative → needs_review.
"""

from __future__ import annotations

from .common import elig26, elig_all

RULE_SET = {
    "id": "zjtx-2026",
    "version": "2026.1",
    "tier": "zjtx",
    "name_zh": "专精特新中小企业认定标准（2026）",
    "name_en": "Specialised SME recognition standard (2026)",
    "document": "工信部企业〔2026〕2号 附件1",
    "applies": [{"applications": ["new", "review"], "from": "2026-04-01", "to": None}],
    "criteria": elig26()
    + [
        {
            "id": "SP26-C1",
            "kind": "condition",
            "role": "required",
            "name_zh": "已获科技和创新型中小企业称号；截至上年末从事特定细分市场满3年",
            "name_en": "holds a valid bottom-tier title; ≥ 3 years in the niche at the end of last year",
            "when": "has_bottom_tier_title and niche_years >= 3",
            "confidence": "U",
            "formulas": ["niche_years", "title_valid"],
            "note_zh": "科技型中小企业为一年期入库登记，能否满足本项尚未确认；此处按评价基准日登记有效即可。",
        },
        {
            "id": "SP26-C2",
            "kind": "condition",
            "role": "required",
            "name_zh": "上年度营业收入不低于1500万元（不足1500万元但近两年新增股权投资（合格机构投资者实缴额"
            "）不低于2000万元的除外）",
            "name_en": "revenue ≥ 1500万, or qualified paid-in equity in the last 2 years ≥ 2000万",
            "when": "revenue >= 1500 or equity_qualified_2y >= 2000",
            "confidence": "S2",
        },
        {
            "id": "SP26-C3",
            "kind": "condition",
            "role": "required",
            "name_zh": "上年度主营业务收入占营业收入比重不低于80%",
            "name_en": "main-business share ≥ 80%",
            "when": "main_share >= 80%",
            "confidence": "S2",
            "formulas": ["ratio"],
        },
        {
            "id": "SP26-C4",
            "kind": "condition",
            "role": "required",
            "name_zh": "上年末资产负债率不超过80%",
            "name_en": "debt ratio ≤ 80% at the end of last year",
            "when": "debt_ratio <= 80%",
            "confidence": "S2",
            "formulas": ["ratio"],
        },
        {
            "id": "SP26-C5",
            "kind": "condition",
            "role": "required",
            "name_zh": "近两年研发费用每年均不低于100万元，且每年占营业收入比重均不低于3%",
            "name_en": "R&D ≥ 100万 and ≥ 3% of revenue in each of the last 2 years",
            "when": "rd_expense >= 100 and rd_ratio >= 3% and rd_expense_y2 >= 100 and rd_ratio_y2 >= 3%",
            "confidence": "S2",
            "formulas": ["last_year", "ratio"],
        },
        {
            "id": "SP26-C6",
            "kind": "condition",
            "role": "required",
            "name_zh": "拥有1项以上与主导产品相关、已实际应用并产生经济效益的Ⅰ类知识产权（近三年获省部级以上"
            "科技奖励排名前三或拥有省部级以上研发机构的不考察本项）",
            "name_en": "≥1 applied class-I IP tied to the leading product (waived: provincial+ S&T award "
            "top 3 or provincial+ R&D institution)",
            "when": "ip1_applied_2026_count >= 1 or award_top3_3y >= 1 or rd_institution_rank >= 3",
            "review": True,
            "review_zh": "核实知识产权与主导产品相关、已实际应用并产生经济效益（企业自报情况仅作佐证）",
            "review_unless": "award_top3_3y >= 1 or rd_institution_rank >= 3",
            "confidence": "S1",
            "note_zh": "2026 年知识产权限制（受让取得的不计、企业须为前三位权利人）仅见单一来源；"
            "“省部级以上”奖励含部级奖励。",
            "formulas": ["ip_2026", "recent_3y"],
        },
        {
            "id": "SP26-C7",
            "kind": "condition",
            "role": "review",
            "name_zh": "主导产品国内或国际细分市场占有率较为靠前，享有一定知名度和影响力",
            "name_en": "leading product ranks relatively high in a domestic or international niche",
            "review": True,
            "review_zh": "提供主导产品国内或国际细分市场占有率/排名及知名度佐证材料，由评审认定“较为靠前”",
            "confidence": "S2",
        },
        {
            "id": "SP26-C8",
            "kind": "condition",
            "role": "required",
            "name_zh": "本年度中小企业专精特新发展评价得分不低于50分（复核企业近两年任一年不低于50分）",
            "name_en": "platform quality score ≥ 50 (review: either of the last 2 years)",
            "when": "quality_score >= 50 or (is_review and quality_score_prev >= 50)",
            "confidence": "S2",
            "formulas": ["quality_score"],
        },
    ],
    "passes": f"{elig_all('ELIG26')} and SP26-C1 and SP26-C2 and SP26-C3 and SP26-C4 and SP26-C5 and "
    "SP26-C6 and SP26-C7 and SP26-C8",
    # The ids C7/C8 are this catalogue's own (Part B §4.2); the note below is what users read.
    "notes": ["浙江省 2026 年通知要求新申报与复核均为 50 分以上，与国家标准一致。"],
}
