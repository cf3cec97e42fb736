"""Yearly figures (年度经营数据) and the history of every value."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chrysalis.core.models import SoftDeleteModel, VersionedModel
from chrysalis.core.querysets import RestrictedManager, RestrictedQuerySet
from chrysalis.enterprises.choices import FIGURE_FIELDS, FigureSource
from chrysalis.enterprises.models.enterprise import MONEY, EnterpriseChild

RATIO = {"max_digits": 7, "decimal_places": 4}


class YearFigures(EnterpriseChild, SoftDeleteModel, VersionedModel):
    """One enterprise's figures for one year. Money in 万元 (Decimal).

    Every value has a source and an as-of date: `source` / `as_of` hold the row's default and
    `field_sources` the exceptions, {field: {"source": …, "as_of": "YYYY-MM-DD"}}. Use
    `provenance(field)`.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="years", verbose_name=_("enterprise")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    revenue = models.DecimalField(_("Operating revenue"), null=True, blank=True, **MONEY)
    main_revenue = models.DecimalField(_("Main business revenue"), null=True, blank=True, **MONEY)
    rd_expense = models.DecimalField(_("R&D expense"), null=True, blank=True, **MONEY)
    net_profit = models.DecimalField(_("Net profit"), null=True, blank=True, **MONEY)
    total_assets = models.DecimalField(_("Total assets"), null=True, blank=True, **MONEY)
    total_liabilities = models.DecimalField(_("Total liabilities"), null=True, blank=True, **MONEY)
    total_cost_expense = models.DecimalField(_("Total costs and expenses"), null=True, blank=True, **MONEY)
    employees = models.PositiveIntegerField(_("Employees"), null=True, blank=True)
    rd_staff = models.PositiveIntegerField(_("R&D staff"), null=True, blank=True)
    tech_staff = models.PositiveIntegerField(_("Technical staff"), null=True, blank=True)
    tax_paid = models.DecimalField(_("Taxes paid"), null=True, blank=True, **MONEY)
    digital_level = models.PositiveSmallIntegerField(_("Digital maturity level"), null=True, blank=True)
    quality_score = models.DecimalField(
        _("Development quality score"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    niche_share = models.DecimalField(_("Domestic niche market share"), null=True, blank=True, **RATIO)
    niche_share_international = models.DecimalField(
        _("International niche market share"), null=True, blank=True, **RATIO
    )
    niche_rank_domestic = models.PositiveIntegerField(_("Domestic niche market rank"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=FigureSource.choices, default=FigureSource.SELF_REPORTED
    )
    as_of = models.DateField(_("as of"), null=True, blank=True)
    field_sources = models.JSONField(_("per-figure sources"), default=dict, blank=True)
    import_batch = models.ForeignKey(
        "enterprises.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["enterprise", "-year"]
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="enterprises_yearfigures_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.year}"

    def provenance(self, field: str) -> tuple[str, str | None]:
        entry = (self.field_sources or {}).get(field)
        if entry:
            return entry.get("source") or self.source, entry.get("as_of")
        return self.source, self.as_of.isoformat() if self.as_of else None

    @property
    def self_reported(self) -> bool:
        return self.source == FigureSource.SELF_REPORTED or any(
            (v or {}).get("source") == FigureSource.SELF_REPORTED for v in (self.field_sources or {}).values()
        )

    def values(self) -> dict:
        return {f.name: getattr(self, f.name) for f in FIGURE_FIELDS}


class FigureRevision(EnterpriseChild):
    """Append-only history of one value: old, new, source, who, when, which import batch.

    `year` is null for profile fields (name, grid, industry…) changed by an import.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("enterprise"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    field = models.CharField(_("field"), max_length=40)
    old_value = models.TextField(_("old value"), blank=True, null=True)  # noqa: DJ001 - null = the value was unknown
    new_value = models.TextField(_("new value"), blank=True, null=True)  # noqa: DJ001 - null = the value was cleared
    source = models.CharField(_("source"), max_length=20, blank=True)
    batch = models.ForeignKey(
        "enterprises.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("import batch"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    actor_repr = models.CharField(_("changed by"), max_length=150, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("value change")
        verbose_name_plural = _("value changes")

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year or ''} {self.field}"


__all__ = ["YearFigures", "FigureRevision", "RestrictedQuerySet"]
