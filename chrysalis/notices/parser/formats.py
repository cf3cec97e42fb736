"""Format checks for the numbers that appear in notices, with Chinese reasons.

Each `check_*` returns None when the value is well formed, or a Chinese sentence saying exactly what is
wrong. The USCC rules are a pure copy of `chrysalis.enterprises.uscc` (that module imports Django's
gettext for its messages, and this package must not import Django); a test checks both agree.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

# --- 统一社会信用代码 (GB 32100-2015) --------------------------------------------------------------
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}
_WEIGHTS_18 = tuple(pow(3, i, 31) for i in range(17))
_WEIGHTS_ORG = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_AUTHORITY_TYPES = {
    "1": "1239",
    "2": "19",
    "3": "123459",
    "4": "19",
    "5": "1239",
    "6": "129",
    "7": "129",
    "8": "19",
    "9": "123",
    "A": "19",
    "N": "12349",
    "Y": "1",
}
_PROVINCES = frozenset(
    (
        "10 11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
        "50 51 52 53 54 61 62 63 64 65 71 81 82"
    ).split()
)


def uscc_check_char(first17: str) -> str:
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS_18, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_check_char(body8: str) -> str:
    total = sum(_ORG_VALUE[c] * w for c, w in zip(body8, _WEIGHTS_ORG, strict=True))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def make_uscc(region: str, org_body: str, authority: str = "9", kind: str = "1") -> str:
    first17 = f"{authority}{kind}{region}{org_body}{org_check_char(org_body)}"
    return first17 + uscc_check_char(first17)


def check_uscc(code: str) -> str | None:
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，此代码为 {len(code)} 位"
    bad = sorted({c for c in code if c not in USCC_CHARSET})
    if bad:
        return f"统一社会信用代码中不能出现 {'、'.join(bad)}（不使用 I、O、S、V、Z）"
    if code[0] not in _AUTHORITY_TYPES:
        return f"统一社会信用代码第 1 位（登记管理部门代码）{code[0]} 不存在"
    if code[1] not in _AUTHORITY_TYPES[code[0]]:
        return f"统一社会信用代码第 2 位（机构类别代码）{code[1]} 与登记管理部门 {code[0]} 不匹配"
    if not code[2:8].isdigit() or code[2:4] not in _PROVINCES:
        return f"统一社会信用代码第 3–8 位 {code[2:8]} 不是行政区划代码"
    want = org_check_char(code[8:16])
    if code[16] != want:
        return f"统一社会信用代码第 17 位（组织机构代码校验码）为 {code[16]}，应为 {want}"
    want = uscc_check_char(code[:17])
    if code[17] != want:
        return f"统一社会信用代码第 18 位（校验码）为 {code[17]}，应为 {want}"
    return None


# --- 开户许可证核准号: one letter and 13 digits (e.g. J3310000123401, Z3310000378202) ---------------
_LICENCE = re.compile(r"[A-Z]\d{13}")


def check_account_licence(number: str) -> str | None:
    if _LICENCE.fullmatch(number):
        return None
    return f"开户许可证核准号应为 1 个字母加 13 位数字，此号码为“{number}”（{len(number)} 位）"


# --- 居民身份证号码 (GB 11643-1999) ------------------------------------------------------------------
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def check_id_card(number: str) -> str | None:
    if "*" in number:
        return None  # masked in the paper (common practice): nothing to check
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return f"居民身份证号码应为 17 位数字加 1 位数字或 X，此号码为“{number}”"
    want = id_check_char(number[:17])
    if number[17] != want:
        return f"居民身份证号码第 18 位（校验码）为 {number[17]}，应为 {want}"
    return None


# --- telephone numbers ---------------------------------------------------------------------------
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?[2-9]\d{6,7}")
_SERVICE = re.compile(r"[48]00-?\d{3}-?\d{4}")


def normalise_phone(raw: str) -> str:
    """(0571)85310538 → 0571-85310538; spaces and dashes dropped from mobiles."""
    t = raw.replace(" ", "")
    m = re.fullmatch(r"\((0\d{2,3})\)-?(\d+)", t)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    if re.fullmatch(r"1[\d-]+", t):
        return t.replace("-", "")
    return t


def check_phone(number: str) -> str | None:
    if _MOBILE.fullmatch(number) or _SERVICE.fullmatch(number):
        return None
    if _LANDLINE.fullmatch(number):
        digits = number.replace("-", "")
        area = 3 if digits[1] in "12" else 4  # 010, 02x are three digits; others four
        if len(digits) - area in (7, 8):
            return None
    return f"电话号码“{number}”格式不对（手机 11 位；固定电话为区号加 7 或 8 位号码）"


# --- OCR repair ----------------------------------------------------------------------------------
# Characters that OCR confuses with digits, repaired only where the format requires a digit.
OCR_DIGITS = {"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1", "|": "1", "Z": "2"}
OCR_DIGITS |= {"S": "5", "s": "5", "B": "8", "g": "9"}


def repair_digits(text: str, digit_positions: range | list[int]) -> tuple[str, list[str]]:
    """Replace look-alike letters by digits at the given positions; returns the text and the
    repairs made ("l→1" …) so the caller can flag the value."""
    chars = list(text)
    repairs = []
    for i in digit_positions:
        if i < len(chars) and chars[i] in OCR_DIGITS:
            repairs.append(f"{chars[i]}→{OCR_DIGITS[chars[i]]}")
            chars[i] = OCR_DIGITS[chars[i]]
    return "".join(chars), repairs


# --- Chinese numerals, money, dates --------------------------------------------------------------
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_CN_DIGITS |= {"八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_int(text: str) -> int | None:
    """'45' / '四十五' / '二十' / '十' → int; None when unreadable."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def money_wan(amount: str, unit: str) -> str | None:
    """'1,000' + '万元' → '1000'; '5000000' + '元' → '500'. Exact decimal string in 万元 (no float)."""
    a = amount.replace(",", "")
    if not re.fullmatch(r"\d+(\.\d+)?", a):
        return None
    v = Decimal(a) if "万" in unit else Decimal(a) / 10000
    return format(v.normalize(), "f")


def iso_date(year: str, month: str, day: str) -> str | None:
    y, m, d = int(year), int(month), int(day)
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None
