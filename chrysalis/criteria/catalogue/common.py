"""Shared catalogue fragments: the common eligibility conditions (Part B §2) and a helper that
writes a banded indicator as data."""

from __future__ import annotations

from typing import Any


def ladder(
    feature: str, steps: list[tuple[str, int]], op: str = ">=", unit_label: str = ""
) -> list[dict[str, Any]]:
    """Bands ``feature OP threshold → points`` from the best band down; each band's label says
    the range it covers ("≥5%", "3%–5%"). Adjacent bands share their edge; the evaluator awards
    the higher one there (A4)."""
    out = []
    for i, (threshold, points) in enumerate(steps):
        if i == 0:
            label = f"{'≥' if op == '>=' else '≤'}{threshold}{unit_label}"
        else:
            prev = steps[i - 1][0]
            label = f"{threshold}–{prev}{unit_label}" if op == ">=" else f"{prev}–{threshold}{unit_label}"
        out.append({"when": f"{feature} {op} {threshold}", "points": points, "label_zh": label})
    return out


def elig22() -> list[dict[str, Any]]:
    """ELIG22-1..5 — 2022 interim measures, common to all tiers (Part B §2.1, [S2])."""
    return [
        {
            "id": "ELIG22-1",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "在中华人民共和国境内工商注册登记、具有独立法人资格",
            "name_en": "registered in mainland China with independent legal-person status",
            "when": "registered_in_mainland and independent_legal_person",
            "confidence": "S2",
        },
        {
            "id": "ELIG22-2",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "符合《中小企业划型标准规定》",
            "name_en": "meets the SME size rules",
            "when": "is_sme",
            "confidence": "S2",
            "formulas": ["size"],
        },
        {
            "id": "ELIG22-3",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "经营正常、信用良好，未被列入经营异常名录或严重失信主体名单",
            "name_en": "not on the abnormal-operation list or the serious-dishonesty list",
            "when": "not credit_abnormal_list and not credit_serious_dishonesty",
            "confidence": "S2",
        },
        {
            "id": "ELIG22-4",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "提供的产品（服务）不属于国家禁止、限制或淘汰类",
            "name_en": "products not prohibited, restricted or eliminated",
            "when": "not prohibited_product",
            "confidence": "S2",
        },
        {
            "id": "ELIG22-5",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "近三年未发生重大安全（含网络安全、数据安全）、质量、"
            "环境污染等事故以及偷漏税等违法违规行为",
            "name_en": "no major safety, quality or pollution incident and no tax evasion in the last 3 "
            "years",
            "when": "serious_incidents_3y == 0",
            "confidence": "S2",
            "formulas": ["recent_3y"],
            "note_zh": "“重大”按记录中严重程度为“重大”或“严重”的安全（含网络、数据安全）、质量、环境事件"
            "和税务违法行为计（本系统的解释）。",
        },
    ]


def elig26() -> list[dict[str, Any]]:
    """ELIG26-1..5 — 2026 measures (Part B §2.2, [S2]); the ids are this catalogue's ([I])."""
    return [
        {
            "id": "ELIG26-1",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "在中华人民共和国境内登记注册、具有独立法人资格",
            "name_en": "registered in mainland China with independent legal-person status",
            "when": "registered_in_mainland and independent_legal_person",
            "confidence": "S2",
        },
        {
            "id": "ELIG26-2",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "符合《中小企业划型标准规定》",
            "name_en": "meets the SME size rules",
            "when": "is_sme",
            "confidence": "S2",
            "formulas": ["size"],
        },
        {
            "id": "ELIG26-3",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "申报期内未被列入经营异常名录或严重失信主体名单",
            "name_en": "not listed as abnormal or seriously dishonest during the application period",
            "when": "not credit_abnormal_list and not credit_serious_dishonesty",
            "confidence": "S2",
        },
        {
            "id": "ELIG26-4",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "提供的产品（服务）不属于国家禁止、限制或淘汰类",
            "name_en": "products not prohibited, restricted or eliminated",
            "when": "not prohibited_product",
            "confidence": "S2",
        },
        {
            "id": "ELIG26-5",
            "kind": "condition",
            "role": "eligibility",
            "name_zh": "近三年未发生较大以上安全生产事故、重大网络与数据安全事件、重大环境违法、严重质量问题"
            "或严重违反行业管理规定的行为",
            "name_en": "no serious safety, cyber/data, environmental or quality incident and no serious "
            "breach of sector rules in the last 3 years",
            "when": "serious_incidents_3y_2026 == 0",
            "confidence": "S1",
            "formulas": ["recent_3y", "incidents_2026"],
            "note_zh": "事项清单（含“严重违反行业管理规定”）见于广东省 2026 年通知，未列税务事项；"
            "“较大/重大/严重”均按记录中严重程度为“重大”或“严重”计（本系统的解释）。",
        },
    ]


def elig_all(prefix: str) -> str:
    return " and ".join(f"{prefix}-{i}" for i in range(1, 6))
