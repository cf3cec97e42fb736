"""In-app notifications: enterprise users about their requests, department handlers about what was
dispatched to them."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import RoleAssignment
from chrysalis.support.choices import Event, NotificationKind
from chrysalis.support.models import Notification, ServiceRequest

# The events the enterprise is told about.
ENTERPRISE_TOLD = frozenset({Event.ANSWER, Event.PAUSE, Event.CONFIRM})
# The events the receiving department's handlers are told about.
DEPARTMENT_TOLD = frozenset({Event.DISPATCH, Event.REDISPATCH})


def notify_enterprise(
    *, request: ServiceRequest, event: str, actor, now: dt.datetime, reason: str = ""
) -> int:
    """Tell the enterprise's users (in-app) that their request was answered, is paused waiting on
    them, or was closed. Digest-friendly: one notification per person, request and day, updated
    (and marked unread again) when the request moves again that day. Returns how many people were told."""
    users = set(
        RoleAssignment.objects.filter(
            role=Role.ENTERPRISE_USER, enterprise_id=request.enterprise_id, user__is_active=True
        ).values_list("user_id", flat=True)
    ) - {getattr(actor, "pk", None)}
    if not users:
        return 0
    titles: dict[str, str] = {
        Event.ANSWER: _("Your request %(number)s was answered: please confirm or reopen it"),
        Event.PAUSE: _("Your request %(number)s is waiting for you"),
        Event.CONFIRM: _("Your request %(number)s is closed"),
    }
    title = titles[event] % {"number": request.number}
    # the body is the day's lines under that title: what happened and the reason, not the title again
    happened: dict[str, str] = {
        Event.ANSWER: _("answered"),
        Event.PAUSE: _("paused, waiting for the firm"),
        Event.CONFIRM: _("closed"),
    }
    line = f"{timezone.localtime(now):%H:%M} {happened[event]}" + (
        f"：{reason}" if reason and event != Event.CONFIRM else ""
    )
    key = f"request:{request.pk}:{timezone.localtime(now):%Y-%m-%d}"
    current = {n.user_id: n for n in Notification.objects.filter(key=key, user_id__in=users)}
    for user_id in users:
        note = current.get(user_id)
        if note is None:
            Notification.objects.create(
                user_id=user_id,
                key=key,
                kind=NotificationKind.INFO,
                title=title[:200],
                body=line,
                url=request.get_absolute_url(),
            )
        else:
            Notification.objects.filter(pk=note.pk).update(
                title=title[:200], body=f"{note.body}\n{line}", read_at=None, updated_at=now
            )
    return len(users)


def notify_department(*, request: ServiceRequest, actor, now: dt.datetime) -> int:
    """Tell the handlers of the department a request was just dispatched to. Digest-friendly: one
    notification per handler and day, whose title counts the day's dispatches and whose body gets one
    line per request ("09:30 SQ2026000123 融资需求 · 杭州某某公司"). Returns how many people were told."""
    if request.department_id is None:
        return 0
    users = set(
        RoleAssignment.objects.filter(
            role=Role.DEPARTMENT_HANDLER, department_id=request.department_id, user__is_active=True
        ).values_list("user_id", flat=True)
    ) - {getattr(actor, "pk", None)}
    if not users:
        return 0
    local = timezone.localtime(now)
    line = f"{local:%H:%M} {request.number} {request.title} · {request.enterprise.name}"
    key = f"dispatched:{request.department_id}:{local:%Y-%m-%d}"
    current = {n.user_id: n for n in Notification.objects.filter(key=key, user_id__in=users)}
    for user_id in users:
        note = current.get(user_id)
        count = 1 if note is None else note.body.count("\n") + 2
        title = _("%(n)s request(s) dispatched to your department today") % {"n": count}
        if note is None:
            Notification.objects.create(
                user_id=user_id,
                key=key,
                kind=NotificationKind.INFO,
                title=title,
                body=line,
                url=request.get_absolute_url()
                if count == 1
                else reverse("support:request_list") + "?status=dispatched",
            )
        else:
            Notification.objects.filter(pk=note.pk).update(
                title=title,
                body=f"{note.body}\n{line}",
                url=reverse("support:request_list") + "?status=dispatched",
                read_at=None,
                updated_at=now,
            )
    return len(users)
