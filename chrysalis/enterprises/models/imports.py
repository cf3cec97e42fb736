"""Import batches: one uploaded spreadsheet, its mapping, validation report and outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.models import VersionedModel
from chrysalis.core.scope import Scope
from chrysalis.enterprises.choices import FigureSource, ImportStatus


class ImportBatch(VersionedModel):
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation unit")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED, db_index=True
    )
    file_name = models.CharField(_("file name"), max_length=200)
    file_hash = models.CharField(_("file SHA-256"), max_length=64, db_index=True)
    file_size = models.PositiveIntegerField(_("file size"), default=0)
    file_kind = models.CharField(_("file type"), max_length=5)
    stored_path = models.CharField(
        max_length=200, blank=True, editable=False
    )  # server-generated; deleted after commit
    headers = models.JSONField(_("columns"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    dropped_columns = models.JSONField(_("ignored columns"), default=list, blank=True)
    default_source = models.CharField(
        _("source of the figures"),
        max_length=20,
        choices=FigureSource.choices,
        default=FigureSource.STATISTICS,
    )
    as_of = models.DateField(_("figures as of"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    stats = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)
    rolled_back_at = models.DateTimeField(_("rolled back at"), null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rolled back by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("enterprises:import_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        if action in {"view", "change", "import", "export"}:
            return scope.q_org("org_unit__path", Role.DISTRICT_ADMIN)
        return None
