"""The cultivation pool (培育库): each firm has a stage moved along allowed transitions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.models import VersionedModel
from chrysalis.core.querysets import RestrictedManager
from chrysalis.core.scope import Scope


class PoolStage(models.TextChoices):
    RESERVE = "reserve", _("reserve")
    INTENDED = "intended", _("intended")
    KEY = "key", _("key cultivation")
    APPLYING = "applying", _("applying")
    RECOGNISED = "recognised", _("recognised")
    REVIEW = "review", _("under review")


STAGE_RANK = {s: i for i, s in enumerate(PoolStage.values)}


class TierTarget(models.TextChoices):
    TECH_SME = "tech_sme", _("tech-based SME")
    INNOVATIVE_SME = "innovative_sme", _("innovative SME")
    ZJTX = "zjtx", _("specialised SME")
    LITTLE_GIANT = "little_giant", _("little giant")


class PoolSource(models.TextChoices):
    MANUAL = "manual", _("added by hand")
    SCREENING = "screening", _("screening run")


def pool_writers_q(scope: Scope, prefix: str = "") -> Q | None:
    return scope.q_org(f"{prefix}org_unit__path", Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER)


def pool_readers_q(scope: Scope, prefix: str = "") -> Q | None:
    """The pool is staff-only (issue 13 Medium 10): its stages, reasons and notes are internal. Staff
    who see the firm see its entry; an enterprise user never does (it sees its coaching plans and its
    assessments)."""
    return scope.q_org(f"{prefix}org_unit__path", Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.GRID_WORKER)


class PoolEntry(VersionedModel):
    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="pool_entry",
        verbose_name=_("enterprise"),
    )
    stage = models.CharField(_("stage"), max_length=12, choices=PoolStage.choices, default=PoolStage.RESERVE)
    tier_target = models.CharField(_("tier target"), max_length=16, choices=TierTarget.choices)
    source = models.CharField(
        _("source"), max_length=10, choices=PoolSource.choices, default=PoolSource.MANUAL
    )
    year = models.PositiveSmallIntegerField(_("year added"))
    gap_size = models.PositiveSmallIntegerField(
        _("gap size"),
        null=True,
        blank=True,
        help_text=_("100 per hard condition not met plus the points missing"),
    )
    lacks = models.CharField(_("lacks"), max_length=400, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["stage", "enterprise__name"]
        verbose_name = _("pool entry")
        verbose_name_plural = _("cultivation pool")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_stage_display()}"

    def get_absolute_url(self) -> str:
        return reverse("cultivation:pool_detail", args=[self.pk])

    @property
    def movement(self) -> int | None:
        """Stage steps moved since the snapshot of a year ago (positive = forward; None = not in it).
        Needs the ``stage_year_ago`` annotation of :func:`chrysalis.cultivation.selectors.with_year_ago`."""
        before = getattr(self, "stage_year_ago", None)
        if not before:
            return None
        return STAGE_RANK[self.stage] - STAGE_RANK[before]

    def get_stage_year_ago_display(self) -> str:
        before = getattr(self, "stage_year_ago", None)
        return str(PoolStage(before).label) if before else ""

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"view", "export"}:
            return pool_readers_q(scope, "enterprise__")
        if action in {"add", "change", "delete"}:
            return pool_writers_q(scope, "enterprise__")
        return None


class PoolStageChange(models.Model):
    """History of stage moves: who, when, why (append-only)."""

    entry = models.ForeignKey(PoolEntry, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(_("from"), max_length=12, choices=PoolStage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=PoolStage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("why"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} → {self.to_stage}"


class PoolSnapshot(models.Model):
    """Each pool entry's stage on a day (the yearly snapshot behind year-over-year movement).
    Written only by ``services.pool.pool_snapshot``; one row per entry and day."""

    entry = models.ForeignKey(
        PoolEntry, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("pool entry")
    )
    taken_on = models.DateField(_("taken on"), db_index=True)
    stage = models.CharField(_("stage"), max_length=12, choices=PoolStage.choices)
    tier_target = models.CharField(_("tier target"), max_length=16, choices=TierTarget.choices)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-taken_on", "entry_id"]
        verbose_name = _("pool snapshot")
        verbose_name_plural = _("pool snapshots")
        constraints = [
            models.UniqueConstraint(fields=["entry", "taken_on"], name="cultivation_poolsnapshot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} @ {self.taken_on}: {self.stage}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"view", "export"}:
            return pool_readers_q(scope, "entry__enterprise__")
        return pool_writers_q(scope, "entry__enterprise__")
