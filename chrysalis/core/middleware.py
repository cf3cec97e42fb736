from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404

from chrysalis.core.actor import ActorContext, _current
from chrysalis.core.exceptions import OutOfScope
from chrysalis.core.views_home import error_403, error_404


def client_ip(request) -> str | None:
    """The client address; X-Forwarded-For is trusted only for the configured number of proxies."""
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


class ActorContextMiddleware:
    """Binds request id and client IP to the actor context for the duration of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        token = _current.set(
            ActorContext(source="request", request_id=request.request_id, ip=client_ip(request))
        )
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class DomainErrorMiddleware:
    """Answers a view's refusal with the project's own Chinese page, in DEBUG as in production.

    `OutOfScope` and `Http404` raised by a view answer the 404 page, exactly like a missing object;
    `PermissionDenied` (and `NotPermitted`) the 403 page. Django would show its English technical
    page for these in DEBUG, and log each 403 with a traceback; a refusal is an ordinary answer, so it
    is rendered here and logged as one line by Django's request logger. An address no URL pattern
    matches still gets Django's technical 404 in DEBUG (it lists the patterns, useful to developers).
    Form views catch NotPermitted/ConflictError themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OutOfScope | Http404):
            return error_404(request, exception)
        if isinstance(exception, PermissionDenied):
            return error_403(request, exception)
        return None
