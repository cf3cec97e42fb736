"""The registration state machine: an explicit table of moves and its guard.

registered → confirmed (a seat is free) or waitlisted (full), decided by the system at once;
waitlisted → confirmed (promoted first come, first served when a seat frees up);
confirmed → checked-in / no-show / cancelled. A walk-in is registered and checked in on the spot.

TRANSITIONS[state][event] = Move(next state, who may do it, whether a reason is required).
Who: "enterprise" (a user of the firm), "staff" (door staff of the event), "system" (the service
itself, a job or a command: it may make any move of the table, as in enterprise service).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from chrysalis.core.exceptions import TransitionError
from chrysalis.events.choices import RegEvent, RegStatus

S, E = RegStatus, RegEvent
ENT, STAFF, SYSTEM = "enterprise", "staff", "system"


@dataclass(frozen=True)
class Move:
    to: str
    who: frozenset[str]
    reason: bool = False


def _m(to: str, who: set[str], reason: bool = False) -> Move:
    return Move(to, frozenset(who), reason)


TRANSITIONS: dict[str, dict[str, Move]] = {
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


def allowed_events(status: str, caps: frozenset[str]) -> list[str]:
    return [event for event, move in TRANSITIONS.get(status, {}).items() if caps & move.who or SYSTEM in caps]


def _names(events) -> str:
    return "、".join(str(RegEvent(e).label) for e in events) or _("none")


def check(status: str, event: str, caps: frozenset[str], reason: str = "") -> Move:
    """Return the move, or raise TransitionError naming what is allowed now. Changes nothing."""
    if event not in RegEvent.values or event == RegEvent.REGISTER:
        raise TransitionError(_("Unknown action “%(event)s”.") % {"event": event}, code="unknown_event")
    moves = TRANSITIONS.get(status, {})
    label, state = str(RegEvent(event).label), str(RegStatus(status).label)
    if event not in moves:
        raise TransitionError(
            _("“%(event)s” is not allowed while the registration is “%(state)s”. Allowed now: %(allowed)s.")
            % {"event": label, "state": state, "allowed": _names(moves)},
            code="not_allowed",
        )
    move = moves[event]
    if not (caps & move.who or SYSTEM in caps):
        raise TransitionError(
            _("You may not “%(event)s” this registration. Allowed for you now: %(allowed)s.")
            % {"event": label, "allowed": _names(allowed_events(status, caps))},
            code="not_permitted",
        )
    if move.reason and not (reason or "").strip():
        raise TransitionError(
            {"reason": _("“%(event)s” requires a reason; it is kept in the history.") % {"event": label}},
            code="reason_required",
        )
    return move
