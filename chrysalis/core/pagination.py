"""The API's default pagination (REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]).

Its own module: DRF imports it while `rest_framework.viewsets` is being imported, so it cannot live
in `core.api`, which imports the viewsets (`core.api` re-exports it).
"""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

from chrysalis.core.bounds import whole_number, whole_number_message

MAX_OFFSET = 10**9


class ScopedPagination(LimitOffsetPagination):
    """`?limit=&offset=`; 50 rows by default, never more than `max_limit` (500) in one answer.

    A limit or offset that is not a whole number in range answers 400 (never silently replaced by
    the default); the schema states the ranges."""

    default_limit = 50
    max_limit = 500

    def _whole(self, request, name: str, low: int, high: int, default: int) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        number = whole_number(raw, low, high, signed=False, digits=12)
        if number is None:
            raise ValidationError({name: [whole_number_message(low, high)]})
        return number

    def get_limit(self, request):
        return self._whole(request, self.limit_query_param, 1, self.max_limit, self.default_limit)

    def get_offset(self, request):
        return self._whole(request, self.offset_query_param, 0, MAX_OFFSET, 0)

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit, "default": self.default_limit},
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET, "default": 0},
        }
        for param in params:
            param["schema"].update(bounds.get(param["name"], {}))
        return params
