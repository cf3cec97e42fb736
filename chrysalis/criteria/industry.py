"""GB/T 4754-2017 industry classification (国民经济行业分类) and the NBS size-category map.

Both tables ship in ``chrysalis/criteria/data`` (copied from the project's reference data; see
``data/README.md`` for sources and checks). The Django registry imports :func:`choices` and
:func:`normalize_code` for its industry field.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LEVELS = ("section", "division", "group", "class")
LEVEL_ZH = {"section": "门类", "division": "大类", "group": "中类", "class": "小类"}


@dataclass(frozen=True, slots=True)
class Industry:
    code: str  # letter-prefixed: "C", "C34", "C348", "C3484"
    name: str
    level: str
    parent: str | None

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True, slots=True)
class SizeCategory:
    """One of the 16 industry categories of 《中小企业划型标准规定》 / NBS 2017 table."""

    id: int
    name_zh: str
    name_en: str
    prefixes: tuple[str, ...]
    note: str


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("chrysalis.criteria").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def industries() -> dict[str, Industry]:
    """code → :class:`Industry`, in the standard's order (1,971 rows)."""
    out: dict[str, Industry] = {}
    for row in _read("gbt4754-2017.csv"):
        ind = Industry(row["code"], row["name"], row["level"], row["parent"] or None)
        if ind.level not in LEVELS or (ind.parent is not None and ind.parent not in out):
            raise ValueError(f"malformed industry row: {row}")
        out[ind.code] = ind
    return out


@lru_cache(maxsize=1)
def _by_digits() -> dict[str, str]:
    return {code[1:]: code for code in industries() if len(code) > 1}


def normalize_code(text: str) -> str | None:
    """Accept ``C3484``, ``c3484`` or ``3484`` (digits only: the section letter is implied by the
    division number) and return the letter-prefixed code, or ``None`` if it is not a code."""
    t = text.strip().upper()
    if t in industries():
        return t
    if t.isdigit():
        return _by_digits().get(t)
    return None


def get(code: str) -> Industry | None:
    c = normalize_code(code)
    return industries()[c] if c else None


def ancestors(code: str) -> list[Industry]:
    """The industry and its parents up to the section, most specific first."""
    out: list[Industry] = []
    ind = get(code)
    while ind is not None:
        out.append(ind)
        ind = industries().get(ind.parent) if ind.parent else None
    return out


def choices(level: str = "class") -> list[tuple[str, str]]:
    """(code, "C3484 机械零部件加工") pairs of one level, in the standard's order."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    return [(i.code, i.label) for i in industries().values() if i.level == level]


@lru_cache(maxsize=1)
def size_categories() -> tuple[SizeCategory, ...]:
    cats = []
    for row in _read("sme-size-industry-map.csv"):
        prefixes = tuple(row["codes"].split())
        for pre in prefixes:
            if pre not in industries():
                raise ValueError(f"size map prefix {pre} is not a GB/T 4754 code")
        cats.append(
            SizeCategory(
                int(row["category_id"]),
                row["category_name_zh"],
                row["category_name_en"],
                prefixes,
                row["note"],
            )
        )
    return tuple(cats)


@lru_cache(maxsize=4096)
def size_category(code: str | None) -> SizeCategory | None:
    """The size category of an industry code (longest matching prefix), or ``None`` when the
    code is unknown, too coarse to decide (e.g. section ``G``), or outside the standard's scope
    (金融业, 教育, 卫生, 铁路运输 …)."""
    if code is None:
        return None
    c = normalize_code(code)
    if c is None:
        return None
    best: tuple[int, SizeCategory] | None = None
    for cat in size_categories():
        for pre in cat.prefixes:
            if c.startswith(pre) and (best is None or len(pre) > best[0]):
                best = (len(pre), cat)
    if best is not None:
        return best[1]
    return None


#: industries outside the scope of the 2011 size rules (data/README.md): prefix → why, in Chinese
OUTSIDE_SIZE_STANDARD = {
    "G53": "铁路运输业不在《中小企业划型标准规定》适用范围内",
    "J": "金融业另按《金融业企业划型标准规定》划型，不适用《中小企业划型标准规定》",
    "K704": "房地产租赁经营（自有房地产经营活动）不在《中小企业划型标准规定》适用范围内",
    "P": "教育不在《中小企业划型标准规定》适用范围内",
    "Q84": "卫生不在《中小企业划型标准规定》适用范围内",
    "S": "公共管理、社会保障和社会组织不在《中小企业划型标准规定》适用范围内",
    "T": "国际组织不在《中小企业划型标准规定》适用范围内",
}


def outside_size_standard(code: str | None) -> str | None:
    """Why an industry can never be size-classified (a sentence), or ``None`` when it can be or
    the code is unknown/too coarse to tell."""
    c = normalize_code(code) if code else None
    if c is None:
        return None
    for prefix, why in OUTSIDE_SIZE_STANDARD.items():
        if c.startswith(prefix):
            return why
    return None
