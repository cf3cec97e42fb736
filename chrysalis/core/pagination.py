"""The API's default pagination (REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]).

Its own module: DRF imports it while `rest_framework.viewsets` is being imported, so it cannot live
in `core.api`, which imports the viewsets (`core.api` re-exports it).
"""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination


class ScopedPagination(LimitOffsetPagination):
    """`?limit=&offset=`; 50 rows by default, never more than 500 in one answer."""

    default_limit = 50
    max_limit = 500
