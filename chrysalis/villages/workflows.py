"""Two state machines in the shape of `chrysalis.core.workflow`.

Figures: entered → reviewed by the street, or returned with a reason and resubmitted after a fix.
Plans: draft → submitted → approved by the street → in execution → evaluated; the street may
return a submitted plan to draft with a reason.

Capacities: "reviewer" (street staff or district administrator reaching the village, rule
`assess`), "editor" (anyone who may change the village's rows: the operator paired with it too).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from chrysalis.core.workflow import Machine, Step, move
from chrysalis.villages.choices import FigureEvent, FigureStatus, PlanEvent, PlanStatus
from chrysalis.villages.selectors import reward_working

F, FE = FigureStatus, FigureEvent
P, PE = PlanStatus, PlanEvent

FIGURE_TRANSITIONS = {
    F.ENTERED: {
        FE.REVIEW: move(F.REVIEWED, {"reviewer"}),
        FE.RETURN: move(F.RETURNED, {"reviewer"}, reason=True),
    },
    F.RETURNED: {FE.RESUBMIT: move(F.ENTERED, {"editor"})},
    F.REVIEWED: {FE.RETURN: move(F.RETURNED, {"reviewer"}, reason=True)},
}


def _reviewed(step: Step) -> None:
    step.changes["reviewed_by"] = step.actor
    step.changes["reviewed_at"] = step.now


def _unreviewed(step: Step) -> None:
    step.changes["reviewed_by"] = None
    step.changes["reviewed_at"] = None


FIGURE_MACHINE = Machine(
    table=FIGURE_TRANSITIONS,
    state_label=lambda s: FigureStatus(s).label,
    event_label=lambda e: FigureEvent(e).label,
    effects={FE.REVIEW: _reviewed, FE.RETURN: _unreviewed},
)

PLAN_TRANSITIONS = {
    P.DRAFT: {PE.SUBMIT: move(P.SUBMITTED, {"editor", "reviewer"})},
    P.SUBMITTED: {
        PE.APPROVE: move(P.APPROVED, {"reviewer"}),
        PE.RETURN: move(P.DRAFT, {"reviewer"}, reason=True),
    },
    P.APPROVED: {PE.START: move(P.EXECUTING, {"editor", "reviewer"})},
    P.EXECUTING: {PE.EVALUATE: move(P.EVALUATED, {"reviewer"})},
    P.EVALUATED: {},
}


def _submit(step: Step) -> None:
    if not step.obj.targets.exists():
        raise ValidationError(
            gettext_lazy("A plan needs at least one measurable target before it is submitted.")
        )


def _evaluate(step: Step) -> None:
    working = reward_working(step.obj)
    step.changes["reward_amount"] = working.total
    step.data["reward"] = str(working.total)


PLAN_MACHINE = Machine(
    table=PLAN_TRANSITIONS,
    state_label=lambda s: PlanStatus(s).label,
    event_label=lambda e: PlanEvent(e).label,
    effects={PE.SUBMIT: _submit, PE.EVALUATE: _evaluate},
)
