from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ConflictError(ValidationError):
    """Raised when an edit was based on a stale version of the record (optimistic locking)."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "This record was changed by someone else while you were editing it. Reload the page to see the current values, then apply your change again."
            ),
            code="conflict",
        )


class TransitionError(ValidationError):
    """Raised for an illegal workflow move."""
