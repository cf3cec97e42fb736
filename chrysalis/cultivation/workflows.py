"""Pool stage workflow: the transition table (state -> event -> Move) in the shape of
`chrysalis.core.workflow`. The event of a pool move is the stage it moves to; anyone who may change
the entry (`PoolEntry.scope_q(…, "change")`) may make any allowed move, always with a reason."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from chrysalis.core.workflow import Machine, move
from chrysalis.cultivation.models.pool import PoolStage

S = PoolStage


def _to(stage: str):
    return move(stage, reason=True)


TRANSITIONS = {
    S.RESERVE: {S.INTENDED: _to(S.INTENDED)},
    S.INTENDED: {S.KEY: _to(S.KEY), S.RESERVE: _to(S.RESERVE)},
    S.KEY: {S.APPLYING: _to(S.APPLYING), S.INTENDED: _to(S.INTENDED)},
    # recognised, or refused/withdrawn back to key cultivation
    S.APPLYING: {S.RECOGNISED: _to(S.RECOGNISED), S.KEY: _to(S.KEY)},
    S.RECOGNISED: {S.REVIEW: _to(S.REVIEW)},
    # re-review passed, or the title lapsed
    S.REVIEW: {S.RECOGNISED: _to(S.RECOGNISED), S.RESERVE: _to(S.RESERVE)},
}


def _label(stage: str):
    return PoolStage(stage).label if stage in PoolStage.values else stage


MACHINE = Machine(
    table=TRANSITIONS,
    state_label=_label,
    event_label=_label,
    state_field="stage",
    events=frozenset(PoolStage.values),
    not_allowed_message=gettext_lazy("Cannot move from “%(state)s” to “%(event)s”. Allowed: %(allowed)s."),
)


def allowed(stage: str) -> list[str]:
    """The stages an entry at `stage` may move to, in table order."""
    return MACHINE.allowed(stage)
