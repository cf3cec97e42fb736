"""System checks for production mode (no superusers: 三权分立 is done with roles)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def no_superusers_in_production(app_configs, **kwargs):
    if not getattr(settings, "PRODUCTION", False):
        return []

    try:
        count = get_user_model().objects.filter(is_superuser=True).count()
    except DatabaseError:  # database not migrated yet
        return []
    if count:
        return [
            Error(
                f"{count} account(s) keep is_superuser in production mode",
                hint="Run `manage.py strip_superusers`; use roles instead.",
                id="chrysalis.E001",
            )
        ]
    return []
