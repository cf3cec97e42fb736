"""Investment task forces, projects, trips, quarterly evaluation and cadre records. Import from here."""

from chrysalis.investment.models.cadres import (
    Cadre,
    Cohort,
    CohortMember,
    Course,
    CourseAttendance,
    FrontlineAssignment,
    Posting,
    Promotion,
)
from chrysalis.investment.models.evaluation import (
    EvaluationRow,
    Indicator,
    LateChange,
    LeaderScore,
    Quarter,
)
from chrysalis.investment.models.projects import LeadConflict, Project, ProjectMove, TaskForce
from chrysalis.investment.models.trips import Trip, TripVisit

__all__ = [
    "Cadre",
    "Cohort",
    "CohortMember",
    "Course",
    "CourseAttendance",
    "EvaluationRow",
    "FrontlineAssignment",
    "Indicator",
    "LateChange",
    "LeadConflict",
    "LeaderScore",
    "Posting",
    "Project",
    "ProjectMove",
    "Promotion",
    "Quarter",
    "TaskForce",
    "Trip",
    "TripVisit",
]
