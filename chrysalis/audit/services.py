"""Writing audit records. Called by service functions on every path (request, command, job)."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models

from chrysalis.audit.choices import AuditAction, DomainEventName
from chrysalis.audit.models import ChangeRecord, DomainEvent
from chrysalis.core.actor import current_context

# Fields never copied into audit snapshots in clear (masked instead).
SENSITIVE_FIELDS = frozenset(
    {"password", "phone", "phone_encrypted", "id_number", "id_number_encrypted", "key", "token"}
)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A JSON-able copy of the object's concrete field values (foreign keys as ids, keyed by the
    field name: "enterprise", not "enterprise_id"). An unknown name in `fields` raises: a typo
    would otherwise drop the field from every audit row without anyone noticing."""
    names = set(fields) if fields is not None else None
    if names is not None:
        unknown = names - {f.name for f in obj._meta.concrete_fields}
        if unknown:
            raise ValueError(f"{type(obj).__name__} has no field(s) {sorted(unknown)} to audit")
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if names is not None and f.name not in names:
            continue
        if f.name in {"created_at", "updated_at"}:
            continue
        value = getattr(obj, f.attname)
        if isinstance(value, models.expressions.Combinable):
            continue
        data[f.name] = "***" if f.name in SENSITIVE_FIELDS and value else _jsonable(value)
    return data


def _actor_fields(actor: AbstractBaseUser | None) -> dict[str, Any]:
    ctx = current_context()
    if actor is not None and getattr(actor, "pk", None):
        label = actor.get_username()
    else:
        actor = None
        label = f"system:{ctx.label}" if ctx.label else "system"
    return {
        "actor": actor,
        "actor_repr": label,
        "source": ctx.source,
        "request_id": ctx.request_id,
        "job_id": ctx.job_id,
    }


def _vocabulary(enum, value: str, what: str) -> str:
    try:
        return enum(value).value
    except ValueError:
        raise ValueError(
            f"unknown audit {what} {value!r}; add it to chrysalis.audit.choices.{enum.__name__}"
        ) from None


def record_change(
    *,
    actor,
    action: AuditAction | str,
    obj: models.Model | None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    object_repr: str | None = None,
) -> ChangeRecord:
    action = _vocabulary(AuditAction, action, "action")
    fields = _actor_fields(actor)
    ctx = current_context()
    return ChangeRecord.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True)
        if obj is not None
        else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj) if obj is not None else "")[:200],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason,
        ip=ctx.ip,
        **fields,
    )


def record_event(
    *, actor, name: DomainEventName | str, obj: models.Model | None = None, payload: dict | None = None
) -> DomainEvent:
    name = _vocabulary(DomainEventName, name, "event name")
    fields = _actor_fields(actor)
    return DomainEvent.objects.create(
        name=name,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        payload=_jsonable(payload or {}),
        **fields,
    )
