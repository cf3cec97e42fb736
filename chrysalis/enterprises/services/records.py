"""Writes of an enterprise's records (IP, titles, awards, contests, rounds, incidents) and contacts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import NotPermitted
from chrysalis.core.permissions import may, require
from chrysalis.core.services import create_object, soft_delete, update_object
from chrysalis.enterprises.choices import RecordOrigin
from chrysalis.enterprises.crypto import blind_index, normalise
from chrysalis.enterprises.models import (
    Award,
    Contact,
    Contest,
    Enterprise,
    EquityRound,
    Incident,
    IPRight,
    Title,
    YearFigures,
)
from chrysalis.enterprises.services.common import require_write
from chrysalis.enterprises.services.enterprises import is_staff_actor

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

# Records that feed the assessment: they carry an origin and are only ever soft-deleted (by staff,
# with a reason). Titles and incidents come from the authorities: read-only to enterprise users.
RECORD_MODELS: tuple[type, ...] = (IPRight, Title, Award, Contest, EquityRound, Incident)
ASSESSED_MODELS: tuple[type, ...] = (*RECORD_MODELS, YearFigures)
STAFF_ONLY_MODELS: tuple[type, ...] = (Title, Incident)

# model → fields a form may write
RECORD_FIELDS: dict[type, tuple[str, ...]] = {
    IPRight: (
        "kind",
        "number",
        "title",
        "granted_on",
        "self_developed",
        "high_value",
        "related_to_leading_product",
        "applied_with_benefit",
        "transferred_in_on",
        "holder_rank",
        "valid",
    ),
    Title: ("kind", "granted_on", "valid_until", "batch", "certificate_no", "issuer"),
    Award: ("kind", "level", "rank", "year", "name"),
    Contest: ("kind", "placement", "year", "name"),
    EquityRound: ("date", "round_name", "investor", "paid_in", "qualified_investor"),
    Incident: ("kind", "severity", "date", "description"),
    Contact: ("name", "position", "phone", "id_number", "email", "is_primary"),
}
for _model in RECORD_MODELS:
    RECORD_FIELDS[_model] = (*RECORD_FIELDS[_model], "origin")
CONTACT_AUDIT_FIELDS = ("name", "position", "phone", "id_number", "email", "is_primary")


def _part(model) -> str:
    return "contacts" if model is Contact else "records"


def _check(model, data: dict) -> None:
    unknown = set(data) - set(RECORD_FIELDS[model])
    if unknown:
        raise ValidationError(_("These fields cannot be set: %s") % ", ".join(sorted(unknown)))
    if (
        model is Title
        and data.get("granted_on")
        and data.get("valid_until")
        and data["valid_until"] < data["granted_on"]
    ):
        raise ValidationError({"valid_until": _("The end of validity is before the grant date.")})
    if model is Contact:
        for name in ("phone", "id_number"):
            if data.get(name):
                data[name] = normalise(data[name])
        phone = data.get("phone") or ""
        if phone and not (phone.isdigit() and 7 <= len(phone) <= 15):
            raise ValidationError({"phone": _("Enter a phone number of 7 to 15 digits.")})
        idn = data.get("id_number") or ""
        if idn and not _valid_id_number(idn):
            raise ValidationError(
                {
                    "id_number": _(
                        "This is not a valid resident ID number (18 characters, check digit per GB 11643)."
                    )
                }
            )


def _valid_id_number(value: str) -> bool:
    if len(value) != 18 or not value[:17].isdigit():
        return False
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(value[:17], weights, strict=True)) % 11]
    return value[17] == check


def _indexes(instance: Contact) -> None:
    instance.phone_index = blind_index(instance.phone)
    instance.id_number_index = blind_index(instance.id_number)


class ReadOnlyRecord(NotPermitted):
    """The actor sees the record but it is read-only to them (its origin, or deletion by a non-staff
    user): answered 403 with the reason, on pages and in the API."""


def require_editable(actor: User | None, model: type, action: str, instance=None) -> None:
    """Raise ReadOnlyRecord unless `actor` may `action` this record (or, without one, report a new
    record of `model`) — `core.permissions.may` within `editable_records`."""
    if instance is None:
        allowed = may_report(actor, model)
    else:
        allowed = may(actor, action, instance, within=editable_records(actor, model, action))
    if not allowed:
        raise ReadOnlyRecord(refusal(model, action))


def refusal(model, action: str) -> str:
    if action == "delete":
        return _("Only staff can delete a record that counts in the assessment, and they give a reason.")
    if model in STAFF_ONLY_MODELS:
        return _(
            "Titles and compliance incidents are recorded by staff from the authorities' records; "
            "an enterprise user can only read them."
        )
    return _(
        "This record was entered by staff or confirmed by a reviewer; an enterprise user can only read "
        "it. Ask your service officer to correct it."
    )


def editable_records(actor: User | None, model: Any, action: str = "change"):
    """The records of `model` that `actor` may `action` ("add" is asked of a new record's model):
    the model's scope rule, and for an enterprise user (not staff) only its self-reported records of
    the kinds it may report, never a deletion. The `within=` rule of `core.permissions`."""
    qs = model._default_manager.restrict(actor, action)  # a SoftDeleteManager: no deleted rows
    if model in ASSESSED_MODELS and not is_staff_actor(actor):
        if action == "delete" or model in STAFF_ONLY_MODELS:
            return qs.none()
        if model in RECORD_MODELS:  # yearly figures: which values it may change is checked per value
            qs = qs.filter(origin=RecordOrigin.SELF_REPORTED)
    return qs


def may_report(actor: User | None, model: type) -> bool:
    """Whether `actor` may add records of `model` at all (an enterprise user: not titles, incidents)."""
    return model not in STAFF_ONLY_MODELS or is_staff_actor(actor)


def _origin(actor: User | None, model: type, data: dict, current: str | None = None) -> None:
    """An enterprise user's records are self-reported, whatever it claims; staff choose (default:
    recorded by staff)."""
    if model not in RECORD_MODELS:
        return
    if not is_staff_actor(actor):
        if data.get("origin", RecordOrigin.SELF_REPORTED) != RecordOrigin.SELF_REPORTED:
            raise ReadOnlyRecord(_("An enterprise user's records are always marked self-reported."))
        data["origin"] = RecordOrigin.SELF_REPORTED
    elif not data.get("origin"):
        data["origin"] = current or RecordOrigin.STAFF


def record_create(*, actor: User | None, model: type, enterprise: Enterprise, **data):
    _check(model, data)
    with transaction.atomic():
        require_write(actor, enterprise, _part(model), "add")
        require_editable(actor, model, "add")
        _origin(actor, model, data)
        instance = model(enterprise=enterprise, **data)
        if model is Contact:
            _indexes(instance)
        create_object(
            actor=actor, instance=instance, audit_fields=CONTACT_AUDIT_FIELDS if model is Contact else None
        )
    return instance


def record_update(*, actor: User | None, instance, expected_version: int | None, **changes):
    model = type(instance)
    _check(model, changes)
    with transaction.atomic():
        require_write(actor, instance.enterprise, _part(model), "change")
        if model in RECORD_MODELS:
            require_editable(actor, model, "change", instance)
            _origin(actor, model, changes, instance.origin)
        if model is Contact:
            probe = Contact(
                phone=changes.get("phone", instance.phone),
                id_number=changes.get("id_number", instance.id_number),
            )
            _indexes(probe)
            changes = {**changes, "phone_index": probe.phone_index, "id_number_index": probe.id_number_index}
        return update_object(
            actor=actor,
            instance=instance,
            changes=changes,
            expected_version=expected_version,
            audit_fields=CONTACT_AUDIT_FIELDS if model is Contact else None,
        )


def record_delete(*, actor: User | None, instance, reason: str = "") -> None:
    """Delete a record. One that feeds the assessment is soft-deleted (core.services.soft_delete:
    staff only, reason required, restorable from the recycle bin); a contact is removed."""
    model = type(instance)
    if model in ASSESSED_MODELS:
        with transaction.atomic():
            require_write(actor, instance.enterprise, _part(model), "delete")
            require_editable(actor, model, "delete", instance)
            soft_delete(actor=actor, obj=instance, reason=reason)
        return
    with transaction.atomic():
        require_write(actor, instance.enterprise, _part(model), "delete")
        record_change(
            actor=actor,
            action="delete",
            obj=instance,
            before=snapshot(instance, CONTACT_AUDIT_FIELDS if isinstance(instance, Contact) else None),
            after=None,
            reason=reason,
        )
        instance.delete()


def contact_unmask(*, actor: User | None, contact: Contact, field: str) -> str:
    """Reveal a contact's phone or ID number in clear. Needs the clearance (unmask); always audited."""
    if field not in {"phone", "id_number"}:
        raise ValidationError(_("Only the phone or ID number can be revealed."))
    with transaction.atomic():
        # Personal data is revealed to a person only, never to the system actor.
        if actor is None:
            raise NotPermitted(_("You are not cleared to see this personal data."))
        require(actor, "unmask", contact, message=_("You are not cleared to see this personal data."))
        record_change(
            actor=actor,
            action="unmask",
            obj=contact,
            before=None,
            after={"field": field},
            reason=_("revealed %(field)s of a contact of %(enterprise)s")
            % {"field": field, "enterprise": contact.enterprise_id},
        )
    return getattr(contact, field)
