"""`{% notice_panel enterprise %}` on the firm's page: its notices, and a registry-review banner when a
published deregistration notice is about it."""

from __future__ import annotations

from django import template

from chrysalis.notices.models import Notice

register = template.Library()


@register.inclusion_tag("notices/_firm_panel.html", takes_context=True)
def notice_panel(context, enterprise):
    user = context["request"].user
    notices = list(
        Notice.objects.restrict(user, "view")
        .filter(enterprise=enterprise)
        .order_by("-published_on", "-pk")[:20]
    )
    public = (
        []
        if notices
        else list(Notice.objects.public().filter(enterprise=enterprise).order_by("-published_on")[:20])
    )
    shown = notices or public
    return {
        "enterprise": enterprise,
        "notices": shown,
        "staff": bool(notices),
        "review": [n for n in shown if n.registry_review],
        "request": context["request"],
    }
