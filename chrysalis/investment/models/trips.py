"""Trips and visits (外出招商 / 走访) of a task force, and the companies visited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.core.models import VersionedModel
from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope
from chrysalis.investment.models.scopes import team_q


class Trip(VersionedModel):
    """One day out (a trip to another city or visits at home): who went, in how many groups."""

    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="investment_trips",
        verbose_name=_("task force"),
    )
    date = models.DateField(_("date"), db_index=True)
    city = models.CharField(_("city"), max_length=40)
    groups = models.PositiveSmallIntegerField(_("groups"), default=1)
    cadres = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="investment_trips", verbose_name=_("cadres")
    )
    outcome = models.TextField(_("outcome"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("trip or visiting day")
        verbose_name_plural = _("trips and visits")
        constraints = [models.CheckConstraint(condition=Q(groups__gte=1), name="inv_trip_groups_ge1")]

    def __str__(self) -> str:
        return f"{self.date} {self.city}"

    def get_absolute_url(self) -> str:
        return reverse("investment:trip_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return team_q(scope, action, "team")


class TripVisit(models.Model):
    """A company visited on a trip, linked to its lead when there is one."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="visits", verbose_name=_("trip"))
    company = models.CharField(_("company visited"), max_length=120)
    project = models.ForeignKey(
        "investment.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("linked lead"),
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["trip", "pk"]
        verbose_name = _("company visited")
        verbose_name_plural = _("companies visited")

    def __str__(self) -> str:
        return self.company

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return team_q(scope, action, "trip__team")
