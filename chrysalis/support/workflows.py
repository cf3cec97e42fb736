"""The request state machine: an explicit transition table and its guard.

TRANSITIONS[state][event] = Move(next state, who may do it, whether a reason is required).
"Who" are capacities an actor holds on one request (see `capacities()`):
  admin      district administrator over the enterprise
  staff      admin, a service officer assigned to the firm, its grid worker, or the staff member who recorded it
  handler    department handler of the department the request is currently dispatched to
  enterprise an enterprise user of the firm
  system     the periodic job or a management command (actor None)
`reason` is True (always required), False, or a set of capacities that must give one (e.g. staff
confirming on the enterprise's behalf after a call-back must say so).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from chrysalis.core.exceptions import TransitionError
from chrysalis.support.choices import Event, Status

S, E = Status, Event


@dataclass(frozen=True)
class Move:
    to: str
    who: frozenset[str]
    reason: bool | frozenset[str] = False

    def needs_reason(self, caps: frozenset[str]) -> bool:
        if isinstance(self.reason, bool):
            return self.reason
        return not (caps & self.who - self.reason) and bool(caps & self.reason)


def _m(to, who, reason=False):
    return Move(to, frozenset(who), frozenset(reason) if isinstance(reason, set) else reason)


STAFF, HANDLER, ENT, ADMIN, SYSTEM = "staff", "handler", "enterprise", "admin", "system"

TRANSITIONS: dict[str, dict[str, Move]] = {
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


def allowed_events(status: str, caps: frozenset[str] | None = None) -> list[str]:
    moves = TRANSITIONS.get(status, {})
    if caps is None:
        return list(moves)
    return [event for event, move in moves.items() if caps & move.who or SYSTEM in caps]


def _names(events) -> str:
    return "、".join(str(Event(e).label) for e in events) or _("none")


def check(status: str, event: str, caps: frozenset[str], reason: str) -> Move:
    """Return the move, or raise TransitionError naming what is allowed. Changes nothing."""
    if event not in Event.values or event == Event.CREATE:
        raise TransitionError(_("Unknown action “%(event)s”.") % {"event": event}, code="unknown_event")
    moves = TRANSITIONS.get(status, {})
    label, state = str(Event(event).label), str(Status(status).label)
    if event not in moves:
        raise TransitionError(
            _("“%(event)s” is not allowed while the request is “%(state)s”. Allowed now: %(allowed)s.")
            % {"event": label, "state": state, "allowed": _names(moves)},
            code="not_allowed",
        )
    move = moves[event]
    if not (caps & move.who or SYSTEM in caps):
        raise TransitionError(
            _("You may not “%(event)s” this request. Allowed for you now: %(allowed)s.")
            % {"event": label, "allowed": _names(allowed_events(status, caps))},
            code="not_permitted",
        )
    if move.needs_reason(caps) and not (reason or "").strip():
        raise TransitionError(
            {"reason": _("“%(event)s” requires a reason; it is kept in the history.") % {"event": label}},
            code="reason_required",
        )
    return move
