"""Units written in column headers ("营业收入（元）", "注册资本（亿元）") and exact conversion to 万元.

The registry stores money in 万元 with four decimals. A money column whose header names 元, 千元, 万元
or 亿元 is converted exactly (Decimal, never float); any other unit or currency (万美元, 美元, 港元 …) is
refused with a message naming the column, because no rate is known. A converted value with more decimals
than the platform stores is refused, never rounded silently (forms and the API refuse it too).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from chrysalis.enterprises.choices import FIGURES_BY_NAME, INTEGER_KINDS

# how many 万元 one unit of the column is
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal("0.0001"),
    "人民币元": Decimal("0.0001"),
    "元人民币": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "万元人民币": Decimal(1),
    "人民币万元": Decimal(1),
    "亿元": Decimal(10000),
    "亿元人民币": Decimal(10000),
}
# decimals the platform stores per kind of value (models: MONEY and RATIO have 4, scores 2)
DECIMALS = {"money": 4, "signed_money": 4, "ratio": 4, "score": 2}
_BRACKET = re.compile(r"[（(]\s*(?:单位\s*[:：]\s*)?([^（）()]*?)\s*[）)]\s*$")
_CURRENCY_HINTS = (
    "美元",
    "港元",
    "港币",
    "欧元",
    "日元",
    "英镑",
    "澳元",
    "卢布",
    "台币",
    "USD",
    "HKD",
    "EUR",
)


def header_unit(header: str) -> str | None:
    """The unit written in brackets at the end of a header, or None."""
    m = _BRACKET.search((header or "").strip())
    return m.group(1).replace(" ", "") if m and m.group(1) else None


def target_kind(target: str) -> str | None:
    """money | signed_money | ratio | … for a figure target, "money" for registered capital."""
    name = target.partition("@")[0]
    if name == "registered_capital":
        return "money"
    f = FIGURES_BY_NAME.get(name)
    return f.kind if f else None


def money_factor(header: str, target: str) -> Decimal | None:
    """The factor to 万元 for a money column (1 when the header names no unit); None for other columns.
    Raises ValueError(message) for a unit or currency that cannot be converted."""
    kind = target_kind(target)
    if kind not in ("money", "signed_money"):
        unit = header_unit(header)
        if kind is not None and kind not in INTEGER_KINDS and unit and _is_money_unit(unit):
            raise ValueError(unit)
        return None
    unit = header_unit(header)
    if unit is None:
        return Decimal(1)
    if unit in MONEY_UNITS:
        return MONEY_UNITS[unit]
    raise ValueError(unit)


def _is_money_unit(unit: str) -> bool:
    return unit.endswith("元") or any(h in unit.upper() for h in _CURRENCY_HINTS)


def unit_problem(header: str, target: str) -> str | None:
    """A message naming the column when its unit cannot be stored as the target, else None."""
    try:
        money_factor(header, target)
    except ValueError as exc:
        return _(
            "Column “%(col)s”: the unit “%(unit)s” cannot be converted to 10k yuan (万元). "
            "Only 元, 千元, 万元 and 亿元 in RMB are accepted; convert the column or ignore it."
        ) % {"col": header, "unit": exc.args[0]}
    return None


def too_precise(value: Decimal, kind: str) -> bool:
    places = DECIMALS.get(kind)
    if places is None:
        return False
    exponent = value.normalize().as_tuple().exponent
    return isinstance(exponent, int) and -exponent > places


def precision_message(kind: str) -> str:
    return _(
        "has more than %(n)d decimal places; the platform stores %(n)d and does not round silently. "
        "Round the value in the sheet and import again."
    ) % {"n": DECIMALS[kind]}
