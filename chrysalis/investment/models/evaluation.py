"""Quarterly evaluation (一季一评价): indicators with weights and caps, leader scores, frozen results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.core.models import VersionedModel
from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope, any_of
from chrysalis.investment.choices import Metric, QuarterStatus, Subject
from chrysalis.investment.models.scopes import ORG, district_q

SCORE = {"max_digits": 9, "decimal_places": 2}


class Quarter(VersionedModel):
    """One evaluation quarter of a district's task forces. Closing it freezes figures and inputs."""

    org_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(
        _("status"), max_length=10, choices=QuarterStatus.choices, default=QuarterStatus.OPEN
    )
    max_qualitative = models.DecimalField(
        _("highest leader's score"), default=Decimal("20"), validators=[MinValueValidator(0)], **SCORE
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    # what the evaluation was computed from at closing (indicator set, leader scores): reproducible later
    frozen_inputs = models.JSONField(_("inputs at closing"), default=dict, blank=True, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("evaluation quarter")
        verbose_name_plural = _("evaluation quarters")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "year", "number"], name="inv_quarter_once"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=4), name="inv_quarter_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}季度"

    def get_absolute_url(self) -> str:
        return reverse("investment:quarter_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return district_q(scope, action, "org_unit")

    @property
    def is_closed(self) -> bool:
        return self.status == QuarterStatus.CLOSED

    @property
    def start(self):

        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self):
        """Last day of the quarter (inclusive)."""

        if self.number == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.number + 1, 1) - dt.timedelta(days=1)


class Indicator(models.Model):
    """One line of the quarter's indicator set: points = min(value × weight, cap)."""

    quarter = models.ForeignKey(
        Quarter, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("quarter")
    )
    subject = models.CharField(_("evaluated"), max_length=10, choices=Subject.choices)
    metric = models.CharField(_("indicator"), max_length=20, choices=Metric.choices)
    weight = models.DecimalField(_("points per unit"), validators=[MinValueValidator(0)], **SCORE)
    cap = models.DecimalField(_("highest points"), validators=[MinValueValidator(0)], **SCORE)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["quarter", "subject", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["quarter", "subject", "metric"], name="inv_indicator_once"),
            models.CheckConstraint(condition=Q(weight__gte=0, cap__gte=0), name="inv_indicator_ge0"),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} ×{self.weight} ≤{self.cap}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return district_q(scope, action, "quarter__org_unit")


class LeaderScore(models.Model):
    """The mentoring leader's qualitative score for a team or a cadre, with its reason."""

    quarter = models.ForeignKey(
        Quarter, on_delete=models.CASCADE, related_name="leader_scores", verbose_name=_("quarter")
    )
    subject = models.CharField(_("evaluated"), max_length=10, choices=Subject.choices)
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("task force"),
    )
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cadre"),
    )
    score = models.DecimalField(_("score"), validators=[MinValueValidator(0)], **SCORE)
    reason = models.TextField(_("reason"))
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scored by"),
    )
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["quarter", "subject", "pk"]
        verbose_name = _("leader's score")
        verbose_name_plural = _("leader's scores")
        constraints = [
            models.UniqueConstraint(
                fields=["quarter", "team"], condition=Q(subject="team"), name="inv_lscore_team_once"
            ),
            models.UniqueConstraint(
                fields=["quarter", "cadre"], condition=Q(subject="cadre"), name="inv_lscore_cadre_once"
            ),
            models.CheckConstraint(
                condition=Q(subject="team", team__isnull=False, cadre__isnull=True)
                | Q(subject="cadre", cadre__isnull=False, team__isnull=True),
                name="inv_lscore_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team or self.cadre}: {self.score}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        team_rows = Q(subject="team") & (district_q(scope, "view", "quarter__org_unit") or Q(pk__in=[]))
        cadre_rows = Q(subject="cadre") & (
            any_of(scope.q_org("quarter__org_unit__path", ORG), Q(cadre_id=scope.user_id)) or Q(pk__in=[])
        )
        mine = Q(scored_by_id=scope.user_id)
        if action == "view":
            return team_rows | cadre_rows | mine
        return None  # writes go through the evaluation services, which check the mentor / role themselves


class EvaluationRow(models.Model):
    """A frozen result of a closed quarter: the figures, the points per indicator, total and rank."""

    quarter = models.ForeignKey(
        Quarter, on_delete=models.CASCADE, related_name="rows", verbose_name=_("quarter")
    )
    subject = models.CharField(_("evaluated"), max_length=10, choices=Subject.choices)
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("task force"),
    )
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cadre"),
    )
    figures = models.JSONField(_("figures"), default=dict)
    points = models.JSONField(_("points"), default=dict)
    qualitative = models.DecimalField(_("leader's score"), default=0, **SCORE)
    total = models.DecimalField(_("total score"), **SCORE)
    rank = models.PositiveIntegerField(_("rank"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["quarter", "subject", "rank", "pk"]
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        constraints = [
            models.UniqueConstraint(
                fields=["quarter", "team"], condition=Q(subject="team"), name="inv_row_team_once"
            ),
            models.UniqueConstraint(
                fields=["quarter", "cadre"], condition=Q(subject="cadre"), name="inv_row_cadre_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quarter_id}: {self.team or self.cadre} #{self.rank}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action not in {"view", "export"}:
            return None
        team_rows = Q(subject="team") & (district_q(scope, action, "quarter__org_unit") or Q(pk__in=[]))
        cadre_rows = Q(subject="cadre") & (
            any_of(
                scope.q_org("quarter__org_unit__path", ORG),
                Q(cadre_id=scope.user_id) if action == "view" else None,
            )
            or Q(pk__in=[])
        )
        return team_rows | cadre_rows


class LateChange(models.Model):
    """A change touching a closed quarter: logged here, never applied to its frozen figures."""

    quarter = models.ForeignKey(
        Quarter, on_delete=models.CASCADE, related_name="late_changes", verbose_name=_("quarter")
    )
    project = models.ForeignKey(
        "investment.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    description = models.CharField(_("change"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change after closing")
        verbose_name_plural = _("changes after closing")

    def __str__(self) -> str:
        return self.description

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return district_q(scope, "view", "quarter__org_unit") if action in {"view", "export"} else None
