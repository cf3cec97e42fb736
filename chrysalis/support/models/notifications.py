"""Alerts (催办 / 督办, one per request, kind and cycle) and in-app notifications (daily digests)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope
from chrysalis.support.choices import AlertKind, NotificationKind


class Alert(models.Model):
    """A reminder or escalation the periodic job raised. `key` makes raising it idempotent."""

    request = models.ForeignKey(
        "support.ServiceRequest", on_delete=models.CASCADE, related_name="alerts", verbose_name=_("request")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    key = models.CharField(_("key"), max_length=120, unique=True)
    deadline = models.DateTimeField(_("deadline"))
    created_at = models.DateTimeField(_("raised at"), default=timezone.now, db_index=True)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="support_alerts", verbose_name=_("recipients")
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.request_id}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return Q(recipients=scope.user_id) if action == "view" else None


class Notification(models.Model):
    """An in-app message to one person. Unique (user, key): a job re-run never sends it twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="support_notifications",
        verbose_name=_("person"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=NotificationKind.choices, default=NotificationKind.INFO
    )
    key = models.CharField(_("key"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="support_notification_unique_key")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="support_notif_unread")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.url or "/"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return Q(user_id=scope.user_id) if action in {"view", "change"} else None
