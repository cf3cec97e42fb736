"""Shared checks of the registry services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from chrysalis.accounts.scopes import get_scope
from chrysalis.enterprises.models import Enterprise
from chrysalis.enterprises.models.enterprise import enterprise_q


def can_write(actor, enterprise: Enterprise, part: str = "records", action: str = "change") -> bool:
    """Whether `actor` may write `part` ("profile", "records", "contacts") of `enterprise`. None = system."""
    if actor is None:
        return True
    q = enterprise_q(get_scope(actor), action, part=part)
    return q is not None and Enterprise.objects.filter(q, pk=enterprise.pk).exists()


def require_write(actor, enterprise: Enterprise, part: str = "records", action: str = "change") -> None:
    if not can_write(actor, enterprise, part, action):
        raise PermissionDenied(_("This is outside your scope."))


def actor_repr(actor) -> str:
    return actor.get_username() if getattr(actor, "pk", None) else "system"


def actor_or_none(actor):
    return actor if getattr(actor, "pk", None) else None
