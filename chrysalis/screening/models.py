"""Batch screening: runs over every enterprise in scope, and the zone's own screening rules."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.models import VersionedModel
from chrysalis.core.querysets import RestrictedManager
from chrysalis.core.scope import Scope
from chrysalis.criteria import ConditionError, compile_condition
from chrysalis.criteria.present import VERDICT_ZH
from chrysalis.enterprises.models.enterprise import enterprise_q


class Engine(models.TextChoices):
    DUCKDB = "duckdb", _("DuckDB (in-process)")
    SPARK = "spark", _("Spark")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


def admin_q(scope: Scope, prefix: str = "") -> Q | None:
    return scope.q_org(f"{prefix}org_unit__path", Role.DISTRICT_ADMIN)


class LocalRule(VersionedModel):
    """A zone's own screening rule in the condition language (A7), validated on save."""

    org_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("zone")
    )
    name = models.CharField(_("name"), max_length=80)
    condition = models.TextField(
        _("condition"), help_text=_("e.g. 研发占比 ≥ 3% 且 营业收入 ≥ 2000 且 税收增速 ≥ 10%")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("local screening rule")
        verbose_name_plural = _("local screening rules")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "name"], name="screening_localrule_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("screening:rule_edit", args=[self.pk])

    def clean(self) -> None:

        try:
            compile_condition(self.condition)
        except ConditionError as e:
            raise ValidationError({"condition": str(e)}) from None

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return admin_q(scope)


class ScreeningRun(models.Model):
    """One screening of every enterprise in the starter's scope, for one application year."""

    org_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("zone")
    )
    year = models.PositiveSmallIntegerField(_("application year"))
    engine = models.CharField(_("engine"), max_length=10, choices=Engine.choices, default=Engine.DUCKDB)
    rule_sets = models.JSONField(_("rule sets"), default=list)
    local_rules = models.JSONField(_("local rules"), default=dict)
    # rule set → "hard"/"review" for single-source or unresolved conditions, as set when started
    uncertain = models.JSONField(_("uncertain conditions"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    firms = models.PositiveIntegerField(_("firms"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    message = models.TextField(_("message"), blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("screening run")
        verbose_name_plural = _("screening runs")

    def __str__(self) -> str:
        return f"{self.year} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("screening:run_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return admin_q(scope)


class ScreeningResult(models.Model):
    """One firm's verdict under one rule set in a run (loaded back from the engine's output)."""

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="results")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="+", verbose_name=_("enterprise")
    )
    rule_set = models.CharField(_("rule set"), max_length=60)
    tier = models.CharField(_("tier"), max_length=20)
    verdict = models.CharField(_("verdict"), max_length=14)
    score_min = models.SmallIntegerField(_("minimum score"), null=True)
    score_max = models.SmallIntegerField(_("maximum score"), null=True)
    gap_conditions = models.SmallIntegerField(_("conditions not met"), default=0)
    gap_points = models.SmallIntegerField(_("points missing"), null=True)
    lacks = models.CharField(_("lacks"), max_length=400, blank=True)
    # criteria whose outcome is unknown (data to collect), comma-separated ids, and how many
    unknowns = models.SmallIntegerField(_("facts to collect"), default=0)
    collect = models.CharField(_("data to collect"), max_length=400, blank=True)
    # the gap analysis in words ("2025年研发费用还差 37.5 万元…"), one line each; computed when the run
    # loads, for the first rows of each tier's closest list (services.results.GAP_ROWS)
    steps = models.TextField(_("what it would take"), blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["gap_conditions", "gap_points"]
        verbose_name = _("screening result")
        verbose_name_plural = _("screening results")
        constraints = [
            models.UniqueConstraint(fields=["run", "enterprise", "rule_set"], name="screening_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.rule_set}: {self.verdict}"

    @property
    def verdict_zh(self) -> str:
        return VERDICT_ZH.get(self.verdict, self.verdict)

    @property
    def gap_size(self) -> int:
        return self.gap_conditions * 100 + (self.gap_points or 0)

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:

        run_q = admin_q(scope, "run__")
        ent_q = enterprise_q(scope, "view", "enterprise__")
        if run_q is None or ent_q is None:
            return None
        return run_q & ent_q


class LocalRuleResult(models.Model):
    """One firm's outcome under one of the zone's local rules ticked for a run."""

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="local_results")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="+", verbose_name=_("enterprise")
    )
    rule = models.CharField(_("local rule"), max_length=80)
    outcome = models.CharField(_("outcome"), max_length=14)

    objects = RestrictedManager()

    class Meta:
        ordering = ["rule", "outcome"]
        verbose_name = _("local rule result")
        verbose_name_plural = _("local rule results")
        constraints = [
            models.UniqueConstraint(fields=["run", "enterprise", "rule"], name="screening_localresult_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.rule}: {self.outcome}"

    @property
    def outcome_zh(self) -> str:
        return LOCAL_OUTCOME_ZH.get(self.outcome, self.outcome)

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return ScreeningResult.scope_q(scope, action)


LOCAL_OUTCOME_ZH = {"met": "符合", "not_met": "不符合", "unknown": "数据不全"}
