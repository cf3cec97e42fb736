"""Configuration edited by district administrators: calendar overrides and time limits."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.models import VersionedModel
from chrysalis.core.scope import Scope
from chrysalis.support.choices import Category, Urgency

STAFF_VIEW_ROLES = (Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.GRID_WORKER, Role.DEPARTMENT_HANDLER)


def _config_q(scope: Scope, action: str) -> Q | None:
    if action in {"view", "export"} and scope.has(*STAFF_VIEW_ROLES):
        return Q()
    if action in {"add", "change", "delete"} and scope.has(Role.DISTRICT_ADMIN):
        return Q()
    return None


class HolidayOverride(VersionedModel):
    """One day whose status differs from (or is missing in) the chinese-calendar package."""

    date = models.DateField(_("date"), unique=True)
    is_working = models.BooleanField(
        _("working day"), help_text=_("Ticked: a (make-up) working day. Unticked: a rest day or holiday.")
    )
    name = models.CharField(_("name"), max_length=60, blank=True, help_text=_("e.g. 春节, 国庆节调休"))

    class Meta:
        ordering = ["-date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("support:holiday_list")

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return _config_q(scope, action)


class TimeLimit(VersionedModel):
    """Sign-for and resolution limits in working days for one category and urgency."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    sign_days = models.PositiveSmallIntegerField(
        _("sign-for limit (working days)"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    resolve_days = models.PositiveSmallIntegerField(
        _("resolution limit (working days)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )

    class Meta:
        ordering = ["category", "urgency"]
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")
        constraints = [
            models.UniqueConstraint(fields=["category", "urgency"], name="support_timelimit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.get_urgency_display()}"

    def get_absolute_url(self) -> str:
        return reverse("support:timelimit_list")

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return _config_q(scope, action)


# Defaults when no TimeLimit row exists: (sign-for days, resolution days) by urgency; the
# 12345 convention of 1 working day to sign for and 3/5/13 working days to resolve.
DEFAULT_LIMITS = {Urgency.CRITICAL: (1, 3), Urgency.URGENT: (1, 5), Urgency.NORMAL: (1, 13)}
