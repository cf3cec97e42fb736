"""Enterprise service models. Import them from here."""

from chrysalis.support.models.coverage import Assignment, HandOver, Visit
from chrysalis.support.models.notifications import Alert, Notification
from chrysalis.support.models.requests import RequestAttachment, RequestDispatch, RequestEvent, ServiceRequest
from chrysalis.support.models.settings import HolidayOverride, TimeLimit

__all__ = [
    "Alert", "Assignment", "HandOver", "HolidayOverride", "Notification", "RequestAttachment", "RequestDispatch", "RequestEvent",
    "ServiceRequest", "TimeLimit", "Visit",
]
