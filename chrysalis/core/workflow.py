"""One shape for every state machine: a table of moves, a guard, effects, and one driver.

A workflow is declared beside its model, in the app's ``workflows.py``::

    from chrysalis.core.workflow import Machine, move

    TRANSITIONS = {                      # state -> event -> Move
        Status.DRAFT: {Event.SUBMIT: move(Status.SUBMITTED, {"owner"})},
        Status.SUBMITTED: {
            Event.APPROVE: move(Status.APPROVED, {"admin"}),
            Event.REJECT: move(Status.DRAFT, {"admin"}, reason=True),
        },
        Status.APPROVED: {},
    }

    def _approve(step: Step) -> None:    # one small effect per event, beside the table
        step.changes["approved_at"] = step.now

    MACHINE = Machine(
        table=TRANSITIONS,
        state_label=lambda s: Status(s).label,
        event_label=lambda e: Event(e).label,
        effects={Event.APPROVE: _approve},
    )

and applied by a service through the driver::

    def plan_transition(*, actor, plan, event, reason="", expected_version=None):
        return MACHINE.run(
            queryset=Plan.objects.all(),
            pk=plan.pk,
            event=event,
            actor=actor,
            capacities=lambda p: plan_capacities(actor, p),
            reason=reason,
            expected_version=expected_version,
            history=lambda step: PlanEvent.objects.create(...),   # who, when, from, to, why
            audit_fields=AUDIT_FIELDS,
        )

`Machine.run` locks the row, compares the optimistic version, asks the guard (which raises a
TransitionError naming the moves allowed now), runs the event's effect (which fills
``step.changes`` and ``step.data`` or raises a ValidationError), writes the changes with a
compare-and-swap on (version, state), then the history row and the audit row
(`AuditAction.TRANSITION`, the event in ``after["event"]``) — all in one transaction; any error
changes nothing.

Capacities are the roles an actor holds *on this object* ("admin", "handler", "owner"…);
`SYSTEM` (the capacity of the system actor, None) passes every guard (see `core.permissions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from chrysalis.audit.choices import AuditAction
from chrysalis.audit.services import record_change, snapshot
from chrysalis.core.exceptions import ConflictError, OutOfScope, TransitionError

SYSTEM = "system"
ANYONE = "anyone"


@dataclass(frozen=True)
class Move:
    """One row of a transition table: the state it leads to, who may make it, whether a reason is
    required (True, False, or the capacities that must give one when acting)."""

    to: str
    who: frozenset[str] = frozenset({ANYONE})
    reason: bool | frozenset[str] = False

    def permits(self, caps: frozenset[str]) -> bool:
        return ANYONE in self.who or SYSTEM in caps or bool(caps & self.who)

    def needs_reason(self, caps: frozenset[str]) -> bool:
        if isinstance(self.reason, bool):
            return self.reason
        # required when the actor acts only through one of the capacities that must explain
        return not (caps & self.who - self.reason) and bool(caps & self.reason)


def move(to: str, who: Iterable[str] = (ANYONE,), reason: bool | Iterable[str] = False) -> Move:
    """Build a `Move` from plain sets (`move(S.CLOSED, {"admin"}, reason=True)`)."""
    return Move(to, frozenset(who), reason if isinstance(reason, bool) else frozenset(reason))


@dataclass
class Step:
    """What an effect sees and fills: the locked object, the event and its move, the actor, the
    time, the reason, the extra input (`params`), the column changes to write and the data for the
    history row."""

    obj: Any
    event: str
    move: Move
    from_state: str
    actor: Any
    caps: frozenset[str]
    now: dt.datetime
    reason: str
    params: Mapping[str, Any]
    changes: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)  # kept between `prepare` and `after`, not stored


Effect = Callable[[Step], None]


@dataclass(frozen=True)
class Machine:
    """A transition table (state -> event -> Move) with labels for messages and its effects."""

    table: Mapping[str, Mapping[str, Move]]
    state_label: Callable[[str], Any]
    event_label: Callable[[str], Any]
    effects: Mapping[str, Effect] = field(default_factory=dict)
    state_field: str = "status"
    events: frozenset[str] | None = None  # the known events (default: every event in the table)
    # Refusal wording for this machine (lazy strings with %(event)s, %(state)s, %(allowed)s);
    # the defaults suit any object.
    not_allowed_message: Any = None
    not_permitted_message: Any = None

    def allowed(self, state: str, caps: frozenset[str] | None = None) -> list[str]:
        """The events allowed from `state` (for these capacities, when given), in table order."""
        moves = self.table.get(state, {})
        if caps is None:
            return list(moves)
        return [event for event, m in moves.items() if m.permits(caps)]

    def _names(self, events: Iterable[str]) -> str:
        return "、".join(str(self.event_label(e)) for e in events) or _("none")

    def _known(self) -> frozenset[str]:
        if self.events is not None:
            return self.events
        return frozenset(e for moves in self.table.values() for e in moves)

    def check(self, state: str, event: str, caps: frozenset[str], reason: str = "") -> Move:
        """The guard: return the move, or raise TransitionError naming what is allowed. Changes nothing."""
        if event not in self._known():
            raise TransitionError(_("Unknown action “%(event)s”.") % {"event": event}, code="unknown_event")
        moves = self.table.get(state, {})
        label, current = str(self.event_label(event)), str(self.state_label(state))
        if event not in moves:
            template = self.not_allowed_message or _(
                "“%(event)s” is not allowed while it is “%(state)s”. Allowed now: %(allowed)s."
            )
            raise TransitionError(
                str(template) % {"event": label, "state": current, "allowed": self._names(moves)},
                code="not_allowed",
            )
        found = moves[event]
        if not found.permits(caps):
            template = self.not_permitted_message or _(
                "You may not “%(event)s” here. Allowed for you now: %(allowed)s."
            )
            raise TransitionError(
                str(template) % {"event": label, "allowed": self._names(self.allowed(state, caps))},
                code="not_permitted",
            )
        if found.needs_reason(caps) and not (reason or "").strip():
            raise TransitionError(
                {"reason": _("“%(event)s” requires a reason; it is kept in the history.") % {"event": label}},
                code="reason_required",
            )
        return found

    def run(
        self,
        *,
        queryset: models.QuerySet,
        pk: Any,
        event: str,
        actor: Any,
        capacities: Callable[[Any], frozenset[str]],
        history: Callable[[Step], object],
        audit_fields: Iterable[str],
        reason: str = "",
        expected_version: int | None = None,
        params: Mapping[str, Any] | None = None,
        now: dt.datetime | None = None,
        prepare: Effect | None = None,
        after: Effect | None = None,
    ) -> Any:
        """The driver: lock, version, guard, effect, compare-and-swap, `after`, history, audit.

        `queryset` is what the actor may act on (a row outside it raises OutOfScope). `prepare`
        runs after the guard, before the effect (e.g. remember derived figures in `step.memo`);
        `after` runs once the row is saved and refreshed (derived figures, notifications) and may
        add to `step.data` before the history row is written.
        """
        now = now or timezone.now()
        reason = (reason or "").strip()
        fields = tuple(audit_fields)
        with transaction.atomic():
            obj = queryset.select_for_update().filter(pk=pk).first()
            if obj is None:
                raise OutOfScope()
            if expected_version is not None and obj.version != expected_version:
                raise ConflictError()
            caps = capacities(obj)
            from_state = getattr(obj, self.state_field)
            found = self.check(from_state, event, caps, reason)
            before = snapshot(obj, fields)
            step = Step(obj, event, found, from_state, actor, caps, now, reason, params or {})
            step.changes[self.state_field] = found.to
            if prepare is not None:
                prepare(step)
            effect = self.effects.get(event)
            if effect is not None:
                effect(step)
            self._swap(obj, step)
            obj.refresh_from_db()
            if after is not None:
                after(step)
            history(step)
            record_change(
                actor=actor,
                action=AuditAction.TRANSITION,
                obj=obj,
                before=before,
                after={**snapshot(obj, fields), "event": event},
                reason=reason,
            )
        return obj

    def _swap(self, obj: models.Model, step: Step) -> None:
        """Write the changes only if nobody moved the row since it was read (version and state)."""
        model = type(obj)
        extra = {"updated_at": step.now} if hasattr(obj, "updated_at") else {}
        updated = model._default_manager.filter(
            pk=obj.pk,
            version=obj.version,  # type: ignore[attr-defined]  # a VersionedModel
            **{self.state_field: step.from_state},
        ).update(**step.changes, version=F("version") + 1, **extra)
        if updated != 1:
            raise ConflictError(
                _("Someone else acted on this at the same moment. Reload it and try again."), code="race"
            )
