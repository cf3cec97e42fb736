"""The periodic job (support_tick): due states, reminders (催办), escalations (督办), daily digests,
and the grid fallback of departed or overloaded officers.

Idempotent: an alert is keyed on (kind, request, deadline), so a second run raises nothing new; a
person's digest is one notification per day (key "digest:<date>"), rebuilt only when new alerts
arrived. Run it every few minutes or hourly: `manage.py support_tick`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.accounts.choices import Role
from chrysalis.accounts.models import Department, RoleAssignment
from chrysalis.audit.services import record_event
from chrysalis.support.calendar import WorkingCalendar
from chrysalis.support.choices import AlertKind, DueState, NotificationKind, Status
from chrysalis.support.models import Alert, Notification, RequestDispatch, ServiceRequest
from chrysalis.support.services.coverage import coverage_fallback
from chrysalis.support.services.figures import refresh_all

CLOCKED = (Status.DISPATCHED, Status.IN_PROGRESS, Status.EXTENSION_REQUESTED)
ESCALATIONS = frozenset({AlertKind.SIGN_OVERDUE, AlertKind.OVERDUE})


def reminder_days() -> int:
    return int(getattr(settings, "SUPPORT_REMINDER_WORKING_DAYS", 2))


class _Recipients:
    """Who hears about a request: handlers of its department (催办); its head and the district
    administrators over the enterprise (督办)."""

    def __init__(self):
        self.handlers: dict[int, set[int]] = defaultdict(set)
        for dept_id, user_id in RoleAssignment.objects.filter(
            role=Role.DEPARTMENT_HANDLER, user__is_active=True
        ).values_list("department_id", "user_id"):
            self.handlers[dept_id].add(user_id)
        self.heads = dict(
            Department.objects.filter(head__isnull=False, head__is_active=True).values_list("pk", "head_id")
        )
        self.admins = list(
            RoleAssignment.objects.filter(
                role=Role.DISTRICT_ADMIN, user__is_active=True, org_unit__is_active=True
            ).values_list("org_unit__path", "user_id")
        )

    def for_alert(self, kind: str, req: ServiceRequest) -> set[int]:
        users = set(self.handlers.get(req.department_id, ()))
        if kind in ESCALATIONS:
            if req.department_id in self.heads:
                users.add(self.heads[req.department_id])
            path = req.enterprise.org_unit.path
            users |= {uid for p, uid in self.admins if path.startswith(p)}
        return users


def _state(now, due, today, cal) -> str:
    if due is None:
        return DueState.NONE
    if now > due:
        return DueState.OVERDUE
    if cal.working_days_between(today, timezone.localtime(due).date()) <= reminder_days():
        return DueState.DUE_SOON
    return DueState.ON_TIME


def tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    cal = WorkingCalendar()
    counts = {"alerts": 0, "digests": 0, "state_changes": 0}
    counts.update(coverage_fallback(actor=None, now=now))
    with transaction.atomic():
        recipients = _Recipients()
        wanted: list[tuple[str, str, ServiceRequest, dt.datetime]] = []
        new_states: dict[str, list[int]] = defaultdict(list)
        open_reqs = ServiceRequest.objects.filter(status__in=[*CLOCKED, Status.PAUSED]).select_related(
            "enterprise__org_unit"
        )
        for req in open_reqs.iterator(chunk_size=2000):
            state = DueState.NONE if req.status == Status.PAUSED else _state(now, req.due_at, today, cal)
            if state != req.due_state:
                new_states[state].append(req.pk)
            if req.status == Status.DISPATCHED and req.sign_due_at:
                sign_state = _state(now, req.sign_due_at, today, cal)
                stamp = req.dispatched_at.isoformat()
                if sign_state == DueState.OVERDUE:
                    wanted.append(
                        (AlertKind.SIGN_OVERDUE, f"sign_overdue:{req.pk}:{stamp}", req, req.sign_due_at)
                    )
                elif timezone.localtime(req.sign_due_at).date() <= today:
                    wanted.append(
                        (AlertKind.SIGN_REMINDER, f"sign_reminder:{req.pk}:{stamp}", req, req.sign_due_at)
                    )
            if req.status in CLOCKED and req.due_at:
                stamp = req.due_at.isoformat()
                if state == DueState.OVERDUE:
                    wanted.append((AlertKind.OVERDUE, f"overdue:{req.pk}:{stamp}", req, req.due_at))
                elif state == DueState.DUE_SOON:
                    wanted.append((AlertKind.DUE_REMINDER, f"due_reminder:{req.pk}:{stamp}", req, req.due_at))
        for state, pks in new_states.items():
            for i in range(0, len(pks), 500):
                counts["state_changes"] += ServiceRequest.objects.filter(pk__in=pks[i : i + 500]).update(
                    due_state=state
                )
        # the dashboard summary, rebuilt after the due states moved (and any enterprise changed grid)
        refresh_all()
        existing = (
            set(Alert.objects.filter(key__in=[w[1] for w in wanted]).values_list("key", flat=True))
            if wanted
            else set()
        )
        for kind, key, req, deadline in wanted:
            if key in existing:
                continue
            alert, created = Alert.objects.get_or_create(
                key=key, defaults={"request": req, "kind": kind, "deadline": deadline, "created_at": now}
            )
            if created:
                alert.recipients.set(recipients.for_alert(kind, req))
                counts["alerts"] += 1
        counts["digests"] = build_digests(day=today)
        record_event(actor=None, name="support.tick", payload=counts)
    return counts


def _dispatched_lines(start: dt.datetime, end: dt.datetime) -> dict[int, list[str]]:
    """Per department handler, one digest line per request dispatched to their department in
    [start, end) ("新分派 · SQ… 企业 · 主题"), in dispatch order."""
    handlers: dict[int, set[int]] = defaultdict(set)
    for dept_id, user_id in RoleAssignment.objects.filter(
        role=Role.DEPARTMENT_HANDLER, user__is_active=True
    ).values_list("department_id", "user_id"):
        handlers[dept_id].add(user_id)
    lines: dict[int, list[str]] = defaultdict(list)
    if not handlers:
        return lines
    label = _("Dispatched to your department")
    for d in (
        RequestDispatch.objects.filter(
            dispatched_at__gte=start, dispatched_at__lt=end, department_id__in=list(handlers)
        )
        .select_related("request__enterprise")
        .order_by("dispatched_at", "pk")
    ):
        line = f"{label} · {d.request.number} {d.request.enterprise.name} · {d.request.title}"
        for user_id in handlers[d.department_id]:
            lines[user_id].append(line)
    return lines


def build_digests(*, day: dt.date) -> int:
    """One notification per person per day summarising the alerts raised for them that day and,
    for department handlers, the requests dispatched to their department that day.
    Returns how many digests were created or changed (0 on a re-run with nothing new)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    rows = (
        Alert.objects.filter(created_at__gte=start, created_at__lt=end)
        .select_related("request__enterprise")
        .prefetch_related("recipients")
        .order_by("request__number", "kind")
    )
    per_user: dict[int, list[Alert]] = defaultdict(list)
    for alert in rows:
        for user in alert.recipients.all():
            per_user[user.pk].append(alert)
    dispatched = _dispatched_lines(start, end)
    if not per_user and not dispatched:
        return 0
    url = reverse("support:request_list")
    changed = 0
    key = f"digest:{day.isoformat()}"
    users = set(per_user) | set(dispatched)
    current = {n.user_id: n for n in Notification.objects.filter(key=key, user_id__in=users)}
    for user_id in sorted(users):
        alerts = per_user.get(user_id, [])
        new = dispatched.get(user_id, [])
        escalations = sum(1 for a in alerts if a.kind in ESCALATIONS)
        title = _("Daily digest %(day)s: %(d)s dispatched to you, %(n)s reminders, %(e)s escalations") % {
            "day": day.isoformat(),
            "d": len(new),
            "n": len(alerts) - escalations,
            "e": escalations,
        }
        lines = new[:20] + [
            f"{a.get_kind_display()} · {a.request.number} {a.request.enterprise.name} · {a.request.title}"
            for a in alerts[: max(0, 20 - len(new))]
        ]
        if len(alerts) + len(new) > 20:
            lines.append(_("… and %(n)s more") % {"n": len(alerts) + len(new) - 20})
        body = "\n".join(lines)
        if alerts:
            link = f"{url}?due_state={'overdue' if escalations else 'due_soon'}"
        else:
            link = f"{url}?status={Status.DISPATCHED}"
        note = current.get(user_id)
        if note is None:
            Notification.objects.create(
                user_id=user_id, key=key, kind=NotificationKind.DIGEST, title=title, body=body, url=link
            )
            changed += 1
        elif note.body != body or note.title != title:
            Notification.objects.filter(pk=note.pk).update(
                title=title, body=body, url=link, read_at=None, updated_at=timezone.now()
            )
            changed += 1
    return changed


def open_overdue_q() -> Q:
    return Q(status__in=CLOCKED, due_state=DueState.OVERDUE)
