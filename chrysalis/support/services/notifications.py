"""In-app notifications to enterprise users about their requests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import RoleAssignment
from chrysalis.support.choices import Event, NotificationKind
from chrysalis.support.models import Notification, ServiceRequest

# The events the enterprise is told about.
ENTERPRISE_TOLD = frozenset({Event.ANSWER, Event.PAUSE, Event.CONFIRM})


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
    line = f"{timezone.localtime(now):%H:%M} {title}" + (
        f": {reason}" if reason and event != Event.CONFIRM else ""
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
