"""Investor-name normalisation and fuzzy matching for duplicate-lead detection (撞单).

`investor_key()` reduces a company name to what identifies the investor: full-width characters
folded (NFKC), case and punctuation dropped, a region in parentheses removed ("某某科技（杭州）"),
a leading region removed ("杭州某某科技"), and the legal form removed ("有限公司", "Co., Ltd.").
So 杭州某某科技有限公司 and 某某科技（杭州）有限公司 both become 某某科技.
Region names: the provinces, the prefecture-level cities most often seen in Zhejiang's investment
work and Hangzhou's districts (a reading: GB/T 2260 in full is not shipped; extend REGIONS when a
missed region is reported).
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

PROVINCES = (
    "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 "
    "山东 河南 湖北 湖南 广东 广西 海南 "
    "重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 台湾 香港 澳门"
).split()
CITIES = (
    "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 南京 苏州 无锡 "
    "常州 南通 扬州 徐州 合肥 福州 厦门 泉州 "
    "广州 深圳 珠海 东莞 佛山 成都 武汉 长沙 西安 郑州 济南 青岛 大连 沈阳 "
    "长春 哈尔滨 昆明 贵阳 南宁 南昌 太原 "
    "石家庄 呼和浩特 兰州 银川 西宁 乌鲁木齐 拉萨 海口 三亚 义乌"
).split()
DISTRICTS = "上城 拱墅 西湖 滨江 萧山 余杭 临平 钱塘 富阳 临安 桐庐 淳安 建德 下城 江干".split()
COUNTRY = ["中国", "china"]
REGIONS = sorted(set(PROVINCES + CITIES + DISTRICTS + COUNTRY), key=len, reverse=True)
_REGION_SUFFIX = "(?:省|市|区|县|自治区|特别行政区)?"
_REGION_RE = "(?:" + "|".join(map(re.escape, REGIONS)) + ")" + _REGION_SUFFIX
_PAREN_REGION = re.compile(r"\((?:" + _REGION_RE + r")+\)")
_LEADING_REGION = re.compile(r"^(?:" + _REGION_RE + r")+")
LEGAL_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "集团公司",
    "合伙企业(有限合伙)",
    "(有限合伙)",
    "合伙企业",
    "集团",
    "公司",
    "co.,ltd.",
    "co.,ltd",
    "co.ltd",
    "coltd",
    "limited",
    "ltd",
    "inc",
    "llc",
    "gmbh",
    "corporation",
    "corp",
)
GENERIC = frozenset(
    (
        "银行 科技 基金 集团 控股 投资 实业 贸易 产业基金 产业投资 "
        "城投 建设 发展 证券 保险 信托 资本 创投 股权投资"
    ).split()
)
_PUNCT = re.compile(r"[\s·.,，。、'\"“”‘’&\-_/]+")


def investor_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "").lower().strip()
    text = re.sub(r"\s+", "", text)
    text = _PAREN_REGION.sub("", text)
    changed = True
    while changed:
        changed = False
        for form in LEGAL_FORMS:
            if text.endswith(form) and len(text) > len(form):
                text = text[: -len(form)]
                changed = True
    stripped = _LEADING_REGION.sub("", text)
    # keep the region when nothing distinctive is left ("杭州银行" is not any "银行")
    if len(stripped) >= 2 and stripped.strip("()") not in GENERIC:
        text = stripped
    text = text.replace("(", "").replace(")", "")
    return _PUNCT.sub("", text)[:120]


def similarity(a: str, b: str) -> float:
    """0..1: how alike two normalised keys are (SequenceMatcher ratio; containment counts high)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and short in long_:
        return 0.9
    return SequenceMatcher(None, a, b).ratio()


FUZZY_THRESHOLD = 0.8
