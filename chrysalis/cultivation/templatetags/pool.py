"""`{% pool_button enterprise %}`: the firm's pool entry (link) or "Add to the pool" for those who may."""

from __future__ import annotations

from django import template

from chrysalis.cultivation.models.pool import PoolEntry
from chrysalis.cultivation.services.pool import may_add_to_pool

register = template.Library()


@register.inclusion_tag("cultivation/_pool_button.html", takes_context=True)
def pool_button(context, enterprise, tier: str = ""):

    user = context["request"].user
    entry = PoolEntry.objects.restrict(user, "view").filter(enterprise_id=enterprise.pk).first()
    return {
        "entry": entry,
        "enterprise": enterprise,
        "tier": tier,
        "can_add": entry is None and may_add_to_pool(user, enterprise),
    }
