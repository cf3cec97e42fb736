"""Per-client rate limiting of the public pages, feed and API (Django's cache; fixed windows).

The client is the address `core.middleware.client_ip` resolves (it honours the trusted proxy setting).
Limits: settings.NOTICES_PUBLIC_RATE = (requests, seconds), default 60 per minute.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from chrysalis.core.middleware import client_ip

DEFAULT_RATE = (60, 60)
GENERATION_KEY = "notices-rl-generation"


def reset() -> None:
    """Start every client's count afresh (tests; an operator after raising the limit)."""
    cache.set(GENERATION_KEY, (cache.get(GENERATION_KEY) or 0) + 1, None)


def retry_after(request, bucket: str = "public") -> int | None:
    """Count this request; None when within the limit, else the seconds until the window ends."""
    limit, window = getattr(settings, "NOTICES_PUBLIC_RATE", DEFAULT_RATE)
    now = time.time()
    slot = int(now // window)
    generation = cache.get_or_set(GENERATION_KEY, 0)
    key = f"notices-rl:{generation}:{bucket}:{client_ip(request) or 'unknown'}:{slot}"
    cache.add(key, 0, window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, window + 1)
        count = 1
    if count > limit:
        return max(1, int((slot + 1) * window - now))
    return None
