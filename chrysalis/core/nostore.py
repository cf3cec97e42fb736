"""`Cache-Control: no-store` on every response that can carry personal or business data.

One rule for the whole project (issue 13, security checklist B-09): a response to a signed-in user
(pages — unmasked phone and ID numbers, the enterprise page —, API answers, token-authenticated
calls included) and every download (exports, reports: `Content-Disposition: attachment`) must not be
kept by the browser or a proxy. Public pages (login, public notice search) and static files keep
their caching. Views need nothing: the middleware decides from the request and the response.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import add_never_cache_headers


def is_sensitive(request, response) -> bool:
    """Whether `response` to `request` may carry data that must not be stored by any cache."""
    if response.get("Content-Disposition", "").lower().startswith("attachment"):
        return True
    if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    user = getattr(request, "user", None)  # DRF sets the token user on the request too
    return bool(user is not None and user.is_authenticated)


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_sensitive(request, response):
            # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private (+ Expires)
            add_never_cache_headers(response)
        return response
