"""Recognitions: record a granted title; re-review (复核) dates."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404

from chrysalis.core.services import create_object
from chrysalis.cultivation.models.recognition import Recognition
from chrysalis.enterprises.models import Enterprise

#: years after the grant when a re-review (复核) falls due, per tier (title validity is 3 years)
REVIEW_AFTER_YEARS = {"zjtx": 3, "little_giant": 3, "innovative_sme": 3, "tech_sme": 1}


def recognition_add(*, actor, enterprise: Enterprise, tier: str, granted_on: dt.date, valid_until: dt.date,
                    batch: str = "", review_due: dt.date | None = None) -> Recognition:
    with transaction.atomic():
        if not Enterprise.objects.restrict(actor, "view").filter(pk=enterprise.pk).exists():
            raise Http404
        if review_due is None:
            review_due = valid_until
        obj = Recognition(enterprise=enterprise, tier=tier, batch=batch, granted_on=granted_on, valid_until=valid_until,
                          review_due=review_due)
        return create_object(actor=actor, instance=obj)  # type: ignore[return-value]
