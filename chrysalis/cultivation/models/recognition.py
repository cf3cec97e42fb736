"""Recognitions: titles granted with batch, date and validity; re-reviews (复核) and the yearly
information-update deadline (31 May)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.core.models import VersionedModel
from chrysalis.core.scope import Scope
from chrysalis.cultivation.models.pool import TierTarget, pool_writers_q
from chrysalis.enterprises.models.enterprise import enterprise_q

INFO_UPDATE_DAY = (5, 31)


class Recognition(VersionedModel):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="recognitions",
        verbose_name=_("enterprise"),
    )
    tier = models.CharField(_("title"), max_length=16, choices=TierTarget.choices)
    batch = models.CharField(_("batch"), max_length=40, blank=True)
    granted_on = models.DateField(_("granted on"))
    valid_until = models.DateField(_("valid until"))
    review_due = models.DateField(_("re-review due"), null=True, blank=True)

    class Meta:
        ordering = ["valid_until"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("granted_on")), name="cultivation_recognition_validity"
            ),
            models.UniqueConstraint(
                fields=["enterprise", "tier", "granted_on"], name="cultivation_recognition_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_tier_display()} {self.batch}"

    def get_absolute_url(self) -> str:
        return reverse("cultivation:recognition_list") + f"?enterprise={self.enterprise_id}"

    def lapses_in(self, year: int) -> bool:
        return self.valid_until.year == year

    @staticmethod
    def info_update_deadline(today: dt.date) -> dt.date:
        d = dt.date(today.year, *INFO_UPDATE_DAY)
        return d if d >= today else dt.date(today.year + 1, *INFO_UPDATE_DAY)

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"view", "export"}:
            return enterprise_q(scope, "view", "enterprise__")
        return pool_writers_q(scope, "enterprise__")
