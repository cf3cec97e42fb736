"""Writes of programmes, measures, targets, manual values and the listing track.

Every function is keyword-only with `actor` (None: the system); it checks the write permission,
validates (precise messages, nothing written on refusal) and audits through core.services.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chrysalis.accounts.models import OrgUnit, User
from chrysalis.core.extensions import scope_for
from chrysalis.core.permissions import is_system, require, require_create
from chrysalis.core.services import create_object, update_object
from chrysalis.enterprises.models import Enterprise
from chrysalis.programmes import metrics
from chrysalis.programmes.models import WRITERS, ListingEntry, ManualValue, Measure, Programme, Target

PROGRAMME_FIELDS = ("unit", "name", "starts_on", "ends_on", "description", "position")
MEASURE_FIELDS = ("title", "lead_unit", "co_units", "deadline", "status", "note")
TARGET_FIELDS = (
    "measure",
    "name",
    "metric",
    "params",
    "unit_label",
    "baseline",
    "target_value",
    "starts_on",
    "deadline",
    "owner",
    "owner_user",
    "position",
)
LISTING_FIELDS = ("stage", "since", "exchange", "note")


def writable_units(actor: User | None):
    """Org units the actor may lead programmes and issue reports for (administrators' subtrees)."""
    if is_system(actor):
        return OrgUnit.objects.all()
    q = scope_for(actor).q_org("path", *WRITERS)
    return OrgUnit.objects.filter(q) if q is not None else OrgUnit.objects.none()


def _check_period(start: dt.date | None, end: dt.date | None, *, start_field: str, end_field: str, what: str):
    if start and end and end < start:
        raise ValidationError(
            {
                end_field: _("The %(what)s %(end)s is before the start %(start)s.")
                % {"what": what, "end": end.isoformat(), "start": start.isoformat()}
            }
        )


# --- programmes ----------------------------------------------------------------------------------


def programme_create(
    *, actor: User | None, unit: OrgUnit, name: str, starts_on, ends_on, description="", position=0
):
    require_create(actor, Programme)
    require(actor, "add", unit, within=writable_units(actor))
    _check_period(
        starts_on, ends_on, start_field="starts_on", end_field="ends_on", what=_("end of the period")
    )
    with transaction.atomic():
        if Programme.objects.filter(unit=unit, name=name).exists():
            raise ValidationError({"name": _("This unit already has a programme with this name.")})
        return create_object(
            actor=actor,
            instance=Programme(
                unit=unit,
                name=name,
                starts_on=starts_on,
                ends_on=ends_on,
                description=description,
                position=position,
            ),
        )


def programme_update(
    *, actor: User | None, programme: Programme, expected_version: int | None = None, **changes
):
    require(actor, "change", programme)
    unknown = set(changes) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    if "unit" in changes:
        require(actor, "add", changes["unit"], within=writable_units(actor))
    _check_period(
        changes.get("starts_on", programme.starts_on),
        changes.get("ends_on", programme.ends_on),
        start_field="starts_on",
        end_field="ends_on",
        what=_("end of the period"),
    )
    return update_object(actor=actor, instance=programme, changes=changes, expected_version=expected_version)


# --- measures -------------------------------------------------------------------------------------


def measure_create(*, actor: User | None, programme: Programme, **fields) -> Measure:
    require(actor, "change", programme)
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    deadline = fields.get("deadline")
    if deadline and deadline < programme.starts_on:
        raise ValidationError(
            {
                "deadline": _("The deadline %(day)s is before the programme starts (%(start)s).")
                % {"day": deadline.isoformat(), "start": programme.starts_on.isoformat()}
            }
        )
    return create_object(actor=actor, instance=Measure(programme=programme, **fields))


def measure_update(*, actor: User | None, measure: Measure, expected_version: int | None = None, **changes):
    require(actor, "change", measure)
    unknown = set(changes) - set(MEASURE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    return update_object(actor=actor, instance=measure, changes=changes, expected_version=expected_version)


# --- targets --------------------------------------------------------------------------------------


def _clean_target(programme: Programme, values: dict[str, Any]) -> dict[str, Any]:
    """Check a target's fields: deadline after its counting start, the metric in the catalogue and
    its parameters in their domains (filled with defaults), the measure of the same programme."""
    start, deadline = values.get("starts_on"), values.get("deadline")
    if start and deadline and deadline <= start:
        raise ValidationError(
            {
                "deadline": _("The deadline %(deadline)s must be after the date counting starts (%(start)s).")
                % {"deadline": deadline.isoformat(), "start": start.isoformat()}
            }
        )
    code = values.get("metric") or ""
    if code:
        metric = metrics.get(code)
        values["params"] = metric.clean_params(values.get("params"))
        if not values.get("unit_label"):
            values["unit_label"] = str(metric.unit)[:20]
    else:
        if values.get("params"):
            raise ValidationError({"params": _("A manual target takes no metric parameters.")})
        values["params"] = {}
    measure = values.get("measure")
    if measure is not None and measure.programme_id != programme.pk:
        raise ValidationError({"measure": _("The measure belongs to another programme.")})
    for name in ("baseline", "target_value"):
        if name in values and values[name] is not None:
            values[name] = Decimal(values[name])
    return values


def target_create(*, actor: User | None, programme: Programme, **fields) -> Target:
    require(actor, "change", programme)
    unknown = set(fields) - set(TARGET_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    values = _clean_target(programme, dict(fields))
    return create_object(actor=actor, instance=Target(programme=programme, **values))


def target_update(*, actor: User | None, target: Target, expected_version: int | None = None, **changes):
    require(actor, "change", target)
    unknown = set(changes) - set(TARGET_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    merged = {name: getattr(target, name) for name in TARGET_FIELDS}
    merged.update(changes)
    cleaned = _clean_target(target.programme, merged)
    changes = {name: cleaned[name] for name in TARGET_FIELDS if cleaned[name] != getattr(target, name)}
    return update_object(actor=actor, instance=target, changes=changes, expected_version=expected_version)


def manual_value_add(
    *, actor: User | None, target: Target, value: Decimal, as_of: dt.date, evidence: str
) -> ManualValue:
    """Record a figure of a manual target. Refused without evidence, for a computed target, or dated
    outside the target's counting span."""
    require(actor, "change", target)
    if not target.is_manual:
        raise ValidationError(
            _("This target is computed from the platform's data; its value cannot be entered by hand.")
        )
    if not (evidence or "").strip():
        raise ValidationError(
            {
                "evidence": _(
                    "A manual value needs its evidence: the document, the source and who confirmed it."
                )
            }
        )
    if as_of < target.starts_on or as_of > target.deadline:
        raise ValidationError(
            {
                "as_of": _("The date %(day)s lies outside the target's span (%(start)s to %(end)s).")
                % {
                    "day": as_of.isoformat(),
                    "start": target.starts_on.isoformat(),
                    "end": target.deadline.isoformat(),
                }
            }
        )
    return create_object(
        actor=actor,
        instance=ManualValue(
            target=target, value=Decimal(value), as_of=as_of, evidence=evidence.strip(), entered_by=actor
        ),
    )


# --- the listing track ----------------------------------------------------------------------------


def listing_firms(actor: User | None):
    """Firms the actor may put on the listing track: those of the administrators' subtrees."""
    if is_system(actor):
        return Enterprise.objects.all()
    q = scope_for(actor).q_org("org_unit__path", *WRITERS)
    return Enterprise.objects.filter(q) if q is not None else Enterprise.objects.none()


def listing_save(
    *,
    actor: User | None,
    enterprise: Enterprise,
    stage: str,
    since: dt.date,
    exchange: str = "",
    note: str = "",
) -> ListingEntry:
    """Put a firm on the listing track or move it along (one entry per firm)."""
    entry = ListingEntry.objects.filter(enterprise=enterprise).first()
    probe = entry or ListingEntry(enterprise=enterprise)
    if entry is None:
        require_create(actor, ListingEntry)
        require(actor, "add", enterprise, within=listing_firms(actor))
        probe.stage, probe.since, probe.exchange, probe.note = stage, since, exchange, note
        return create_object(actor=actor, instance=probe)
    require(actor, "change", entry)
    return update_object(
        actor=actor,
        instance=entry,
        changes={"stage": stage, "since": since, "exchange": exchange, "note": note},
    )
