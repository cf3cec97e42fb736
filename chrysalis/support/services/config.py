"""Writes of the calendar overrides and time limits (district administrators)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.permissions import require_create
from chrysalis.core.services import create_object, update_object
from chrysalis.support.models import HolidayOverride, TimeLimit

if TYPE_CHECKING:
    from chrysalis.accounts.models import User


def _require(actor, model) -> None:
    # Overrides and limits are district-wide: whoever may create them may also change and delete them.
    require_create(
        actor, model, message=_("Only a district administrator may change the calendar and time limits.")
    )


def holiday_save(*, actor, date, is_working: bool, name: str = "") -> HolidayOverride:
    _require(actor, HolidayOverride)
    with transaction.atomic():
        existing = HolidayOverride.objects.select_for_update().filter(date=date).first()
        if existing is not None:
            return update_object(
                actor=actor, instance=existing, changes={"is_working": is_working, "name": name}
            )
        return create_object(
            actor=actor, instance=HolidayOverride(date=date, is_working=is_working, name=name)
        )


def holiday_delete(*, actor, override: HolidayOverride) -> None:
    _require(actor, HolidayOverride)
    with transaction.atomic():
        record_change(actor=actor, action="delete", obj=override, before=snapshot(override))
        override.delete()


def timelimit_save(
    *,
    actor: User | None,
    category: str,
    urgency: str,
    sign_days: int,
    resolve_days: int,
    expected_version: int | None = None,
) -> TimeLimit:
    _require(actor, TimeLimit)
    with transaction.atomic():
        existing = TimeLimit.objects.select_for_update().filter(category=category, urgency=urgency).first()
        if existing is not None:
            return update_object(
                actor=actor,
                instance=existing,
                changes={"sign_days": sign_days, "resolve_days": resolve_days},
                expected_version=expected_version,
            )
        return create_object(
            actor=actor,
            instance=TimeLimit(
                category=category, urgency=urgency, sign_days=sign_days, resolve_days=resolve_days
            ),
        )
