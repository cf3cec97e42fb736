"""Writes of enterprise requests (诉求): record, the guarded transitions, attachments.

Every transition locks the row, re-checks the state machine against the *current* state, writes
a history row (actor, time, from, to, reason) and an audit record, in one transaction; an illegal
move or a stale version raises and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import ConflictError, TransitionError
from chrysalis.enterprises.models import Enterprise
from chrysalis.support import workflows
from chrysalis.support.calendar import WorkingCalendar, local_date
from chrysalis.support.choices import Category, Channel, Event, Status, Urgency
from chrysalis.support.models import RequestAttachment, RequestDispatch, RequestEvent, ServiceRequest
from chrysalis.support.services import figures
from chrysalis.support.services.common import (
    actor_repr,
    capacities,
    limits_for,
    reachable_departments,
    rule_department,
)

AUDIT_FIELDS = (
    "number",
    "enterprise",
    "category",
    "tags",
    "title",
    "urgency",
    "channel",
    "status",
    "department",
    "due_at",
    "extension_days",
    "paused_days",
    "satisfaction",
    "return_count",
    "reopen_count",
    "redispatch_count",
)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_SUFFIXES = frozenset(
    {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".txt", ".zip"}
)


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def _next_number(now: dt.datetime) -> str:
    prefix = f"SQ{timezone.localtime(now):%Y}"
    last = (
        ServiceRequest.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{seq:06d}"


def _history(*, request, event, from_status, to_status, actor, now, reason="", data=None) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        event=event,
        from_status=from_status,
        to_status=to_status,
        actor=_actor(actor),
        actor_repr=actor_repr(actor),
        at=now,
        reason=reason,
        data=data or {},
    )


def _validate_choice(field: str, value: str, choices) -> None:
    if value not in choices.values:
        raise ValidationError(
            {
                field: _("Unknown %(field)s “%(value)s”. Choose one of: %(choices)s.")
                % {"field": field, "value": value, "choices": "、".join(str(c.label) for c in choices)}
            }
        )


def request_create(
    *,
    actor,
    enterprise: Enterprise,
    category: str,
    title: str,
    description: str,
    channel: str,
    urgency: str = Urgency.NORMAL,
    tags: str = "",
    department=None,
    visit=None,
    attachments=(),
    now: dt.datetime | None = None,
) -> ServiceRequest:
    """Record a request and dispatch it: to `department` when given (an override inside the actor's
    reach), else by the category rule; with no rule department it waits for dispatch."""
    now = now or timezone.now()
    _validate_choice("category", category, Category)
    _validate_choice("urgency", urgency, Urgency)
    _validate_choice("channel", channel, Channel)
    if not (title or "").strip() or not (description or "").strip():
        raise ValidationError({"description": _("Give a subject and a description.")})
    if actor is not None and not Enterprise.objects.restrict(actor, "view").filter(pk=enterprise.pk).exists():
        raise PermissionDenied(_("This enterprise is outside your scope."))
    if department is not None and not reachable_departments(actor).filter(pk=department.pk).exists():
        raise PermissionDenied(
            _("The department “%(dept)s” is outside your reach; dispatch to a department of your district.")
            % {"dept": department}
        )
    for upload in attachments:
        _check_upload(upload)
    with transaction.atomic():
        request = ServiceRequest(
            number=_next_number(now),
            enterprise=enterprise,
            category=category,
            tags=(tags or "").strip(),
            title=title.strip(),
            description=description.strip(),
            urgency=urgency,
            channel=channel,
            status=Status.SUBMITTED,
            raised_by=_actor(actor),
            visit=visit,
            raised_at=now,
        )
        request.full_clean()
        try:
            with transaction.atomic():
                request.save(force_insert=True)
        except IntegrityError:  # two requests numbered at the same instant: take the next number
            request.number = _next_number(now)
            request.save(force_insert=True)
        _history(
            request=request,
            event=Event.CREATE,
            from_status="",
            to_status=Status.SUBMITTED,
            actor=actor,
            now=now,
        )
        figures.apply_change(None, figures.contribution(request, figures.attributed_unit(enterprise)))
        record_change(actor=actor, action="create", obj=request, after=snapshot(request, AUDIT_FIELDS))
        for upload in attachments:
            _save_upload(actor=actor, request=request, upload=upload)
        by_rule = department is None
        target = department or rule_department(request)
        if target is not None:
            request = request_transition(
                actor=actor,
                request=request,
                event=Event.DISPATCH,
                department=target,
                now=now,
                by_rule=by_rule,
            )
    return request


def _check_upload(upload) -> None:
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ATTACHMENT_SUFFIXES:
        raise ValidationError(
            {"attachments": _("File type “%(suffix)s” is not accepted.") % {"suffix": suffix or "?"}}
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"attachments": _("A file may be at most 10 MB.")})


def _save_upload(*, actor, request, upload) -> RequestAttachment:
    att = RequestAttachment(
        request=request, name=PurePath(upload.name).name[:200], size=upload.size, uploaded_by=_actor(actor)
    )
    att.file.save(att.name, upload, save=False)
    att.save(force_insert=True)
    record_change(
        actor=actor,
        action="create",
        obj=att,
        after={"request": request.pk, "name": att.name, "size": att.size},
    )
    return att


def attachment_add(*, actor, request: ServiceRequest, upload) -> RequestAttachment:
    _check_upload(upload)
    if (
        actor is not None
        and not ServiceRequest.objects.restrict(actor, "view").filter(pk=request.pk).exists()
    ):
        raise PermissionDenied(_("This request is outside your scope."))
    with transaction.atomic():
        return _save_upload(actor=actor, request=request, upload=upload)


ENTERPRISE_TOLD = frozenset({Event.ANSWER, Event.PAUSE, Event.CONFIRM})


def notify_enterprise(
    *, request: ServiceRequest, event: str, actor, now: dt.datetime, reason: str = ""
) -> int:
    """Tell the enterprise's users (in-app) that their request was answered, is paused waiting on
    them, or was closed. Digest-friendly: one notification per person, request and day, updated
    (and marked unread again) when the request moves again that day. Returns how many people were told."""
    from chrysalis.accounts.choices import Role
    from chrysalis.accounts.models import RoleAssignment
    from chrysalis.support.choices import NotificationKind
    from chrysalis.support.models import Notification

    users = set(
        RoleAssignment.objects.filter(
            role=Role.ENTERPRISE_USER, enterprise_id=request.enterprise_id, user__is_active=True
        ).values_list("user_id", flat=True)
    ) - {getattr(actor, "pk", None)}
    if not users:
        return 0
    titles = {
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


def from_rule_ok(req: ServiceRequest) -> bool:
    """A rule dispatch happens only once, right after recording (never to re-route a returned request)."""
    return req.status == Status.SUBMITTED and req.first_dispatched_at is None


def _due(cal: WorkingCalendar, req: ServiceRequest) -> dt.datetime | None:
    if req.first_dispatched_at is None:
        return None
    return cal.deadline(req.first_dispatched_at, req.resolve_days + req.extension_days + req.paused_days)


def request_transition(
    *,
    actor,
    request: ServiceRequest,
    event: str,
    reason: str = "",
    expected_version: int | None = None,
    department=None,
    days: int | None = None,
    satisfaction: int | None = None,
    now: dt.datetime | None = None,
    by_rule: bool = False,
) -> ServiceRequest:
    """Apply one workflow event. Raises TransitionError / ConflictError / PermissionDenied /
    ValidationError and then changes nothing."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        req = (
            ServiceRequest.objects.select_for_update()
            .select_related("enterprise__org_unit")
            .get(pk=request.pk)
        )
        if expected_version is not None and req.version != expected_version:
            raise ConflictError()
        caps = capacities(actor, req)
        if by_rule and event == Event.DISPATCH and from_rule_ok(req):
            caps |= {
                "system"
            }  # the category rule dispatches on recording, whoever recorded it (even the enterprise)
        move = workflows.check(req.status, event, caps, reason)
        before = snapshot(req, AUDIT_FIELDS)
        unit = figures.attributed_unit(req.enterprise)
        figures_before = figures.contribution(req, unit)
        from_status = req.status
        changes: dict = {"status": move.to}
        data: dict = {}
        cal = None
        if event in (Event.DISPATCH, Event.REDISPATCH):
            if department is None:
                raise ValidationError({"department": _("Choose the department to dispatch to.")})
            if not by_rule and not reachable_departments(actor).filter(pk=department.pk).exists():
                raise PermissionDenied(
                    _(
                        "The department “%(dept)s” is outside your reach; dispatch to a department of your district."
                    )
                    % {"dept": department}
                )
            if event == Event.REDISPATCH and department.pk == req.department_id:
                raise ValidationError(
                    {"department": _("The request is already with this department; choose another one.")}
                )
            cal = WorkingCalendar()
            sign_days, resolve_days = limits_for(req.category, req.urgency)
            RequestDispatch.objects.filter(request=req, outcome=RequestDispatch.Outcome.PENDING).update(
                outcome=RequestDispatch.Outcome.REDISPATCHED, closed_at=now, reason=reason
            )
            RequestDispatch.objects.create(
                request=req,
                department=department,
                dispatched_at=now,
                dispatched_by=_actor(actor),
                by_rule=by_rule,
            )
            changes.update(
                department=department,
                dispatched_at=now,
                signed_at=None,
                sign_due_at=cal.deadline(now, sign_days),
            )
            if req.first_dispatched_at is None:
                changes.update(first_dispatched_at=now, resolve_days=resolve_days)
            else:
                changes["redispatch_count"] = F("redispatch_count") + 1
            data = {"department": department.pk, "department_name": department.name, "by_rule": by_rule}
        elif event == Event.SIGN:
            RequestDispatch.objects.filter(request=req, outcome=RequestDispatch.Outcome.PENDING).update(
                outcome=RequestDispatch.Outcome.SIGNED, signed_at=now, signed_by=_actor(actor)
            )
            changes["signed_at"] = now
        elif event == Event.RETURN:
            RequestDispatch.objects.filter(
                request=req,
                outcome__in=[RequestDispatch.Outcome.PENDING, RequestDispatch.Outcome.SIGNED],
                closed_at__isnull=True,
            ).update(outcome=RequestDispatch.Outcome.RETURNED, closed_at=now, reason=reason)
            data = {"department": req.department_id}
            changes.update(
                department=None, signed_at=None, sign_due_at=None, return_count=F("return_count") + 1
            )
        elif event == Event.REQUEST_EXTENSION:
            if not days or not 1 <= int(days) <= 30:
                raise ValidationError({"days": _("Ask for between 1 and 30 working days.")})
            data = {"days": int(days)}
        elif event == Event.APPROVE_EXTENSION:
            asked = (
                req.events.filter(event=Event.REQUEST_EXTENSION)
                .order_by("-at", "-pk")
                .values_list("data", flat=True)
                .first()
                or {}
            )
            granted = int(days or asked.get("days") or 0)
            if not 1 <= granted <= 30:
                raise ValidationError({"days": _("Grant between 1 and 30 working days.")})
            req.extension_days += granted
            changes["extension_days"] = req.extension_days
            data = {"days": granted}
        elif event == Event.PAUSE:
            changes["paused_at"] = now
        elif event == Event.RESUME:
            cal = WorkingCalendar()
            paused = (
                cal.working_days_between(local_date(req.paused_at), local_date(now)) if req.paused_at else 0
            )
            req.paused_days += paused
            changes.update(paused_at=None, paused_days=req.paused_days)
            data = {"paused_working_days": paused}
        elif event == Event.ANSWER:
            cal = WorkingCalendar()
            elapsed = (
                cal.working_days_elapsed(req.first_dispatched_at, now) - req.paused_days
                if req.first_dispatched_at
                else 0
            )
            due = _due(cal, req)
            changes.update(
                answer=reason,
                answered_at=now,
                working_days_to_answer=max(elapsed, 0),
                answered_on_time=bool(due and now <= due),
                due_state="",
            )
        elif event == Event.CONFIRM:
            if satisfaction is None or not 1 <= int(satisfaction) <= 5:
                raise ValidationError(
                    {"satisfaction": _("Rate the answer from 1 (very dissatisfied) to 5 (very satisfied).")}
                )
            changes.update(closed_at=now, satisfaction=int(satisfaction), feedback=reason)
            data = {"satisfaction": int(satisfaction), "on_behalf": "enterprise" not in caps}
        elif event == Event.REOPEN:
            changes.update(closed_at=None, satisfaction=None, reopen_count=F("reopen_count") + 1)
        elif event == Event.WITHDRAW:
            RequestDispatch.objects.filter(request=req, closed_at__isnull=True).update(closed_at=now)
            changes.update(closed_at=now, due_state="")
        if (
            event in (Event.DISPATCH, Event.REDISPATCH, Event.APPROVE_EXTENSION, Event.RESUME)
            and req.first_dispatched_at
            or "first_dispatched_at" in changes
        ):
            for key, value in changes.items():
                if key in {"first_dispatched_at", "resolve_days"}:
                    setattr(req, key, value)
            changes["due_at"] = _due(cal or WorkingCalendar(), req)
        # compare-and-swap on the version: a concurrent transition that slipped past the lock loses
        updated = ServiceRequest.objects.filter(pk=req.pk, version=req.version, status=from_status).update(
            **changes, version=F("version") + 1, updated_at=now
        )
        if updated != 1:
            raise TransitionError(
                _("Someone else acted on this request at the same moment. Reload it and try again."),
                code="race",
            )
        req.refresh_from_db()
        figures.apply_change(figures_before, figures.contribution(req, unit))
        if event in ENTERPRISE_TOLD:
            data["enterprise_notified"] = notify_enterprise(
                request=req, event=event, actor=actor, now=now, reason=reason
            )
        _history(
            request=req,
            event=event,
            from_status=from_status,
            to_status=move.to,
            actor=actor,
            now=now,
            reason=reason,
            data=data,
        )
        record_change(
            actor=actor,
            action="transition",
            obj=req,
            before=before,
            after={**snapshot(req, AUDIT_FIELDS), "event": event},
            reason=reason,
        )
    return req
