"""GB/T 4754-2017 industries and the 16 SME size categories, for the registry.

The code table ships with the framework-free criteria engine (``chrysalis/criteria/data``); this
module adapts it for forms, filters and tables.
"""

from __future__ import annotations

from functools import lru_cache

from chrysalis.criteria import industry as _industry

normalize_code = _industry.normalize_code
get = _industry.get


@lru_cache(maxsize=1)
def class_choices() -> list[tuple[str, str]]:
    return _industry.choices("class")


@lru_cache(maxsize=1)
def division_choices() -> list[tuple[str, str]]:
    return _industry.choices("division")


@lru_cache(maxsize=1)
def section_choices() -> list[tuple[str, str]]:
    return _industry.choices("section")


@lru_cache(maxsize=1)
def category_choices() -> list[tuple[int, str]]:
    return [(c.id, c.name_zh) for c in _industry.size_categories()]


def label(code: str | None) -> str:
    ind = get(code) if code else None
    return ind.label if ind else (code or "")


def name(code: str | None) -> str:
    ind = get(code) if code else None
    return ind.name if ind else ""


def size_category_id(code: str | None) -> int | None:
    cat = _industry.size_category(code) if code else None
    return cat.id if cat else None


def codes_in_category(category_id: int) -> tuple[str, ...]:
    for cat in _industry.size_categories():
        if cat.id == category_id:
            return cat.prefixes
    return ()
