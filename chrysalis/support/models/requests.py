"""Enterprise requests (诉求), their dispatches, history and attachments."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import Role
from chrysalis.core.models import VersionedModel
from chrysalis.core.querysets import RestrictedQuerySet
from chrysalis.core.scope import Scope, any_of
from chrysalis.support.choices import Category, Channel, DueState, Event, Status, Urgency

DA, SO, GW, DH = Role.DISTRICT_ADMIN, Role.SERVICE_OFFICER, Role.GRID_WORKER, Role.DEPARTMENT_HANDLER


def request_q(scope: Scope, action: str, prefix: str = "") -> Q | None:
    """Who reaches which requests (with `prefix="request__"`, their child rows).

    District admins: requests of enterprises in their subtree. Service officers: requests of the
    enterprises they are assigned to (lead or helper). Grid workers: their grid's enterprises.
    Department handlers: requests currently or previously dispatched to their department.
    Enterprise users: their own firm's. Everyone: the requests they raised.
    """
    if action not in {"view", "export", "change"}:
        return None
    from chrysalis.support.models.coverage import Assignment

    path = f"{prefix}enterprise__org_unit__path"
    parts: list[Q | None] = [
        Q(**{f"{prefix}raised_by_id": scope.user_id}),
        scope.q_org(path, DA),
        scope.q_org(path, GW),
    ]
    if scope.has(SO):
        assigned = Assignment.objects.filter(officer_id=scope.user_id, ended_at__isnull=True).values(
            "enterprise_id"
        )
        parts.append(Q(**{f"{prefix}enterprise_id__in": assigned}))
    departments = scope.departments(DH)
    if departments:
        seen = RequestDispatch.objects.filter(department_id__in=sorted(departments)).values("request_id")
        parts.append(
            Q(**{f"{prefix}department_id__in": sorted(departments)})
            | Q(**{"request_id__in" if prefix else "pk__in": seen})
        )
    own = scope.own_enterprises
    if own and action != "export":
        parts.append(Q(**{f"{prefix}enterprise_id__in": sorted(own)}))
    return any_of(*parts)


class ServiceRequest(VersionedModel):
    """A request an enterprise raised (诉求), tracked to closure under working-day limits."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("enterprise"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    tags = models.CharField(
        _("tags"), max_length=200, blank=True, help_text=_("Free tags, separated by commas.")
    )
    title = models.CharField(_("subject"), max_length=120)
    description = models.TextField(_("description"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("department"),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    visit = models.ForeignKey(
        "support.Visit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("raised during visit"),
    )
    raised_at = models.DateTimeField(_("raised at"), db_index=True)
    # the clock: starts at the first dispatch, never restarts on return or re-dispatch
    first_dispatched_at = models.DateTimeField(_("first dispatched at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    sign_due_at = models.DateTimeField(_("sign-for due"), null=True, blank=True)
    resolve_days = models.PositiveSmallIntegerField(_("resolution limit (working days)"), default=0)
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0)
    paused_days = models.PositiveSmallIntegerField(_("paused (working days)"), default=0)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    due_state = models.CharField(
        _("time state"), max_length=10, choices=DueState.choices, blank=True, default="", db_index=True
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("answered on time"), null=True, blank=True)
    working_days_to_answer = models.PositiveSmallIntegerField(
        _("working days to answer"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    feedback = models.TextField(_("enterprise feedback"), blank=True)
    return_count = models.PositiveSmallIntegerField(_("returns"), default=0)
    reopen_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    redispatch_count = models.PositiveSmallIntegerField(_("re-dispatches"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="support_request_satisfaction_1_5",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["dispatched", "in_progress", "extension_requested", "paused"])
                | Q(department__isnull=False),
                name="support_request_dispatched_has_department",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="support_req_status_due"),
            models.Index(fields=["department", "status"], name="support_req_dept_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("support:request_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return request_q(scope, action)

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]

    @property
    def is_open(self) -> bool:
        return self.status in {
            Status.SUBMITTED,
            Status.DISPATCHED,
            Status.IN_PROGRESS,
            Status.EXTENSION_REQUESTED,
            Status.PAUSED,
        }


class RequestChild(models.Model):
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, scope: Scope, action: str) -> Q | None:
        return request_q(scope, "view" if action == "export" else action, "request__")


class RequestDispatch(RequestChild):
    """One dispatch of a request to a department, and what the department did with it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting sign-for")
        SIGNED = "signed", _("Signed for")
        RETURNED = "returned", _("Returned")
        REDISPATCHED = "redispatched", _("Re-dispatched")

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="dispatches", verbose_name=_("request")
    )
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    dispatched_at = models.DateTimeField(_("dispatched at"))
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dispatched by"),
    )
    by_rule = models.BooleanField(_("by category rule"), default=False)
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, default=Outcome.PENDING)
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed for by"),
    )
    closed_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["dispatched_at", "pk"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        indexes = [models.Index(fields=["department", "request"], name="support_dispatch_dept")]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.department_id}"


class RequestEvent(RequestChild):
    """History row of one transition (append-only): actor, time, from, to, reason."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_repr = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("at"), db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("request history")
        verbose_name_plural = _("request history")

    def __str__(self) -> str:
        return f"{self.request_id} {self.event}"


class RequestAttachment(RequestChild):
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("request")
    )
    file = models.FileField(_("file"), upload_to="support/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("support:attachment_download", args=[self.pk])


class RequestCounter(models.Model):
    """The last request number given out in a year (SQ2026000123 → year 2026, last 123).

    `request_create` locks the year's row (`select_for_update`) until its transaction ends, so
    concurrent creations take consecutive numbers instead of colliding; never read by users."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("request counter")
        verbose_name_plural = _("request counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
