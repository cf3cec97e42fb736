"""Coaching plans (一对一辅导) for firms in the pool."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.core.models import VersionedModel
from chrysalis.core.scope import Scope
from chrysalis.cultivation.models.pool import pool_writers_q
from chrysalis.enterprises.models.enterprise import enterprise_q


class ChecklistKind(models.TextChoices):
    DATA = "data", _("data to collect")
    JUDGEMENT = "judgement", _("judgement to obtain")
    FIGURE = "figure", _("figure to improve")


class CoachingPlan(VersionedModel):
    entry = models.ForeignKey(
        "cultivation.PoolEntry",
        on_delete=models.CASCADE,
        related_name="coaching_plans",
        verbose_name=_("pool entry"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coach"),
    )
    outside_expert = models.CharField(_("outside expert"), max_length=80, blank=True)
    rule_set = models.CharField(_("rule set"), max_length=60)
    year = models.PositiveSmallIntegerField(_("application year"))
    next_deadline = models.DateField(_("next filing deadline"), null=True, blank=True)

    class Meta:
        ordering = ["next_deadline", "-pk"]
        verbose_name = _("coaching plan")
        verbose_name_plural = _("coaching plans")

    def __str__(self) -> str:
        return f"{self.entry.enterprise} · {self.rule_set}"

    def get_absolute_url(self) -> str:
        return reverse("cultivation:coaching_detail", args=[self.pk])

    @property
    def coach_label(self) -> str:
        return str(self.coach) if self.coach_id else self.outside_expert

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"view", "export"}:
            return enterprise_q(scope, "view", "entry__enterprise__")
        return pool_writers_q(scope, "entry__enterprise__")


class ChecklistItem(models.Model):
    plan = models.ForeignKey(CoachingPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=10, choices=ChecklistKind.choices)
    criterion = models.CharField(_("criterion"), max_length=32, blank=True)
    text = models.TextField(_("what"))
    done = models.BooleanField(_("done"), default=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticked off by"),
    )
    done_at = models.DateTimeField(_("ticked off at"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text[:60]


class CoachingSession(models.Model):
    plan = models.ForeignKey(CoachingPlan, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")

    def __str__(self) -> str:
        return f"{self.held_on}: {self.notes[:40]}"
