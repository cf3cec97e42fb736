"""Pool stage workflow: the transition table and the guarded move."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chrysalis.core.exceptions import TransitionError
from chrysalis.cultivation.models.pool import PoolStage

S = PoolStage
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.RESERVE: (S.INTENDED,),
    S.INTENDED: (S.KEY, S.RESERVE),
    S.KEY: (S.APPLYING, S.INTENDED),
    S.APPLYING: (S.RECOGNISED, S.KEY),  # recognised, or refused/withdrawn back to key cultivation
    S.RECOGNISED: (S.REVIEW,),
    S.REVIEW: (S.RECOGNISED, S.RESERVE),  # re-review passed, or the title lapsed
}


def allowed(stage: str) -> tuple[str, ...]:
    return TRANSITIONS.get(stage, ())


def transition(current: str, target: str) -> str:
    """Return ``target`` if the move is allowed, else raise TransitionError naming the allowed moves."""
    moves = allowed(current)
    if target not in moves:
        names = "、".join(str(PoolStage(m).label) for m in moves) or _("none")
        raise TransitionError(
            _("Cannot move from “%(cur)s” to “%(to)s”. Allowed: %(allowed)s.")
            % {
                "cur": PoolStage(current).label,
                "to": PoolStage(target).label if target in PoolStage.values else target,
                "allowed": names,
            },
            code="transition",
        )
    return target
