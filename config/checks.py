"""Production-settings gate (security checklist B-01): refuse to start with unsafe settings."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

INSECURE_KEY_PREFIX = "django-insecure"
DEV_SECRET_KEY = "django-insecure-chrysalis-development-key-do-not-use-in-production"


def check_production_settings(*, debug: bool, secret_key: str, allowed_hosts: list[str]) -> None:
    problems = []
    if debug:
        problems.append("DEBUG must be off in production (CHRYSALIS_DEBUG=0)")
    if (
        not secret_key
        or secret_key == DEV_SECRET_KEY
        or secret_key.startswith(INSECURE_KEY_PREFIX)
        or len(secret_key) < 40
    ):
        problems.append(
            "SECRET_KEY must be set to a random value of at least 40 characters (CHRYSALIS_SECRET_KEY)"
        )
    if not allowed_hosts or "*" in allowed_hosts:
        problems.append("ALLOWED_HOSTS must list the site's host names (CHRYSALIS_ALLOWED_HOSTS)")
    if problems:
        raise ImproperlyConfigured("Refusing to start in production mode: " + "; ".join(problems))
