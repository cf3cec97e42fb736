"""Generic write helpers used by the domain services: versioned update with audit.

Permission checks live in `chrysalis.core.permissions` (may / require / require_visible).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.db.models import F

from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import ConflictError

M = TypeVar("M", bound=models.Model)


def create_object(
    *, actor: AbstractBaseUser | None, instance: M, audit_fields: Iterable[str] | None = None
) -> M:
    """Validate and insert `instance`, writing the audit record in the same transaction."""
    with transaction.atomic():
        instance.full_clean()
        instance.save(force_insert=True)
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
