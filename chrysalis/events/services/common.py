"""Small helpers shared by the events services: the actor's capacities and scope checks."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from chrysalis.enterprises.models import Enterprise
from chrysalis.events.models import Event, Registration, own_enterprises


def real_actor(actor):
    return actor if getattr(actor, "pk", None) else None


def actor_repr(actor) -> str:
    if getattr(actor, "pk", None):
        return str(actor)[:150]
    return "system"


def is_door_staff(actor, event: Event) -> bool:
    if actor is None:
        return True
    return Event.objects.restrict(actor, "manage").filter(pk=event.pk).exists()


def is_organiser(actor, event: Event) -> bool:
    if actor is None:
        return True
    return Event.objects.restrict(actor, "change").filter(pk=event.pk).exists()


def represents(actor, enterprise_id: int) -> bool:
    if actor is None:
        return False
    from chrysalis.accounts.scopes import get_scope

    return enterprise_id in own_enterprises(get_scope(actor))


def capacities(actor, reg: Registration) -> frozenset[str]:
    if actor is None:
        return frozenset({"system"})
    caps = set()
    if represents(actor, reg.enterprise_id):
        caps.add("enterprise")
    if is_door_staff(actor, reg.event):
        caps.add("staff")
    return frozenset(caps)


def require_event(actor, event: Event | int, action: str) -> None:
    if actor is None:
        return
    if not Event.objects.restrict(actor, action).filter(pk=getattr(event, "pk", event)).exists():
        raise PermissionDenied(_("This event is outside your scope."))


def require_enterprise(actor, enterprise: Enterprise) -> None:
    if actor is None:
        return
    if not Enterprise.objects.restrict(actor, "view").filter(pk=enterprise.pk).exists():
        raise PermissionDenied(
            _("“%(firm)s” is outside your scope: you may only register firms you serve or represent.")
            % {"firm": enterprise.name}
        )
