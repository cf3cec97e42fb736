"""Small helpers shared by the events services: the actor's capacities and scope checks."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chrysalis.accounts.scopes import get_scope
from chrysalis.core.permissions import is_system, may, require
from chrysalis.enterprises.models import Enterprise
from chrysalis.events.models import Event, Registration, own_enterprises


def real_actor(actor):
    return actor if getattr(actor, "pk", None) else None


def actor_repr(actor) -> str:
    if getattr(actor, "pk", None):
        return str(actor)[:150]
    return "system"


def _event(event: Event | int) -> Event:
    return event if isinstance(event, Event) else Event(pk=event)


def is_door_staff(actor, event: Event | int) -> bool:
    """Door staff: the event's organiser unit's staff (check-in, walk-ins, registering on a firm's behalf)."""
    return may(actor, "manage", _event(event))


def is_organiser(actor, event: Event | int) -> bool:
    return may(actor, "change", _event(event))


def represents(actor, enterprise_id: int) -> bool:
    if is_system(actor):
        return False

    return enterprise_id in own_enterprises(get_scope(actor))


def capacities(actor, reg: Registration) -> frozenset[str]:
    if is_system(actor):
        return frozenset({"system"})
    caps = set()
    if represents(actor, reg.enterprise_id):
        caps.add("enterprise")
    if is_door_staff(actor, reg.event):
        caps.add("staff")
    return frozenset(caps)


def require_event(actor, event: Event | int, action: str) -> None:
    """The write-side check on an event (`core.permissions.require`): NotPermitted with a message."""
    require(actor, action, _event(event), message=_("This event is outside your scope."))


def require_enterprise(actor, enterprise: Enterprise) -> None:
    """A firm the actor may register: one they serve or represent (the registry's view rule)."""
    require(
        actor,
        "view",
        enterprise,
        message=_("“%(firm)s” is outside your scope: you may only register firms you serve or represent.")
        % {"firm": enterprise.name},
    )
