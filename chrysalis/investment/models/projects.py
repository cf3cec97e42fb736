"""Task forces (招商突击队) and their investment projects (招商项目) with the stage history."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.core.models import VersionedModel
from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope
from chrysalis.investment.choices import (
    LANDED_OR_LATER,
    ConflictDecision,
    ConflictStatus,
    Direction,
    Source,
    Stage,
)
from chrysalis.investment.models.scopes import district_q, team_q

# Amounts are kept in 亿元 (100 million yuan) with four decimals (= 1 万元 precision).
AMOUNT = {"max_digits": 14, "decimal_places": 4}
MAJOR_THRESHOLD = Decimal("10")  # ≥ 10亿元: a major project (重大项目)


class TaskForce(VersionedModel):
    """The task-force side of an accounts.Team of kind task_force: direction, mentor, term, rhythm."""

    team = models.OneToOneField(
        "accounts.Team", on_delete=models.PROTECT, related_name="task_force", verbose_name=_("team")
    )
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentored_task_forces",
        verbose_name=_("mentoring district leader"),
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    groups = models.PositiveSmallIntegerField(
        _("groups on a visiting day"), default=2, help_text=_("e.g. 2 for 5 people in two groups")
    )
    visits_per_day = models.PositiveSmallIntegerField(
        _("companies to visit per day"), default=4, help_text=_("The visiting rhythm the team aims at.")
    )
    quarter_target = models.PositiveSmallIntegerField(_("projects to land per quarter"), default=4)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["team__name"]
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")), name="inv_tf_term_order"
            ),
        ]

    def __str__(self) -> str:
        return self.team.name

    def get_absolute_url(self) -> str:
        return reverse("investment:taskforce_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return district_q(scope, action, "team__org_unit")


class Project(VersionedModel):
    """An investment project chased by one task force, from first lead to production."""

    name = models.CharField(_("project name"), max_length=120)
    investor_name = models.CharField(_("investor"), max_length=120)
    investor_key = models.CharField(
        _("normalised investor name"), max_length=120, editable=False, db_index=True
    )
    investor_country = models.CharField(_("investor country or region"), max_length=40, default="中国")
    investor_city = models.CharField(_("investor city"), max_length=40, blank=True)
    investor_uscc = models.CharField(
        _("investor's unified social credit code"), max_length=18, blank=True, db_index=True
    )
    industry_code = models.CharField(_("industry (GB/T 4754-2017)"), max_length=5, blank=True)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    planned_investment = models.DecimalField(
        _("planned investment (100 million yuan)"), null=True, blank=True, **AMOUNT
    )
    registered_capital = models.DecimalField(
        _("registered capital (100 million yuan)"), null=True, blank=True, **AMOUNT
    )
    fund_size = models.DecimalField(_("fund size (100 million yuan)"), null=True, blank=True, **AMOUNT)
    # the figure the evaluation counts: the fund size for a fund, else the planned investment
    amount = models.DecimalField(_("amount (100 million yuan)"), default=0, editable=False, **AMOUNT)
    source = models.CharField(_("lead source"), max_length=20, choices=Source.choices, default=Source.VISIT)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="projects", verbose_name=_("lead task force")
    )
    cadres = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="investment_projects",
        verbose_name=_("responsible cadres"),
    )
    is_headquarters = models.BooleanField(_("headquarters project"), default=False)
    is_fund = models.BooleanField(_("fund"), default=False)
    is_fortune500 = models.BooleanField(_("Fortune Global 500 investor"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.LEAD, db_index=True
    )
    stage_before_pause = models.CharField(
        _("stage before shelving"), max_length=12, blank=True, editable=False
    )
    registered_on = models.DateField(_("lead registered on"), db_index=True)
    contacted_on = models.DateField(_("first contact on"), null=True, blank=True)
    negotiating_on = models.DateField(_("negotiations since"), null=True, blank=True)
    signed_on = models.DateField(_("agreement signed on"), null=True, blank=True, db_index=True)
    agreement_document = models.FileField(
        _("agreement document"), upload_to="investment/agreements/%Y/", blank=True
    )
    landed_on = models.DateField(_("registered and landed on"), null=True, blank=True, db_index=True)
    landed_uscc = models.CharField(_("registered unified social credit code"), max_length=18, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investment_projects",
        verbose_name=_("enterprise in the registry"),
    )
    started_on = models.DateField(_("construction started on"), null=True, blank=True)
    producing_on = models.DateField(_("production started on"), null=True, blank=True)
    closed_reason = models.CharField(_("reason shelved or lost"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on", "-pk"]
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_investment__isnull=True) | Q(planned_investment__gte=0),
                name="inv_proj_planned_ge0",
            ),
            models.CheckConstraint(
                condition=Q(registered_capital__isnull=True) | Q(registered_capital__gte=0),
                name="inv_proj_capital_ge0",
            ),
            models.CheckConstraint(
                condition=Q(fund_size__isnull=True) | Q(fund_size__gte=0), name="inv_proj_fund_ge0"
            ),
            models.CheckConstraint(
                condition=~Q(stage="signed") | Q(signed_on__isnull=False),
                name="inv_proj_signed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=["landed", "started", "producing"])
                | (Q(landed_on__isnull=False) & ~Q(landed_uscc="") & Q(enterprise__isnull=False)),
                name="inv_proj_landed_has_enterprise",
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=["started", "producing"]) | Q(started_on__isnull=False),
                name="inv_proj_started_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "landed_on"], name="inv_proj_team_landed"),
            models.Index(fields=["team", "signed_on"], name="inv_proj_team_signed"),
            models.Index(fields=["team", "registered_on"], name="inv_proj_team_reg"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("investment:project_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return team_q(scope, action, "team")

    @property
    def is_major(self) -> bool:
        return self.amount >= MAJOR_THRESHOLD

    @property
    def is_landed(self) -> bool:
        return self.stage in LANDED_OR_LATER


class ProjectMove(models.Model):
    """One stage change of a project: who, when, the effective date, the reason and the evidence."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="moves", verbose_name=_("project")
    )
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    on = models.DateField(_("effective date"), db_index=True)
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    forward = models.BooleanField(_("advance"), default=True)
    reason = models.TextField(_("reason"), blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "at", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        indexes = [models.Index(fields=["on", "forward"], name="inv_move_on_fwd")]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_stage} → {self.to_stage}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return team_q(scope, "view" if action == "export" else action, "project__team")


class LeadConflict(VersionedModel):
    """Two teams chasing the same investor (撞单): the first lead owns it; the district admin decides."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("later lead")
    )
    earlier = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("earlier lead")
    )
    matched_on = models.CharField(_("matched on"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.OPEN, db_index=True
    )
    decision = models.CharField(_("decision"), max_length=20, choices=ConflictDecision.choices, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ruled by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-created_at"]
        verbose_name = _("duplicate lead")
        verbose_name_plural = _("duplicate leads")
        constraints = [
            models.UniqueConstraint(fields=["project", "earlier"], name="inv_conflict_pair_once"),
            models.CheckConstraint(condition=~Q(project=models.F("earlier")), name="inv_conflict_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.project} / {self.earlier}"

    def get_absolute_url(self) -> str:
        return reverse("investment:conflict_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action == "manage":
            return team_q(scope, "manage", "project__team")
        later = team_q(scope, action, "project__team")
        earlier = team_q(scope, action, "earlier__team")
        if later is None and earlier is None:
            return None
        return (later or Q(pk__in=[])) | (earlier or Q(pk__in=[]))
