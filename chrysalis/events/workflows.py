"""The registration state machine, in the shape of `chrysalis.core.workflow`: a table of moves, the
guard, and one small effect per event beside the table.

registered → confirmed (a seat is free) or waitlisted (full), decided by the system at once;
waitlisted → confirmed (promoted first come, first served when a seat frees up);
confirmed → checked-in / no-show / cancelled. A walk-in is registered and checked in on the spot.

TRANSITIONS[state][event] = Move(next state, who may do it, whether a reason is required).
Who: "enterprise" (a user of the firm), "staff" (door staff of the event), "system" (the service
itself, a job or a command: it passes every guard, see `core.permissions`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chrysalis.core.workflow import Machine, Move, Step
from chrysalis.core.workflow import move as _m
from chrysalis.events.choices import RegEvent, RegStatus

S, E = RegStatus, RegEvent
ENT, STAFF, SYSTEM = "enterprise", "staff", "system"

TRANSITIONS: dict[str, dict[str, Move]] = {  # state -> event -> Move
    S.REGISTERED: {
        E.CONFIRM: _m(S.CONFIRMED, {SYSTEM}),
        E.WAITLIST: _m(S.WAITLISTED, {SYSTEM}),
        E.CHECK_IN: _m(S.CHECKED_IN, {STAFF}),  # walk-in
    },
    S.WAITLISTED: {
        E.PROMOTE: _m(S.CONFIRMED, {SYSTEM, STAFF}),
        E.CANCEL: _m(S.CANCELLED, {ENT, STAFF}),
    },
    S.CONFIRMED: {
        E.CHECK_IN: _m(S.CHECKED_IN, {ENT, STAFF}),
        E.NO_SHOW: _m(S.NO_SHOW, {STAFF, SYSTEM}),
        E.CANCEL: _m(S.CANCELLED, {ENT, STAFF}),
    },
    S.NO_SHOW: {
        E.CHECK_IN: _m(S.CHECKED_IN, {STAFF}, True),  # a late correction at the door
    },
    S.CHECKED_IN: {},
    S.CANCELLED: {},
}


# --- effects: the timestamps each move sets ------------------------------------------------------


def _confirmed(step: Step) -> None:
    step.changes["confirmed_at"] = step.now


def _cancelled(step: Step) -> None:
    step.changes["cancelled_at"] = step.now


def _checked_in(step: Step) -> None:
    step.changes["checked_in_at"] = step.now
    step.changes["checkin_method"] = step.params.get("method", "")


MACHINE = Machine(
    table=TRANSITIONS,
    state_label=lambda s: RegStatus(s).label,
    event_label=lambda e: RegEvent(e).label,
    effects={
        E.CONFIRM: _confirmed,
        E.PROMOTE: _confirmed,
        E.CANCEL: _cancelled,
        E.CHECK_IN: _checked_in,
    },
    not_allowed_message=_(
        "“%(event)s” is not allowed while the registration is “%(state)s”. Allowed now: %(allowed)s."
    ),
    not_permitted_message=_("You may not “%(event)s” this registration. Allowed for you now: %(allowed)s."),
)


def allowed_events(status: str, caps: frozenset[str]) -> list[str]:
    return MACHINE.allowed(status, caps)
