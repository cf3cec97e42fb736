"""Size class (A10): GB/T 4754 code → one of 16 categories → 大/中/小/微, three-valued.

With a missing figure the class may still be decided (工业 with 50 employees is not large
whatever its revenue); otherwise the result lists the classes still possible. An unknown or
out-of-scope industry gives ``unknown`` — never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from .catalogue.sme_size_2011 import METRICS, THRESHOLDS
from .exact import Truth, fmt_num, three_all
from .facts import Facts
from .features import Figure
from .industry import SizeCategory, get, outside_size_standard, size_category

CLASSES = ("large", "medium", "small", "micro")
CLASS_ZH = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型", "unknown": "未知"}


@dataclass(frozen=True, slots=True)
class SizeClass:
    size: str  # large / medium / small / micro / unknown
    possible: tuple[str, ...]  # classes still possible given missing figures
    category: SizeCategory | None
    industry_code: str | None
    reason_zh: str
    figures: tuple[Figure, ...] = ()
    missing: tuple[tuple[str, int | None], ...] = ()

    @property
    def size_zh(self) -> str:
        return CLASS_ZH[self.size]

    @property
    def is_sme(self) -> Truth:
        if not self.possible:
            return None
        if "large" not in self.possible:
            return True
        return False if self.possible == ("large",) else None

    def to_dict(self) -> dict[str, object]:
        return {
            "size": self.size,
            "size_zh": self.size_zh,
            "possible": list(self.possible),
            "category_id": self.category.id if self.category else None,
            "category_zh": self.category.name_zh if self.category else None,
            "industry_code": self.industry_code,
            "is_sme": self.is_sme,
            "reason_zh": self.reason_zh,
        }


def size_class(
    industry_code: str | None,
    employees: int | Decimal | None = None,
    revenue: Decimal | int | None = None,
    total_assets: Decimal | int | None = None,
    *,
    year: int | None = None,
    figures: tuple[Figure, ...] = (),
) -> SizeClass:
    """Classify a firm. Money in 万元. Missing figures narrow nothing they cannot decide."""
    values = {"X": employees, "Y": revenue, "Z": total_assets}
    ind = get(industry_code) if industry_code else None
    industry_code = ind.code if ind else industry_code
    cat = size_category(industry_code)
    if cat is None:
        outside = outside_size_standard(industry_code)
        if industry_code is None:
            why = "行业代码缺失"
        elif outside:
            why = (
                f"行业 {industry_code}{' ' + ind.name if ind else ''}：{outside}，无论补充什么数据都无法判定"
            )
        else:
            why = (
                f"行业 {industry_code}{' ' + ind.name if ind else ''} 不在划型标准的 16 "
                "个行业类别内或代码过粗（需小类或中类代码）"
            )
        return SizeClass(
            "unknown",
            (),
            None,
            industry_code,
            f"规模类型未知：{why}",
            figures,
            (("industry_code", None),) if industry_code is None else (),
        )
    th = THRESHOLDS[cat.id]
    missing: list[tuple[str, int | None]] = []

    def meets(cls: str) -> Truth:
        parts: list[Truth] = []
        for m, minimum in th[cls].items():
            v = values[m]
            if v is None:
                parts.append(None)
                if (METRICS[m][0], year) not in missing:
                    missing.append((METRICS[m][0], year))
            else:
                parts.append(Fraction(v) >= minimum)
        return three_all(parts)

    possible: list[str] = []
    decided = False
    for cls in ("large", "medium", "small"):
        r = meets(cls)
        if r is None:
            possible.append(cls)
        elif r:
            possible.append(cls)
            decided = True
            break
    if not decided:
        possible.append("micro")
    size = possible[0] if len(possible) == 1 else "unknown"
    shown = "，".join(
        f"{METRICS[m][1]} "
        + (f"{fmt_num(Fraction(v))}{METRICS[m][2]}" if (v := values[m]) is not None else "未知")
        for m in th["large"]
    )
    bands = _bands_zh(cat.id)
    if size != "unknown":
        reason = f"行业类别“{cat.name_zh}”（{industry_code}），{shown}：属{CLASS_ZH[size]}企业（{bands}）"
    else:
        reason = (
            f"行业类别“{cat.name_zh}”（{industry_code}），{shown}：数据不全，可能为"
            f"{'/'.join(CLASS_ZH[c] for c in possible)}（{bands}）"
        )
    return SizeClass(
        size,
        tuple(possible),
        cat,
        industry_code,
        reason,
        figures,
        tuple(missing) if size == "unknown" else (),
    )


def size_of(
    industry_code: str | None,
    employees: int | Decimal | None = None,
    revenue: Decimal | int | None = None,
    total_assets: Decimal | int | None = None,
) -> str:
    """``size_class(...).size`` without the explanation: for bulk paths (the registry's import
    classifies every firm it writes). Same bands, same three-valued rule; tested equal to
    size_class."""
    cat = _category_of(industry_code)
    if cat is None:
        return "unknown"
    th = THRESHOLDS[cat.id]
    values = {"X": employees, "Y": revenue, "Z": total_assets}
    possible: list[str] = []
    for cls in ("large", "medium", "small"):
        r = _meets(th[cls], values)
        if r is None:
            possible.append(cls)
        elif r:
            possible.append(cls)
            break
    else:
        possible.append("micro")
    return possible[0] if len(possible) == 1 else "unknown"


def _meets(band: dict, values: dict) -> Truth:
    """Kleene AND of "value ≥ minimum" over one band (None = the figure is missing)."""
    unknown = False
    for m, minimum in band.items():
        v = values[m]
        if v is None:
            unknown = True
        elif not (v >= minimum if minimum.__class__ is int else Fraction(v) >= minimum):
            return False
    return None if unknown else True


@lru_cache(maxsize=4096)
def _category_of(industry_code: str | None) -> SizeCategory | None:
    ind = get(industry_code) if industry_code else None
    return size_category(ind.code if ind else industry_code)


_BANDS_ZH: dict[int, str] = {}


def _bands_zh(category: int) -> str:
    """The thresholds of a category in words (the same for every firm: built once)."""
    text = _BANDS_ZH.get(category)
    if text is None:
        th = THRESHOLDS[category]
        text = _BANDS_ZH[category] = "；".join(
            f"{CLASS_ZH[c]}需 " + " 且 ".join(f"{METRICS[m][1]}≥{v}" for m, v in th[c].items())
            for c in ("large", "medium", "small")
        )
    return text


def classify_facts(facts: Facts, year: int) -> SizeClass:
    """Size class from a facts document, using the figures of Y-1 (上年度)."""
    y = year - 1
    yf = facts.year(y)
    emp = yf.employees if yf else None
    rev = yf.revenue if yf else None
    assets = yf.total_assets if yf else None
    figs = (
        Figure("industry_code", None, facts.industry_code),
        Figure("employees", y, emp, yf.source_of("employees") if yf else None),
        Figure("revenue", y, rev, yf.source_of("revenue") if yf else None),
        Figure("total_assets", y, assets, yf.source_of("total_assets") if yf else None),
    )
    return size_class(facts.industry_code, emp, rev, assets, year=y, figures=figs)
