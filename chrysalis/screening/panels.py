"""The screening panel of the enterprise page: the latest verdict per tier from the screenings the
user may see (administrators' runs)."""

from __future__ import annotations

from chrysalis.criteria.catalogue.schema import TIER_ZH
from chrysalis.screening.models import ScreeningResult, ScreeningRun


def verdict_panel(enterprise, user) -> dict | None:
    runs = ScreeningRun.objects.restrict(user, "view").filter(status="done")
    latest: dict[str, ScreeningResult] = {}
    rows = (
        ScreeningResult.objects.filter(run__in=runs, enterprise=enterprise)
        .select_related("run")
        .order_by("-run__created_at")
    )
    for result in rows[:50]:
        latest.setdefault(result.rule_set, result)
    if not latest and not runs.exists():
        return None  # the user reads no screening run: nothing to say
    verdicts = [
        {"tier": TIER_ZH.get(r.tier, r.tier), "verdict": r.verdict_zh, "run": r.run, "result": r}
        for r in sorted(
            latest.values(), key=lambda r: list(TIER_ZH).index(r.tier) if r.tier in TIER_ZH else 99
        )
    ]
    return {
        "key": "verdicts",
        "order": 30,
        "template": "screening/_enterprise_panel.html",
        "verdicts": verdicts,
    }
