"""Ending a person's sessions (security checklist A-04, A-05, ASVS 7.4.2): after a two-factor reset,
a password reset by an administrator and a deactivation, every session the person has open ends at
once, not only at their next request.

The project stores sessions in the database (Django's default `SESSION_ENGINE`, or `cached_db`), so
the person's sessions are found there and deleted through the session store (which also clears the
cache of `cached_db`). With a backend that cannot list sessions (cookie- or cache-only) nothing can be
deleted here; Django's own checks still end them for a deactivation and a password change (the
session carries a hash of the password), not for a two-factor reset — so keep a database backend.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone


def end_sessions(user, *, keep: str | None = None) -> int:
    """Delete every live session of `user` except the one whose key is `keep`. Returns how many."""
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    get_model = getattr(store_class, "get_model_class", None)
    if get_model is None:  # cookie- or cache-only backend: sessions cannot be listed
        return 0
    model = get_model()
    ended = 0
    wanted = str(user.pk)
    for key, data in model.objects.filter(expire_date__gt=timezone.now()).values_list(
        "session_key", "session_data"
    ):
        if key == keep:
            continue
        store = store_class(session_key=key)
        if str(store.decode(data).get(SESSION_KEY)) == wanted:
            store.delete(key)
            ended += 1
    return ended
