"""`{% pool_button enterprise %}`: the firm's pool entry (link) or "Add to the pool" for those who may."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template

from chrysalis.cultivation.models.pool import PoolEntry
from chrysalis.cultivation.services.pool import may_add_to_pool

register = template.Library()


@register.inclusion_tag("cultivation/_pool_button.html", takes_context=True)
def pool_button(context, enterprise, tier: str = "", rule_set: str = "", year: int | str = ""):

    user = context["request"].user
    entry = PoolEntry.objects.restrict(user, "view").filter(enterprise_id=enterprise.pk).first()
    return {
        "entry": entry,
        "enterprise": enterprise,
        "query": urlencode({k: v for k, v in (("tier", tier), ("rule_set", rule_set), ("year", year)) if v}),
        "can_add": entry is None and may_add_to_pool(user, enterprise),
    }
