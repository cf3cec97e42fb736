from chrysalis.cultivation.models.coaching import ChecklistItem, CoachingPlan, CoachingSession
from chrysalis.cultivation.models.judgement import ReviewJudgement
from chrysalis.cultivation.models.policy import RuleSetPolicy, UncertainMode
from chrysalis.cultivation.models.pool import PoolEntry, PoolSnapshot, PoolStage, PoolStageChange
from chrysalis.cultivation.models.recognition import Recognition

__all__ = [
    "ChecklistItem",
    "CoachingPlan",
    "CoachingSession",
    "PoolEntry",
    "PoolSnapshot",
    "PoolStage",
    "PoolStageChange",
    "Recognition",
    "ReviewJudgement",
    "RuleSetPolicy",
    "UncertainMode",
]
