"""Shared checks of the registry services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chrysalis.accounts.scopes import get_scope
from chrysalis.core.permissions import may, require
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.models.enterprise import enterprise_q

if TYPE_CHECKING:
    from chrysalis.accounts.models import User


def writable(actor, part: str = "records", action: str = "change"):
    """The enterprises whose `part` ("profile", "records", "contacts") `actor` may `action`: the
    `within=` rule for `core.permissions.may`/`require`."""
    q = enterprise_q(get_scope(actor), action, part=part)
    return Enterprise.objects.filter(q) if q is not None else Enterprise.objects.none()


def can_write(actor, enterprise: Enterprise, part: str = "records", action: str = "change") -> bool:
    """`core.permissions.may` for one part of an enterprise (the system actor may)."""
    return may(actor, action, enterprise, within=None if actor is None else writable(actor, part, action))


def require_write(actor, enterprise: Enterprise, part: str = "records", action: str = "change") -> None:
    """`core.permissions.require` for one part of an enterprise."""
    require(actor, action, enterprise, within=None if actor is None else writable(actor, part, action))


def actor_repr(actor: User | None) -> str:
    return actor.get_username() if actor is not None and actor.pk else "system"


def actor_or_none(actor: User | None):
    return actor if getattr(actor, "pk", None) else None
