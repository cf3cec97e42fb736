"""Programmes (行动), their measures (举措) and targets (指标); monthly snapshots of the targets,
manual values with their evidence, the listing track (上市培育) and the reports handed upward.

Scope: a programme belongs to its lead unit. District / zone administrators of that unit's subtree
plan and edit it; service officers of the subtree read it. Measures, targets, snapshots and manual
values are scoped through their programme; a report through its unit; the listing track through
the firm (like the registry).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.models import VersionedModel
from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope
from chrysalis.programmes.choices import ListingStage, MeasureStatus, ReportKind, ReportStatus, TargetStatus

DA, SO = Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER
VALUE = {"max_digits": 18, "decimal_places": 4}
READERS = (DA, SO)
WRITERS = (DA,)


def unit_q(scope: Scope, action: str, path: str) -> Q | None:
    """Readers (view, export): administrators and service officers of the unit's subtree; writers:
    its administrators."""
    if action in {"view", "export"}:
        return scope.q_org(path, *READERS)
    if action in {"add", "change", "delete"}:
        return scope.q_org(path, *WRITERS)
    return None


class Programme(VersionedModel):
    """One named action (行动), e.g. 专精特新扬帆行动, led by one unit over a period."""

    unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="programmes", verbose_name=_("lead unit")
    )
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="programmes_programme_period",
                violation_error_message=_("The end of the period cannot be before its start."),
            ),
            models.UniqueConstraint(fields=["unit", "name"], name="programmes_programme_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return unit_q(scope, action, "unit__path")


class ProgrammeChild(VersionedModel):
    """Rows of one programme: read and written by whoever reads and writes the programme."""

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return unit_q(scope, action, "programme__unit__path")


class Measure(ProgrammeChild):
    """A measure (举措) of a programme, with its lead unit, co-units and deadline."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="measures", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    lead_unit = models.CharField(_("lead unit"), max_length=100)
    co_units = models.CharField(_("co-operating units"), max_length=300, blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    note = models.TextField(_("progress note"), blank=True)

    class Meta:
        ordering = ["programme", "deadline", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", args=[self.programme_id]) + f"#measure-{self.pk}"


class Target(ProgrammeChild):
    """A target (指标): a metric of the catalogue with its parameters, or a manual figure."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="targets", verbose_name=_("programme")
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("measure"),
    )
    name = models.CharField(_("name"), max_length=150)
    metric = models.CharField(
        _("metric"), max_length=40, blank=True, help_text=_("Empty: a manual target, entered with evidence.")
    )
    params = models.JSONField(_("metric parameters"), default=dict, blank=True)
    unit_label = models.CharField(_("unit of measure"), max_length=20, blank=True)
    baseline = models.DecimalField(_("baseline"), **VALUE)
    target_value = models.DecimalField(_("target value"), **VALUE)
    starts_on = models.DateField(_("counted from"))
    deadline = models.DateField(_("deadline"))
    owner = models.CharField(_("owner"), max_length=80)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner's account"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("starts_on")),
                name="programmes_target_deadline_after_start",
                violation_error_message=_("The deadline must be after the date counting starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:target_detail", args=[self.pk])

    @property
    def is_manual(self) -> bool:
        return not self.metric


class TargetChild(models.Model):
    """Rows of one target (snapshots, manual values): scoped through the target's programme."""

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("programmes:target_detail", args=[self.target_id])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return unit_q(scope, action, "target__programme__unit__path")


class ManualValue(TargetChild):
    """A figure entered by hand for a manual target, always with its evidence. Kept as entered: a
    correction is a newer value."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="manual_values", verbose_name=_("target")
    )
    value = models.DecimalField(_("value"), **VALUE)
    as_of = models.DateField(_("as of"))
    evidence = models.TextField(_("evidence"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = _("manual value")
        verbose_name_plural = _("manual values")

    def __str__(self) -> str:
        return f"{self.value} ({self.as_of})"


class Snapshot(TargetChild):
    """The target's value at the end of one month (or today, for the running month), with the status
    the rule gave it. One per (target, month): the job overwrites the row of the month it recomputes."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("target")
    )
    month = models.DateField(_("month"))
    as_of = models.DateField(_("as of"))
    value = models.DecimalField(_("value"), null=True, blank=True, **VALUE)
    expected = models.DecimalField(_("expected by now"), null=True, blank=True, **VALUE)
    projected = models.DecimalField(_("projected at the deadline"), null=True, blank=True, **VALUE)
    status = models.CharField(_("status"), max_length=12, choices=TargetStatus.choices)
    manual = models.BooleanField(_("manual"), default=False)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        ordering = ["target", "month"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        constraints = [
            models.UniqueConstraint(fields=["target", "month"], name="programmes_snapshot_one_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.month:%Y-%m}"


class ListingEntry(VersionedModel):
    """A firm on the listing track (上市培育库) and how far along it is."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="listing_entry",
        verbose_name=_("enterprise"),
    )
    stage = models.CharField(_("stage"), max_length=14, choices=ListingStage.choices)
    since = models.DateField(_("on the track since"))
    exchange = models.CharField(_("target exchange / board"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["enterprise__name"]
        verbose_name = _("listing track entry")
        verbose_name_plural = _("listing track")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_stage_display()}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:listing_list") + f"?q={self.enterprise.name}"

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return unit_q(scope, action, "enterprise__org_unit__path")


class Report(VersionedModel):
    """A monthly or quarterly report of a unit's programmes. A draft is edited (its free sections) and
    regenerated; once issued, its files and figures are kept exactly as issued."""

    unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, related_name="programme_reports", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    title = models.CharField(_("title"), max_length=150)
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    sections = models.JSONField(_("editable sections"), default=dict, blank=True)
    figures = models.JSONField(_("figures as issued"), default=dict, blank=True, editable=False)
    docx = models.FileField(_("Word file"), upload_to="programmes/reports/%Y/", blank=True, editable=False)
    xlsx = models.FileField(_("Excel file"), upload_to="programmes/reports/%Y/", blank=True, editable=False)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="programmes_report_period",
                violation_error_message=_("The end of the period cannot be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:report_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return unit_q(scope, action, "unit__path")

    @property
    def is_issued(self) -> bool:
        return self.status == ReportStatus.ISSUED
