"""Villages (农文旅): village profiles on the organisation tree, the metric catalogue and figure
entries with their source and method, operators (艺术村长), pairings and whole-village plans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import OrgUnit
from chrysalis.core.models import TimeStampedModel, VersionedModel
from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope, any_of
from chrysalis.villages.choices import (
    REVIEW_ROLES,
    VILLAGE_ROLES,
    CapacityUnit,
    Element,
    FigureStatus,
    HonourLevel,
    OperatorKind,
    PeriodKind,
    PlanStatus,
    ProjectKind,
    ProjectStage,
    Source,
    Unit,
)


def _village_q(scope: Scope, lookup: str, action: str) -> Q | None:
    """The rule every village-owned row follows (`lookup` leads to the village unit's path)."""
    if action in {"view", "export", "add", "change"}:
        return scope.q_org(lookup, *VILLAGE_ROLES)
    if action == "assess":  # review figures, approve plans: the street or the district
        return scope.q_org(lookup, *REVIEW_ROLES)
    return None


class Village(VersionedModel):
    """The profile of a village or community (a COMMUNITY unit of the organisation tree)."""

    unit = models.OneToOneField(
        OrgUnit, on_delete=models.PROTECT, related_name="village", verbose_name=_("organisation unit")
    )
    population = models.PositiveIntegerField(_("population"), default=0)
    households = models.PositiveIntegerField(_("households"), default=0)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=8, decimal_places=2, default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    def __str__(self) -> str:
        return self.unit.name

    def get_absolute_url(self) -> str:
        return reverse("villages:village_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action == "add":  # a new profile: the street or the district
            return scope.q_org("unit__path", *REVIEW_ROLES)
        return _village_q(scope, "unit__path", action)


class CollectiveIncome(TimeStampedModel):
    """村集体经济收入 of one year, in 万元."""

    village = models.ForeignKey(
        Village, on_delete=models.CASCADE, related_name="incomes", verbose_name=_("village")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (10,000 yuan)"), max_digits=12, decimal_places=2)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["village", "-year"]
        verbose_name = _("collective income")
        verbose_name_plural = _("collective incomes")
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="villages_income_unique_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="villages_income_not_negative"),
        ]

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return _village_q(scope, "village__unit__path", action)


class Resource(VersionedModel):
    """One resource of the six elements 吃住行游购娱 (a homestay with its beds, a restaurant…)."""

    village = models.ForeignKey(
        Village, on_delete=models.CASCADE, related_name="resources", verbose_name=_("village")
    )
    element = models.CharField(_("element"), max_length=12, choices=Element.choices)
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    capacity_unit = models.CharField(_("capacity unit"), max_length=16, choices=CapacityUnit.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["village", "element", "name"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.UniqueConstraint(fields=["village", "name"], name="villages_resource_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.village.get_absolute_url()

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return _village_q(scope, "village__unit__path", action)


class VillagePhoto(TimeStampedModel):
    """A photo of a village (checked by `villages.uploads.check_photo`, served through a scoped view)."""

    village = models.ForeignKey(
        Village, on_delete=models.CASCADE, related_name="photos", verbose_name=_("village")
    )
    image = models.ImageField(_("photo"), upload_to="villages/photos/%Y/")
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["village", "-created_at"]
        verbose_name = _("village photo")
        verbose_name_plural = _("village photos")

    def __str__(self) -> str:
        return self.caption or str(self.village)

    def get_absolute_url(self) -> str:
        return reverse("villages:photo", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return _village_q(scope, "village__unit__path", action)


class Metric(TimeStampedModel):
    """The metric catalogue: what is counted, in which unit, by which definition."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    definition = models.TextField(_("definition"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action == "view":  # the catalogue is readable by everyone working in the module
            return Q() if scope.has(*VILLAGE_ROLES) else None
        return None


class FigureEntry(VersionedModel):
    """One figure of one village, metric and period (a month, or a quarter starting on `period`)."""

    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="figures", verbose_name=_("village")
    )
    # the village unit's path, copied on entry so that totals up the tree use one index
    path = models.CharField(max_length=255, editable=False, db_index=True)
    metric = models.ForeignKey(
        Metric, on_delete=models.PROTECT, related_name="entries", verbose_name=_("metric")
    )
    period_kind = models.CharField(
        _("period kind"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    period = models.DateField(_("period"), help_text=_("The first day of the month or quarter."))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    method = models.TextField(_("method note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FigureStatus.choices, default=FigureStatus.ENTERED
    )
    outlier_reason = models.TextField(_("reason for an unusual value"), blank=True)
    event_ref = models.CharField(_("event reference"), max_length=40, blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["-period", "village__unit__path", "metric__position"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(
                fields=["village", "metric", "period_kind", "period"], name="villages_figure_unique_period"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="villages_figure_not_negative"),
        ]
        indexes = [
            # totals up the tree read (metric, period, path, value) from the index alone on PostgreSQL
            models.Index(
                fields=["metric", "period", "path"], include=["value"], name="villages_fig_metric_period_v"
            ),
            # "waiting for review" counts: few rows, found without reading the whole table
            models.Index(fields=["status", "path"], name="villages_fig_status_path"),
        ]

    def __str__(self) -> str:
        return f"{self.village} · {self.metric} · {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.QUARTER:
            return f"{self.period.year}Q{(self.period.month - 1) // 3 + 1}"
        return f"{self.period.year}-{self.period.month:02d}"

    def get_absolute_url(self) -> str:
        return reverse("villages:figure_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return _village_q(scope, "path", action)


class ParentMonthTotal(models.Model):
    """Running totals of the figures of each village's parent unit (the street), per metric and period:
    the district view of the figures dashboard reads ~1,300 of these instead of every village's rows.

    Kept by the figure services in the same transaction as the entry (`services.figures._total_add`);
    `selectors.totals_rebuild()` recomputes the table from the entries (migration, benchmark). Every
    status counts, as on the dashboard."""

    path = models.CharField(max_length=255)  # the parent unit's path
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="+")
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    period = models.DateField()
    total = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    entries = models.PositiveIntegerField(default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period", "period_kind", "path"], name="villages_parent_total_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.path} · {self.metric_id} · {self.period}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        # a parent's total shows only to those who reach the whole parent (street staff, district)
        return scope.q_org("path", *VILLAGE_ROLES) if action == "view" else None


class FigureHistory(models.Model):
    """One move of a figure's review (who, when, from, to, why)."""

    figure = models.ForeignKey(FigureEntry, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    event = models.CharField(max_length=12)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.event}: {self.from_status} → {self.to_status}"


class Operator(VersionedModel):
    """A village operator: a person or studio (艺术村长 and teams) with a speciality."""

    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(
        _("kind"), max_length=8, choices=OperatorKind.choices, default=OperatorKind.PERSON
    )
    speciality = models.CharField(_("speciality"), max_length=120, blank=True)
    street = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="village_operators", verbose_name=_("street")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="village_operator_profiles",
        verbose_name=_("account"),
    )

    class Meta:
        ordering = ["street__path", "name"]
        verbose_name = _("operator")
        verbose_name_plural = _("operators")
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="villages_operator_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("villages:operator_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"view", "export"}:
            mine = Q(user_id=scope.user_id) if scope.has(*VILLAGE_ROLES) else None
            street = scope.q_org("street__path", *REVIEW_ROLES)
            paired = scope.q_org("pairings__village__unit__path", *VILLAGE_ROLES)
            present = [q for q in (mine, street, paired) if q is not None]
            if not present:
                return None
            combined = present[0]
            for q in present[1:]:
                combined |= q
            return Q(pk__in=cls._default_manager.filter(combined).values("pk"))
        if action in {"add", "change"}:
            return scope.q_org("street__path", *REVIEW_ROLES)
        return None


class Pairing(VersionedModel):
    """结对: an operator paired with a village for a term, under an agreement."""

    operator = models.ForeignKey(
        Operator, on_delete=models.CASCADE, related_name="pairings", verbose_name=_("operator")
    )
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="pairings", verbose_name=_("village")
    )
    starts = models.DateField(_("term starts"))
    ends = models.DateField(_("term ends"))
    agreement = models.CharField(_("agreement"), max_length=200, blank=True)

    class Meta:
        ordering = ["-starts"]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="villages_pairing_term"),
            models.UniqueConstraint(
                fields=["operator", "village", "starts"], name="villages_pairing_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operator} · {self.village}"

    def get_absolute_url(self) -> str:
        return self.operator.get_absolute_url()

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"add", "change"}:
            return scope.q_org("village__unit__path", *REVIEW_ROLES)
        return _village_q(scope, "village__unit__path", action)


class Plan(VersionedModel):
    """整村运营方案: a whole-village operation plan of one village for one year, with versions."""

    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="plans", verbose_name=_("village")
    )
    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="plans", verbose_name=_("operator")
    )
    title = models.CharField(_("title"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    plan_version = models.PositiveSmallIntegerField(_("plan version"), default=1)
    objectives = models.TextField(_("objectives"), blank=True)
    budget = models.DecimalField(_("budget (10,000 yuan)"), max_digits=12, decimal_places=2, default=0)
    funding_sources = models.CharField(_("funding sources"), max_length=200, blank=True)
    reward_base = models.DecimalField(
        _("base reward (10,000 yuan)"), max_digits=10, decimal_places=2, default=0
    )
    reward_bonus = models.DecimalField(
        _("bonus pool (10,000 yuan)"), max_digits=10, decimal_places=2, default=0
    )
    reward_threshold = models.DecimalField(
        _("achievement threshold"),
        max_digits=4,
        decimal_places=2,
        default=0.6,
        help_text=_("Below this share of a target, that target earns no bonus."),
    )
    reward_cap = models.DecimalField(
        _("achievement cap"),
        max_digits=4,
        decimal_places=2,
        default=1.2,
        help_text=_("Achievement above this share counts as the cap."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    reward_amount = models.DecimalField(
        _("reward (10,000 yuan)"), max_digits=10, decimal_places=2, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-year", "village__unit__path", "-plan_version"]
        verbose_name = _("operation plan")
        verbose_name_plural = _("operation plans")
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year", "plan_version"], name="villages_plan_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(reward_base__gte=0, reward_bonus__gte=0), name="villages_plan_reward"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.plan_version}"

    def get_absolute_url(self) -> str:
        return reverse("villages:plan_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return _village_q(scope, "village__unit__path", action)


class PlanTarget(TimeStampedModel):
    """A measurable target of a plan: a catalogue metric, the value aimed at, its weight in the bonus."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan"))
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="+", verbose_name=_("metric"))
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "metric__position"]
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "metric"], name="villages_target_unique_metric"),
            models.CheckConstraint(condition=Q(target__gt=0), name="villages_target_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0, weight__lte=1), name="villages_target_weight"),
        ]

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return _village_q(scope, "plan__village__unit__path", action)


class PlanHistory(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    event = models.CharField(max_length=12)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.event}: {self.from_status} → {self.to_status}"

    @property
    def from_label(self) -> str:
        return str(PlanStatus(self.from_status).label)

    @property
    def to_label(self) -> str:
        return str(PlanStatus(self.to_status).label)


class Project(VersionedModel):
    """A village project (艺创项目, park renovation, streetscape, route…) with stage and investment."""

    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="projects", verbose_name=_("village")
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=ProjectKind.choices)
    stage = models.CharField(
        _("stage"), max_length=12, choices=ProjectStage.choices, default=ProjectStage.PLANNED
    )
    public_investment = models.DecimalField(
        _("public investment (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    private_investment = models.DecimalField(
        _("private investment (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    jobs = models.PositiveIntegerField(_("jobs created"), default=0)
    firms = models.ManyToManyField(
        "enterprises.Enterprise", blank=True, related_name="village_projects", verbose_name=_("firms settled")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["village__unit__path", "name"]
        verbose_name = _("village project")
        verbose_name_plural = _("village projects")
        constraints = [
            models.UniqueConstraint(fields=["village", "name"], name="villages_project_unique_name"),
            models.CheckConstraint(
                condition=Q(public_investment__gte=0, private_investment__gte=0),
                name="villages_project_investment",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("villages:project_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return _village_q(scope, "village__unit__path", action)


class Honour(VersionedModel):
    """荣誉: a title a village won, with level, date, awarding body and evidence."""

    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="honours", verbose_name=_("village")
    )
    title = models.CharField(_("title"), max_length=160)
    level = models.CharField(_("level"), max_length=12, choices=HonourLevel.choices)
    awarded_on = models.DateField(_("awarded on"))
    awarding_body = models.CharField(_("awarding body"), max_length=120)
    evidence = models.CharField(
        _("evidence"), max_length=200, blank=True, help_text=_("Document number or link.")
    )
    is_public = models.BooleanField(_("shown on the public page"), default=True)

    class Meta:
        ordering = ["-awarded_on", "title"]
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        constraints = [
            models.UniqueConstraint(fields=["village", "title", "awarded_on"], name="villages_honour_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.village.get_absolute_url()

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return _village_q(scope, "village__unit__path", action)


class Route(VersionedModel):
    """参观旅游路线: ordered stops through one street's villages, printable as a card with a QR code."""

    street = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="village_routes", verbose_name=_("street")
    )
    name = models.CharField(_("name"), max_length=120)
    summary = models.TextField(_("summary"), blank=True)
    is_public = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["street__path", "name"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        constraints = [models.UniqueConstraint(fields=["street", "name"], name="villages_route_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("villages:route_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("villages:public_route", args=[self.pk])

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes for s in self.stops.all())

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"add", "change"}:
            return scope.q_org("street__path", *REVIEW_ROLES)
        if action in {"view", "export"}:
            reach = any_of(
                scope.q_org("street__path", *REVIEW_ROLES),
                scope.q_org("stops__village__unit__path", Role.VILLAGE_OPERATOR),
            )
            return None if reach is None else Q(pk__in=cls._default_manager.filter(reach).values("pk"))
        return None


class RouteStop(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="stops", verbose_name=_("route"))
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("stop"), max_length=120)
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("project")
    )
    resource = models.ForeignKey(
        Resource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resource"),
    )
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=30)
    text = models.CharField(_("text"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["route", "position"]
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        constraints = [
            models.UniqueConstraint(fields=["route", "position"], name="villages_stop_unique_position")
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return _village_q(scope, "route__street__path", action)
