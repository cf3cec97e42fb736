"""The cultivation panel of the enterprise page: pool stage, coaching plans, the assessment button."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from chrysalis.cultivation.models.coaching import CoachingPlan
from chrysalis.cultivation.models.pool import PoolEntry


def cultivation_panel(enterprise, user) -> dict | None:
    # the pool is staff-only; an enterprise user sees its coaching plans (not the entry behind them)
    entry = PoolEntry.objects.restrict(user, "view").filter(enterprise=enterprise).first()
    plans = list(
        CoachingPlan.objects.restrict(user, "view")
        .filter(entry__enterprise=enterprise)
        .select_related("coach")
        .order_by("next_deadline", "-pk")[:3]
    )
    return {
        "key": "cultivation",
        "order": 20,
        "template": "cultivation/_enterprise_panel.html",
        "entry": entry,
        "plans": plans,
        "actions": [
            {
                "id": "open-assessment",
                "label": _("Tier assessment"),
                "url": reverse("cultivation:assessment", args=[enterprise.pk]),
            }
        ],
    }
