"""Writes of an enterprise's records (IP, titles, awards, contests, rounds, incidents) and contacts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import NotPermitted
from chrysalis.core.permissions import require
from chrysalis.core.services import create_object, update_object
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
)
from chrysalis.enterprises.services.common import require_write

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

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


def record_create(*, actor: User | None, model: type, enterprise: Enterprise, **data):
    _check(model, data)
    with transaction.atomic():
        require_write(actor, enterprise, _part(model), "add")
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
    with transaction.atomic():
        require_write(actor, instance.enterprise, _part(type(instance)), "delete")
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
