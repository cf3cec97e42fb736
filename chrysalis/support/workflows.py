"""The request state machine: an explicit transition table and its guard.

TRANSITIONS[state][event] = Move(next state, who may do it, whether a reason is required), in the
shape of `chrysalis.core.workflow`; the effect of each event is the small function beside the table.
"Who" are capacities an actor holds on one request (see `capacities()`):
  admin      district administrator over the enterprise
  staff      admin, a service officer assigned to the firm, its grid worker, or the staff member who
             recorded it
  handler    department handler of the department the request is currently dispatched to
  enterprise an enterprise user of the firm
  system     the periodic job or a management command (actor None)
`reason` is True (always required), False, or a set of capacities that must give one (e.g. staff
confirming on the enterprise's behalf after a call-back must say so).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chrysalis.core.exceptions import NotPermitted
from chrysalis.core.workflow import Machine, Move, Step
from chrysalis.core.workflow import move as _m
from chrysalis.support.calendar import WorkingCalendar, local_date
from chrysalis.support.choices import Event, Status
from chrysalis.support.models import RequestDispatch, ServiceRequest
from chrysalis.support.services.common import limits_for, reachable_departments

S, E = Status, Event

STAFF, HANDLER, ENT, ADMIN, SYSTEM = "staff", "handler", "enterprise", "admin", "system"

TRANSITIONS: dict[str, dict[str, Move]] = {  # state -> event -> Move
    S.SUBMITTED: {
        E.DISPATCH: _m(S.DISPATCHED, {STAFF, SYSTEM}),
        E.WITHDRAW: _m(S.WITHDRAWN, {ENT, "raiser"}, True),
    },
    S.DISPATCHED: {
        E.SIGN: _m(S.IN_PROGRESS, {HANDLER}),
        E.RETURN: _m(S.SUBMITTED, {HANDLER}, True),
        E.REDISPATCH: _m(S.DISPATCHED, {STAFF}, True),
        E.WITHDRAW: _m(S.WITHDRAWN, {ENT, "raiser"}, True),
    },
    S.IN_PROGRESS: {
        E.RETURN: _m(S.SUBMITTED, {HANDLER}, True),
        E.REQUEST_EXTENSION: _m(S.EXTENSION_REQUESTED, {HANDLER}, True),
        E.PAUSE: _m(S.PAUSED, {HANDLER}, True),
        E.ANSWER: _m(S.ANSWERED, {HANDLER}, True),
        E.WITHDRAW: _m(S.WITHDRAWN, {ENT, "raiser"}, True),
    },
    S.EXTENSION_REQUESTED: {
        E.APPROVE_EXTENSION: _m(S.IN_PROGRESS, {ADMIN}),
        E.REJECT_EXTENSION: _m(S.IN_PROGRESS, {ADMIN}, True),
    },
    S.PAUSED: {
        E.RESUME: _m(S.IN_PROGRESS, {HANDLER, ENT, STAFF}),
        E.WITHDRAW: _m(S.WITHDRAWN, {ENT, "raiser"}, True),
    },
    S.ANSWERED: {
        E.CONFIRM: _m(S.CLOSED, {ENT, STAFF}, {STAFF}),
        E.REOPEN: _m(S.IN_PROGRESS, {ENT, STAFF}, True),
    },
    S.CLOSED: {
        E.REOPEN: _m(S.IN_PROGRESS, {ENT, ADMIN}, True),
    },
    S.WITHDRAWN: {},
}

# Events that ask for extra input on the form.
NEEDS_DEPARTMENT = frozenset({E.DISPATCH, E.REDISPATCH})
NEEDS_DAYS = frozenset({E.REQUEST_EXTENSION, E.APPROVE_EXTENSION})
NEEDS_RATING = frozenset({E.CONFIRM})


# --- effects: one per event that changes more than the status ------------------------------------


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _due(cal: WorkingCalendar, req: ServiceRequest) -> dt.datetime | None:
    if req.first_dispatched_at is None:
        return None
    return cal.deadline(req.first_dispatched_at, req.resolve_days + req.extension_days + req.paused_days)


def _recompute_due(step: Step) -> None:
    """The resolve deadline: first dispatch + resolve days + granted extensions + paused working
    days. Recomputed by every event that changes one of them, once the request has been dispatched."""
    req = step.obj
    for key in ("first_dispatched_at", "resolve_days", "extension_days", "paused_days"):
        if key in step.changes:
            setattr(req, key, step.changes[key])
    if req.first_dispatched_at is not None:
        step.changes["due_at"] = _due(WorkingCalendar(), req)


def _dispatch(step: Step) -> None:
    req, now, department = step.obj, step.now, step.params.get("department")
    by_rule = bool(step.params.get("by_rule"))
    if department is None:
        raise ValidationError({"department": _("Choose the department to dispatch to.")})
    if not by_rule and not reachable_departments(step.actor).filter(pk=department.pk).exists():
        raise NotPermitted(
            _("The department “%(dept)s” is outside your reach; dispatch to a department of your district.")
            % {"dept": department}
        )
    if step.event == E.REDISPATCH and department.pk == req.department_id:
        raise ValidationError(
            {"department": _("The request is already with this department; choose another one.")}
        )
    sign_days, resolve_days = limits_for(req.category, req.urgency)
    RequestDispatch.objects.filter(request=req, outcome=RequestDispatch.Outcome.PENDING).update(
        outcome=RequestDispatch.Outcome.REDISPATCHED, closed_at=now, reason=step.reason
    )
    RequestDispatch.objects.create(
        request=req,
        department=department,
        dispatched_at=now,
        dispatched_by=_user(step.actor),
        by_rule=by_rule,
    )
    step.changes.update(
        department=department,
        dispatched_at=now,
        signed_at=None,
        sign_due_at=WorkingCalendar().deadline(now, sign_days),
    )
    if req.first_dispatched_at is None:
        step.changes.update(first_dispatched_at=now, resolve_days=resolve_days)
    else:
        step.changes["redispatch_count"] = F("redispatch_count") + 1
    step.data.update(department=department.pk, department_name=department.name, by_rule=by_rule)
    _recompute_due(step)


def _sign(step: Step) -> None:
    RequestDispatch.objects.filter(request=step.obj, outcome=RequestDispatch.Outcome.PENDING).update(
        outcome=RequestDispatch.Outcome.SIGNED, signed_at=step.now, signed_by=_user(step.actor)
    )
    step.changes["signed_at"] = step.now


def _return(step: Step) -> None:
    RequestDispatch.objects.filter(
        request=step.obj,
        outcome__in=[RequestDispatch.Outcome.PENDING, RequestDispatch.Outcome.SIGNED],
        closed_at__isnull=True,
    ).update(outcome=RequestDispatch.Outcome.RETURNED, closed_at=step.now, reason=step.reason)
    step.data["department"] = step.obj.department_id
    step.changes.update(department=None, signed_at=None, sign_due_at=None, return_count=F("return_count") + 1)


def _request_extension(step: Step) -> None:
    days = step.params.get("days")
    if not days or not 1 <= int(days) <= 30:
        raise ValidationError({"days": _("Ask for between 1 and 30 working days.")})
    step.data["days"] = int(days)


def _approve_extension(step: Step) -> None:
    asked = (
        step.obj.events.filter(event=E.REQUEST_EXTENSION)
        .order_by("-at", "-pk")
        .values_list("data", flat=True)
        .first()
        or {}
    )
    granted = int(step.params.get("days") or asked.get("days") or 0)
    if not 1 <= granted <= 30:
        raise ValidationError({"days": _("Grant between 1 and 30 working days.")})
    step.changes["extension_days"] = step.obj.extension_days + granted
    step.data["days"] = granted
    _recompute_due(step)


def _pause(step: Step) -> None:
    step.changes["paused_at"] = step.now


def _resume(step: Step) -> None:
    req = step.obj
    cal = WorkingCalendar()
    paused = cal.working_days_between(local_date(req.paused_at), local_date(step.now)) if req.paused_at else 0
    step.changes.update(paused_at=None, paused_days=req.paused_days + paused)
    step.data["paused_working_days"] = paused
    _recompute_due(step)


def _answer(step: Step) -> None:
    req, now = step.obj, step.now
    cal = WorkingCalendar()
    elapsed = (
        cal.working_days_elapsed(req.first_dispatched_at, now) - req.paused_days
        if req.first_dispatched_at
        else 0
    )
    due = _due(cal, req)
    step.changes.update(
        answer=step.reason,
        answered_at=now,
        working_days_to_answer=max(elapsed, 0),
        answered_on_time=bool(due and now <= due),
        due_state="",
    )


def _confirm(step: Step) -> None:
    satisfaction = step.params.get("satisfaction")
    if satisfaction is None or not 1 <= int(satisfaction) <= 5:
        raise ValidationError(
            {"satisfaction": _("Rate the answer from 1 (very dissatisfied) to 5 (very satisfied).")}
        )
    step.changes.update(closed_at=step.now, satisfaction=int(satisfaction), feedback=step.reason)
    step.data.update(satisfaction=int(satisfaction), on_behalf=ENT not in step.caps)


def _reopen(step: Step) -> None:
    step.changes.update(closed_at=None, satisfaction=None, reopen_count=F("reopen_count") + 1)


def _withdraw(step: Step) -> None:
    RequestDispatch.objects.filter(request=step.obj, closed_at__isnull=True).update(closed_at=step.now)
    step.changes.update(closed_at=step.now, due_state="")


MACHINE = Machine(
    table=TRANSITIONS,
    state_label=lambda s: Status(s).label,
    event_label=lambda e: Event(e).label,
    effects={
        E.DISPATCH: _dispatch,
        E.REDISPATCH: _dispatch,
        E.SIGN: _sign,
        E.RETURN: _return,
        E.REQUEST_EXTENSION: _request_extension,
        E.APPROVE_EXTENSION: _approve_extension,
        E.PAUSE: _pause,
        E.RESUME: _resume,
        E.ANSWER: _answer,
        E.CONFIRM: _confirm,
        E.REOPEN: _reopen,
        E.WITHDRAW: _withdraw,
    },
    events=frozenset(Event.values) - {E.CREATE},
    not_allowed_message=gettext_lazy(
        "“%(event)s” is not allowed while the request is “%(state)s”. Allowed now: %(allowed)s."
    ),
    not_permitted_message=gettext_lazy(
        "You may not “%(event)s” this request. Allowed for you now: %(allowed)s."
    ),
)


def allowed_events(status: str, caps: frozenset[str] | None = None) -> list[str]:
    return MACHINE.allowed(status, caps)


def check(status: str, event: str, caps: frozenset[str], reason: str) -> Move:
    """The guard: the move, or a TransitionError naming what is allowed. Changes nothing."""
    return MACHINE.check(status, event, caps, reason)
