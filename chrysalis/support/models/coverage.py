"""Coverage (定人定责 + 网格兜底): officer assignments, hand-over log, visits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.models import VersionedModel
from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope, any_of
from chrysalis.support.choices import AssignmentRole, HandOverKind

DA, SO, GW = Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.GRID_WORKER


class Assignment(VersionedModel):
    """A named service officer (lead or helper) for one enterprise. Ended, never deleted."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="service_assignments",
        verbose_name=_("enterprise"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="service_assignments",
        verbose_name=_("officer"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=AssignmentRole.choices, default=AssignmentRole.LEAD
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    started_at = models.DateTimeField(_("since"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise__name", "role", "pk"]
        verbose_name = _("service assignment")
        verbose_name_plural = _("service assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(role="lead", ended_at__isnull=True),
                name="support_assignment_one_lead",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "officer"],
                condition=Q(ended_at__isnull=True),
                name="support_assignment_once_per_officer",
            ),
        ]
        indexes = [models.Index(fields=["officer", "ended_at"], name="support_assign_officer")]

    def __str__(self) -> str:
        return f"{self.officer} · {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("support:assignment_list") + f"?enterprise={self.enterprise_id}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        path = "enterprise__org_unit__path"
        if action in {"view", "export"}:
            return any_of(scope.q_org(path, DA, GW), Q(officer_id=scope.user_id))
        if action in {"add", "change", "delete", "manage"}:
            return scope.q_org(path, DA)
        return None


class HandOver(models.Model):
    """Log of every change of who serves an enterprise (append-only)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="service_handovers",
        verbose_name=_("enterprise"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=HandOverKind.choices)
    from_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=AssignmentRole.choices, default=AssignmentRole.LEAD
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), db_index=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.kind}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"view", "export"}:
            return any_of(
                scope.q_org("enterprise__org_unit__path", DA, GW),
                Q(from_officer_id=scope.user_id),
                Q(to_officer_id=scope.user_id),
            )
        return None


class Visit(VersionedModel):
    """A visit to an enterprise (走访). Photos and location are optional and never scored."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="service_visits",
        verbose_name=_("enterprise"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="service_visits",
        verbose_name=_("visited by"),
    )
    date = models.DateField(_("date"), db_index=True)
    people_met = models.CharField(_("people met"), max_length=200, blank=True)
    topics = models.TextField(_("topics"))
    location = models.CharField(_("location (optional)"), max_length=120, blank=True)
    photo = models.FileField(_("photo (optional)"), upload_to="support/visits/%Y/%m/", blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("support:visit_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        path = "enterprise__org_unit__path"
        if action in {"view", "export"}:
            parts = [scope.q_org(path, DA, GW), Q(officer_id=scope.user_id)]
            if scope.has(SO):
                parts.append(
                    Q(
                        enterprise_id__in=Assignment.objects.filter(
                            officer_id=scope.user_id, ended_at__isnull=True
                        ).values("enterprise_id")
                    )
                )
            return any_of(*parts)
        if action == "add":  # a visit is logged by the officer, grid worker or administrator who made it
            return Q(officer_id=scope.user_id) if scope.has(SO, GW, DA) else None
        if action == "change":
            return Q(officer_id=scope.user_id)
        return None
