"""Reading a screening run's results the way an official acts on them: the closest firms ranked
by a real distance to eligibility, what each lacks in words, and for the first rows the amounts
from the gap analysis. See docs/screening.md, "Closest to eligible".

The distance is compared in this order (a smaller value is closer; the first difference decides):

1. hard conditions not met (`gap_conditions`): each needs a real change in the firm;
2. points missing to the pass mark at best (`gap_points`; none: 0);
3. facts to collect (`unknowns`: criteria whose outcome is unknown for want of data);
4. the highest score still possible, higher first; the firm's name only breaks exact ties.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from chrysalis.criteria import CriteriaError, assess, get_rule_set
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.selectors import facts_for
from chrysalis.screening.models import ScreeningResult, ScreeningRun

#: rows of each tier's closest list whose gap analysis is computed and stored with the run
GAP_ROWS = 10
#: criterion labels longer than this are shortened on the page (the export keeps them whole)
SHORT = 28
PREFETCH = ("incidents", "titles", "awards", "contests", "ip_rights", "equity_rounds", "years")


def distance(r: ScreeningResult) -> tuple:
    """The sort key of the closest list (module docstring)."""
    return (r.gap_conditions, r.gap_points or 0, r.unknowns, -(r.score_max or 0), r.enterprise.name)


def rank_closest(rows: Iterable[ScreeningResult], limit: int | None = None) -> list[ScreeningResult]:
    """The firms not eligible now, nearest first."""
    ranked = sorted((r for r in rows if r.verdict != "eligible"), key=distance)
    return ranked if limit is None else ranked[:limit]


@cache
def _labels(rule_set: str) -> dict[str, str]:
    try:
        return {c.id: c.name_zh for c in get_rule_set(rule_set).criteria}
    except CriteriaError:
        return {}


def rule_set_name(rule_set: str) -> str:
    try:
        return get_rule_set(rule_set).name_zh
    except CriteriaError:
        return rule_set


def _ids(text: str) -> list[str]:
    return [x for x in (text or "").split(",") if x]


def lacks_zh(r: ScreeningResult, *, short: bool = False) -> list[str]:
    """What the firm does not meet, in the rule set's own Chinese words ("score" → the points)."""
    labels = _labels(r.rule_set)
    out = []
    for cid in _ids(r.lacks):
        if cid == "score":
            out.append(
                f"评价得分未达及格线（至少还差 {r.gap_points} 分）" if r.gap_points else "评价得分未达及格线"
            )
        else:
            out.append(_shorten(labels.get(cid, cid), short))
    return out


def collect_zh(r: ScreeningResult, *, short: bool = False) -> list[str]:
    """The criteria that cannot be decided for want of data (the facts to collect)."""
    labels = _labels(r.rule_set)
    return [_shorten(labels.get(cid, cid), short) for cid in _ids(r.collect)]


def _shorten(text: str, short: bool) -> str:
    return text[: SHORT - 1] + "…" if short and len(text) > SHORT else text


def gap_steps(enterprise: Enterprise, rule_set: str, year: int, uncertain: str = "hard") -> list[str]:
    """The gap analysis of one firm in words: the cheapest path to eligibility (amounts in the
    input's unit, e.g. "2025年研发费用还差 37.5 万元（…）"), else why there is none; then the data
    to collect. The same analysis as the tier-assessment page."""
    try:
        a = assess(facts_for(enterprise), rule_set, year, uncertain=uncertain)
    except (CriteriaError, KeyError, ValueError):
        return []
    gaps = a.gaps
    if gaps is None:
        return []
    lines = [c.text_zh for c in gaps.path]
    if not lines and gaps.path_note_zh:
        lines.append(gaps.path_note_zh)
    if gaps.collect:
        lines.append(
            "待补充数据："
            + "、".join(f"{label}{f'（{y}年）' if y else ''}" for _f, y, label, _c in gaps.collect)
        )
    return lines


def store_gap_steps(run: ScreeningRun) -> int:
    """Compute and store the gap analysis of the first GAP_ROWS closest firms of every tier.
    Returns how many rows got one."""
    results = list(ScreeningResult.objects.filter(run=run).select_related("enterprise"))
    picked: list[ScreeningResult] = []
    for rid in run.rule_sets:
        picked += rank_closest((r for r in results if r.rule_set == rid), GAP_ROWS)
    firms = Enterprise.objects.filter(pk__in={r.enterprise_id for r in picked}).prefetch_related(*PREFETCH)
    by_pk = {e.pk: e for e in firms}
    done = 0
    for r in picked:
        lines = gap_steps(
            by_pk[r.enterprise_id], r.rule_set, run.year, (run.uncertain or {}).get(r.rule_set, "hard")
        )
        if lines:
            ScreeningResult.objects.filter(pk=r.pk).update(steps="\n".join(lines))
            done += 1
    return done
