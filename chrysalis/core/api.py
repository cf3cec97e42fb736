"""REST API building blocks shared by every app: scoped viewsets, service-error mapping, pagination.

A module's API is a `ScopedViewSet` subclass per model: its queryset starts from
`Model.objects.restrict(request.user, action)` (read methods use `read_action`, writes
`write_action`), so another scope's object answers 404 like a missing one. Writes call the app's
services inside `service_errors()`, which turns the services' Django exceptions into API answers:

- `ConflictError` (stale `version`, lost race) -> 409 `{"detail": [...]}`
- `OutOfScope` (object not visible to the actor) -> 404
- `PermissionDenied` (outside the write scope)  -> 404, or 400 on `denied_field` when given
- `ValidationError` with fields                -> 400 `{field: [messages]}`
- any other `ValidationError`                  -> 400 `{"detail": [messages]}`
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, NotFound, ValidationError

from chrysalis.core.exceptions import ConflictError, OutOfScope
from chrysalis.core.pagination import ScopedPagination

__all__ = ["ScopedPagination", "ScopedViewSet", "api_error", "service_errors"]

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def api_error(
    exc: DjangoValidationError | DjangoPermissionDenied, *, denied_field: str | None = None
) -> APIException:
    """The API answer for an exception raised by a service (see the module docstring)."""
    if isinstance(exc, ConflictError):
        err = ValidationError({"detail": exc.messages})
        err.status_code = status.HTTP_409_CONFLICT
        return err
    if isinstance(exc, DjangoPermissionDenied):
        if denied_field:
            return ValidationError({denied_field: [str(exc)]})
        return NotFound()  # out of scope answers like a missing object
    if hasattr(exc, "error_dict"):
        return ValidationError(
            {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return ValidationError({"detail": exc.messages})


@contextmanager
def service_errors(*, denied_field: str | None = None) -> Iterator[None]:
    """Run a service call, re-raising its Django errors as the matching API errors."""
    try:
        yield
    except OutOfScope as exc:
        raise NotFound() from exc
    except (DjangoValidationError, DjangoPermissionDenied) as exc:
        raise api_error(exc, denied_field=denied_field) from exc


class ScopedViewSet(viewsets.GenericViewSet):
    """Base viewset: the queryset is `model.objects.restrict(user, action)` for the request's method."""

    model = None
    read_action = "view"
    write_action = "change"
    pagination_class = ScopedPagination

    def get_queryset(self):
        action = self.read_action if self.request.method in READ_METHODS else self.write_action
        return self.model.objects.restrict(self.request.user, action)
