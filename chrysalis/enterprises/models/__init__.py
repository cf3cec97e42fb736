"""Enterprise registry models. Import them from here."""

from chrysalis.enterprises.models.counts import EnterpriseCount, TitleHolderCount
from chrysalis.enterprises.models.enterprise import Enterprise, EnterpriseChild, enterprise_q
from chrysalis.enterprises.models.figures import FigureRevision, YearFigures
from chrysalis.enterprises.models.imports import ImportBatch
from chrysalis.enterprises.models.records import (
    Award,
    Contact,
    Contest,
    EquityRound,
    Incident,
    IPRight,
    Title,
)

__all__ = [
    "Award",
    "Contact",
    "Contest",
    "Enterprise",
    "EnterpriseChild",
    "EnterpriseCount",
    "EquityRound",
    "FigureRevision",
    "ImportBatch",
    "Incident",
    "IPRight",
    "Title",
    "TitleHolderCount",
    "YearFigures",
    "enterprise_q",
]
