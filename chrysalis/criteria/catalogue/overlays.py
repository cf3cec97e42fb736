"""Provincial overlays shipped with the catalogue.

An overlay names a province and a rule set and may (a) fill a slot of the rule set (the 2022
local 15-point indicator, SP22-S9) with scored sub-indicators, and (b) add local conditions
that are ANDed into the pass rule. A slot mapped to ``None`` is *known but not configured*:
it keeps scoring as unknown (0–15, widening the range, A1/A3).

Zhejiang's 2022–2025 local indicators were not found (Part B §10): the overlay is shipped with
the slot unconfigured, so the district can fill it in once the provincial text is at hand,
e.g.::

    register_overlay({**ZJ_ZJTX_2022, "slots": {"local_2022": [
        {"id": "SP22-S9.1", "name_zh": "…", "name_en": "…", "max_points": 15,
         "bands": [{"when": "lp_key_field", "points": 15, "label_zh": "属于省重点产业"}]}]}})
"""

from __future__ import annotations

from typing import Any

ZJ_ZJTX_2022: dict[str, Any] = {
    "id": "zj-2022",
    "province": "浙江省",
    "rule_set": "zjtx-2022",
    "version": "2022.0",
    "name_zh": "浙江省专精特新中小企业地方特色指标（2022–2025）",
    "slots": {"local_2022": None},
    "criteria": [],
    "notes": ["浙江省地方特色指标（15 分）内容尚未配置，按未知计 0–15 分（尚未找到省级文件原文）。"],
}

SHIPPED = (ZJ_ZJTX_2022,)
