"""Public notices (公告) and their history.

A notice belongs to the org unit (district or zone) that publishes it; staff of that subtree handle it.
Published and expired notices are public: anonymous search, verification and the feed read them
through `Notice.public()`, never through a user's scope.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.models import VersionedModel
from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope, any_of
from chrysalis.notices.choices import (
    CREDITOR_KINDS,
    PUBLIC_STATUSES,
    Event,
    Kind,
    RegistryLink,
    SourceKind,
    Status,
)
from chrysalis.notices.masking import mask_number, mask_text

DA, SO, AU = Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.AUDITOR


def notice_q(scope: Scope, action: str, prefix: str = "") -> Q | None:
    """Who reaches which notices (with `prefix="notice__"`, their history rows).

    view, export: district administrators, service officers and auditors of the notice's subtree;
    add, change (parse, edit, review, publish, withdraw): district administrators and service officers.
    Reviewing one's own draft is refused by the workflow, not here (four-eyes rule).
    """
    path = f"{prefix}org_unit__path"
    if action in {"view", "export"}:
        return any_of(scope.q_org(path, DA, SO, AU))
    if action in {"add", "change"}:
        return scope.q_org(path, DA, SO)
    return None


class NoticeQuerySet(RestrictedQuerySet):
    def public(self):
        # published_on is never null here (a constraint), but saying so lets PostgreSQL start a
        # newest-first walk of the date index after the drafts' nulls instead of reading through them.
        return self.filter(status__in=sorted(PUBLIC_STATUSES), published_on__isnull=False)


class Notice(VersionedModel):
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="notices", verbose_name=_("published by")
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # who the notice is about: the declarant of a declaration, the company of a business notice
    subject_name = models.CharField(_("declarant / company"), max_length=200, db_index=True)
    subject_uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    item = models.CharField(_("item declared void"), max_length=120, blank=True)
    number_label = models.CharField(_("number label"), max_length=20, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True, db_index=True)
    authority = models.CharField(_("issuing / registration authority"), max_length=120, blank=True)
    declaration = models.CharField(_("declaration"), max_length=20, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    capital_before = models.DecimalField(
        _("registered capital before (10k yuan)"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    capital_after = models.DecimalField(
        _("registered capital after (10k yuan)"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    parties = models.CharField(_("parties"), max_length=500, blank=True)
    survivor = models.CharField(_("surviving / new company"), max_length=200, blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    period_start = models.DateField(_("announcement period from"), null=True, blank=True)
    period_end = models.DateField(_("announcement period to"), null=True, blank=True)
    creditor_days = models.PositiveSmallIntegerField(_("creditors' period (days)"), null=True, blank=True)
    text = models.TextField(_("text"))
    parsed = models.JSONField(_("parser result"), default=dict, blank=True, editable=False)
    # publication
    source_kind = models.CharField(
        _("publication source"), max_length=12, choices=SourceKind.choices, default=SourceKind.NEWSPAPER
    )
    source_name = models.CharField(_("newspaper"), max_length=80, blank=True)
    source_page = models.CharField(_("page"), max_length=20, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True, db_index=True)
    creditor_period_end = models.DateField(_("creditors' period ends"), null=True, blank=True, db_index=True)
    # registry
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("enterprise"),
    )
    registry_link = models.CharField(
        _("registry link"), max_length=8, choices=RegistryLink.choices, blank=True, default=RegistryLink.NONE
    )
    registry_review = models.BooleanField(
        _("registry review pending"),
        default=False,
        help_text=_("Set when a deregistration notice about a registered firm is published."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        indexes = [
            models.Index(fields=["status", "published_on"], name="notice_status_pub"),
            models.Index(fields=["kind", "published_on"], name="notice_kind_pub"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=[Status.PUBLISHED, Status.EXPIRED]) | Q(published_on__isnull=False),
                name="notice_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(capital_after__isnull=True)
                | Q(capital_before__isnull=True)
                | Q(capital_after__lt=models.F("capital_before")),
                name="notice_capital_reduced",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="notice_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.subject_name}"

    def get_absolute_url(self) -> str:
        return reverse("notices:notice_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("notices:public_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return notice_q(scope, action)

    @property
    def public_text(self) -> str:
        return mask_text(self.text)

    @property
    def public_number(self) -> str:
        return mask_number(self.document_number, self.number_label, self.item)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def has_creditor_period(self) -> bool:
        return self.kind in CREDITOR_KINDS


def creditor_period_end(published_on: dt.date | None, days: int | None) -> dt.date | None:
    """Last day creditors may declare: `days` calendar days counted from the day after publication
    (民法典 art. 201: the first day is not counted), i.e. publication date + days."""
    if published_on is None or not days:
        return None
    return published_on + dt.timedelta(days=days)


class NoticeEvent(models.Model):
    """History row of one transition (append-only): actor, time, from, to, reason."""

    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="events", verbose_name=_("notice")
    )
    event = models.CharField(_("event"), max_length=12, choices=Event.choices)
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_repr = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("at"), db_index=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("notice history")
        verbose_name_plural = _("notice history")

    def __str__(self) -> str:
        return f"{self.notice_id} {self.event}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return notice_q(scope, action, "notice__") if action in {"view", "export"} else None
