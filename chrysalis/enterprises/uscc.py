"""统一社会信用代码 (unified social credit code) validation per GB 32100-2015.

Structure of the 18 characters:
  1      registration authority code (登记管理部门代码)
  2      organisation type code (机构类别代码), allowed values depend on the authority
  3–8    administrative division code of the registering authority (GB/T 2260)
  9–17   organisation code (主体标识码, GB 11714): 8 body characters and a check character
  18     check character over the first 17 (modulus 31)
The character set excludes I, O, S, V and Z (31 characters).

`validate_uscc()` returns the normalised code or raises `UsccError` whose `.message` (Chinese
through the catalogue) names the exact reason.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(CHARSET)}
_WEIGHTS_18 = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, …
_WEIGHTS_ORG = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}

# GB 32100-2015 Table 1: authority code → allowed type codes.
AUTHORITY_TYPES: dict[str, frozenset[str]] = {
    "1": frozenset("1239"),  # 机构编制: 机关, 事业单位, 中央编办直接管理的群众团体, 其他
    "2": frozenset("19"),  # 外交: 外国常驻新闻机构, 其他
    "3": frozenset(
        "123459"
    ),  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    "4": frozenset("19"),  # 文化: 外国在华文化中心, 其他
    "5": frozenset("1239"),  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": frozenset("129"),  # 旅游: 外国政府旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地代表机构, 其他
    "7": frozenset("129"),  # 宗教: 宗教活动场所, 宗教院校, 其他
    "8": frozenset("19"),  # 工会: 基层工会, 其他
    "9": frozenset("123"),  # 工商 (市场监管): 企业, 个体工商户, 农民专业合作社
    "A": frozenset("19"),  # 中央军委改革和编制办公室: 军队事业单位, 其他
    "N": frozenset("12349"),  # 农业: 组级/村级/乡镇级集体经济组织, 其他 (2018 amendment adds 4)
    "Y": frozenset("1"),  # 其他
}
# First two digits of GB/T 2260 division codes (provinces), plus 10 for national-level registration.
PROVINCES = frozenset(
    {
        "10",
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    }
)


class UsccError(ValueError):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def check_char(first17: str) -> str:
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS_18, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def org_check_char(body8: str) -> str:
    total = sum(_ORG_VALUE[c] * w for c, w in zip(body8, _WEIGHTS_ORG, strict=True))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def normalize(text: str) -> str:
    """Upper-case and strip spaces (officials paste codes with spaces or full-width characters)."""
    t = (text or "").strip().upper().replace(" ", "").replace("\u3000", "")
    return t.translate(_FULL_WIDTH)


# full-width digits and capitals → ASCII (built once, not per code)
_FULL_WIDTH = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF21 + i: 0x41 + i for i in range(26)}


def validate_uscc(text: str) -> str:
    code = normalize(text)
    if len(code) != 18:
        raise UsccError(
            _("A unified social credit code has 18 characters; this one has %(n)d.") % {"n": len(code)},
            "length",
        )
    bad = sorted({c for c in code if c not in CHARSET})
    if bad:
        raise UsccError(
            _(
                "Character(s) %(chars)s are not allowed in a unified social credit code (I, O, S, V and Z "
                "are never used)."
            )
            % {"chars": "、".join(bad)},
            "charset",
        )
    authority, kind = code[0], code[1]
    if authority not in AUTHORITY_TYPES:
        raise UsccError(
            _("The first character (registration authority code) %(c)s is not defined by GB 32100-2015.")
            % {"c": authority},
            "authority",
        )
    if kind not in AUTHORITY_TYPES[authority]:
        raise UsccError(
            _("The second character (organisation type) %(k)s is not valid for registration authority %(a)s.")
            % {"k": kind, "a": authority},
            "type",
        )
    region = code[2:8]
    if not region.isdigit() or region[:2] not in PROVINCES:
        raise UsccError(
            _("Characters 3–8 (%(r)s) are not an administrative division code.") % {"r": region}, "region"
        )
    org = code[8:17]
    expected_org = org_check_char(org[:8])
    if org[8] != expected_org:
        raise UsccError(
            _("The organisation code check digit (character 17) is %(got)s but should be %(want)s.")
            % {"got": org[8], "want": expected_org},
            "org_check",
        )
    expected = check_char(code[:17])
    if code[17] != expected:
        raise UsccError(
            _("The check character (character 18) is %(got)s but should be %(want)s.")
            % {"got": code[17], "want": expected},
            "check",
        )
    return code


def is_valid(text: str) -> bool:
    try:
        validate_uscc(text)
    except UsccError:
        return False
    return True


def make_uscc(region: str, org_body: str, authority: str = "9", kind: str = "1") -> str:
    """Build a valid code from its parts (used by the demo and scale generators)."""
    first17 = f"{authority}{kind}{region}{org_body}{org_check_char(org_body)}"
    return first17 + check_char(first17)


def django_validator(value: str) -> None:

    try:
        validate_uscc(value)
    except UsccError as exc:
        raise ValidationError(exc.message, code=f"uscc_{exc.code}") from exc
