"""Catalogue schema: rule-set specs (plain dicts in the rule-set modules) → validated,
immutable :class:`RuleSet` objects. Any malformed entry raises :class:`CatalogueError` at
import time, naming the rule set and criterion.

A rule set has:

* ``criteria`` — in evaluation order. ``kind: "condition"`` has a ``when`` expression in the
  condition language (over features and, in rule scope, earlier criterion ids, ``score``,
  ``score.<group>``, ``points.<id>`` and ``scorecard``) and optionally ``review: true`` (data met
  → ``needs_review``; a reviewer's judgement decides). ``kind: "score"`` has ``bands`` (each a
  ``when`` over features with ``points``; the indicator scores the highest band that holds —
  so at a shared edge the more favourable band wins) and ``otherwise`` points; or ``slot``
  (a provincial overlay fills it; unfilled it scores the full unknown range);
* ``scorecard`` — pass mark and groups (maximum and optional minimum per group);
* ``passes`` — the pass rule, in rule scope.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..condition import Compiled, Node, check, compile_node, names, parse_condition
from ..errors import CatalogueError, ConditionError
from ..features import FEATURES

TIERS = ("sme_size", "tech_sme", "innovative_sme", "zjtx", "little_giant")
TIER_ZH = {
    "sme_size": "企业规模",
    "tech_sme": "科技型中小企业",
    "innovative_sme": "创新型中小企业",
    "zjtx": "专精特新中小企业",
    "little_giant": "专精特新“小巨人”企业",
}
ROLES = (
    "eligibility",
    "prerequisite",
    "required",
    "direct",
    "alternative",
    "composite",
    "score",
    "review",
    "local",
)
ROLE_ZH = {
    "eligibility": "基本条件",
    "prerequisite": "前置条件",
    "required": "必备条件",
    "direct": "直通条件",
    "alternative": "替代条件",
    "composite": "综合条件",
    "score": "评分指标",
    "review": "人工评审",
    "local": "地方条件",
}
APPLICATIONS = ("new", "review")
#: confidence tags of tier-criteria.md Part B → the level an official reads (A9)
CONFIDENCE_LEVELS = {
    "G": "settled",
    "S2": "settled",
    "S1": "single_source",
    "I": "interpretation",
    "U": "unresolved",
}
#: levels under which a district may let a condition decide as a hard rule or send it to review
UNCERTAIN_LEVELS = ("single_source", "unresolved")
CRITERION_ID = re.compile(r"^[A-Z][A-Z0-9]*-[A-Za-z0-9.\-]+$")


@dataclass(frozen=True, slots=True)
class Band:
    when: Node
    text: str
    points: int
    label_zh: str
    run: Compiled = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    name_zh: str
    name_en: str
    kind: str  # "condition" | "score"
    role: str
    when: Node | None = None
    when_text: str | None = None
    run: Compiled | None = field(default=None, repr=False, compare=False)
    review: bool = False
    review_zh: str | None = None
    bands: tuple[Band, ...] = ()
    otherwise: int = 0
    max_points: int = 0
    group: str | None = None
    slot: str | None = None
    confidence: str | None = None
    note_zh: str | None = None
    formulas: tuple[str, ...] = ()
    # the data are evidence only: a reviewer decides whatever they say (e.g. 原则上 in LG22-F)
    evidence_only: bool = False
    # a review condition that holds is met without review when this also holds (a waiver)
    review_unless: Node | None = None
    review_unless_run: Compiled | None = field(default=None, repr=False, compare=False)
    # application years the criterion binds (an annual notice); outside them it does not apply
    in_force: tuple[int, int] | None = None

    @property
    def scored(self) -> bool:
        return self.kind == "score"

    @property
    def confidence_level(self) -> str:
        return CONFIDENCE_LEVELS.get(self.confidence or "", "settled")

    @property
    def uncertain(self) -> bool:
        """Single-source or unresolved: a district may send it to review (A2)."""
        return self.confidence_level in UNCERTAIN_LEVELS

    def applies_in(self, year: int) -> bool:
        return self.in_force is None or self.in_force[0] <= year <= self.in_force[1]

    @property
    def features(self) -> list[str]:
        out: list[str] = []
        nodes = [b.when for b in self.bands] + ([self.when] if self.when is not None else [])
        for n in nodes:
            for nm in names(n):
                if nm in FEATURES and nm not in out:
                    out.append(nm)
        return out


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name_zh: str
    members: tuple[str, ...]
    max_points: int
    min_points: int | None = None


@dataclass(frozen=True, slots=True)
class Scorecard:
    pass_mark: int
    max_points: int
    groups: tuple[Group, ...]

    def group(self, gid: str) -> Group:
        for g in self.groups:
            if g.id == gid:
                return g
        raise KeyError(gid)


@dataclass(frozen=True, slots=True)
class Window:
    applications: tuple[str, ...]
    start: dt.date
    end: dt.date | None
    note_zh: str | None = None

    def covers(self, application: str, on: dt.date) -> bool:
        return application in self.applications and self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    version: str
    tier: str
    name_zh: str
    name_en: str
    document: str
    applies: tuple[Window, ...]
    criteria: tuple[Criterion, ...]
    scorecard: Scorecard | None
    passes: Node
    passes_text: str
    passes_run: Compiled = field(repr=False, compare=False)
    notes: tuple[str, ...] = ()
    overlays: tuple[str, ...] = ()
    spec: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def criterion(self, cid: str) -> Criterion:
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)

    @property
    def scored(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.kind == "score")

    @property
    def label_zh(self) -> str:
        return f"{self.name_zh}（{self.id}，版本 {self.version}）"


class RuleScope:
    """Condition-language scope for rule-level expressions."""

    def __init__(
        self, criteria: Iterable[str], groups: Iterable[str], scored: Iterable[str], has_scorecard: bool
    ) -> None:
        self.bools = set(criteria) | ({"scorecard"} if has_scorecard else set())
        self.numbers = (
            ({"score"} | {f"score.{g}" for g in groups} | {f"points.{c}" for c in scored})
            if has_scorecard
            else set()
        )

    def resolve(self, name: str) -> tuple[str, str] | None:
        if name in self.bools:
            return name, "bool"
        if name in self.numbers:
            return name, "number"
        return FEATURES.resolve(name)

    def known_names(self) -> Iterable[str]:
        return [*self.bools, *self.numbers, *FEATURES.known_names()]


def _date(v: Any, where: str) -> dt.date | None:
    if v is None:
        return None
    try:
        return dt.date.fromisoformat(v)
    except (TypeError, ValueError):
        raise CatalogueError(f"{where}: invalid date {v!r}") from None


def _keys(d: Mapping[str, Any], where: str, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
    if not isinstance(d, Mapping):
        raise CatalogueError(f"{where}: expected a mapping, got {type(d).__name__}")
    missing = [k for k in required if k not in d]
    extra = [k for k in d if k not in required + optional]
    if missing or extra:
        raise CatalogueError(f"{where}: missing keys {missing} / unknown keys {extra}")


def _expr(text: Any, scope: Any, where: str) -> tuple[Node, Compiled]:
    if not isinstance(text, str):
        raise CatalogueError(f"{where}: expression must be a string, got {text!r}")
    try:
        node = check(parse_condition(text), scope, text)
    except ConditionError as e:
        raise CatalogueError(f"{where}: {e}") from None
    return node, compile_node(node)


def _windows(spec: Mapping[str, Any], where: str) -> list[Window]:
    windows = []
    for i, w in enumerate(spec["applies"]):
        _keys(w, f"{where} applies[{i}]", ("applications", "from", "to"), ("note_zh",))
        apps = tuple(w["applications"])
        if not apps or any(a not in APPLICATIONS for a in apps):
            raise CatalogueError(f"{where} applies[{i}]: applications must be from {APPLICATIONS}")
        start = _date(w["from"], f"{where} applies[{i}].from")
        if start is None:
            raise CatalogueError(f"{where} applies[{i}]: 'from' is required")
        windows.append(Window(apps, start, _date(w["to"], f"{where} applies[{i}].to"), w.get("note_zh")))
    return windows


_CRITERION_OPTIONAL = (
    "when",
    "review",
    "review_zh",
    "bands",
    "otherwise",
    "max_points",
    "group",
    "slot",
    "confidence",
    "note_zh",
    "formulas",
    "evidence_only",
    "review_unless",
    "in_force",
)


def _condition(c: Mapping[str, Any], cw: str, common: dict[str, Any], scope: RuleScope) -> Criterion:
    if any(k in c for k in ("bands", "otherwise", "max_points", "group", "slot")):
        raise CatalogueError(f"{cw}: a condition has no bands/points/group/slot")
    review = bool(c.get("review", False))
    if "when" not in c and not review:
        raise CatalogueError(f"{cw}: a condition needs 'when' or review: true")
    if review and not c.get("review_zh"):
        raise CatalogueError(f"{cw}: review: true needs review_zh (what the reviewer checks)")
    evidence_only = bool(c.get("evidence_only", False))
    if evidence_only and not (review and "when" in c):
        raise CatalogueError(f"{cw}: evidence_only needs review: true and a 'when' (the evidence)")
    if "review_unless" in c and not (review and "when" in c) or (evidence_only and "review_unless" in c):
        raise CatalogueError(f"{cw}: review_unless needs review: true and a 'when', without evidence_only")
    node, run = _expr(c["when"], scope, cw) if "when" in c else (None, None)
    unless, unless_run = _expr(c["review_unless"], scope, cw) if "review_unless" in c else (None, None)
    return Criterion(
        kind="condition",
        when=node,
        when_text=c.get("when"),
        run=run,
        review=review,
        review_zh=c.get("review_zh"),
        evidence_only=evidence_only,
        review_unless=unless,
        review_unless_run=unless_run,
        **common,
    )  # type: ignore[arg-type]


def _in_force(c: Mapping[str, Any], cw: str) -> tuple[int, int] | None:
    v = c.get("in_force")
    if v is None:
        return None
    if (
        not isinstance(v, list | tuple)
        or len(v) != 2
        or not all(isinstance(x, int) for x in v)
        or v[0] > v[1]
    ):
        raise CatalogueError(f"{cw}: in_force must be [first year, last year]")
    return (v[0], v[1])


def _bands(c: Mapping[str, Any], cw: str, other: int, maxp: int) -> tuple[Band, ...]:
    bands: list[Band] = []
    prev = None
    for j, b in enumerate(c.get("bands") or ()):
        _keys(b, f"{cw} band {j}", ("when", "points", "label_zh"), ())
        node, run = _expr(b["when"], FEATURES, f"{cw} band {j}")
        pts = b["points"]
        if not isinstance(pts, int) or pts <= other or pts > maxp or (prev is not None and pts >= prev):
            raise CatalogueError(
                f"{cw} band {j}: points must be ints, strictly decreasing, above 'otherwise' and ≤ max_points"
            )
        prev = pts
        bands.append(Band(node, b["when"], pts, b["label_zh"], run))
    if not bands or bands[0].points != maxp:
        raise CatalogueError(f"{cw}: the first band must award max_points")
    return tuple(bands)


def _scored(
    c: Mapping[str, Any], cw: str, common: dict[str, Any], groups: Mapping[str, Any], has_scorecard: bool
) -> Criterion:
    if not has_scorecard:
        raise CatalogueError(f"{cw}: scored criterion without a scorecard")
    if c.get("group") not in groups:
        raise CatalogueError(f"{cw}: group {c.get('group')!r} is not a scorecard group")
    maxp = c.get("max_points")
    other = c.get("otherwise", 0)
    if not isinstance(maxp, int) or maxp <= 0 or not isinstance(other, int) or not 0 <= other <= maxp:
        raise CatalogueError(f"{cw}: max_points must be a positive int and 0 ≤ otherwise ≤ max_points")
    if "slot" in c and "bands" in c:
        raise CatalogueError(f"{cw}: a slot has no bands (the overlay supplies them)")
    bands = () if "slot" in c else _bands(c, cw, other, maxp)
    return Criterion(
        kind="score",
        bands=bands,
        otherwise=other,
        max_points=maxp,
        group=c["group"],
        slot=c.get("slot"),
        **common,
    )  # type: ignore[arg-type]


def _criteria(
    spec: Mapping[str, Any], where: str, group_specs: Mapping[str, Any], has_scorecard: bool
) -> tuple[list[Criterion], set[str], list[str]]:
    criteria: list[Criterion] = []
    seen: set[str] = set()
    scored_ids = [
        str(c.get("id")) for c in spec["criteria"] if isinstance(c, Mapping) and c.get("kind") == "score"
    ]
    for i, c in enumerate(spec["criteria"]):
        cw = f"{where} criterion {c.get('id', i) if isinstance(c, Mapping) else i}"
        _keys(c, cw, ("id", "kind", "role", "name_zh", "name_en"), _CRITERION_OPTIONAL)
        cid = c["id"]
        if not CRITERION_ID.match(cid) or cid in seen:
            raise CatalogueError(f"{cw}: invalid or duplicate id")
        if c["role"] not in ROLES:
            raise CatalogueError(f"{cw}: unknown role {c['role']!r}")
        if c.get("confidence") is not None and c["confidence"] not in CONFIDENCE_LEVELS:
            raise CatalogueError(f"{cw}: confidence must be one of {sorted(CONFIDENCE_LEVELS)}")
        if "in_force" in c and c["kind"] != "condition":
            raise CatalogueError(f"{cw}: only a condition can be bound to application years")
        common = dict(
            id=cid,
            name_zh=c["name_zh"],
            name_en=c["name_en"],
            role=c["role"],
            confidence=c.get("confidence"),
            note_zh=c.get("note_zh"),
            formulas=tuple(c.get("formulas", ())),
        )
        if c["kind"] == "condition":
            common["in_force"] = _in_force(c, cw)
            scope = RuleScope(seen, group_specs, scored_ids, has_scorecard)
            criteria.append(_condition(c, cw, common, scope))
        elif c["kind"] == "score":
            criteria.append(_scored(c, cw, common, group_specs, has_scorecard))
        else:
            raise CatalogueError(f"{cw}: kind must be 'condition' or 'score'")
        seen.add(cid)
    return criteria, seen, scored_ids


def _scorecard(
    sc_spec: Mapping[str, Any], group_specs: Mapping[str, Any], criteria: list[Criterion], where: str
) -> Scorecard:
    groups = []
    for gid, g in group_specs.items():
        members = tuple(c.id for c in criteria if c.group == gid)
        total = sum(c.max_points for c in criteria if c.group == gid)
        if not members or total != g["max"]:
            raise CatalogueError(
                f"{where} scorecard group {gid}: members' max_points sum to {total}, declared {g['max']}"
            )
        mn = g.get("min")
        if mn is not None and not 0 < mn <= g["max"]:
            raise CatalogueError(f"{where} scorecard group {gid}: min out of range")
        groups.append(Group(gid, g["name_zh"], members, g["max"], mn))
    total = sum(g.max_points for g in groups)
    if not 0 < sc_spec["pass_mark"] <= total:
        raise CatalogueError(f"{where}: pass_mark out of range")
    return Scorecard(sc_spec["pass_mark"], total, tuple(groups))


def _reached(passes: Node, criteria: list[Criterion]) -> set[str]:
    """The names the pass rule uses, directly or through other criteria."""
    reached: set[str] = set()
    todo = list(names(passes))
    by_id = {c.id: c for c in criteria}
    while todo:
        n = todo.pop()
        if n in reached:
            continue
        reached.add(n)
        cr = by_id.get(n)
        if cr is not None and cr.when is not None:
            todo.extend(names(cr.when))
    return reached


def build_rule_set(spec: Mapping[str, Any]) -> RuleSet:
    """Validate a rule-set spec and build the :class:`RuleSet`."""
    rid = spec.get("id", "?") if isinstance(spec, Mapping) else "?"
    where = f"rule set {rid}"
    _keys(
        spec,
        where,
        ("id", "version", "tier", "name_zh", "name_en", "document", "applies", "criteria", "passes"),
        ("scorecard", "notes", "overlays"),
    )
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*(\+[A-Za-z0-9\u4e00-\u9fff-]+)*", str(rid)):
        raise CatalogueError(f"{where}: invalid id")
    if spec["tier"] not in TIERS:
        raise CatalogueError(f"{where}: unknown tier {spec['tier']!r}")
    windows = _windows(spec, where)

    # scorecard groups first: score criteria name them
    sc_spec = spec.get("scorecard")
    group_specs: dict[str, Mapping[str, Any]] = {}
    if sc_spec is not None:
        _keys(sc_spec, f"{where} scorecard", ("pass_mark", "groups"), ())
        for g in sc_spec["groups"]:
            _keys(g, f"{where} scorecard group", ("id", "name_zh", "max"), ("min",))
            group_specs[g["id"]] = g

    criteria, seen, scored_ids = _criteria(spec, where, group_specs, sc_spec is not None)
    scorecard = None if sc_spec is None else _scorecard(sc_spec, group_specs, criteria, where)

    scope = RuleScope(seen, group_specs, scored_ids, scorecard is not None)
    passes, passes_run = _expr(spec["passes"], scope, f"{where} passes")
    # every condition must count: referenced by the pass rule directly or through another criterion
    reached = _reached(passes, criteria)
    orphans = [c.id for c in criteria if c.kind == "condition" and c.id not in reached]
    if orphans:
        raise CatalogueError(f"{where}: criteria not used by the pass rule: {orphans}")
    if (
        scorecard is not None
        and "scorecard" not in reached
        and not any(x.startswith("score") for x in reached)
    ):
        raise CatalogueError(f"{where}: the pass rule ignores the scorecard")
    return RuleSet(
        id=rid,
        version=str(spec["version"]),
        tier=spec["tier"],
        name_zh=spec["name_zh"],
        name_en=spec["name_en"],
        document=spec["document"],
        applies=tuple(windows),
        criteria=tuple(criteria),
        scorecard=scorecard,
        passes=passes,
        passes_text=spec["passes"],
        passes_run=passes_run,
        notes=tuple(spec.get("notes", ())),
        overlays=tuple(spec.get("overlays", ())),
        spec=spec,
    )
