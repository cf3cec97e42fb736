"""Which facts a rule set uses, derived from the rule set itself (so the self-check form cannot drift
from the catalogue): assess a document that knows nothing, note every fact reported missing and
every criterion left to a reviewer, give those facts a value, and repeat until nothing new is asked
(a fact read only once another one is known is found on a later round). Run twice, with every
placeholder figure small and then large, so both branches of a threshold are walked.
"""

from __future__ import annotations

from functools import cache

from chrysalis.criteria import assess, get_rule_set
from chrysalis.criteria.facts import YEAR_FIELDS

#: facts the public form does not ask (a province's own indicators are configured, not declared)
NOT_ASKED = frozenset({"local_indicators", "uscc", "name", "province"})
_LISTS = ("incidents", "titles", "awards", "contests", "equity_rounds", "ip")


def _placeholder(doc: dict, field: str, year: int | None, big: bool) -> None:
    if year is not None:
        kind = YEAR_FIELDS.get(field, ("money",))[0]
        value = {
            "ratio": "0.9" if big else "0.01",
            "rank": 1 if big else 50,
            "level": 4 if big else 1,
            "score": 90 if big else 10,
            "count": 5000 if big else 10,
        }.get(kind, "900000" if big else "10")
        doc.setdefault("years", {}).setdefault(str(year), {})[field] = value
        return
    if field in _LISTS:
        doc[field] = []
    elif field == "industry_code":
        doc[field] = "C3484"
    elif field in ("niche_since", "registered_on"):
        doc[field] = "2000-01-01" if big else "2025-01-01"
    elif field == "rd_institution_level":
        doc[field] = "national" if big else "none"
    elif field == "drafted_standards":
        doc[field] = 5 if big else 0
    elif "." in field:
        head, flag = field.split(".", 1)
        doc.setdefault(head, {})[flag] = big if head != "credit" else False
    else:
        doc[field] = big


@cache
def rule_set_inputs(
    rule_set_id: str, year: int
) -> tuple[tuple[tuple[str, int | None], ...], tuple[str, ...]]:
    """((fact, year or None), …) the rule set reads for application `year`, and the ids of the
    criteria it leaves to a reviewer (asked in the self-check as the firm's own declaration)."""
    facts: dict[tuple[str, int | None], None] = {}
    review: dict[str, None] = {}
    for big in (False, True):
        doc: dict = {"uscc": None}
        for _round in range(12):
            a = assess(doc, rule_set_id, year, gaps=False)
            new = False
            for r in a.results:
                if r.outcome == "needs_review" and r.criterion.role == "review":
                    review.setdefault(r.id)
                for f, y in r.missing:
                    if (f, y) not in facts:
                        facts[(f, y)] = None
                        new = True
                    if f not in NOT_ASKED:
                        _placeholder(doc, f, y, big)
            if not new:
                break
    return tuple(k for k in facts if k[0] not in NOT_ASKED), tuple(review)


def review_criteria(rule_set_id: str, year: int) -> list:
    rs = get_rule_set(rule_set_id)
    return [rs.criterion(cid) for cid in rule_set_inputs(rule_set_id, year)[1]]
