"""Generic write helpers used by the domain services: versioned update with audit.

Permission checks live in `chrysalis.core.permissions` (may / require / require_visible).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import ConflictError
from chrysalis.core.extensions import callables, scope_for
from chrysalis.core.models import SoftDeleteModel
from chrysalis.core.permissions import require
from chrysalis.core.scope import ADMIN_ROLES

SOFT_DELETE_HOOKS = "CHRYSALIS_SOFT_DELETE_HOOKS"

M = TypeVar("M", bound=models.Model)

RACE_MESSAGE = gettext_lazy(
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


# --- soft delete and restore (security checklist D-06) -------------------------------------------


def retention_days() -> int:
    """How long a soft-deleted row can be restored (settings.SOFT_DELETE_RETENTION_DAYS)."""
    return int(getattr(settings, "SOFT_DELETE_RETENTION_DAYS", 365))


def _reason(reason: str | None) -> str:
    text = str(reason or "").strip()
    if not text:
        raise ValidationError({"reason": _("Give the reason.")})
    if len(text) > 500:
        raise ValidationError({"reason": _("The reason is too long (500 characters at most).")})
    return text


def _run_hooks(obj: models.Model, event: str) -> None:
    """settings.CHRYSALIS_SOFT_DELETE_HOOKS: callables (obj, event) run in the same transaction after a
    soft delete ("deleted") or a restore ("restored"), e.g. to recompute figures derived from the row."""
    for hook in callables(SOFT_DELETE_HOOKS):
        hook(obj, event)


def soft_delete(
    *,
    actor: AbstractBaseUser | None,
    obj: M,
    reason: str,
    within: models.QuerySet | None = None,
    audit_fields: Iterable[str] | None = None,
) -> M:
    """Mark `obj` (a `core.models.SoftDeleteModel`) deleted: hidden everywhere, restorable from the
    recycle bin for `retention_days()`. The reason is required; the audit row keeps the values.

    Permission: `core.permissions.require(actor, "delete", obj, within=within)`; a domain service
    adds its own rule before calling (e.g. "staff only") and passes `within` when its rule is not
    the model's.
    """
    text = _reason(reason)
    model = type(obj)
    with transaction.atomic():
        require(actor, "delete", obj, within=within)
        current: Any = model._default_manager.select_for_update().filter(pk=obj.pk).first()
        if current is None:  # deleted meanwhile
            raise ConflictError()
        before = snapshot(current, audit_fields)
        changes: dict[str, Any] = {
            "deleted_at": timezone.now(),
            "deleted_by": actor if getattr(actor, "pk", None) else None,
            "delete_reason": text,
        }
        if hasattr(current, "version"):
            changes["version"] = F("version") + 1
        model._base_manager.filter(pk=current.pk).update(**changes)
        current.refresh_from_db()
        _run_hooks(current, "deleted")
        record_change(actor=actor, action="delete", obj=current, before=before, after=None, reason=text)
    return current


def deleted_rows(actor: AbstractBaseUser | None, model: type[models.Model]) -> models.QuerySet:
    """The recycle bin of `model` for `actor`: its deleted rows still within the retention period,
    in the reach of the actor's administrator roles (`core.scope.ADMIN_ROLES`) on the model's own
    "delete" rule. Nothing for anybody else."""
    manager: Any = model.all_objects  # type: ignore[attr-defined]
    since = timezone.now() - timedelta(days=retention_days())
    qs = manager.filter(deleted_at__isnull=False, deleted_at__gte=since)
    if actor is None:
        return qs
    if not getattr(actor, "is_authenticated", False) or not scope_for(actor).has(*ADMIN_ROLES):
        return qs.none()
    return manager.restrict(actor, "delete").filter(deleted_at__isnull=False, deleted_at__gte=since)


def restore(*, actor: AbstractBaseUser | None, obj: M, reason: str) -> M:
    """Bring back a soft-deleted row (an administrator within the retention period), with reason and
    audit. A row whose place was taken meanwhile (a unique value now used again) is refused."""
    text = _reason(reason)
    model = type(obj)
    with transaction.atomic():
        require(
            actor,
            "delete",
            obj,
            within=deleted_rows(actor, model),
            message=_("Only an administrator may restore this, within %(days)s days of its deletion.")
            % {"days": retention_days()},
        )
        current: Any = model.all_objects.select_for_update().get(pk=obj.pk)  # type: ignore[attr-defined]
        if current.deleted_at is None:
            raise ConflictError(_("This record has been restored already."))
        before = {
            "deleted_at": current.deleted_at.isoformat(),
            "deleted_by": current.deleted_by_id,
            "delete_reason": current.delete_reason,
        }
        changes: dict[str, Any] = {"deleted_at": None, "deleted_by": None, "delete_reason": ""}
        if hasattr(current, "version"):
            changes["version"] = F("version") + 1
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=current.pk).update(**changes)
        except IntegrityError as exc:
            raise ConflictError(
                _("A record with the same key was entered after this one was deleted; it cannot come back.")
            ) from exc
        current.refresh_from_db()
        _run_hooks(current, "restored")
        record_change(
            actor=actor, action="restore", obj=current, before=before, after=snapshot(current), reason=text
        )
    return current


def soft_delete_models() -> list[type[models.Model]]:
    """Every installed model that opted in to soft delete (inherits `core.models.SoftDeleteModel`)."""
    return [m for m in apps.get_models() if issubclass(m, SoftDeleteModel)]


def purge_expired() -> dict[str, int]:
    """The retention job: remove for good the soft-deleted rows older than `retention_days()`, each
    audited (`delete`, reason "retention period ended") before it goes. Returns counts per model."""
    since = timezone.now() - timedelta(days=retention_days())
    counts: dict[str, int] = {}
    for model in soft_delete_models():
        manager: Any = model.all_objects  # type: ignore[attr-defined]
        rows = list(manager.filter(deleted_at__isnull=False, deleted_at__lt=since))
        for row in rows:
            with transaction.atomic():
                record_change(
                    actor=None,
                    action="delete",
                    obj=row,
                    before=snapshot(row),
                    reason=f"retention period ended ({retention_days()} days)",
                )
                model._base_manager.filter(pk=row.pk).delete()
        if rows:
            counts[model._meta.label] = len(rows)
    return counts
