"""Village profiles, collective income, resources, operators and pairings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import OrgUnitKind
from chrysalis.accounts.models import OrgUnit
from chrysalis.accounts.scopes import get_scope
from chrysalis.audit.services import record_change
from chrysalis.core.exceptions import NotPermitted
from chrysalis.core.permissions import require, require_create, require_visible
from chrysalis.core.services import create_object, update_object
from chrysalis.villages.choices import REVIEW_ROLES
from chrysalis.villages.models import CollectiveIncome, Operator, Pairing, Resource, Village, VillagePhoto
from chrysalis.villages.uploads import check_photo

VILLAGE_AUDIT_FIELDS = ("unit", "population", "households", "area_km2", "description")
RESOURCE_AUDIT_FIELDS = ("village", "element", "name", "capacity", "capacity_unit", "note")
OPERATOR_AUDIT_FIELDS = ("name", "kind", "speciality", "street", "user")
PHOTO_AUDIT_FIELDS = ("village", "image", "caption")
PAIRING_AUDIT_FIELDS = ("operator", "village", "starts", "ends", "agreement")


def village_create(*, actor, unit, population=0, households=0, area_km2=0, description="") -> Village:
    if unit.kind != OrgUnitKind.COMMUNITY:
        raise ValidationError({"unit": _("A village profile belongs to a village or community unit.")})
    if actor is not None:
        paths = get_scope(actor).paths(*REVIEW_ROLES)
        if not any(unit.path.startswith(p) for p in paths):
            raise NotPermitted(_("Only the street or the district adds a village profile here."))
    probe = Village(unit=unit)
    if Village.objects.filter(unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s already has a profile.") % {"unit": unit}})
    probe.population, probe.households = population, households
    probe.area_km2, probe.description = Decimal(area_km2), description
    return create_object(actor=actor, instance=probe, audit_fields=VILLAGE_AUDIT_FIELDS)


def village_update(*, actor, village: Village, expected_version=None, **changes) -> Village:
    require_visible(actor, village)
    require(actor, "change", village)
    allowed = {
        k: v for k, v in changes.items() if k in {"population", "households", "area_km2", "description"}
    }
    return update_object(
        actor=actor,
        instance=village,
        changes=allowed,
        expected_version=expected_version,
        audit_fields=VILLAGE_AUDIT_FIELDS,
    )


def income_set(*, actor, village: Village, year: int, amount) -> CollectiveIncome:
    """Set (or correct) the collective income of one year."""
    require_visible(actor, village)
    require(actor, "change", village)
    amount = Decimal(amount)
    if amount < 0:
        raise ValidationError({"amount": _("Collective income cannot be negative.")})
    if year > dt.date.today().year:
        raise ValidationError({"year": _("%(year)s has not begun yet.") % {"year": year}})
    row = CollectiveIncome.objects.filter(village=village, year=year).first()
    before = {"year": year, "amount": str(row.amount)} if row else None
    if row is None:
        row = CollectiveIncome.objects.create(village=village, year=year, amount=amount)
    else:
        row.amount = amount
        row.save(update_fields=["amount", "updated_at"])
    record_change(
        actor=actor,
        action="update" if before else "create",
        obj=village,
        before=before,
        after={"year": year, "amount": str(amount)},
    )
    return row


def resource_create(*, actor, village: Village, element, name, capacity, capacity_unit, note="") -> Resource:
    require_visible(actor, village)
    require(actor, "change", village)
    if Resource.objects.filter(village=village, name=name).exists():
        raise ValidationError(
            {"name": _("%(village)s already lists “%(name)s”.") % {"village": village, "name": name}}
        )
    resource = Resource(
        village=village, element=element, name=name, capacity=capacity, capacity_unit=capacity_unit, note=note
    )
    return create_object(actor=actor, instance=resource, audit_fields=RESOURCE_AUDIT_FIELDS)


def operator_create(*, actor, street, name, kind="person", speciality="", user=None) -> Operator:
    require_create(actor, Operator)
    if street.kind != OrgUnitKind.STREET:
        raise ValidationError({"street": _("An operator is engaged by a street.")})
    if actor is not None:
        if not OrgUnit.objects.restrict(actor, "view").filter(pk=street.pk).exists():
            raise ValidationError({"street": _("This street is outside your scope.")})
    if Operator.objects.filter(street=street, name=name).exists():
        raise ValidationError(
            {
                "name": _("%(street)s already has an operator named “%(name)s”.")
                % {"street": street, "name": name}
            }
        )
    operator = Operator(street=street, name=name, kind=kind, speciality=speciality, user=user)
    return create_object(actor=actor, instance=operator, audit_fields=OPERATOR_AUDIT_FIELDS)


def operator_update(*, actor, operator: Operator, expected_version=None, **changes) -> Operator:
    """Correct an operator's name, kind, speciality or account (the street stays)."""
    require_visible(actor, operator)
    require(actor, "change", operator, message=_("Only the street edits its operators."))
    allowed = {k: v for k, v in changes.items() if k in {"name", "kind", "speciality", "user"}}
    name = allowed.get("name", operator.name)
    if Operator.objects.filter(street=operator.street, name=name).exclude(pk=operator.pk).exists():
        raise ValidationError(
            {
                "name": _("%(street)s already has an operator named “%(name)s”.")
                % {"street": operator.street, "name": name}
            }
        )
    return update_object(
        actor=actor,
        instance=operator,
        changes=allowed,
        expected_version=expected_version,
        audit_fields=OPERATOR_AUDIT_FIELDS,
    )


def photo_add(*, actor, village: Village, image, caption: str = "") -> VillagePhoto:
    """Add a photo to a village profile; the file is checked by `uploads.check_photo` first."""
    require_visible(actor, village)
    require(actor, "change", village, message=_("You may not add photos to this village."))
    image = check_photo(image)
    photo = VillagePhoto(village=village, image=image, caption=caption.strip(), added_by=actor)
    return create_object(actor=actor, instance=photo, audit_fields=PHOTO_AUDIT_FIELDS)


def pairing_create(*, actor, operator: Operator, village: Village, starts, ends, agreement="") -> Pairing:
    require_visible(actor, operator)
    require_visible(actor, village)
    require(actor, "assess", village, message=_("Only the street pairs operators with villages."))
    if ends <= starts:
        raise ValidationError({"ends": _("The term must end after it starts.")})
    overlapping = Pairing.objects.filter(operator=operator, village=village, starts__lt=ends, ends__gt=starts)
    if overlapping.exists():
        raise ValidationError(
            _("%(operator)s is already paired with %(village)s in this term.")
            % {"operator": operator, "village": village}
        )
    pairing = Pairing(operator=operator, village=village, starts=starts, ends=ends, agreement=agreement)
    return create_object(actor=actor, instance=pairing, audit_fields=PAIRING_AUDIT_FIELDS)
