"""Production-settings gate (security checklist B-01): refuse to start with unsafe settings."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

INSECURE_KEY_PREFIX = "django-insecure"
# CHRYSALIS_ENV values: exactly `production`, or one of the non-production environments (the demo and
# development machines, a staging server, the test runs). Anything else ("Production", "prod") is a
# typo that would silently run development settings, so the settings refuse it.
ENVIRONMENTS = ("production", "staging", "development", "test")
DEV_SECRET_KEY = "django-insecure-chrysalis-development-key-do-not-use-in-production"


def check_environment(value: str) -> str:
    """Return `value` if it names a known environment; refuse to start otherwise."""
    if value not in ENVIRONMENTS:
        raise ImproperlyConfigured(
            f"Refusing to start: CHRYSALIS_ENV={value!r} is not one of {', '.join(ENVIRONMENTS)} "
            "(exactly, lower case). Set CHRYSALIS_ENV=production on a production server."
        )
    return value


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
