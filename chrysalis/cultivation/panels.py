"""The cultivation panel of the enterprise page: pool stage, coaching plans, the assessment button."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from chrysalis.cultivation.models.coaching import CoachingPlan
from chrysalis.cultivation.models.pool import PoolEntry


def cultivation_panel(enterprise, user) -> dict | None:
    entry = PoolEntry.objects.restrict(user, "view").filter(enterprise=enterprise).first()
    plans = []
    if entry is not None:
        plans = list(
            CoachingPlan.objects.restrict(user, "view")
            .filter(entry=entry)
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
