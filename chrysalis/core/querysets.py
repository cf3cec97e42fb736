"""The access choke point: `Model.objects.restrict(user, action)`.

Every page, API call, export, total, import and drop-down goes through it. Objects outside the
user's scope are simply absent from the queryset, so `get_object_or_404` answers 404 for them
exactly as for a missing object.
"""

from __future__ import annotations

from django.db import models

from chrysalis.core.extensions import scope_for

ACTIONS = frozenset({"view", "add", "change", "delete", "export", "import", "unmask", "assess", "manage"})


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        scope = scope_for(user)
        rule = getattr(self.model, "scope_q", None)
        if rule is None:
            raise TypeError(f"{self.model.__name__} defines no scope_q(); it cannot be restricted")
        q = rule(scope, action)
        if q is None:
            return self.none()
        return self.filter(q)


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    pass


class SoftDeleteManager(RestrictedManager):
    """The default manager of a `core.models.SoftDeleteModel`: soft-deleted rows do not exist for it,
    nor for anything built on it (reverse relations, prefetches, `restrict()`, `may()`)."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)
