"""Choices of enterprise service (助企服务)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chrysalis.accounts.choices import DepartmentKind


class Category(models.TextChoices):
    FINANCE = "finance", _("Finance")
    LEGAL = "legal", _("Legal")
    SAFETY = "safety", _("Work safety")
    ENVIRONMENT = "environment", _("Environment")
    DIGITAL = "digital", _("Digital reform")
    LAND = "land", _("Land and space")
    TALENT = "talent", _("Talent")
    POLICY = "policy", _("Policy")
    PERMITS = "permits", _("Permits and approvals")
    OTHER = "other", _("Other")


# Category -> the department kind a request is dispatched to by default (overridable per request).
CATEGORY_DEPARTMENT = {
    Category.FINANCE: DepartmentKind.FINANCE,
    Category.LEGAL: DepartmentKind.LEGAL,
    Category.SAFETY: DepartmentKind.SAFETY,
    Category.ENVIRONMENT: DepartmentKind.ENVIRONMENT,
    Category.DIGITAL: DepartmentKind.DIGITAL,
    Category.LAND: DepartmentKind.LAND,
    Category.TALENT: DepartmentKind.TALENT,
    Category.POLICY: DepartmentKind.ECONOMY,
    Category.PERMITS: DepartmentKind.MARKET,
    Category.OTHER: DepartmentKind.ENTERPRISE_SERVICE,
}


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    CRITICAL = "critical", _("Critical")


class Channel(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    PORTAL = "portal", _("Enterprise portal")
    EVENT = "event", _("Event")
    HOTLINE = "hotline", _("Hotline")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting dispatch")
    DISPATCHED = "dispatched", _("Awaiting sign-for")
    IN_PROGRESS = "in_progress", _("In progress")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    PAUSED = "paused", _("Paused (waiting on the enterprise)")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = frozenset(
    {Status.SUBMITTED, Status.DISPATCHED, Status.IN_PROGRESS, Status.EXTENSION_REQUESTED, Status.PAUSED}
)
RESOLVED_STATUSES = frozenset({Status.ANSWERED, Status.CLOSED})


class Event(models.TextChoices):
    CREATE = "create", _("Record")
    DISPATCH = "dispatch", _("Dispatch")
    REDISPATCH = "redispatch", _("Re-dispatch")
    SIGN = "sign", _("Sign for")
    RETURN = "return", _("Return")
    REQUEST_EXTENSION = "request_extension", _("Request extension")
    APPROVE_EXTENSION = "approve_extension", _("Approve extension")
    REJECT_EXTENSION = "reject_extension", _("Reject extension")
    PAUSE = "pause", _("Pause (wait on enterprise)")
    RESUME = "resume", _("Resume")
    ANSWER = "answer", _("Answer")
    CONFIRM = "confirm", _("Confirm and rate")
    REOPEN = "reopen", _("Reopen")
    WITHDRAW = "withdraw", _("Withdraw")


class DueState(models.TextChoices):
    NONE = "", _("—")
    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead officer")
    HELPER = "helper", _("Helper")


class HandOverKind(models.TextChoices):
    ASSIGN = "assign", _("Assigned")
    REASSIGN = "reassign", _("Re-assigned")
    END = "end", _("Ended")
    FALLBACK_INACTIVE = "fallback_inactive", _("Fell back to grid: officer left or deactivated")
    FALLBACK_OVERLOAD = "fallback_overload", _("Fell back to grid: officer over workload")


class AlertKind(models.TextChoices):
    SIGN_REMINDER = "sign_reminder", _("Sign-for reminder (催办)")
    SIGN_OVERDUE = "sign_overdue", _("Sign-for overdue (督办)")
    DUE_REMINDER = "due_reminder", _("Resolution reminder (催办)")
    OVERDUE = "overdue", _("Resolution overdue (督办)")


class NotificationKind(models.TextChoices):
    DIGEST = "digest", _("Daily digest")
    INFO = "info", _("Information")
