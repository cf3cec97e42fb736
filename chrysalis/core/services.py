"""Generic write helpers used by the domain services: versioned update with audit.

Permission checks live in `chrysalis.core.permissions` (may / require / require_visible).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import ConflictError

M = TypeVar("M", bound=models.Model)

RACE_MESSAGE = _(
    "Someone else saved the same record at the same moment. Reload the page to see the current "
    "values, then apply your change again if it is still needed."
)


def insert_or_conflict(instance: M, message=None) -> M:
    """Insert `instance`; a unique constraint lost to a concurrent transaction (the check before
    found nothing, the insert collides) becomes a `ConflictError` — the same clear answer as a stale
    version (409 in the API, a message on the form) — instead of a raw IntegrityError (500).

    The insert runs in a savepoint, so the caller's transaction stays usable for its own error
    handling; the service's earlier validation still gives the precise message in the ordinary,
    sequential case."""
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise ConflictError(message or RACE_MESSAGE) from exc
    return instance


def is_unique_violation(exc: IntegrityError) -> bool:
    """Whether the database refused a duplicate key (not a foreign key or a NOT NULL)."""
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) == "23505":  # PostgreSQL unique_violation
        return True
    return "UNIQUE constraint failed" in str(exc)  # SQLite


def create_object(
    *, actor: AbstractBaseUser | None, instance: M, audit_fields: Iterable[str] | None = None
) -> M:
    """Validate and insert `instance`, writing the audit record in the same transaction."""
    with transaction.atomic():
        instance.full_clean()
        insert_or_conflict(instance)
        record_change(
            actor=actor, action="create", obj=instance, before=None, after=snapshot(instance, audit_fields)
        )
    return instance


def update_object(
    *,
    actor: AbstractBaseUser | None,
    instance: M,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
    audit_fields: Iterable[str] | None = None,
) -> M:
    """Apply `changes` to `instance` under an optimistic version check.

    The row is locked (`select_for_update`), its version compared with `expected_version` (when
    given) and bumped with `F()`; only changed fields are written (`update_fields`).
    """
    model = type(instance)
    with transaction.atomic():
        current: Any = model._default_manager.select_for_update().get(pk=instance.pk)
        has_version = hasattr(current, "version")
        if expected_version is not None and has_version and current.version != expected_version:
            raise ConflictError()
        before = snapshot(current, audit_fields)
        changed = [name for name, value in changes.items() if getattr(current, name) != value]
        for name, value in changes.items():
            setattr(current, name, value)
        if not changed:
            return current
        current.full_clean()
        update_fields = list(changed)
        if has_version:
            current.version = F("version") + 1
            update_fields.append("version")
        if hasattr(current, "updated_at"):
            update_fields.append("updated_at")
        current.save(update_fields=update_fields)
        current.refresh_from_db()
        record_change(
            actor=actor, action="update", obj=current, before=before, after=snapshot(current, audit_fields)
        )
    return current
