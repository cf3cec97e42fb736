"""The project pipeline as a state machine: a table of moves, a guard naming the allowed moves, and
one small effect per gate beside the table (the shape every workflow in Chrysalis uses).

线索 → 接洽 → 在谈 → 签约 → 注册落地 → 开工 → 投产, plus 搁置 (shelved) and 流失 (lost).
TRANSITIONS[from][to] = Move(kind, reason required, gate). Kinds:
  advance  the next stage: no reason needed;
  skip     a later stage past one or more gates: the reason says why the stages were skipped;
  back     an earlier stage: a reason is required (the history keeps it);
  pause    shelve (搁置) or lose (流失): a reason is required;
  resume   from shelved back to the stage it left (no reason) or to another one (reason);
  reopen   a lost project taken up again (reason).
Each gate asks for its evidence (see GATES); the effect functions that apply it live in
services/projects.py beside the driver, keyed by the same names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chrysalis.core.exceptions import TransitionError
from chrysalis.core.workflow import Machine
from chrysalis.core.workflow import move as core_move
from chrysalis.investment.choices import ORDER, PIPELINE, Stage

S = Stage


@dataclass(frozen=True)
class Move:
    """A pipeline move: where it leads, what kind of move it is, whether it needs a reason."""

    to: str
    kind: str
    reason: bool


def _table() -> dict[str, dict[str, Move]]:
    table: dict[str, dict[str, Move]] = {}
    for i, here in enumerate(PIPELINE):
        moves: dict[str, Move] = {}
        for j, there in enumerate(PIPELINE):
            if j == i + 1:
                moves[there] = Move(there, "advance", False)
            elif j > i + 1:
                moves[there] = Move(there, "skip", True)
            elif j < i:
                moves[there] = Move(there, "back", True)
        if here != S.PRODUCING:
            moves[S.SHELVED] = Move(S.SHELVED, "pause", True)
        moves[S.LOST] = Move(S.LOST, "pause", True)
        table[here] = moves
    table[S.SHELVED] = {s: Move(s, "resume", True) for s in PIPELINE} | {S.LOST: Move(S.LOST, "pause", True)}
    table[S.LOST] = {s: Move(s, "reopen", True) for s in (S.LEAD, S.CONTACT, S.NEGOTIATING)}
    return table


TRANSITIONS: dict[str, dict[str, Move]] = _table()

# The same table in the shared shape (`core.workflow`): the events are the target stages; "team" is a
# member of the lead task force or the district administrator (the driver is given the projects the
# actor may change). A resume to the stage the project left needs no reason, so the guard does not ask
# for one on resumes; `check()` below asks when the resume goes elsewhere.
MACHINE = Machine(
    table={
        here: {to: core_move(to, {"team"}, reason=m.reason and m.kind != "resume") for to, m in moves.items()}
        for here, moves in TRANSITIONS.items()
    },
    state_label=lambda s: Stage(s).label,
    event_label=lambda e: Stage(e).label,
    state_field="stage",
    events=frozenset(Stage.values),
    not_allowed_message=gettext_lazy(
        "A project at “%(state)s” cannot move to “%(event)s”. Allowed now: %(allowed)s."
    ),
)

# Evidence each target stage asks for (form fields; the services check them).
GATES: dict[str, tuple[str, ...]] = {
    S.SIGNED: ("on", "agreement_document"),
    S.LANDED: ("on", "uscc", "grid"),
    S.STARTED: ("on",),
    S.PRODUCING: ("on",),
}
# The date field each pipeline stage stamps (cleared when the project moves back below it).
STAGE_DATE: dict[str, str] = {
    S.CONTACT: "contacted_on",
    S.NEGOTIATING: "negotiating_on",
    S.SIGNED: "signed_on",
    S.LANDED: "landed_on",
    S.STARTED: "started_on",
    S.PRODUCING: "producing_on",
}


def _names(stages) -> str:
    return "、".join(str(Stage(s).label) for s in stages) or _("none")


def allowed(stage: str) -> list[str]:
    return list(TRANSITIONS.get(stage, {}))


def check(stage: str, to: str, reason: str, *, resume_to: str = "") -> Move:
    """Return the move, or raise TransitionError naming what is allowed. Changes nothing."""
    if to not in Stage.values:
        raise TransitionError(_("Unknown stage “%(stage)s”.") % {"stage": to}, code="unknown_stage")
    moves = TRANSITIONS.get(stage, {})
    if to not in moves:
        raise TransitionError(
            _("A project at “%(here)s” cannot move to “%(there)s”. Allowed now: %(allowed)s.")
            % {"here": Stage(stage).label, "there": Stage(to).label, "allowed": _names(moves)},
            code="not_allowed",
        )
    move = moves[to]
    needs = move.reason and not (move.kind == "resume" and to == resume_to)
    if needs and not (reason or "").strip():
        if move.kind == "skip":
            skipped = [s for s in PIPELINE if ORDER[stage] < ORDER[s] < ORDER[to]]
            message = _("Moving straight to “%(there)s” skips %(skipped)s: give the reason.") % {
                "there": Stage(to).label,
                "skipped": _names(skipped),
            }
        elif move.kind == "back":
            message = _("Moving back to “%(there)s” needs a reason; it is kept in the history.") % {
                "there": Stage(to).label
            }
        else:
            message = _("“%(there)s” needs a reason; it is kept in the history.") % {"there": Stage(to).label}
        raise TransitionError({"reason": message}, code="reason_required")
    return move
