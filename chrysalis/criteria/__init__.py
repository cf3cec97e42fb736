"""Chrysalis criteria engine — framework-free (no Django import anywhere in this package).

Public API (what the web app, the API, the batch engine and the CLI call)::

    assess(facts, rule_set_id, year, *, application="new", tier=None, as_of=None, province=None,
           gaps=True) -> Assessment            # facts: dict from JSON or Facts
    parse_facts(doc) -> Facts                  # raises FactsError(problems=[Problem(path, zh, en)])
    select_rule_set(tier, application, on, province=None) -> RuleSet
    get_rule_set(rule_set_id, province=None) -> RuleSet; rule_sets(); register_overlay(spec)
    size_class(industry_code, employees, revenue, total_assets) -> SizeClass
    classify_facts(facts, year) -> SizeClass
    parse_condition(text) -> Node; compile_condition(text) -> Condition
    screen(facts, rules: {name: text}, year) -> {name: "met"|"not_met"|"unknown"}
    apply_what_if(facts, {"years.2025.rd_expense": "+50"}) -> dict
    FEATURES (the feature registry), FORMULAS (口径说明), industry (GB/T 4754 tables)

Decision codes cited in comments (A1–A10, Part B §x) are listed with their text in
docs/criteria.md, "Decision codes cited in the code" (checked by tests/test_decision_codes.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from . import industry
from .catalogue import get_rule_set, register_overlay, rule_sets, select_rule_set, unregister_overlay
from .catalogue.schema import RuleSet
from .condition import (
    And,
    Compare,
    Condition,
    Name,
    Node,
    Not,
    Or,
    compile_condition,
    parse_condition,
    to_text,
)
from .errors import CatalogueError, ConditionError, CriteriaError, FactsError, Problem, UnknownRuleSetError
from .evaluator import assess, evaluate
from .facts import Facts, parse_facts
from .features import FEATURES, FORMULAS, Context
from .outcome import Outcome, Verdict
from .result import Assessment, CriterionResult, GapReport
from .size import SizeClass, classify_facts, size_class
from .whatif import apply_what_if


def screen(
    facts: Mapping[str, Any] | Facts,
    rules: Mapping[str, str | Condition],
    year: int,
    *,
    application: str = "new",
    as_of: dt.date | None = None,
) -> dict[str, Outcome]:
    """Evaluate local screening rules (A7) for one enterprise: ``{rule name: outcome}`` with
    outcomes ``met`` / ``not_met`` / ``unknown`` (three-valued)."""
    parsed = parse_facts(facts)
    ctx = Context(parsed, year, application, as_of)
    out: dict[str, Outcome] = {}
    for name, rule in rules.items():
        cond = rule if isinstance(rule, Condition) else compile_condition(rule)
        t = cond.evaluate(ctx)
        out[name] = Outcome.of(t)
    return out


__all__ = [
    "FEATURES",
    "FORMULAS",
    "And",
    "Assessment",
    "CatalogueError",
    "Compare",
    "Condition",
    "ConditionError",
    "CriteriaError",
    "CriterionResult",
    "Facts",
    "FactsError",
    "GapReport",
    "Name",
    "Node",
    "Not",
    "Or",
    "Outcome",
    "Problem",
    "RuleSet",
    "SizeClass",
    "UnknownRuleSetError",
    "Verdict",
    "apply_what_if",
    "assess",
    "classify_facts",
    "compile_condition",
    "evaluate",
    "get_rule_set",
    "industry",
    "parse_condition",
    "parse_facts",
    "register_overlay",
    "rule_sets",
    "screen",
    "select_rule_set",
    "size_class",
    "to_text",
    "unregister_overlay",
]
