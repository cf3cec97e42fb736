"""Writes of visits (走访): quick to log, evidence optional, never scored by traces."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.scopes import get_scope
from chrysalis.core.permissions import require
from chrysalis.core.services import create_object, update_object
from chrysalis.core.uploads import accept
from chrysalis.enterprises.models import Enterprise
from chrysalis.support.choices import Channel
from chrysalis.support.models import Visit
from chrysalis.support.services.requests import request_create

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

VISIT_FIELDS = ("enterprise", "officer", "date", "people_met", "topics", "location")


def visit_create(
    *,
    actor: User | None,
    enterprise: Enterprise,
    date: dt.date,
    topics: str,
    people_met: str = "",
    location: str = "",
    photo=None,
    requests: list[dict] | None = None,
) -> Visit:
    """Log a visit and, optionally, the requests raised on the spot (each dict: category, title,
    description, urgency, tags)."""
    if actor is None or not get_scope(actor).has(Role.SERVICE_OFFICER, Role.GRID_WORKER, Role.DISTRICT_ADMIN):
        raise PermissionDenied(_("Only service staff log visits."))
    require(actor, "view", enterprise, message=_("This enterprise is outside your scope."))
    if date > timezone.localdate():
        raise ValidationError({"date": _("A visit cannot be logged in the future.")})
    if photo:
        photo = accept(photo, kind="photo", field="photo")  # type by content, size, re-encoded
    with transaction.atomic():
        visit = Visit(
            enterprise=enterprise,
            officer=actor,
            date=date,
            topics=topics.strip(),
            people_met=people_met.strip(),
            location=location.strip(),
        )
        if photo:
            visit.photo.save(photo.name, photo, save=False)
        create_object(actor=actor, instance=visit, audit_fields=VISIT_FIELDS)
        for item in requests or ():
            request_create(actor=actor, enterprise=enterprise, channel=Channel.VISIT, visit=visit, **item)
    return visit


def visit_update(*, actor, visit: Visit, expected_version: int | None, **changes) -> Visit:
    require(actor, "change", visit, message=_("Only the officer who logged a visit may edit it."))
    allowed = {k: v for k, v in changes.items() if k in {"date", "people_met", "topics", "location"}}
    if "date" in allowed and allowed["date"] > timezone.localdate():
        raise ValidationError({"date": _("A visit cannot be logged in the future.")})
    return update_object(
        actor=actor,
        instance=visit,
        changes=allowed,
        expected_version=expected_version,
        audit_fields=VISIT_FIELDS,
    )
