"""Recognitions: record a granted title; re-review (复核) dates.

Recording a recognition also writes the registry's Title record (through the registry's record
service, so the enterprise page and every later assessment see the title) and, when the firm is in
the pool at 申报中 or 复核, moves it to 已认定 along the workflow."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chrysalis.core.permissions import require_visible
from chrysalis.core.services import create_object
from chrysalis.cultivation.models.pool import PoolEntry, PoolStage, TierTarget
from chrysalis.cultivation.models.recognition import Recognition
from chrysalis.cultivation.services.pool import pool_move, require_pool_writer
from chrysalis.enterprises.models import Enterprise, Title
from chrysalis.enterprises.services.records import record_create, record_update

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

#: years after the grant when a re-review (复核) falls due, per tier (title validity is 3 years)
REVIEW_AFTER_YEARS = {"zjtx": 3, "little_giant": 3, "innovative_sme": 3, "tech_sme": 1}
#: pool tier target → the registry's title kind
TITLE_KIND = {
    "tech_sme": "tech_sme",
    "innovative_sme": "innovative_sme",
    "zjtx": "zjtx_sme",
    "little_giant": "little_giant",
}


def recognition_add(
    *,
    actor: User | None,
    enterprise: Enterprise,
    tier: str,
    granted_on: dt.date,
    valid_until: dt.date,
    batch: str = "",
    review_due: dt.date | None = None,
    certificate_no: str = "",
    issuer: str = "",
    update_registry: bool = True,
    move_pool: bool = True,
) -> Recognition:

    if tier not in TierTarget.values:
        raise ValidationError({"tier": _("Unknown title.")})
    with transaction.atomic():
        require_visible(actor, enterprise)
        require_pool_writer(actor, enterprise)
        if Recognition.objects.filter(enterprise=enterprise, tier=tier, granted_on=granted_on).exists():
            raise ValidationError(_("This title is already recorded with this grant date."))
        if review_due is None:
            review_due = valid_until
        obj = Recognition(
            enterprise=enterprise,
            tier=tier,
            batch=batch,
            granted_on=granted_on,
            valid_until=valid_until,
            review_due=review_due,
        )
        create_object(actor=actor, instance=obj)
        if update_registry:
            kind = TITLE_KIND[tier]
            fields = {"granted_on": granted_on, "valid_until": valid_until, "batch": batch[:20]}
            if certificate_no:
                fields["certificate_no"] = certificate_no
            if issuer:
                fields["issuer"] = issuer
            title = Title.objects.filter(enterprise=enterprise, kind=kind, granted_on=granted_on).first()
            if title is None:
                record_create(actor=actor, model=Title, enterprise=enterprise, kind=kind, **fields)
            else:
                record_update(actor=actor, instance=title, expected_version=None, **fields)
        entry = PoolEntry.objects.filter(enterprise=enterprise).first()
        if move_pool and entry is not None and entry.stage in (PoolStage.APPLYING, PoolStage.REVIEW):
            pool_move(
                actor=actor,
                entry=entry,
                to_stage=PoolStage.RECOGNISED,
                reason=_("Title granted: %(tier)s %(batch)s (%(date)s)")
                % {"tier": TierTarget(tier).label, "batch": batch, "date": granted_on.isoformat()},
            )
    return obj
