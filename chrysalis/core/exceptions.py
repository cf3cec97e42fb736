"""Domain errors raised by services. Views and the API map them to responses:

    OutOfScope     -> 404 (an object outside the actor's scope looks exactly like a missing one)
    NotPermitted   -> the message on the form / 403 page (a PermissionDenied)
    ConflictError  -> the message on the form / 409 in the API (stale version, concurrent move)
    TransitionError-> the message on the form / 400 in the API (illegal workflow move)

Services never raise `Http404`: they are also called from jobs and commands, where there is no
request to answer.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _


class OutOfScope(Exception):
    """The object is outside the actor's scope (or missing). Answered 404 by
    `core.middleware.DomainErrorMiddleware` and by the generic views."""


class NotPermitted(PermissionDenied):
    """The actor sees the object but may not do this to it; the message says why."""


class ConflictError(ValidationError):
    """Raised when an edit was based on a stale version of the record (optimistic locking)."""

    def __init__(self, message=None, code="conflict"):
        super().__init__(
            message
            or _(
                "This record was changed by someone else while you were editing it. Reload the page to see "
                "the current values, then apply your change again."
            ),
            code=code,
        )


class TransitionError(ValidationError):
    """Raised for an illegal workflow move."""
