"""The write-side permission vocabulary: one place that answers "may this actor do this?".

Every service and view asks here; every answer is built on the same rule the read side uses
(`Model.scope_q(scope, action)` through `restrict()`), so what a user may write is always a subset
of what they can see.

    may(actor, "change", obj)          -> bool   this object, this action
    may_create(actor, Model)           -> bool   any object of this kind (the "add" rule reaches something)
    require(actor, "change", obj)      -> None   or NotPermitted (shown to the user as a form/page error)
    require_visible(actor, obj)        -> None   or OutOfScope (answered 404, exactly like a missing row)
    require_create(actor, Model)       -> None   or NotPermitted

A rule that is not the model's own `scope_q` (for example "the enterprise's records part" or "the
firms a pool writer reaches") is passed as `within=`: a queryset of the objects the actor may act
on. Build it from the model's rule functions, never from private helpers of another app.

The system actor
----------------
`actor=None` is the system: periodic jobs (`support.tick`, the screening runner), management
commands and the demo builder, all trusted code that runs outside a request. **The system may do
every write a service offers**; the services' own validation (state machine, required reason,
uniqueness) still applies, and the audit row names it `system:<label>` from the actor context.
No request ever reaches a service with `actor=None`: views pass `request.user` and anonymous users
are redirected to the login page first. The read side is different on purpose: `restrict(None, …)`
returns nothing, so code running as the system reads through the plain manager.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext as _

from chrysalis.core.exceptions import NotPermitted, OutOfScope
from chrysalis.core.extensions import scope_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    Actor = AbstractBaseUser | None
else:
    Actor = Any

SYSTEM = None


def is_system(actor: Actor) -> bool:
    """True for the system actor (None: jobs, commands, the demo builder)."""
    return actor is None


def _scope_of(actor: Actor):
    return scope_for(actor)  # built by accounts (above core) through settings.CHRYSALIS_SCOPE_BUILDER


def may(
    actor: Actor, action: str, obj: models.Model | None, *, within: models.QuerySet | None = None
) -> bool:
    """Whether `actor` may do `action` on `obj`.

    `within` replaces the model's own rule (`type(obj).objects.restrict(actor, action)`) when the
    permission is narrower or wider than it. The system actor may; a missing object may not.
    """
    if is_system(actor):
        return True
    if obj is None or obj.pk is None or not getattr(actor, "is_authenticated", False):
        return False
    manager: Any = type(obj)._default_manager  # a RestrictedManager on every scoped model
    queryset = within if within is not None else manager.restrict(actor, action)
    return queryset.filter(pk=obj.pk).exists()


def may_create(actor: Actor, model: type[models.Model]) -> bool:
    """Whether `actor` may create objects of `model` at all (the model's "add" rule reaches something).

    This is the question a list page asks before showing its add button and a create page asks
    before showing its form; the service still checks the concrete parent (enterprise, unit…).
    """
    if is_system(actor):
        return True
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        return False
    rule = getattr(model, "scope_q", None)
    if rule is None:
        raise TypeError(f"{model.__name__} defines no scope_q(); ask may() with an explicit `within`")
    return rule(_scope_of(actor), "add") is not None


def require(
    actor: Actor,
    action: str,
    obj: models.Model | None,
    *,
    within: models.QuerySet | None = None,
    message: str | None = None,
) -> None:
    """Raise NotPermitted unless `may(actor, action, obj, within=within)`."""
    if not may(actor, action, obj, within=within):
        raise NotPermitted(message or _("This is outside your scope."))


def require_visible(actor: Actor, obj: models.Model | None, *, action: str = "view") -> None:
    """Raise OutOfScope (answered 404) unless the actor can see `obj`: an object outside the
    actor's scope must look exactly like a missing one."""
    if not may(actor, action, obj):
        raise OutOfScope()


def require_create(actor: Actor, model: type[models.Model], *, message: str | None = None) -> None:
    """Raise NotPermitted unless `may_create(actor, model)`."""
    if not may_create(actor, model):
        raise NotPermitted(message or _("This is outside your scope."))
