"""The notice state machine: draft → reviewed → published → expired / withdrawn.

The shape of `chrysalis.core.workflow`: one table of moves, the guard that names the allowed moves,
one small effect per event beside the table, and the driver (`MACHINE.run`, called by
`services.notices.notice_transition`). Capacities an actor holds on one notice:
  staff   may change notices of the notice's org unit (district administrator or service officer)
  author  created the draft (the four-eyes rule: an author may not review their own draft)
  system  the periodic expiry job, the demo builder or a management command (actor None): passes every
          guard (core.permissions), still subject to the state and the reason
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chrysalis.core.exceptions import TransitionError
from chrysalis.core.workflow import SYSTEM, Machine, Move, Step
from chrysalis.core.workflow import move as _m
from chrysalis.notices.choices import DEREGISTRATION_KINDS, Event, SourceKind, Status
from chrysalis.notices.models import creditor_period_end

S, E = Status, Event
STAFF = "staff"

TRANSITIONS: dict[str, dict[str, Move]] = {  # state -> event -> Move
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


def local_today() -> dt.date:
    return timezone.localdate()


def guard(step: Step) -> None:
    """The rules beyond the table: four eyes on review; staff expire only after the period."""
    notice = step.obj
    if step.event == E.REVIEW and "author" in step.caps and SYSTEM not in step.caps:
        raise TransitionError(
            _("A notice is reviewed by someone other than the person who entered it."), code="four_eyes"
        )
    if step.event == E.EXPIRE and SYSTEM not in step.caps:
        today = timezone.localdate(step.now)
        if not notice.creditor_period_end or notice.creditor_period_end >= today:
            raise TransitionError(
                _("Only a notice whose creditors' period has ended can expire."), code="not_due"
            )


# --- effects: one per event that changes more than the status ------------------------------------
def _publish(step: Step) -> None:
    notice, today = step.obj, timezone.localdate(step.now)
    published_on = step.params.get("published_on")
    if notice.source_kind == SourceKind.PLATFORM:
        published_on = published_on or today
    else:
        published_on = published_on or notice.published_on
        if published_on is None:
            raise TransitionError(
                {"published_on": _("Give the date the newspaper printed the notice.")}, code="no_date"
            )
    if published_on > today:
        raise TransitionError(
            {"published_on": _("The publication date cannot be in the future.")}, code="future"
        )
    step.changes["published_on"] = published_on
    step.changes["creditor_period_end"] = creditor_period_end(published_on, notice.creditor_days)
    step.changes["registry_review"] = bool(notice.enterprise_id and notice.kind in DEREGISTRATION_KINDS)


def _withdraw(step: Step) -> None:
    step.changes["registry_review"] = False


MACHINE = Machine(
    table=TRANSITIONS,
    state_label=lambda s: Status(s).label,
    event_label=lambda e: Event(e).label,
    effects={E.PUBLISH: _publish, E.WITHDRAW: _withdraw},
    events=frozenset(Event.values) - {Event.CREATE},
    not_allowed_message=gettext_lazy(
        "“%(event)s” is not allowed while the notice is “%(state)s”. Allowed now: %(allowed)s."
    ),
    not_permitted_message=gettext_lazy(
        "You may not “%(event)s” this notice. Allowed for you now: %(allowed)s."
    ),
)


def allowed_events(status: str, caps: frozenset[str]) -> list[str]:
    return MACHINE.allowed(status, caps)
