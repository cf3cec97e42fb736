"""Assessment results: plain dataclasses with ``to_dict()`` (the JSON of facts-format.md) and
``to_text()`` (a Chinese rendering for the CLI and plain-text exports, written by
:mod:`.present`).

Numbers in ``to_dict()``: points and counts are ints; money and ratios are decimal *strings*
(exact, e.g. ``"37.5"``, ``"0.03"``); years are ints; dates ISO strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from .catalogue.schema import ROLE_ZH, Criterion, RuleSet
from .exact import normalize, to_decimal
from .facts import Judgement
from .features import FORMULAS, Change, Figure
from .outcome import Outcome, Verdict
from .present import (
    CONFIDENCE_ADVICE_ZH,
    CONFIDENCE_ZH,
    OUTCOME_ZH,
    UNCERTAIN_MODE_ZH,
    VERDICT_ZH,
    confidence_zh,
    review_zh,
)
from .size import SizeClass


def jsonable(v: object) -> object:
    t = v.__class__
    if v is None or t is str or t is int or t is bool:  # the common cases, by exact type
        return v
    if t is Decimal:
        return str(normalize(v))  # type: ignore[arg-type]
    if isinstance(v, bool) or isinstance(v, int | str):
        return v
    if isinstance(v, Decimal):
        return str(normalize(v))
    if isinstance(v, Fraction):
        return str(to_decimal(v, 6))
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def figure_dict(f: Figure) -> dict[str, object]:
    return {"field": f.field, "year": f.year, "value": jsonable(f.value), "source": f.source}


def change_dict(c: Change) -> dict[str, object]:
    return {
        "field": c.field,
        "year": c.year,
        "current": jsonable(c.current),
        "required": jsonable(c.required),
        "change": jsonable(c.change),
        "unit": c.unit,
        "actionable": c.actionable,
        "text_zh": c.text_zh,
    }


_PARTS: dict[int, tuple[Criterion, dict[str, Any], dict[str, Any]]] = {}


def _criterion_parts(c: Criterion) -> tuple[dict[str, Any], dict[str, Any]]:
    """The parts of a criterion's JSON that do not depend on the firm (its names and its
    confidence), worded once per criterion; callers copy them."""
    hit = _PARTS.get(id(c))
    if hit is None or hit[0] is not c:
        if len(_PARTS) > 10_000:  # overlays registered again and again (tests)
            _PARTS.clear()
        head = {
            "id": c.id,
            "name_zh": c.name_zh,
            "name_en": c.name_en,
            "kind": c.kind,
            "role": c.role,
            "role_zh": ROLE_ZH[c.role],
        }
        confidence = {
            "tag": c.confidence,
            "level": c.confidence_level,
            "label_zh": CONFIDENCE_ZH[c.confidence_level],
            "advice_zh": CONFIDENCE_ADVICE_ZH[c.confidence_level],
            "note_zh": c.note_zh,
            "text_zh": confidence_zh(c),
        }
        hit = _PARTS[id(c)] = (c, head, confidence)
    return hit[1], hit[2]


_T = TypeVar("_T")


def with_fields(obj: _T, **changes: object) -> _T:
    """``dataclasses.replace`` for the frozen, slotted result classes below (every field is an
    ``__init__`` argument, none has ``__post_init__``): the slots copied, ``changes`` applied,
    without the generic machinery of ``replace`` (the gap analysis copies many results)."""
    cls = obj.__class__
    slots: tuple[str, ...] = cls.__slots__  # type: ignore[attr-defined]
    assert all(k in slots for k in changes), changes
    new = object.__new__(cls)
    put = object.__setattr__
    for name in slots:
        put(new, name, changes[name] if name in changes else getattr(obj, name))
    return new


@dataclass(frozen=True, slots=True, kw_only=True)
class CriterionResult:
    criterion: Criterion
    outcome: Outcome
    computed_outcome: Outcome  # before any reviewer judgement
    points_min: int | None = None
    points_max: int | None = None
    band_zh: str | None = None
    figures: tuple[Figure, ...] = ()
    values: tuple[tuple[str, str], ...] = ()  # (feature display name, formatted value)
    missing: tuple[tuple[str, int | None], ...] = ()
    judgement: Judgement | None = None
    explanation_zh: str = ""
    gap: tuple[Change, ...] = ()
    gap_options: tuple[Change, ...] = ()
    undecidable_zh: str | None = None  # unknown for good (no data can decide it), and why

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def by_person(self) -> bool:
        return self.judgement is not None

    def to_dict(self) -> dict[str, Any]:
        c = self.criterion
        head, confidence = _criterion_parts(c)
        d: dict[str, Any] = {
            **head,
            "outcome": self.outcome,
            "outcome_zh": OUTCOME_ZH[self.outcome],
            "computed_outcome": self.computed_outcome,
            "by_person": self.by_person,
            "figures": [figure_dict(f) for f in self.figures],
            "values": [{"name_zh": n, "value": v} for n, v in self.values],
            "explanation_zh": self.explanation_zh,
        }
        if c.kind == "score":
            d["points"] = {"min": self.points_min, "max": self.points_max, "of": c.max_points}
            d["band_zh"] = self.band_zh
            d["group"] = c.group
        if c.review or self.computed_outcome == "needs_review":
            d["review_zh"] = review_zh(c)
        d["confidence"] = dict(confidence)
        if self.judgement is not None:
            j = self.judgement
            d["judgement"] = {
                "outcome": j.outcome,
                "by": j.by,
                "on": jsonable(j.on),
                "note": j.note,
                "evidence": j.evidence,
            }
        if self.missing:
            d["missing"] = [{"field": f, "year": y} for f, y in self.missing]
        if self.undecidable_zh:
            d["undecidable_zh"] = self.undecidable_zh
        if self.gap:
            d["gap"] = [change_dict(g) for g in self.gap]
        if self.gap_options:
            d["gap_options"] = [change_dict(g) for g in self.gap_options]
        return d


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupScore:
    id: str
    name_zh: str
    min: int
    max: int
    of: int
    required: int | None


@dataclass(frozen=True, slots=True)
class ScoreStep:
    """One band step of a scorecard path: raise ``criterion`` from ``from_points`` to ``to_points``."""

    criterion: str
    name_zh: str
    from_points: int
    to_points: int
    band_zh: str
    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "name_zh": self.name_zh,
            "from_points": self.from_points,
            "to_points": self.to_points,
            "points": self.to_points - self.from_points,
            "band_zh": self.band_zh,
            "changes": [change_dict(c) for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class GapReport:
    scorecard_path: tuple[ScoreStep, ...] | None = None  # None: no scorecard gap (passes, or none)
    scorecard_note_zh: str | None = None
    path: tuple[Change, ...] = ()  # cheapest overall changes towards eligibility
    path_note_zh: str | None = None
    coaching: tuple[tuple[str, str, str], ...] = ()  # (criterion id, name, what to prepare)
    collect: tuple[tuple[str, int | None, str, tuple[str, ...]], ...] = ()  # (field, year, label, criteria)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scorecard_path": None
            if self.scorecard_path is None
            else [s.to_dict() for s in self.scorecard_path],
            "scorecard_note_zh": self.scorecard_note_zh,
            "path": [change_dict(c) for c in self.path],
            "path_note_zh": self.path_note_zh,
            "coaching": [{"criterion": c, "name_zh": n, "prepare_zh": p} for c, n, p in self.coaching],
            "collect": [
                {"field": f, "year": y, "label_zh": label, "criteria": list(cs)}
                for f, y, label, cs in self.collect
            ],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    rule_set: RuleSet
    year: int
    application: str
    as_of: dt.date
    province: str | None
    enterprise: tuple[str | None, str | None]  # (uscc, name)
    verdict: Verdict
    results: tuple[CriterionResult, ...]
    score_min: int | None = None
    score_max: int | None = None
    groups: tuple[GroupScore, ...] = ()
    deciders: tuple[tuple[str, str], ...] = ()  # (id or atom, what would decide it)
    summary_zh: str = ""
    size: SizeClass | None = None
    gaps: GapReport | None = None
    formulas: tuple[str, ...] = field(default=())
    uncertain: str = "hard"  # how single-source / unresolved conditions decided (evaluate())
    warnings_zh: tuple[str, ...] = ()  # facts that do not change the verdict but may mislead

    @property
    def pass_mark(self) -> int | None:
        return self.rule_set.scorecard.pass_mark if self.rule_set.scorecard else None

    def result(self, criterion_id: str) -> CriterionResult:
        for r in self.results:
            if r.id == criterion_id:
                return r
        raise KeyError(criterion_id)

    @property
    def outcomes(self) -> dict[str, Outcome]:
        return {r.id: r.outcome for r in self.results}

    def to_dict(self) -> dict[str, Any]:
        rs = self.rule_set
        d: dict[str, Any] = {
            "rule_set": {
                "id": rs.id,
                "version": rs.version,
                "name_zh": rs.name_zh,
                "name_en": rs.name_en,
                "tier": rs.tier,
                "document": rs.document,
                "overlays": list(rs.overlays),
            },
            "enterprise": {"uscc": self.enterprise[0], "name": self.enterprise[1]},
            "application_year": self.year,
            "application": self.application,
            "as_of": self.as_of.isoformat(),
            "province": self.province,
            "verdict": self.verdict,
            "verdict_zh": VERDICT_ZH[self.verdict],
            "summary_zh": self.summary_zh,
            "score": None
            if rs.scorecard is None
            else {
                "min": self.score_min,
                "max": self.score_max,
                "pass_mark": rs.scorecard.pass_mark,
                "of": rs.scorecard.max_points,
            },
            "groups": [
                {
                    "id": g.id,
                    "name_zh": g.name_zh,
                    "min": g.min,
                    "max": g.max,
                    "of": g.of,
                    "required": g.required,
                }
                for g in self.groups
            ],
            "criteria": [r.to_dict() for r in self.results],
            "decided_by": [{"id": i, "need_zh": t} for i, t in self.deciders],
            "gap": None if self.gaps is None else self.gaps.to_dict(),
            "notes_zh": list(rs.notes),
            "formulas_zh": [FORMULAS[k] for k in self.formulas],
            "uncertain": {"mode": self.uncertain, "label_zh": UNCERTAIN_MODE_ZH[self.uncertain]},
            "warnings_zh": list(self.warnings_zh),
        }
        if self.size is not None:
            d["size_class"] = self.size.to_dict()
        return d

    def to_text(self) -> str:
        """A Chinese plain-text rendering (CLI, plain-text exports): see :mod:`.present`."""
        from .present import assessment_text

        return assessment_text(self)
