"""The rule catalogue: seven versioned rule sets (data modules), provincial overlays, and
selection by ``(tier, application, date, province)`` or by id.

Everything is built and validated at import: a malformed entry raises
:class:`~chrysalis.criteria.errors.CatalogueError` before any assessment can run.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..errors import CatalogueError, UnknownRuleSetError
from . import (
    innovative_sme_2022,
    little_giant_2022,
    little_giant_2026,
    overlays,
    sme_size_2011,
    tech_sme_2017,
    zjtx_2022,
    zjtx_2026,
)
from .schema import APPLICATIONS, TIER_ZH, TIERS, Criterion, RuleSet, Scorecard, build_rule_set

_MODULES = (
    sme_size_2011,
    tech_sme_2017,
    innovative_sme_2022,
    zjtx_2022,
    zjtx_2026,
    little_giant_2022,
    little_giant_2026,
)

RULE_SETS: dict[str, RuleSet] = {}
for _m in _MODULES:
    _rs = build_rule_set(_m.RULE_SET)
    if _rs.id in RULE_SETS:
        raise CatalogueError(f"duplicate rule set id {_rs.id}")
    RULE_SETS[_rs.id] = _rs

_OVERLAYS: dict[tuple[str, str], Mapping[str, Any]] = {}
_APPLIED: dict[tuple[str, str], RuleSet] = {}


def province_key(province: str | None) -> str | None:
    """ "浙江省" / "浙江" / " 浙江省 " → "浙江"."""
    if not province:
        return None
    p = province.strip()
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
        if p.endswith(suffix) and len(p) > len(suffix):
            return p[: -len(suffix)]
    return p


def apply_overlay(rule_set: RuleSet, overlay: Mapping[str, Any]) -> RuleSet:
    """A new rule set: ``rule_set`` with the overlay's slot contents and extra conditions."""
    known = {"id", "province", "rule_set", "version", "name_zh", "slots", "criteria", "notes"}
    if (
        not isinstance(overlay, Mapping)
        or set(overlay) - known
        or not {"id", "province", "rule_set", "version"} <= set(overlay)
    ):
        raise CatalogueError(
            f"overlay {overlay.get('id') if isinstance(overlay, Mapping) else overlay!r}: "
            f"keys must be {sorted(known)} (id, province, rule_set, version required)"
        )
    spec = copy.deepcopy(dict(rule_set.spec))
    oid = overlay["id"]
    slots = dict(overlay.get("slots") or {})
    new_criteria: list[dict[str, Any]] = []
    for c in spec["criteria"]:
        slot = c.get("slot")
        if slot is None or slot not in slots:
            new_criteria.append(c)
            continue
        content = slots.pop(slot)
        if content is None:  # known, not configured: stays an unknown slot
            new_criteria.append(c)
            continue
        total = 0
        for sub in content:
            sub = {"kind": "score", "role": "score", "group": c["group"], **sub}
            if sub["group"] != c["group"] or sub["kind"] != "score":
                raise CatalogueError(
                    f"overlay {oid}: slot {slot} takes scored indicators of group {c['group']}"
                )
            total += sub.get("max_points", 0)
            new_criteria.append(sub)
        if total != c["max_points"]:
            raise CatalogueError(
                f"overlay {oid}: slot {slot} indicators total {total} points, expected {c['max_points']}"
            )
    if slots:
        raise CatalogueError(f"overlay {oid}: rule set {rule_set.id} has no slot(s) {sorted(slots)}")
    extra = [dict(c, role=c.get("role", "local")) for c in overlay.get("criteria") or ()]
    new_criteria.extend(extra)
    spec["criteria"] = new_criteria
    if extra:
        spec["passes"] = f"({spec['passes']}) and " + " and ".join(c["id"] for c in extra)
    spec["id"] = f"{rule_set.id}+{oid}"
    spec["version"] = f"{rule_set.version}+{overlay['version']}"
    spec["notes"] = list(spec.get("notes", ())) + list(overlay.get("notes") or ())
    spec["overlays"] = list(spec.get("overlays", ())) + [f"{oid}（{overlay['province']}）"]
    return build_rule_set(spec)


def register_overlay(overlay: Mapping[str, Any]) -> RuleSet:
    """Register (or replace) a provincial overlay; validated now. Returns the combined rule set."""
    base = RULE_SETS.get(overlay.get("rule_set", ""))
    if base is None:
        raise CatalogueError(f"overlay {overlay.get('id')}: unknown rule set {overlay.get('rule_set')!r}")
    combined = apply_overlay(base, overlay)
    key = (province_key(overlay["province"]) or "", base.id)
    _OVERLAYS[key] = overlay
    _APPLIED[key] = combined
    return combined


def unregister_overlay(province: str, rule_set_id: str) -> None:
    key = (province_key(province) or "", rule_set_id)
    _OVERLAYS.pop(key, None)
    _APPLIED.pop(key, None)


for _ov in overlays.SHIPPED:
    register_overlay(_ov)


def get_rule_set(rule_set_id: str, province: str | None = None) -> RuleSet:
    """A rule set by id (``zjtx-2022``); with ``province``, its provincial overlay applied when
    one is registered. Raises :class:`UnknownRuleSetError`."""
    rs = RULE_SETS.get(rule_set_id)
    if rs is None:
        raise UnknownRuleSetError(
            f"未知规则集 / unknown rule set {rule_set_id!r}; known: {', '.join(RULE_SETS)}"
        )
    key = (province_key(province) or "", rs.id)
    return _APPLIED.get(key, rs)


def _as_date(on: dt.date | int | None) -> dt.date:
    if on is None:
        return dt.date.today()
    if isinstance(on, int):
        return dt.date(on, 6, 30)
    return on


def select_rule_set(
    tier: str, application: str = "new", on: dt.date | int | None = None, province: str | None = None
) -> RuleSet:
    """The rule set in force for ``tier`` (``tech_sme``, ``innovative_sme``, ``zjtx``,
    ``little_giant``, ``sme_size``), application type ``new``/``review`` and assessment date
    ``on`` (a year means 30 June of it), with the province's overlay."""
    if tier not in TIERS:
        raise UnknownRuleSetError(f"未知层级 / unknown tier {tier!r}; expected one of {', '.join(TIERS)}")
    if application not in APPLICATIONS:
        raise UnknownRuleSetError(
            f"申报类型应为 new 或 review / application must be new or review, got {application!r}"
        )
    day = _as_date(on)
    found = [
        rs
        for rs in RULE_SETS.values()
        if rs.tier == tier and any(w.covers(application, day) for w in rs.applies)
    ]
    if not found:
        raise UnknownRuleSetError(
            f"{TIER_ZH[tier]}在 {day} 没有适用于 {application} 的规则集 / no rule set for {tier}, "
            f"{application}, {day}"
        )
    if len(found) > 1:  # pragma: no cover - guarded by test_catalogue (windows do not overlap)
        raise CatalogueError(f"overlapping rule sets for {tier}/{application}/{day}: {[r.id for r in found]}")
    return get_rule_set(found[0].id, province)


def rule_sets() -> list[RuleSet]:
    return list(RULE_SETS.values())


__all__ = [
    "RULE_SETS",
    "Criterion",
    "RuleSet",
    "Scorecard",
    "apply_overlay",
    "get_rule_set",
    "province_key",
    "register_overlay",
    "rule_sets",
    "select_rule_set",
    "unregister_overlay",
]
