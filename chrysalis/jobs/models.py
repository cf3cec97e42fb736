"""Job records: what a background run (import, screening, report) is doing, for progress bars."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    # What the runner calls (chrysalis.jobs.runner): a @job_function's dotted path and its keyword
    # arguments (JSON). Empty for jobs recorded before the runner existed.
    function = models.CharField(_("function"), max_length=200, blank=True)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:job_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        # A job is visible to whoever started it (its results are scoped by their own models).
        return Q(created_by_id=scope.user_id) if action == "view" else None

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return int(self.progress * 100 / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}

    # Progress updates are single UPDATE statements so a page polling the job sees them at once.
    def mark_running(self, total: int = 0) -> None:
        Job.objects.filter(pk=self.pk).update(
            status=JobStatus.RUNNING, started_at=timezone.now(), total=total
        )

    def advance(self, step: int = 1) -> None:
        Job.objects.filter(pk=self.pk).update(progress=F("progress") + step)

    def set_progress(self, done: int, total: int | None = None, message: str | None = None) -> None:
        fields: dict = {"progress": done}
        if total is not None:
            fields["total"] = total
        if message is not None:
            fields["message"] = message[:2000]
        Job.objects.filter(pk=self.pk).update(**fields)

    def finish(self, *, ok: bool, message: str = "", result: dict | None = None) -> None:
        Job.objects.filter(pk=self.pk).update(
            status=JobStatus.SUCCEEDED if ok else JobStatus.FAILED,
            finished_at=timezone.now(),
            message=message,
            result=result or {},
        )


class WorkerHeartbeat(models.Model):
    """One row per running task worker (`manage.py run_worker`), touched every few seconds.

    Job pages read the freshest `last_seen` to say plainly when no worker is running, instead of
    showing "queued 0 / 0" forever. It is system state, not tenant data: no scope applies.
    """

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), default=0)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"

    # A worker touches its row every HEARTBEAT_SECONDS; STALE_SECONDS without one means "not running".
    HEARTBEAT_SECONDS = 5
    STALE_SECONDS = 30

    @classmethod
    def seconds_since_last(cls) -> float | None:
        """Seconds since any worker was last seen, or None if none ever was."""
        last = cls.objects.aggregate(m=models.Max("last_seen"))["m"]
        return None if last is None else (timezone.now() - last).total_seconds()
