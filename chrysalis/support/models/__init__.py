"""Enterprise service models. Import them from here."""

from chrysalis.support.models.coverage import Assignment, HandOver, Visit
from chrysalis.support.models.figures import (
    DispatchFigure,
    FigureEnterprise,
    Holder,
    RequestFigure,
    RequestMonthFigure,
    ScopeDispatchFigure,
    ScopeFigure,
    ScopeMonthFigure,
)
from chrysalis.support.models.notifications import Alert, Notification
from chrysalis.support.models.requests import (
    RequestAttachment,
    RequestCounter,
    RequestDispatch,
    RequestEvent,
    ServiceRequest,
)
from chrysalis.support.models.settings import HolidayOverride, TimeLimit

__all__ = [
    "Alert",
    "Assignment",
    "DispatchFigure",
    "FigureEnterprise",
    "HandOver",
    "Holder",
    "HolidayOverride",
    "Notification",
    "RequestAttachment",
    "RequestCounter",
    "RequestDispatch",
    "RequestEvent",
    "RequestFigure",
    "RequestMonthFigure",
    "ScopeDispatchFigure",
    "ScopeFigure",
    "ScopeMonthFigure",
    "ServiceRequest",
    "TimeLimit",
    "Visit",
]
