"""Writes of events: plan (create), edit, co-organisers. Audit on every change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import OrgUnitKind
from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.choices import AuditAction
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import ConflictError, NotPermitted
from chrysalis.events.choices import SEATED, CoOrganiserKind
from chrysalis.events.models import ORGANISERS, CoOrganiser, Event
from chrysalis.events.services.common import real_actor, require_event
from chrysalis.events.services.registrations import promote_waitlist

AUDIT_FIELDS = (
    "title",
    "kind",
    "organiser_unit",
    "venue",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "cancel_closes_at",
    "visibility",
    "tier_target",
    "programme",
    "village",
    "description",
)
EDITABLE = frozenset(AUDIT_FIELDS)


def _check_unit(actor, unit: OrgUnit) -> None:
    if actor is None:
        return

    scope = get_scope(actor)
    if not any(unit.path.startswith(p) for p in scope.paths(*ORGANISERS)):
        raise NotPermitted(
            _(
                "You may only plan events for your own unit or a unit under it; "
                "“%(unit)s” is outside your scope."
            )
            % {"unit": unit.name}
        )


def validate_times(values: dict) -> None:
    """The rules an event's times and capacity obey (raised as precise messages, field by field)."""
    errors: dict[str, str] = {}
    starts, ends = values.get("starts_at"), values.get("ends_at")
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    cancel = values.get("cancel_closes_at")
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("The end must be after the start.")
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    if closes and ends and closes > ends:
        errors["registration_closes_at"] = _("Registration must close before the event ends.")
    if cancel and ends and cancel > ends:
        errors["cancel_closes_at"] = _("The cancellation cut-off must be before the event ends.")
    village = values.get("village")
    if village is not None and village.kind != OrgUnitKind.COMMUNITY:
        errors["village"] = _("Choose a village or community, not “%(unit)s”.") % {"unit": village.name}
    if errors:
        raise ValidationError(errors)


def _set_co_organisers(event: Event, co_organisers) -> None:
    if co_organisers is None:
        return
    rows = []
    for kind, name in co_organisers:
        name = (name or "").strip()
        if not name:
            continue
        if kind not in CoOrganiserKind.values:
            raise ValidationError(
                {"co_organisers": _("Unknown kind of co-organiser “%(kind)s”.") % {"kind": kind}}
            )
        rows.append(CoOrganiser(event=event, kind=kind, name=name[:100]))
    CoOrganiser.objects.filter(event=event).delete()
    CoOrganiser.objects.bulk_create(rows)


def event_create(*, actor, co_organisers=None, **values) -> Event:
    unknown = set(values) - EDITABLE
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    _check_unit(actor, values["organiser_unit"])
    validate_times(values)
    with transaction.atomic():
        event = Event(created_by=real_actor(actor), **values)
        event.full_clean()
        event.save(force_insert=True)
        _set_co_organisers(event, co_organisers)
        record_change(
            actor=actor,
            action=AuditAction.CREATE,
            obj=event,
            after={
                **snapshot(event, AUDIT_FIELDS),
                "co_organisers": [str(c) for c in event.co_organisers.all()],
            },
        )
    return event


def event_update(
    *, actor, event: Event, changes: dict, expected_version: int | None = None, co_organisers=None
) -> Event:
    """Edit an event. A capacity below the current confirmations is refused; a larger one promotes
    the waitlist (first come, first served)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")

    require_event(actor, event, "change")
    if "organiser_unit" in changes:
        _check_unit(actor, changes["organiser_unit"])
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=event.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError()
        before = snapshot(current, AUDIT_FIELDS)
        before_co = [f"{c.get_kind_display()}:{c.name}" for c in current.co_organisers.all()]
        for name, value in changes.items():
            setattr(current, name, value)
        validate_times({f: getattr(current, f) for f in AUDIT_FIELDS})
        seated = current.registrations.filter(status__in=SEATED).count()
        if current.capacity is not None and current.capacity < seated:
            raise ValidationError(
                {
                    "capacity": _(
                        "The capacity cannot be below the firms already confirmed: "
                        "%(n)d are confirmed or checked in."
                    )
                    % {"n": seated}
                }
            )
        current.full_clean()
        current.version += 1
        current.save()
        _set_co_organisers(current, co_organisers)
        after_co = [f"{c.get_kind_display()}:{c.name}" for c in current.co_organisers.all()]
        after = snapshot(current, AUDIT_FIELDS)
        if after != before or after_co != before_co:
            record_change(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=current,
                before={**before, "co_organisers": before_co},
                after={**after, "co_organisers": after_co},
            )
        promote_waitlist(event=current, now=None)
    return current
