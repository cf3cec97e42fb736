"""The one place this module talks to the events module (issue 14), which may not be installed.

Guarded by `apps.is_installed("chrysalis.events")`: without it, public events are an empty list
and festival figures are simply not imported (they are never typed twice by hand: the figure form
does not offer the "events module" source).
"""

from __future__ import annotations

from django.apps import apps
from django.utils import timezone


def events_installed() -> bool:
    return apps.is_installed("chrysalis.events")


def public_events(limit: int = 20) -> list:
    """Upcoming public events (not invitation-only ones, not those already over), soonest first, to
    list beside the routes on the anonymous page (empty without the events module)."""
    if not events_installed():
        return []
    event_model = apps.get_model("events", "Event")  # by name: the events app sits in a higher layer
    fields = {f.name for f in event_model._meta.get_fields()}
    if "visibility" not in fields:
        return []  # no way to tell public events: list none rather than leak invitation-only ones
    qs = event_model._default_manager.filter(visibility="public", ends_at__gte=timezone.now())
    return list(qs.order_by("starts_at", "pk")[:limit])
