"""The notice state machine: draft → reviewed → published → expired / withdrawn.

One table of moves, one guard that names the allowed moves, one small effect function per event
beside the table (the shape issue 9 sets for every workflow). Capacities an actor holds on one notice:
  staff   may change notices of the notice's org unit (district administrator or service officer)
  author  created the draft (the four-eyes rule: an author may not review their own draft)
  system  the periodic expiry job, the demo builder or a management command (actor None): may make
          every move of the table (it acts for the platform), still subject to the state and the reason
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.core.exceptions import TransitionError
from chrysalis.notices.choices import DEREGISTRATION_KINDS, Event, SourceKind, Status
from chrysalis.notices.models import Notice, creditor_period_end

S, E = Status, Event
STAFF, SYSTEM = "staff", "system"


@dataclass(frozen=True)
class Move:
    to: str
    who: frozenset[str]
    reason: bool = False


def _m(to: str, who: set[str], reason: bool = False) -> Move:
    return Move(to, frozenset(who), reason)


TRANSITIONS: dict[str, dict[str, Move]] = {
    S.DRAFT: {
        E.REVIEW: _m(S.REVIEWED, {STAFF}),
        E.WITHDRAW: _m(S.WITHDRAWN, {STAFF}, True),
    },
    S.REVIEWED: {
        E.PUBLISH: _m(S.PUBLISHED, {STAFF}),
        E.RETURN: _m(S.DRAFT, {STAFF}, True),
        E.WITHDRAW: _m(S.WITHDRAWN, {STAFF}, True),
    },
    S.PUBLISHED: {
        E.EXPIRE: _m(S.EXPIRED, {SYSTEM, STAFF}),
        E.WITHDRAW: _m(S.WITHDRAWN, {STAFF}, True),
    },
    S.EXPIRED: {},
    S.WITHDRAWN: {},
}


def allowed_events(status: str, caps: frozenset[str]) -> list[str]:
    return [e for e, move in TRANSITIONS.get(status, {}).items() if caps & move.who or SYSTEM in caps]


def _names(events) -> str:
    return "、".join(str(Event(e).label) for e in events) or _("none")


def check(notice: Notice, event: str, caps: frozenset[str], reason: str, today: dt.date) -> Move:
    """Return the move, or raise TransitionError naming what is allowed. Changes nothing."""
    if event not in Event.values or event == Event.CREATE:
        raise TransitionError(_("Unknown action “%(event)s”.") % {"event": event}, code="unknown_event")
    moves = TRANSITIONS.get(notice.status, {})
    label, state = str(Event(event).label), str(Status(notice.status).label)
    if event not in moves:
        raise TransitionError(
            _("“%(event)s” is not allowed while the notice is “%(state)s”. Allowed now: %(allowed)s.")
            % {"event": label, "state": state, "allowed": _names(moves)},
            code="not_allowed",
        )
    move = moves[event]
    if not (caps & move.who or SYSTEM in caps):
        raise TransitionError(
            _("You may not “%(event)s” this notice. Allowed for you now: %(allowed)s.")
            % {"event": label, "allowed": _names(allowed_events(notice.status, caps))},
            code="not_permitted",
        )
    if event == E.REVIEW and "author" in caps and SYSTEM not in caps:
        raise TransitionError(
            _("A notice is reviewed by someone other than the person who entered it."), code="four_eyes"
        )
    if move.reason and not (reason or "").strip():
        raise TransitionError(
            {"reason": _("“%(event)s” requires a reason; it is kept in the history.") % {"event": label}},
            code="reason_required",
        )
    if event == E.EXPIRE and SYSTEM not in caps:
        if not notice.creditor_period_end or notice.creditor_period_end >= today:
            raise TransitionError(
                _("Only a notice whose creditors' period has ended can expire."), code="not_due"
            )
    return move


# --- effects: one per event, applied to the locked row before it is saved ---------------------------
def _publish(notice: Notice, today: dt.date, published_on: dt.date | None) -> list[str]:
    if notice.source_kind == SourceKind.PLATFORM:
        notice.published_on = published_on or today
    else:
        notice.published_on = published_on or notice.published_on
        if notice.published_on is None:
            raise TransitionError(
                {"published_on": _("Give the date the newspaper printed the notice.")}, code="no_date"
            )
    if notice.published_on > today:
        raise TransitionError(
            {"published_on": _("The publication date cannot be in the future.")}, code="future"
        )
    notice.creditor_period_end = creditor_period_end(notice.published_on, notice.creditor_days)
    notice.registry_review = bool(notice.enterprise_id and notice.kind in DEREGISTRATION_KINDS)
    return ["published_on", "creditor_period_end", "registry_review"]


def _withdraw(notice: Notice, today: dt.date, published_on: dt.date | None) -> list[str]:
    notice.registry_review = False
    return ["registry_review"]


def _nothing(notice: Notice, today: dt.date, published_on: dt.date | None) -> list[str]:
    return []


EFFECTS: dict[str, Callable[[Notice, dt.date, dt.date | None], list[str]]] = {
    E.REVIEW: _nothing,
    E.RETURN: _nothing,
    E.PUBLISH: _publish,
    E.EXPIRE: _nothing,
    E.WITHDRAW: _withdraw,
}


def local_today() -> dt.date:
    return timezone.localdate()
