"""Writes of enterprise requests (诉求): record, the guarded transitions, attachments.

Every transition locks the row, re-checks the state machine against the *current* state, writes
a history row (actor, time, from, to, reason) and an audit record, in one transaction; an illegal
move or a stale version raises and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.audit.choices import AuditAction
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import NotPermitted
from chrysalis.core.permissions import require
from chrysalis.core.services import insert_or_conflict
from chrysalis.core.uploads import accept
from chrysalis.core.workflow import SYSTEM, Step
from chrysalis.enterprises.models import Enterprise
from chrysalis.support import workflows
from chrysalis.support.choices import OPEN_STATUSES, Category, Channel, Event, Status, Urgency
from chrysalis.support.models import RequestAttachment, RequestCounter, RequestEvent, ServiceRequest
from chrysalis.support.services import figures
from chrysalis.support.services.common import actor_repr, reachable_departments, rule_department
from chrysalis.support.services.common import capacities as capacities_of
from chrysalis.support.services.notifications import (
    DEPARTMENT_TOLD,
    ENTERPRISE_TOLD,
    notify_department,
    notify_enterprise,
)

if TYPE_CHECKING:
    from chrysalis.accounts.models import User

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


def _actor(actor: User | None):
    return actor if getattr(actor, "pk", None) else None


def may_record_request(actor) -> bool:
    """Whether `actor` may record requests at all: they see at least one enterprise (the service
    checks the concrete one). The question the request list and the record page both ask."""
    return actor is None or Enterprise.objects.restrict(actor, "view").exists()


def _next_number(now: dt.datetime) -> str:
    """The next request number of the year of `now`: SQ + year + six digits.

    Taken from the year's counter row, locked until the creating transaction ends (on SQLite the
    database has one writer anyway). The row is created on first use, seeded from the highest
    number already given that year, with INSERT … ON CONFLICT DO NOTHING so two first requests of a
    year do not collide either."""
    year = timezone.localtime(now).year
    prefix = f"SQ{year}"
    if not RequestCounter.objects.filter(year=year).exists():
        last = (
            ServiceRequest.objects.filter(number__startswith=prefix)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        seed = int(last[len(prefix) :]) if last else 0
        RequestCounter.objects.bulk_create([RequestCounter(year=year, last=seed)], ignore_conflicts=True)
    counter = RequestCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    RequestCounter.objects.filter(year=year).update(last=counter.last)
    return f"{prefix}{counter.last:06d}"


def _history(
    *, request, event, from_status, to_status, actor: User | None, now, reason="", data=None
) -> RequestEvent:
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
    actor: User | None,
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
    require(actor, "view", enterprise, message=_("This enterprise is outside your scope."))
    if department is not None and not reachable_departments(actor).filter(pk=department.pk).exists():
        raise NotPermitted(
            _("The department “%(dept)s” is outside your reach; dispatch to a department of your district.")
            % {"dept": department}
        )
    attachments = [_check_upload(upload) for upload in attachments]
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
        insert_or_conflict(request)  # numbers come from the locked counter: a collision is a bug
        _history(
            request=request,
            event=Event.CREATE,
            from_status="",
            to_status=Status.SUBMITTED,
            actor=actor,
            now=now,
        )
        figures.apply_change(None, figures.contribution(request, figures.attributed_unit(enterprise)))
        record_change(
            actor=actor, action=AuditAction.CREATE, obj=request, after=snapshot(request, AUDIT_FIELDS)
        )
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


def _check_upload(upload):
    """The project's upload policy (core.uploads): type by content, size, pictures re-encoded."""
    return accept(upload, kind="attachment", field="attachments")


def _save_upload(*, actor: User | None, request, upload) -> RequestAttachment:
    att = RequestAttachment(
        request=request, name=PurePath(upload.name).name[:200], size=upload.size, uploaded_by=_actor(actor)
    )
    att.file.save(att.name, upload, save=False)
    att.save(force_insert=True)
    record_change(
        actor=actor,
        action=AuditAction.CREATE,
        obj=att,
        after={"request": request.pk, "name": att.name, "size": att.size},
    )
    return att


def attachment_add(*, actor: User | None, request: ServiceRequest, upload) -> RequestAttachment:
    """Attach a file to an open request. Only those acting on it now may (its staff, the
    department that holds it, the requesting firm); an answered, closed or withdrawn request's
    file is final."""
    upload = _check_upload(upload)
    require(actor, "view", request, message=_("This request is outside your scope."))
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if request.status not in OPEN_STATUSES:
            raise ValidationError(
                _("Files can only be added while the request is open (it is now %(status)s).")
                % {"status": request.get_status_display()}
            )
        if not capacities_of(actor, request):
            raise NotPermitted(_("Only those handling this request now can add files to it."))
        return _save_upload(actor=actor, request=request, upload=upload)


def from_rule_ok(req: ServiceRequest) -> bool:
    """A rule dispatch happens only once, right after recording (never to re-route a returned request)."""
    return req.status == Status.SUBMITTED and req.first_dispatched_at is None


def request_transition(
    *,
    actor: User | None,
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
    """Apply one workflow event (`workflows.MACHINE`: table, guard, effects). Raises
    TransitionError / ConflictError / NotPermitted / ValidationError and then changes nothing."""

    def capacities(req: ServiceRequest) -> frozenset[str]:
        caps = capacities_of(actor, req)
        if by_rule and event == Event.DISPATCH and from_rule_ok(req):
            # the category rule dispatches on recording, whoever recorded it (even the enterprise)
            caps |= {SYSTEM}
        return caps

    def prepare(step: Step) -> None:
        unit = step.memo["unit"] = figures.attributed_unit(step.obj.enterprise)
        step.memo["figures"] = figures.contribution(step.obj, unit)

    def after(step: Step) -> None:
        figures.apply_change(step.memo["figures"], figures.contribution(step.obj, step.memo["unit"]))
        if event in ENTERPRISE_TOLD:
            step.data["enterprise_notified"] = notify_enterprise(
                request=step.obj, event=event, actor=actor, now=step.now, reason=step.reason
            )
        if event in DEPARTMENT_TOLD:
            step.data["department_notified"] = notify_department(request=step.obj, actor=actor, now=step.now)

    return workflows.MACHINE.run(
        queryset=ServiceRequest.objects.select_related("enterprise__org_unit"),
        pk=request.pk,
        event=event,
        actor=actor,
        capacities=capacities,
        reason=reason,
        expected_version=expected_version,
        params={"department": department, "days": days, "satisfaction": satisfaction, "by_rule": by_rule},
        now=now,
        prepare=prepare,
        after=after,
        history=lambda step: _history(
            request=step.obj,
            event=event,
            from_status=step.from_state,
            to_status=step.move.to,
            actor=actor,
            now=step.now,
            reason=step.reason,
            data=step.data,
        ),
        audit_fields=AUDIT_FIELDS,
    )
